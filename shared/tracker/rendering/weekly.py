"""The wording of the weekly check and the org's report, line by line (the email and the text
lay these lines out).

The tone is kind: progress is shown, never a shortfall to feel bad about (streaks create guilt
when broken, see DESIGN).
"""

from __future__ import annotations

from tracker.domain import weeks
from tracker.domain.goals import SuggestionKind
from tracker.domain.model import Outcome, ReminderChannel, WeeklyGoal
from tracker.domain.org import MIN_GROUP, ReportWeek, WeekStatus
from tracker.domain.weekly import WeeklyCheck
from tracker.rendering.i18n import Speaker
from tracker.rendering.labels import ENGLISH, people_count, short_name, speaker_of


def _people(count: int, words: Speaker) -> str:
    return words.ngettext("{count} person", "{count} people", count).format(count=count)


def _new_people(count: int, words: Speaker) -> str:
    return words.ngettext("{count} new person", "{count} new people", count).format(count=count)


def goal_text(goal: WeeklyGoal, words: Speaker = ENGLISH) -> str:
    return words.gettext("{people} a week, of whom {new_people} and {reconnects}").format(
        people=_people(goal.people, words),
        new_people=_new_people(goal.new_people, words),
        reconnects=words.ngettext("{count} reconnect", "{count} reconnects", goal.reconnects).format(
            count=goal.reconnects
        ),
    )


def progress_lines(check: WeeklyCheck) -> list[str]:
    """Each goal as "done of target" (✓ when met); a part without a goal shows only if it happened."""
    words = speaker_of(check.member)
    progress, goal = check.progress, check.goal
    rows = (
        (words.gettext("People you were in touch with"), progress.people, goal.people),
        (words.gettext("New people"), progress.new_people, goal.new_people),
        (words.gettext("Reconnections (3+ months)"), progress.reconnects, goal.reconnects),
    )
    of = words.gettext("{label}: {done} of {target}")
    return [
        of.format(label=label, done=done, target=target) + (" ✓" if done >= target else "")
        if target
        else f"{label}: {done}"
        for label, done, target in rows
        if target or done
    ]


def streak_line(check: WeeklyCheck) -> str:
    words = speaker_of(check.member)
    where = check.standing
    if check.met:
        if where.streak > 1:
            return words.gettext(
                "You met your goals this week: that's {streak} weeks in a row. Well done."
            ).format(streak=where.streak)
        return words.gettext("You met your goals this week. Well done.")
    if where.previous_streak:
        return words.ngettext(
            "You met your goals {count} week running before this one. A quieter week is part of "
            "the rhythm; it doesn't undo anything.",
            "You met your goals {count} weeks running before this one. A quieter week is part of "
            "the rhythm; it doesn't undo anything.",
            where.previous_streak,
        ).format(count=where.previous_streak)
    if check.progress.conversations:
        return words.gettext(
            "Every conversation counts, and each one you logged this week is a step forward."
        )
    return words.gettext("A quiet week happens to everyone. One message is a fine way to start again.")


def suggestion_line(check: WeeklyCheck) -> str | None:
    words = speaker_of(check.member)
    offer = check.suggestion
    if offer is None:
        return None
    if offer.kind is SuggestionKind.SMALLER:
        return words.gettext(
            "The last couple of weeks were quieter. Would a lighter goal help for a while? "
            "For example {goal}. You can change it any time with PUT /goals."
        ).format(goal=goal_text(offer.goal, words))
    return words.gettext(
        "You've met your goals {streak} weeks in a row. If it feels right, you could "
        "try {goal}; no pressure, your current goal is working."
    ).format(streak=check.standing.streak, goal=goal_text(offer.goal, words))


def plan_lines(check: WeeklyCheck) -> list[str]:
    words = speaker_of(check.member)
    lines = [f"{n}. {person.contact.name}: {person.reason}" for n, person in enumerate(check.plan.people, 1)]
    if check.plan.plan.new_people:
        # Only a list that is there can be referred to.
        named = check.plan.people
        ask = (
            words.gettext("someone you know")
            if not named
            else short_name(named[0].contact, named[0].contact.name)
            if len(named) == 1
            else words.gettext("one of the people above")
        )
        lines.append(
            words.gettext(
                "Plus {new_people} to meet: an event, a group, or ask {ask} for an introduction."
            ).format(new_people=_new_people(check.plan.plan.new_people, words), ask=ask)
        )
    return lines


def welcome_lines(check: WeeklyCheck) -> list[str]:
    """The first weekly check: what the week is for and how to add and log people; no score
    (there was no week yet to score)."""
    member = check.member
    words = speaker_of(member)
    lines = [
        words.gettext(
            "Welcome. Every {day} at {hour} this message looks back at your week "
            "and plans the next one with you."
        ).format(
            day=words.weekday(member.weekly_review_day.number), hour=words.hour(member.weekly_review_hour)
        ),
        words.gettext(
            "Your weekly goal: {goal}. Small on purpose: a few real conversations matter more than numbers."
        ).format(goal=goal_text(check.goal, words)),
    ]
    if check.progress.people:
        lines.append(
            words.ngettext(
                "You've been in touch with {count} person already: a good start.",
                "You've been in touch with {count} people already: a good start.",
                check.progress.people,
            ).format(count=check.progress.people)
        )
    hour = words.hour(member.reminder_hour)
    if ReminderChannel.EMAIL in member.reminder_channels:
        lines.append(
            words.gettext(
                "Each day at {hour} your reminder email names someone to reconnect "
                'with, with a message you could send. After you talk, its "Log a conversation" link '
                "takes a few seconds."
            ).format(hour=hour)
        )
    elif ReminderChannel.SMS in member.reminder_channels:
        lines.append(
            words.gettext(
                "Each day at {hour} a text names someone to reconnect with. "
                "Reply DONE 1 once you've reached out, or SNOOZE 1 to skip them for now."
            ).format(hour=hour)
        )
    lines += [
        words.gettext(
            "To add people, import your LinkedIn or Google contacts or a vCard file (POST /imports in the "
            "API, or tools/tracker_cli.py), or add one at a time with POST /contacts."
        ),
    ]
    return lines


# ---------------------------------------------------------------- the org's report

OUTCOME_LABELS = {
    Outcome.JOB_LEAD: ("job lead", "job leads"),
    Outcome.REFERRAL: ("referral", "referrals"),
    Outcome.INTRODUCTION: ("introduction", "introductions"),
}


def few(count: int | None, word: str, plural: str) -> str:
    """A report figure: hidden below MIN_GROUP."""
    return f"fewer than {MIN_GROUP} {plural}" if count is None else people_count(count, word, plural)


def hidden_reason(point: ReportWeek) -> str:
    if point.status is WeekStatus.IN_PROGRESS:
        return "This week is still in progress; its figures show once it has ended."
    if point.status is WeekStatus.UPCOMING:
        return "This week has not started yet."
    return f"Fewer than {MIN_GROUP} members were active; figures are hidden to protect their privacy."


def report_lines(point: ReportWeek) -> list[str]:
    figures = point.figures
    if figures is None:
        return [hidden_reason(point)]
    outcomes = ", ".join(few(figures.outcomes.get(o), *label) for o, label in OUTCOME_LABELS.items())
    active = figures.members_active
    met = few(figures.members_met, "member", "members")
    if figures.share_met is not None:
        met += f" of {active} ({round(figures.share_met * 100)}%)"
    return [
        f"Members active: {active if active is not None else f'fewer than {MIN_GROUP}'}",
        f"Met their goals: {met}",
        f"Conversations logged: {few(figures.conversations, 'conversation', 'conversations')} with "
        f"{few(figures.people, 'person', 'people')} "
        f"({few(figures.new_people, 'new person', 'new people')}, "
        f"{few(figures.reconnects, 'reconnection', 'reconnections')})",
        f"Outcomes: {outcomes}",
    ]


def trend_line(point: ReportWeek) -> str:
    when = weeks.label(point.week)
    figures = point.figures
    if figures is None:
        if point.status is WeekStatus.IN_PROGRESS:
            return f"{when}: in progress"
        if point.status is WeekStatus.UPCOMING:
            return f"{when}: not started"
        return f"{when}: fewer than {MIN_GROUP} members active"
    share = f"fewer than {MIN_GROUP}"
    if figures.share_met is not None:
        share = f"{round(figures.share_met * 100)}%"
    return (
        f"{when}: {figures.members_active} active, {share} met their goals, "
        f"{few(figures.conversations, 'conversation', 'conversations')}"
    )
