"""What the weekly check and the program report say, as email (text and HTML) and SMS.

The tone is kind: progress is shown, never a shortfall to feel bad about (streaks create guilt
when broken, see DESIGN). Every string that came from a member is escaped in HTML; the SMS
carries counts only, no names, as it may sit on a lock screen.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from tracker import weeks
from tracker.domain import Member, Outcome, WeeklyGoal
from tracker.goals import SuggestionKind
from tracker.links import LinkSigner, unsubscribe_url
from tracker.messages import OutgoingEmail, _greeting, signed_off, sms_segments
from tracker.program import MIN_GROUP, OrgReport, ReportWeek
from tracker.weekly import WeeklyCheck

_STYLE = (
    '<div style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:36rem;'
    'margin:auto;color:#1f2933;line-height:1.5">'
)
MAX_SMS_SEGMENTS = 2
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _people(count: int, word: str = "person", plural: str = "people") -> str:
    return f"{count} {word if count == 1 else plural}"


def goal_text(goal: WeeklyGoal) -> str:
    return (
        f"{_people(goal.people)} a week, of whom {_people(goal.new_people, 'new person', 'new people')} "
        f"and {_people(goal.reconnects, 'reconnect', 'reconnects')}"
    )


def progress_lines(check: WeeklyCheck) -> list[str]:
    """Each goal as "done of target" (✓ when met); a part without a goal shows only if it happened."""
    progress, goal = check.progress, check.goal
    rows = (
        ("People you were in touch with", progress.people, goal.people),
        ("New people", progress.new_people, goal.new_people),
        ("Reconnections (3+ months)", progress.reconnects, goal.reconnects),
    )
    return [
        f"{label}: {done} of {target}" + (" ✓" if done >= target else "") if target else f"{label}: {done}"
        for label, done, target in rows
        if target or done
    ]


def streak_line(check: WeeklyCheck) -> str:
    where = check.standing
    if check.met:
        if where.streak > 1:
            return f"You met your goals this week: that's {where.streak} weeks in a row. Well done."
        return "You met your goals this week. Well done."
    if where.previous_streak:
        weeks_run = _people(where.previous_streak, "week", "weeks")
        return (
            f"You met your goals {weeks_run} running before this one. A quieter week is part of "
            "the rhythm; it doesn't undo anything."
        )
    if check.progress.conversations:
        return "Every conversation counts, and each one you logged this week is a step forward."
    return "A quiet week happens to everyone. One message is a fine way to start again."


def suggestion_line(check: WeeklyCheck) -> str | None:
    offer = check.suggestion
    if offer is None:
        return None
    if offer.kind is SuggestionKind.SMALLER:
        return (
            "The last couple of weeks were quieter. Would a lighter goal help for a while? "
            f"For example {goal_text(offer.goal)}. You can change it any time in your goals."
        )
    return (
        f"You've met your goals {check.standing.streak} weeks in a row. If it feels right, you could "
        f"try {goal_text(offer.goal)}; no pressure, your current goal is working."
    )


def _plan_lines(check: WeeklyCheck) -> list[str]:
    lines = [f"{n}. {person.contact.name}: {person.reason}" for n, person in enumerate(check.plan.people, 1)]
    if check.plan.plan.new_people:
        lines.append(
            f"Plus {_people(check.plan.plan.new_people, 'new person', 'new people')} to meet: an event, "
            "a group, or ask someone above for an introduction."
        )
    return lines


def weekly_email(check: WeeklyCheck, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    member = check.member
    if member.email is None:
        raise ValueError("the member has no email address")
    plan_week = weeks.label(check.plan.week)
    subject = (
        f"Your week: goals met, and your plan for {plan_week}"
        if check.met
        else f"Your week in review, and your plan for {plan_week}"
    )
    unsubscribe = unsubscribe_url(signer, member.key, now)
    reached = ", ".join(contact.name for contact in check.reached)
    if check.more_reached:
        reached += f" and {_people(check.more_reached, 'other', 'others')}"
    suggestion = suggestion_line(check)
    plan = _plan_lines(check)
    accepted = check.plan.plan.accepted
    text = [_greeting(member, now), "", f"Your week ({weeks.label(check.week)}):"]
    text += [f"- {line}" for line in progress_lines(check)]
    text += ["", *([f"You were in touch with: {reached}."] if reached else []), streak_line(check), ""]
    if suggestion:
        text += [suggestion, ""]
    text += [f"Next week's plan ({plan_week}):"]
    text += plan or ["Nobody is due next week: enjoy the breather, or add someone you'd like to reach."]
    if accepted:
        text += ["", "You've accepted this plan: these people will come up in your daily picks."]
    elif check.plan.people:
        text += ["", f"Accept this plan (they become your daily picks next week): {check.accept_url}"]
    day = DAY_NAMES[member.weekly_review_day.number]
    footer = f"You get this on {day}s at {member.weekly_review_hour:02d}:00 ({member.time_zone})."
    text.append("")

    html = [_STYLE, f"<p>{escape(_greeting(member, now))}</p>"]
    html.append(f'<h2 style="font-size:1.1rem">Your week ({escape(weeks.label(check.week))})</h2><ul>')
    html += [f"<li>{escape(line)}</li>" for line in progress_lines(check)]
    html.append("</ul>")
    if reached:
        html.append(f"<p>You were in touch with: {escape(reached)}.</p>")
    html.append(f"<p>{escape(streak_line(check))}</p>")
    if suggestion:
        html.append(
            f'<p style="background:#f0f4f8;border-radius:6px;padding:8px 12px">{escape(suggestion)}</p>'
        )
    html.append(f'<h2 style="font-size:1.1rem">Next week\'s plan ({escape(plan_week)})</h2>')
    if plan:
        people = [f"<li>{escape(p.contact.name)}: {escape(p.reason)}</li>" for p in check.plan.people]
        html += ["<ol>", *people, "</ol>"] if people else []
        html += [f"<p>{escape(line)}</p>" for line in plan[len(people) :]]
    else:
        html.append("<p>Nobody is due next week: enjoy the breather, or add someone you'd like to reach.</p>")
    if accepted:
        html.append("<p>You've accepted this plan: these people will come up in your daily picks.</p>")
    elif check.plan.people:
        html.append(
            f'<p><a href="{escape(check.accept_url)}" style="font-weight:600">Accept this plan</a> '
            "and they become your daily picks next week.</p>"
        )
    return signed_off(
        member.email, subject, text, html, footer=footer, unsubscribe=unsubscribe, kind="weekly"
    )


def weekly_sms(check: WeeklyCheck) -> str:
    """Counts only: it may sit on a lock screen."""
    progress, goal = check.progress, check.goal
    parts = [
        f"Networking Tracker: this week {progress.people} of {goal.people} people, "
        f"{progress.new_people} of {goal.new_people} new, "
        f"{progress.reconnects} of {goal.reconnects} reconnects."
    ]
    if check.met:
        streak = check.standing.streak
        parts.append(f"Goals met{f', {streak} weeks in a row' if streak > 1 else ''}. Well done!")
    people = len(check.plan.people)
    if people:
        where = "in your email" if check.member.email else "in the app"
        parts.append(f"Next week's plan: {_people(people)} to reach, {where}.")
    text = " ".join(parts)
    return text if sms_segments(text) <= MAX_SMS_SEGMENTS else parts[0]


# ---------------------------------------------------------------- the program report

OUTCOME_LABELS = {
    Outcome.JOB_LEAD: ("job lead", "job leads"),
    Outcome.REFERRAL: ("referral", "referrals"),
    Outcome.INTRODUCTION: ("introduction", "introductions"),
}


def report_lines(point: ReportWeek) -> list[str]:
    figures = point.figures
    if figures is None:
        return [f"Fewer than {MIN_GROUP} members were active; figures are hidden to protect their privacy."]
    share = point.share_met or 0
    outcomes = ", ".join(_people(figures.outcomes.get(o, 0), *label) for o, label in OUTCOME_LABELS.items())
    return [
        f"Members active: {figures.members_active}",
        f"Met their goals: {figures.members_met} of {figures.members_active} ({round(share * 100)}%)",
        f"Conversations logged: {figures.conversations} with {figures.people} people "
        f"({figures.new_people} new, {figures.reconnects} reconnections)",
        f"Outcomes: {outcomes}",
    ]


def _trend_line(point: ReportWeek) -> str:
    when = weeks.label(point.week)
    if point.figures is None:
        return f"{when}: fewer than {MIN_GROUP} members active"
    share = round((point.share_met or 0) * 100)
    return (
        f"{when}: {point.figures.members_active} active, {share}% met their goals, "
        f"{_people(point.figures.conversations, 'conversation', 'conversations')}"
    )


def report_email(report: OrgReport, admin: Member, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    if admin.email is None:
        raise ValueError("the admin has no email address")
    program = report.org_name or report.org_id
    label = weeks.label(report.week.week)
    unsubscribe = unsubscribe_url(signer, admin.key, now)
    lines = report_lines(report.week)
    trend = [_trend_line(point) for point in report.trend]
    text = [
        _greeting(admin, now),
        "",
        f"{program}, week of {label}:",
        *(f"- {line}" for line in lines),
        "",
        "The last 12 weeks:",
        *trend,
        "",
    ]
    html = [
        _STYLE,
        f"<p>{escape(_greeting(admin, now))}</p>",
        f'<h2 style="font-size:1.1rem">{escape(program)}, week of {escape(label)}</h2><ul>',
        *(f"<li>{escape(line)}</li>" for line in lines),
        '</ul><h2 style="font-size:1.1rem">The last 12 weeks</h2><ul>',
        *(f"<li>{escape(line)}</li>" for line in trend),
        "</ul>",
    ]
    footer = "Aggregates only: no member's contacts or conversations are ever part of this report."
    subject = f"{program}: weekly report for {label}"
    return signed_off(admin.email, subject, text, html, footer=footer, unsubscribe=unsubscribe, kind="report")
