"""What our texts say: the daily picks, the weekly check, and answers to replies.

They may sit on a lock screen, so they stay vague on purpose: first names only, no notes, no
surnames, counts rather than names in the weekly check. Each fits MAX_SEGMENTS SMS parts.
"""

from __future__ import annotations

from tracker.domain.model import SMS_EARLIEST_HOUR, SMS_LATEST_HOUR, ReminderChannel
from tracker.domain.phones import CODE_LIFETIME
from tracker.domain.picks import SNOOZE, DailyPicks, PickStatus
from tracker.domain.sms import MAX_SEGMENTS, Answer, sms_segments
from tracker.domain.weekly import WeeklyCheck
from tracker.rendering.labels import first_name, people_count

BRAND = "Networking Tracker"
_HOW = "DONE 1 when you've reached out to pick 1, SNOOZE 1 to skip them for 30 days. STOP ends texts."
HELP_TEXT = f"{BRAND}: reply {_HOW} START restarts them."
HELP_WHILE_STOPPED = f"{BRAND}: you get no texts from us. Reply START to turn them back on."
NOT_UNDERSTOOD = f"{BRAND}: sorry, I didn't get that. Reply {_HOW}"
UNKNOWN_NUMBER_HELP = f"{BRAND}: this number isn't linked to a member. Ask your program for help."
UNKNOWN_NUMBER_STARTED = f"{BRAND}: this number can get texts from us again. Reply STOP to end them."
STOPPED = f"{BRAND}: you won't get any more texts from us. Reply START to turn them back on."
STARTED = f"{BRAND}: texts are back on. Your picks come at {{hour:02d}}:00. Reply HELP for help."
STARTED_OUTSIDE_HOURS = (
    f"{BRAND}: replies are back on, but texts only go out {SMS_EARLIEST_HOUR:02d}:00-{SMS_LATEST_HOUR:02d}:00"
    " and your reminder hour is {hour:02d}:00. Change it with PATCH /me (reminder_hour)."
)
ALREADY_ON = f"{BRAND}: texts are already on. Reply HELP for help."


def pick_reply(answer: Answer, *, verb: str = "DONE", name: str = "", number: int = 0, picks: int = 0) -> str:
    """The answer to DONE n / SNOOZE n (`name` is the first name of the pick, `picks` how many
    there are today)."""
    if answer is Answer.NO_PICKS:
        return f"{BRAND}: you have no reconnect picks today. Reply HELP for help."
    if answer is Answer.WHICH_ONE:
        return f"{BRAND}: which one? Reply {verb} with its number, e.g. {verb} 1."
    if answer is Answer.NO_SUCH_PICK:
        which = "1" if picks == 1 else f"1 to {picks}"
        return f"{BRAND}: there's no pick {number} today. Reply {verb} {which}."
    if answer is Answer.ALREADY:
        return f"{BRAND}: {name} is already {'marked done today' if verb == 'DONE' else 'snoozed'}."
    if answer is Answer.DONE:
        return f"{BRAND}: noted, you reached out to {name}. Well done!"
    return f"{BRAND}: snoozed {name} for {SNOOZE.days} days."


def daily_sms(day: DailyPicks) -> str:
    # Numbered by their place in the day's picks, as replies ("DONE 2") refer to them.
    pending = [(n, pick.contact) for n, pick in enumerate(day.picks, 1) if pick.status is PickStatus.PENDING]
    steps = len(day.next_steps)
    parts = ["Networking Tracker:"]
    if pending:
        people = "person" if len(pending) == 1 else "people"
        parts.append(f"{len(pending)} {people} to reconnect with today")
    if steps:
        parts.append(("and " if pending else "") + f"{steps} next step{'s' if steps != 1 else ''} due")
    summary = " ".join(parts)
    names = [f"{number} {first_name(contact.name)}" for number, contact in pending]
    # Only instructions that apply: DONE and SNOOZE name a pick, so none without one.
    hints = (
        (
            f" Reply DONE {pending[0][0]} once you've reached out, SNOOZE to skip, HELP for help.",
            " Reply DONE or SNOOZE with the number.",
            "",
        )
        if pending
        else (" Reply HELP for help.", "")
    )
    for hint in hints:
        for shown in range(len(names), -1, -1):
            listed = ": " + ", ".join(names[:shown]) if shown else ""
            text = f"{summary}{listed}.{hint}"
            if sms_segments(text) <= MAX_SEGMENTS:
                return text
    return f"{summary}."


def weekly_sms(check: WeeklyCheck) -> str:
    """Counts only: it may sit on a lock screen."""
    progress, goal = check.progress, check.goal
    if check.welcome:  # the first check: the goal, no score
        parts = [
            f"{BRAND}: welcome! Your weekly goal: {goal.people} people, {goal.new_people} new, "
            f"{goal.reconnects} reconnects. We'll check in each week."
        ]
    else:
        parts = [
            f"{BRAND}: this week {progress.people} of {goal.people} people, "
            f"{progress.new_people} of {goal.new_people} new, "
            f"{progress.reconnects} of {goal.reconnects} reconnects."
        ]
    if check.met and not check.welcome:
        streak = check.standing.streak
        parts.append(f"Goals met{f', {streak} weeks in a row' if streak > 1 else ''}. Well done!")
    people = len(check.plan.people)
    if people and check.member.email and ReminderChannel.EMAIL in check.member.reminder_channels:
        parts.append(f"Next week's plan: {people_count(people)} to reach, in your email.")
    elif people:  # no email to point to: the plan comes as daily picks once accepted
        parts.append(f"Next week's plan: {people_count(people)} to reach.")
    text = " ".join(parts)
    return text if sms_segments(text) <= MAX_SEGMENTS else parts[0]


def phone_code(code: str) -> str:
    """The text that proves a number: the code alone says nothing about the member."""
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    return f"{BRAND}: your code is {code}. It expires in {minutes} minutes. Not you? Reply STOP."
