"""What a reminder says: the daily email (text and HTML) and the daily SMS.

Every string that came from a member is escaped in HTML. The SMS stays vague on purpose: it
may sit on a lock screen, so it carries first names only, no notes, no surnames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from tracker.domain import Contact, Member
from tracker.drafts import ASK_TIP, draft_opener, first_name, time_since
from tracker.links import LinkSigner, pick_links, unsubscribe_url
from tracker.picks import DailyPicks, PickStatus


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str
    unsubscribe_url: str
    tags: dict[str, str] = field(default_factory=dict)


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


def day_label(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def date_label(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _greeting(member: Member, now: datetime) -> str:
    hour = now.astimezone(ZoneInfo(member.time_zone)).hour
    part = "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"
    name = first_name(member.display_name)
    return f"Good {part}, {name}." if name else f"Good {part}."


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
    text: list[str] = [_greeting(member, now), ""]
    html: list[str] = [
        '<div style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:36rem;'
        'margin:auto;color:#1f2933;line-height:1.5">',
        f"<p>{escape(_greeting(member, now))}</p>",
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


# ---------------------------------------------------------------- SMS

_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = set("^{}\\[~]|€")
MAX_SEGMENTS = 2


def sms_segments(text: str) -> int:
    """How many SMS parts the text takes (GSM-7: 160/153 per part, else UCS-2: 70/67)."""
    if all(char in _GSM7 or char in _GSM7_EXTENDED for char in text):
        units = sum(2 if char in _GSM7_EXTENDED else 1 for char in text)
        return 1 if units <= 160 else -(-units // 153)
    units = sum(2 if ord(char) > 0xFFFF else 1 for char in text)
    return 1 if units <= 70 else -(-units // 67)


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
    first = pending[0][0] if pending else 1
    hints = (
        f" Reply DONE {first} once you've reached out, SNOOZE to skip, HELP for help.",
        " Reply DONE or SNOOZE with the number.",
        "",
    )
    for hint in hints:
        for shown in range(len(names), -1, -1):
            listed = ": " + ", ".join(names[:shown]) if shown else ""
            text = f"{summary}{listed}.{hint}"
            if sms_segments(text) <= MAX_SEGMENTS:
                return text
    return f"{summary}."
