"""What our texts say: the daily picks, the weekly check, and answers to replies.

They may sit on a lock screen, so they stay vague on purpose: first names only, no notes, no
surnames, counts rather than names in the weekly check; someone whose name is an email address
or a number is "a contact". Each fits MAX_SEGMENTS SMS parts.
"""

from __future__ import annotations

from tracker.domain.model import SMS_EARLIEST_HOUR, SMS_LATEST_HOUR, ReminderChannel
from tracker.domain.phones import CODE_LIFETIME
from tracker.domain.picks import SNOOZE, DailyPicks, numbered_pending
from tracker.domain.sms import MAX_SEGMENTS, Answer, sms_segments
from tracker.domain.weekly import WeeklyCheck
from tracker.rendering.labels import people_count, short_name

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


def pick_reply(  # noqa: PLR0911 - one answer per situation a reply can meet
    answer: Answer, *, verb: str = "DONE", name: str = "", number: int = 0, numbers: tuple[int, ...] = ()
) -> str:
    """The answer to DONE n / SNOOZE n about the last daily text (`name` is the first name of
    the pick, `numbers` those the text listed)."""
    if answer is Answer.NO_PICKS:
        return f"{BRAND}: your last text listed no one to reconnect with. Reply HELP for help."
    if answer is Answer.WHICH_ONE:
        example = numbers[0] if numbers else 1
        return f"{BRAND}: which one? Reply {verb} with its number, e.g. {verb} {example}."
    if answer is Answer.NO_SUCH_PICK:
        return f"{BRAND}: your last text had no pick {number}. Reply {verb} {number_range(numbers)}."
    if answer is Answer.GONE:
        return f"{BRAND}: pick {number} is no longer among your contacts."
    if answer is Answer.ALREADY:
        return f"{BRAND}: {name} is already {'marked done' if verb == 'DONE' else 'snoozed'}."
    if answer is Answer.DONE:
        return f"{BRAND}: noted, you reached out to {name}. Well done!"
    return f"{BRAND}: snoozed {name} for {SNOOZE.days} days."


def no_recent_text(*, by_email: bool, hour: int) -> str:
    """A pick reply with no daily text in the last day and a half to match it against."""
    where = "are in your reminder email" if by_email else f"come by text at {hour:02d}:00"
    return f"{BRAND}: I couldn't find a recent reminder to match. Your picks {where}."


def number_range(numbers: tuple[int, ...]) -> str:
    """1, 1 to 3, or 1, 3 when the text skipped a pick done before it went."""
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]} to {numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def daily_sms(day: DailyPicks) -> str:
    # Numbered as in the email; the send record keeps the same numbers (domain/sms.texted_lines),
    # which replies ("DONE 2") are matched against.
    pending = numbered_pending(day)
    steps = len(day.next_steps)
    parts = ["Networking Tracker:"]
    if pending:
        people = "person" if len(pending) == 1 else "people"
        parts.append(f"{len(pending)} {people} to reconnect with today")
    if steps:
        parts.append(("and " if pending else "") + f"{steps} next step{'s' if steps != 1 else ''} due")
    summary = " ".join(parts)
    names = [f"{number} {short_name(contact)}" for number, contact in pending]
    # Only instructions that apply: DONE and SNOOZE name a pick, so none without one.
    first = pending[0][0] if pending else 1
    hints = (
        (
            f" Reply DONE {first} once you've reached out, SNOOZE {first} to skip, HELP for help.",
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
