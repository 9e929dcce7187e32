"""Our emails: the daily reminder, the weekly check and the org's report, each with a text
and an HTML part. Every string that came from a member is escaped in HTML."""

from __future__ import annotations

from datetime import datetime
from html import escape

from tracker.domain import weeks
from tracker.domain.links import LinkSigner, pick_links, unsubscribe_url
from tracker.domain.messages import OutgoingEmail
from tracker.domain.model import Contact, Member
from tracker.domain.org import OrgReport
from tracker.domain.picks import DailyPicks, PickStatus
from tracker.domain.weekly import WeeklyCheck
from tracker.rendering.drafts import ASK_TIP, draft_opener
from tracker.rendering.labels import date_label, greeting, people_count, time_since
from tracker.rendering.weekly import (
    DAY_NAMES,
    plan_lines,
    progress_lines,
    report_lines,
    streak_line,
    suggestion_line,
    trend_line,
)

_STYLE = (
    '<div style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:36rem;'
    'margin:auto;color:#1f2933;line-height:1.5">'
)


def signed_off(
    to: str, subject: str, text: list[str], html: list[str], *, footer: str, unsubscribe: str, kind: str
) -> OutgoingEmail:
    """The email, ending as every one of ours does: why it comes, and how to stop it."""
    text = [*text, "--", footer, f"Unsubscribe from email reminders: {unsubscribe}"]
    html = [
        *html,
        f'<p style="font-size:.85rem;color:#7b8794">{escape(footer)} '
        f'<a href="{escape(unsubscribe)}">Unsubscribe from email reminders</a></p></div>',
    ]
    return OutgoingEmail(
        to=to,
        subject=subject,
        text="\n".join(text),
        html="\n".join(html),
        unsubscribe_url=unsubscribe,
        tags={"kind": kind},
    )


def _about(contact: Contact) -> str:
    return ", ".join(part for part in (contact.role, contact.company) if part)


def _last_spoke(contact: Contact, now: datetime) -> str:
    if not contact.last_contact_at:
        return "No conversation logged yet."
    when = date_label(contact.last_contact_at.date())
    return f"Last spoke {when} ({time_since(contact.last_contact_at, now)} ago)."


def _next_step(contact: Contact) -> str | None:
    if not contact.next_step:
        return None
    due = f" (due {date_label(contact.next_step.due)})" if contact.next_step.due else ""
    return f"{contact.next_step.text}{due}"


def daily_email(day: DailyPicks, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    member = day.member
    if member.email is None:
        raise ValueError("the member has no email address")
    pending = [pick for pick in day.picks if pick.status is PickStatus.PENDING]
    count = len(pending)
    people = "1 person" if count == 1 else f"{count} people"
    subject = (
        f"Today's reconnect {'pick' if count == 1 else 'picks'}: {people}"
        if count
        else "Your next steps for today"
    )
    unsubscribe = unsubscribe_url(signer, member.key, now)
    text: list[str] = [greeting(member, now), ""]
    html: list[str] = [
        '<div style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:36rem;'
        'margin:auto;color:#1f2933;line-height:1.5">',
        f"<p>{escape(greeting(member, now))}</p>",
    ]
    if pending:
        intro = "Today's reconnect picks: people you haven't spoken with in a while."
        text += [intro, ""]
        html.append(f"<p>{escape(intro)}</p>")
    for number, pick in enumerate(pending, start=1):
        contact = pick.contact
        links = pick_links(signer, member.key, contact.contact_id, now)
        draft = draft_opener(member, contact, now)
        about = _about(contact)
        step = _next_step(contact)
        text.append(f"{number}. {contact.name}" + (f" ({about})" if about else ""))
        text.append(f"   {_last_spoke(contact, now)}")
        if contact.last_summary:
            text.append(f"   Last time: {contact.last_summary}")
        if step:
            text.append(f"   Next step: {step}")
        text += [
            "   A message you could send:",
            f"     {draft.text}",
            f"   I reached out: {links.reached_out}",
            f"   Snooze 30 days: {links.snooze}",
            f"   Log a conversation: {links.log}",
            "",
        ]
        html.append(
            '<div style="border:1px solid #d9e2ec;border-radius:8px;padding:12px 16px;margin:12px 0">'
            f'<h2 style="font-size:1.1rem;margin:0">{number}. {escape(contact.name)}</h2>'
            + (f'<p style="margin:0;color:#52606d">{escape(about)}</p>' if about else "")
            + f'<p style="margin:8px 0 0">{escape(_last_spoke(contact, now))}</p>'
            + (
                f'<p style="margin:4px 0 0">Last time: {escape(contact.last_summary)}</p>'
                if contact.last_summary
                else ""
            )
            + (f'<p style="margin:4px 0 0">Next step: {escape(step)}</p>' if step else "")
            + '<p style="margin:12px 0 4px;font-weight:600">A message you could send</p>'
            + '<blockquote style="margin:0;padding:8px 12px;background:#f0f4f8;border-radius:6px">'
            + f"{escape(draft.text)}</blockquote>"
            + '<p style="margin:12px 0 0">'
            + f'<a href="{escape(links.reached_out)}">I reached out</a> &middot; '
            + f'<a href="{escape(links.snooze)}">Snooze 30 days</a> &middot; '
            + f'<a href="{escape(links.log)}">Log a conversation</a></p>'
            "</div>"
        )
    if day.next_steps:
        text += ["Next steps due:"]
        html.append('<h2 style="font-size:1.1rem">Next steps due</h2><ul>')
        for contact in day.next_steps:
            log = pick_links(signer, member.key, contact.contact_id, now).log
            step = _next_step(contact) or ""
            text.append(f"- {contact.name}: {step}. Log it: {log}")
            html.append(
                f'<li>{escape(contact.name)}: {escape(step)} &middot; <a href="{escape(log)}">Log it</a></li>'
            )
        text.append("")
        html.append("</ul>")
    if pending:
        text += [f"Tip: {ASK_TIP}", ""]
        html.append(f'<p style="color:#52606d">Tip: {escape(ASK_TIP)}</p>')
    footer = (
        f"You get this at {member.reminder_hour:02d}:00 ({member.time_zone}) on days with someone to reach."
    )
    return signed_off(member.email, subject, text, html, footer=footer, unsubscribe=unsubscribe, kind="daily")


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
        reached += f" and {people_count(check.more_reached, 'other', 'others')}"
    suggestion = suggestion_line(check)
    plan = plan_lines(check)
    accepted = check.plan.plan.accepted
    text = [greeting(member, now), "", f"Your week ({weeks.label(check.week)}):"]
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

    html = [_STYLE, f"<p>{escape(greeting(member, now))}</p>"]
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


def report_email(report: OrgReport, admin: Member, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    if admin.email is None:
        raise ValueError("the admin has no email address")
    program = report.org_name or report.org_id
    label = weeks.label(report.week.week)
    unsubscribe = unsubscribe_url(signer, admin.key, now)
    lines = report_lines(report.week)
    trend = [trend_line(point) for point in report.trend]
    text = [
        greeting(admin, now),
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
        f"<p>{escape(greeting(admin, now))}</p>",
        f'<h2 style="font-size:1.1rem">{escape(program)}, week of {escape(label)}</h2><ul>',
        *(f"<li>{escape(line)}</li>" for line in lines),
        '</ul><h2 style="font-size:1.1rem">The last 12 weeks</h2><ul>',
        *(f"<li>{escape(line)}</li>" for line in trend),
        "</ul>",
    ]
    footer = "Aggregates only: no member's contacts or conversations are ever part of this report."
    subject = f"{program}: weekly report for {label}"
    return signed_off(admin.email, subject, text, html, footer=footer, unsubscribe=unsubscribe, kind="report")
