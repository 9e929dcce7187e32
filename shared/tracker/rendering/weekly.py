"""The wording of the weekly check and the org's report, line by line (the email and the text
lay these lines out).

The tone is kind: progress is shown, never a shortfall to feel bad about (streaks create guilt
when broken, see DESIGN).
"""

from __future__ import annotations

from tracker.domain.goals import SuggestionKind
from tracker.domain.model import Outcome, ReminderChannel, WeeklyGoal
from tracker.domain.org import MIN_GROUP, ReportFigures, ReportWeek, WeekStatus
from tracker.domain.weekly import WeeklyCheck
from tracker.rendering.i18n import Speaker
from tracker.rendering.labels import ENGLISH, short_name, speaker_of, week_label


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


def _hidden_or(count: int | None, hidden: str, shown: str) -> str:
    """A report figure: said as `hidden` ("fewer than {least} …") below MIN_GROUP."""
    return hidden.format(least=MIN_GROUP) if count is None else shown.format(count=count)


def _outcomes(figures: ReportFigures, words: Speaker) -> list[str]:
    leads, referrals, introductions = (
        figures.outcomes.get(o) for o in (Outcome.JOB_LEAD, Outcome.REFERRAL, Outcome.INTRODUCTION)
    )
    return [
        _hidden_or(
            leads,
            words.gettext("fewer than {least} job leads"),
            words.ngettext("{count} job lead", "{count} job leads", leads or 0),
        ),
        _hidden_or(
            referrals,
            words.gettext("fewer than {least} referrals"),
            words.ngettext("{count} referral", "{count} referrals", referrals or 0),
        ),
        _hidden_or(
            introductions,
            words.gettext("fewer than {least} introductions"),
            words.ngettext("{count} introduction", "{count} introductions", introductions or 0),
        ),
    ]


def _conversations(count: int | None, words: Speaker) -> str:
    return _hidden_or(
        count,
        words.gettext("fewer than {least} conversations"),
        words.ngettext("{count} conversation", "{count} conversations", count or 0),
    )


def hidden_reason(point: ReportWeek, words: Speaker = ENGLISH) -> str:
    if point.status is WeekStatus.IN_PROGRESS:
        return words.gettext("This week is still in progress; its figures show once it has ended.")
    if point.status is WeekStatus.UPCOMING:
        return words.gettext("This week has not started yet.")
    return words.gettext(
        "Fewer than {least} members were active; figures are hidden to protect their privacy."
    ).format(least=MIN_GROUP)


def report_lines(point: ReportWeek, words: Speaker = ENGLISH) -> list[str]:
    """The week's figures for the admins' report email, in the admin's language."""
    figures = point.figures
    if figures is None:
        return [hidden_reason(point, words)]
    active = figures.members_active
    met = _hidden_or(
        figures.members_met,
        words.gettext("fewer than {least} members"),
        words.ngettext("{count} member", "{count} members", figures.members_met or 0),
    )
    if figures.share_met is not None:
        met = words.gettext("{met} of {active} ({share}%)").format(
            met=met, active=active, share=round(figures.share_met * 100)
        )
    shown_active = (
        str(active) if active is not None else words.gettext("fewer than {least}").format(least=MIN_GROUP)
    )
    people = _hidden_or(
        figures.people,
        words.gettext("fewer than {least} people"),
        words.ngettext("{count} person", "{count} people", figures.people or 0),
    )
    new_people = _hidden_or(
        figures.new_people,
        words.gettext("fewer than {least} new people"),
        words.ngettext("{count} new person", "{count} new people", figures.new_people or 0),
    )
    reconnects = _hidden_or(
        figures.reconnects,
        words.gettext("fewer than {least} reconnections"),
        words.ngettext("{count} reconnection", "{count} reconnections", figures.reconnects or 0),
    )
    return [
        words.gettext("Members active: {active}").format(active=shown_active),
        words.gettext("Met their goals: {met}").format(met=met),
        words.gettext(
            "Conversations logged: {conversations} with {people} ({new_people}, {reconnects})"
        ).format(
            conversations=_conversations(figures.conversations, words),
            people=people,
            new_people=new_people,
            reconnects=reconnects,
        ),
        words.gettext("Outcomes: {outcomes}").format(outcomes=", ".join(_outcomes(figures, words))),
    ]


def trend_line(point: ReportWeek, words: Speaker = ENGLISH) -> str:
    when = week_label(point.week, words)
    figures = point.figures
    if figures is None:
        if point.status is WeekStatus.IN_PROGRESS:
            return words.gettext("{week}: in progress").format(week=when)
        if point.status is WeekStatus.UPCOMING:
            return words.gettext("{week}: not started").format(week=when)
        return words.gettext("{week}: fewer than {least} members active").format(week=when, least=MIN_GROUP)
    share = words.gettext("fewer than {least}").format(least=MIN_GROUP)
    if figures.share_met is not None:
        share = f"{round(figures.share_met * 100)}%"
    return words.gettext("{week}: {active} active, {share} met their goals, {conversations}").format(
        week=when,
        active=figures.members_active,
        share=share,
        conversations=_conversations(figures.conversations, words),
    )
