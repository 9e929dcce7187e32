"""What our texts say: the daily picks, the weekly check, and answers to replies, each in the
member's language (`Speaker`; English where no member is known).

They may sit on a lock screen, so they stay vague on purpose: first names only, no notes, no
surnames, counts rather than names in the weekly check; someone whose name is an email address
or a number is "a contact". Each fits MAX_SEGMENTS SMS parts, counted as the text will travel:
an accented letter outside GSM-7 (á, í, ó, ú, ¿ is in it) makes the whole text UCS-2, 70
characters a part, 67 when split (domain/sms.sms_segments).
"""

from __future__ import annotations

from tracker.domain.model import SMS_EARLIEST_HOUR, SMS_LATEST_HOUR, ReminderChannel
from tracker.domain.phones import CODE_LIFETIME
from tracker.domain.picks import SNOOZE, DailyPicks, numbered_pending
from tracker.domain.sms import MAX_SEGMENTS, Answer, Keyword, sms_segments
from tracker.domain.weekly import WeeklyCheck
from tracker.rendering.i18n import Speaker
from tracker.rendering.labels import ENGLISH, short_name, speaker_of

BRAND = "Networking Tracker"


def _branded(text: str) -> str:
    return f"{BRAND}: {text}"


def verb(keyword: Keyword, words: Speaker = ENGLISH) -> str:
    """The reply word a text tells the member to send: DONE / LISTO, SNOOZE / POSPONER."""
    return words.gettext("DONE") if keyword is Keyword.DONE else words.gettext("SNOOZE")


def _how(words: Speaker) -> str:
    return words.gettext(
        "DONE 1 when you've reached out to pick 1, SNOOZE 1 to skip them for 30 days. STOP ends texts."
    )


def help_text(words: Speaker = ENGLISH) -> str:
    return _branded(words.gettext("reply {how} START restarts them.").format(how=_how(words)))


def help_while_stopped(words: Speaker = ENGLISH) -> str:
    return _branded(words.gettext("you get no texts from us. Reply START to turn them back on."))


def not_understood(words: Speaker = ENGLISH) -> str:
    return _branded(words.gettext("sorry, I didn't get that. Reply {how}").format(how=_how(words)))


def unknown_number_help(words: Speaker = ENGLISH) -> str:
    return _branded(words.gettext("this number isn't linked to a member. Ask your program for help."))


def unknown_number_started(words: Speaker = ENGLISH) -> str:
    return _branded(words.gettext("this number can get texts from us again. Reply STOP to end them."))


def stopped(words: Speaker = ENGLISH) -> str:
    return _branded(words.gettext("you won't get any more texts from us. Reply START to turn them back on."))


def started(hour: int, words: Speaker = ENGLISH) -> str:
    return _branded(
        words.gettext("texts are back on. Your picks come at {hour}. Reply HELP for help.").format(
            hour=words.hour(hour)
        )
    )


def started_outside_hours(hour: int, words: Speaker = ENGLISH) -> str:
    return _branded(
        words.gettext(
            "replies are back on, but texts only go out {earliest}-{latest} and your reminder hour is "
            "{hour}. Change it with PATCH /me (reminder_hour)."
        ).format(
            earliest=words.hour(SMS_EARLIEST_HOUR), latest=words.hour(SMS_LATEST_HOUR), hour=words.hour(hour)
        )
    )


def already_on(words: Speaker = ENGLISH) -> str:
    return _branded(words.gettext("texts are already on. Reply HELP for help."))


def pick_reply(  # noqa: PLR0911 - one answer per situation a reply can meet
    answer: Answer,
    *,
    words: Speaker = ENGLISH,
    keyword: Keyword = Keyword.DONE,
    name: str = "",
    number: int = 0,
    numbers: tuple[int, ...] = (),
) -> str:
    """The answer to DONE n / SNOOZE n about the last daily text (`name` is the first name of
    the pick, `numbers` those the text listed)."""
    said = verb(keyword, words)
    if answer is Answer.NO_PICKS:
        return _branded(words.gettext("your last text listed no one to reconnect with. Reply HELP for help."))
    if answer is Answer.WHICH_ONE:
        example = numbers[0] if numbers else 1
        return _branded(
            words.gettext("which one? Reply {verb} with its number, e.g. {verb} {example}.").format(
                verb=said, example=example
            )
        )
    if answer is Answer.NO_SUCH_PICK:
        return _branded(
            words.gettext("your last text had no pick {number}. Reply {verb} {numbers}.").format(
                number=number, verb=said, numbers=number_range(numbers, words)
            )
        )
    if answer is Answer.GONE:
        return _branded(
            words.gettext("pick {number} is no longer among your contacts.").format(number=number)
        )
    if answer is Answer.ALREADY:
        already = (
            words.gettext("{name} is already marked done.")
            if keyword is Keyword.DONE
            else words.gettext("{name} is already snoozed.")
        )
        return _branded(already.format(name=name))
    if answer is Answer.DONE:
        return _branded(words.gettext("noted, you reached out to {name}. Well done!").format(name=name))
    return _branded(words.gettext("snoozed {name} for {days} days.").format(name=name, days=SNOOZE.days))


def unnamed_pick(number: int, words: Speaker = ENGLISH) -> str:
    """How an answer names a pick whose name a text may not show."""
    return words.gettext("pick {number}").format(number=number)


def no_recent_text(*, by_email: bool, hour: int, words: Speaker = ENGLISH) -> str:
    """A pick reply with no daily text in the last day and a half to match it against."""
    if by_email:
        return _branded(
            words.gettext(
                "I couldn't find a recent reminder to match. Your picks are in your reminder email."
            )
        )
    return _branded(
        words.gettext(
            "I couldn't find a recent reminder to match. Your picks come by text at {hour}."
        ).format(hour=words.hour(hour))
    )


def number_range(numbers: tuple[int, ...], words: Speaker = ENGLISH) -> str:
    """1, 1 to 3, or 1, 3 when the text skipped a pick done before it went."""
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return words.gettext("{first} to {last}").format(first=numbers[0], last=numbers[-1])
    return ", ".join(str(n) for n in numbers)


def daily_sms(day: DailyPicks) -> str:
    # Numbered as in the email; the send record keeps the same numbers (domain/sms.texted_lines),
    # which replies ("DONE 2") are matched against.
    words = speaker_of(day.member)
    pending = numbered_pending(day)
    steps = len(day.next_steps)
    parts = [f"{BRAND}:"]
    if pending:
        parts.append(
            words.ngettext(
                "{count} person to reconnect with today",
                "{count} people to reconnect with today",
                len(pending),
            ).format(count=len(pending))
        )
    if steps:
        due = words.ngettext("{count} next step due", "{count} next steps due", steps).format(count=steps)
        parts.append(words.gettext("and {next_steps}").format(next_steps=due) if pending else due)
    summary = " ".join(parts)
    unnamed = words.gettext("a contact")
    names = [f"{number} {short_name(contact, unnamed)}" for number, contact in pending]
    # Only instructions that apply: DONE and SNOOZE name a pick, so none without one.
    first = pending[0][0] if pending else 1
    hints = (
        (
            " "
            + words.gettext(
                "Reply DONE {number} once you've reached out, SNOOZE {number} to skip, HELP for help."
            ).format(number=first),
            " " + words.gettext("Reply DONE or SNOOZE with the number."),
            "",
        )
        if pending
        else (" " + words.gettext("Reply HELP for help."), "")
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
    words = speaker_of(check.member)
    progress, goal = check.progress, check.goal
    if check.welcome:  # the first check: the goal, no score
        parts = [
            _branded(
                words.gettext(
                    "welcome! Your weekly goal: {people} people, {new_people} new, {reconnects} reconnects. "
                    "We'll check in each week."
                ).format(people=goal.people, new_people=goal.new_people, reconnects=goal.reconnects)
            )
        ]
    else:
        parts = [
            _branded(
                words.gettext(
                    "this week {people} of {goal_people} people, {new_people} of {goal_new_people} new, "
                    "{reconnects} of {goal_reconnects} reconnects."
                ).format(
                    people=progress.people,
                    goal_people=goal.people,
                    new_people=progress.new_people,
                    goal_new_people=goal.new_people,
                    reconnects=progress.reconnects,
                    goal_reconnects=goal.reconnects,
                )
            )
        ]
    if check.met and not check.welcome:
        streak = check.standing.streak
        parts.append(
            words.gettext("Goals met, {streak} weeks in a row. Well done!").format(streak=streak)
            if streak > 1
            else words.gettext("Goals met. Well done!")
        )
    people = len(check.plan.people)
    if people and check.member.email and ReminderChannel.EMAIL in check.member.reminder_channels:
        parts.append(
            words.ngettext(
                "Next week's plan: {count} person to reach, in your email.",
                "Next week's plan: {count} people to reach, in your email.",
                people,
            ).format(count=people)
        )
    elif people:  # no email to point to: the plan comes as daily picks once accepted
        parts.append(
            words.ngettext(
                "Next week's plan: {count} person to reach.",
                "Next week's plan: {count} people to reach.",
                people,
            ).format(count=people)
        )
    # The score always; then each further line that still fits (a Spanish text's accents make
    # every part shorter).
    text = parts[0]
    for part in parts[1:]:
        longer = f"{text} {part}"
        if sms_segments(longer) <= MAX_SEGMENTS:
            text = longer
    return text


def phone_code(code: str, words: Speaker = ENGLISH) -> str:
    """The text that proves a number: the code alone says nothing about the member."""
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    return _branded(
        words.gettext("your code is {code}. It expires in {minutes} minutes. Not you? Reply STOP.").format(
            code=code, minutes=minutes
        )
    )
