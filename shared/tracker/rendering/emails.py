"""Our emails: the daily reminder, the weekly check and the org's report, each with a text
and an HTML part rendered from templates/emails (the HTML autoescaped, so a member's words
are never markup). Here: the subject and what each email says, as plain values. The daily
reminder and the weekly check are in the member's language (the drafted message inside the
daily one is as the draft engine wrote it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.domain.links import LinkSigner, PickLinks, pick_links, unsubscribe_url
from tracker.domain.messages import OutgoingEmail
from tracker.domain.model import Contact, Member
from tracker.domain.org import OrgReport
from tracker.domain.picks import DailyPicks, PickStatus
from tracker.domain.weekly import WeeklyCheck
from tracker.rendering.drafts import focus_ask, health_words, todays_drafts
from tracker.rendering.environment import render
from tracker.rendering.i18n import Speaker
from tracker.rendering.labels import (
    ENGLISH,
    due_label,
    greeting,
    speaker_of,
    time_since,
    week_label,
)
from tracker.rendering.weekly import (
    plan_lines,
    progress_lines,
    report_lines,
    streak_line,
    suggestion_line,
    trend_line,
    welcome_lines,
)


def signed_off(
    to: str,
    subject: str,
    kind: str,
    *,
    footer: str,
    unsubscribe: str,
    words: Speaker = ENGLISH,
    **context: object,
) -> OutgoingEmail:
    """The email from templates emails/<kind>.txt and .html, ending as every one of ours does
    (their layout): why it comes, and how to stop it; in the language of `words`."""
    context.update(footer=footer, unsubscribe=unsubscribe)
    return OutgoingEmail(
        to=to,
        subject=subject,
        text=render(f"emails/{kind}.txt", words.language, **context),
        html=render(f"emails/{kind}.html", words.language, **context),
        unsubscribe_url=unsubscribe,
        tags={"kind": kind},
    )


@dataclass(frozen=True)
class PickCard:
    """One reconnect pick as the daily email shows it."""

    number: int
    name: str
    about: str
    last_spoke: str
    last_summary: str | None
    next_step: str | None
    draft: str
    links: PickLinks


@dataclass(frozen=True)
class DueStep:
    name: str
    text: str
    log: str


def _about(contact: Contact) -> str:
    return ", ".join(part for part in (contact.role, contact.company) if part)


def _last_spoke(contact: Contact, now: datetime, words: Speaker) -> str:
    if not contact.last_contact_at:
        return words.gettext("No conversation logged yet.")
    return words.gettext("Last spoke {date} ({since} ago).").format(
        date=words.date_label(contact.last_contact_at.date()),
        since=time_since(contact.last_contact_at, now, words),
    )


def _next_step(contact: Contact, today: date, words: Speaker) -> str | None:
    if not contact.next_step:
        return None
    due = f" ({due_label(contact.next_step.due, today, words)})" if contact.next_step.due else ""
    return f"{contact.next_step.text}{due}"


def daily_email(day: DailyPicks, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    member = day.member
    if member.email is None:
        raise ValueError("the member has no email address")
    words = speaker_of(member)
    pending = [pick.contact for pick in day.picks if pick.status is PickStatus.PENDING]
    count = len(pending)
    subject = (
        words.ngettext(
            "Today's reconnect pick: {count} person", "Today's reconnect picks: {count} people", count
        ).format(count=count)
        if count
        else words.gettext("Your next steps for today")
    )
    drafts = todays_drafts(day, now)
    picks = [
        PickCard(
            number=number,
            name=contact.name,
            about=_about(contact),
            last_spoke=_last_spoke(contact, now, words),
            last_summary=contact.last_summary,
            next_step=_next_step(contact, day.local_date, words),
            draft=drafts[contact.contact_id].text,
            links=pick_links(signer, member.key, contact.contact_id, now),
        )
        for number, contact in enumerate(pending, start=1)
    ]
    next_steps = [
        DueStep(
            contact.name,
            _next_step(contact, day.local_date, words) or "",
            pick_links(signer, member.key, contact.contact_id, now).log,
        )
        for contact in day.next_steps
    ]
    footer = words.gettext("You get this at {hour} ({zone}) on days with someone to reach.").format(
        hour=words.hour(member.reminder_hour), zone=member.time_zone
    )
    ask = words.gettext(
        "One question, asked only once: what are you working towards at the moment? Tell us your "
        'current focus in a few words, like "getting back into UX research" or "looking for '
        'part-time product roles", and drafts will say why you are getting in touch. Add it in '
        "Settings: {settings}"
    )
    return signed_off(
        member.email,
        subject,
        "daily",
        footer=footer,
        unsubscribe=unsubscribe_url(signer, member.key, now),
        words=words,
        greeting=greeting(member, now),
        picks=picks,
        next_steps=next_steps,
        tip=words.gettext(
            "When you talk, ask how you can help them: people appreciate an unexpected message "
            "more than we tend to expect."
        ),
        health_note=_health_note(health_words(day, now), words, signer.base_url),
        focus_ask=ask.format(settings=f"{signer.base_url}/app/settings#current_focus")
        if focus_ask(member)
        else None,
    )


def _health_note(left_out: list[str], words: Speaker, base_url: str) -> str | None:
    """The daily email's note, once: the drafts left out what the member's notes say about
    health, and where to choose otherwise."""
    if not left_out:
        return None
    return words.gettext(
        "A note about these drafts: they leave out what your notes say about health or treatment "
        "({words}), so that you decide what you share, and with whom. If you'd rather they kept "
        "it, choose so in Settings: {settings} We will only mention this once."
    ).format(
        words=", ".join(f'"{word}"' for word in left_out),
        settings=f"{base_url}/app/settings#drafts_may_mention_health",
    )


def weekly_email(check: WeeklyCheck, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    member = check.member
    if member.email is None:
        raise ValueError("the member has no email address")
    words = speaker_of(member)
    plan_week = week_label(check.plan.week, words)
    subject = (
        words.gettext("Welcome: your first weekly check, and your plan for {week}")
        if check.welcome
        else words.gettext("Your week: goals met, and your plan for {week}")
        if check.met
        else words.gettext("Your week in review, and your plan for {week}")
    ).format(week=plan_week)
    reached = ", ".join(contact.name for contact in check.reached)
    if check.more_reached:  # the rest, or everyone when the people reached were deleted since
        more = check.more_reached
        others = words.ngettext("{count} other", "{count} others", more).format(count=more)
        reached = (
            words.gettext("{names} and {others}").format(names=reached, others=others)
            if reached
            else words.ngettext("{count} person", "{count} people", more).format(count=more)
        )
    # The English catalog says "on Fridays": a weekday's plural is not this simple in every language.
    footer = words.gettext("You get this every {day} at {hour} ({zone}).").format(
        day=words.weekday(member.weekly_review_day.number),
        hour=words.hour(member.weekly_review_hour),
        zone=member.time_zone,
    )
    return signed_off(
        member.email,
        subject,
        "weekly",
        footer=footer,
        unsubscribe=unsubscribe_url(signer, member.key, now),
        words=words,
        greeting=greeting(member, now),
        week=week_label(check.week, words),
        welcome=welcome_lines(check) if check.welcome else [],
        progress=[] if check.welcome else progress_lines(check),
        reached=reached,
        streak=None if check.welcome else streak_line(check),
        suggestion=None if check.welcome else suggestion_line(check),
        plan_week=plan_week,
        plan=plan_lines(check),  # one line per person, then any about new people
        people=check.plan.people,
        accepted=check.plan.plan.accepted,
        accept_url=check.accept_url,
    )


def report_email(report: OrgReport, admin: Member, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    if admin.email is None:
        raise ValueError("the admin has no email address")
    program = report.org_name or report.org_id
    words = speaker_of(admin)
    label = week_label(report.week.week, words)
    return signed_off(
        admin.email,
        words.gettext("{program}: weekly report for {week}").format(program=program, week=label),
        "report",
        footer=words.gettext(
            "Aggregates only: no member's contacts or conversations are ever part of this report."
        ),
        unsubscribe=unsubscribe_url(signer, admin.key, now),
        words=words,
        greeting=greeting(admin, now),
        program=program,
        week=label,
        lines=report_lines(report.week, words),
        trend=[trend_line(point, words) for point in report.trend],
    )


def phone_taken_email(member: Member, phone: str, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    """To a member whose number another member has just proved theirs: we no longer text it."""
    if member.email is None:
        raise ValueError("the member has no email address")
    words = speaker_of(member)
    return signed_off(
        member.email,
        words.gettext("We no longer text your phone number"),
        "phone_taken",
        footer=words.gettext("You get this because your number was confirmed by another account."),
        unsubscribe=unsubscribe_url(signer, member.key, now),
        words=words,
        greeting=greeting(member, now),
        number=words.gettext("ending in {digits}").format(
            digits=phone[-2:]
        ),  # as domain.phones.number_ending
    )


def confirm_email(member: Member, address: str, url: str, signer: LinkSigner, now: datetime) -> OutgoingEmail:
    """To a new address: the link that makes it the member's (nothing goes there before)."""
    words = speaker_of(member)
    return signed_off(
        address,
        words.gettext("Confirm your new email address"),
        "confirm_email",
        footer=words.gettext("You get this because this address was entered in Networking Tracker."),
        unsubscribe=unsubscribe_url(signer, member.key, now),
        words=words,
        greeting=greeting(member, now),
        url=url,
    )
