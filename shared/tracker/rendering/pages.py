"""The public pages, rendered as small self-contained HTML: no scripts, no external assets,
one inline style sheet (allowed by its hash in the Content-Security-Policy).

Every string that came from a member or a request is escaped here (`_e`). Links are relative
(`log?t=...`), so the pages work under any domain the API is served from.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from tracker.domain.model import Channel, Contact, Member, Outcome, ReminderChannel
from tracker.domain.plans import PlannedWeek
from tracker.domain.quicklog import (
    FIELD_LIMITS,
    ActionResult,
    FormData,
    LinkTrouble,
    QuickAction,
    UndoOutcome,
)

BRAND = "Networking Tracker"

CSS = (
    "*{box-sizing:border-box}"
    'body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;'
    "color:#1f2933;background:#f0f4f8}"
    "main{max-width:34rem;margin:0 auto;padding:1rem 1rem 2rem;background:#fff;min-height:100vh}"
    "h1{font-size:1.45rem;line-height:1.25;margin:.5rem 0 1rem}"
    "h2{font-size:1.1rem;margin:0 0 .5rem}"
    "label,legend{display:block;font-weight:600;margin:0 0 .3rem;padding:0}"
    "input[type=text],input[type=date],textarea{width:100%;font:inherit;padding:.6rem;"
    "border:1px solid #616e7c;border-radius:6px;background:#fff;color:inherit}"
    "textarea{min-height:5.5rem;resize:vertical}"
    ".field,fieldset{margin:0 0 1.2rem}"
    "fieldset{border:0;padding:0;min-width:0}"
    ".choices{display:flex;flex-wrap:wrap;gap:.5rem}"
    ".choices label{font-weight:400;display:flex;align-items:center;gap:.45rem;margin:0;"
    "border:1px solid #7b8794;border-radius:999px;padding:.4rem .85rem;min-height:44px}"
    ".check{display:flex;gap:.6rem;align-items:flex-start;margin:0 0 .8rem}"
    ".check label{font-weight:400;margin:0}"
    "input[type=radio],input[type=checkbox]{width:1.2rem;height:1.2rem;margin:.15rem 0 0;flex:none}"
    ".hint{color:#52606d;font-size:.92rem;margin:.1rem 0 .4rem}"
    ".error{color:#a3001b;font-weight:600;margin:.3rem 0 0}"
    "input[aria-invalid=true],textarea[aria-invalid=true]{border:2px solid #a3001b}"
    "button{font:inherit;font-weight:600;min-height:48px;width:100%;padding:.7rem 1.2rem;"
    "border-radius:8px;border:2px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}"
    "button.secondary{background:#fff;color:#0b5cad;margin-top:.5rem}"
    "a{color:#0b5cad}"
    ":focus-visible{outline:3px solid #1f2933;outline-offset:2px}"
    ".problems{border:2px solid #a3001b;border-radius:8px;padding:.75rem 1rem;margin:0 0 1.2rem}"
    ".problems ul{margin:.3rem 0 0;padding-left:1.2rem}"
    ".ok{border-left:5px solid #2f8132;background:#effaf0;padding:.6rem .9rem;margin:0 0 1rem}"
    ".picture{padding-left:1.2rem}"
    ".picture li{margin:0 0 .4rem}"
    "form.inline{margin:1.2rem 0}"
    ".brand{color:#52606d;font-size:.85rem;margin:2rem 0 0}"
)
_CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()

HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_CSS_HASH}'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex",
}
CONTENT_TYPE = "text/html; charset=utf-8"

CHANNEL_LABELS = {
    Channel.CALL: "Call",
    Channel.EMAIL: "Email",
    Channel.MEETING: "Meeting",
    Channel.VIDEO: "Video call",
    Channel.TEXT: "Text",
    Channel.EVENT: "Event",
    Channel.OTHER: "Other",
}
CHANNEL_NOUNS = {
    Channel.CALL: "call",
    Channel.EMAIL: "email",
    Channel.MEETING: "meeting",
    Channel.VIDEO: "video call",
    Channel.TEXT: "texts",
    Channel.EVENT: "chat at an event",
    Channel.OTHER: "conversation",
}
OUTCOME_LABELS = {
    Outcome.JOB_LEAD: "Job lead",
    Outcome.REFERRAL: "Referral",
    Outcome.INTRODUCTION: "Introduction",
    Outcome.INFORMATION: "Information",
    Outcome.ADVICE: "Advice",
    Outcome.OTHER: "Other",
}


@dataclass(frozen=True)
class Page:
    status: int
    html: str


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(token: str) -> str:
    return "log?" + urlencode({"t": token})


def _page(title: str, body: str, status: int = 200) -> Page:
    return Page(
        status,
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title)} · {BRAND}</title><style>{CSS}</style></head>"
        f'<body><main>{body}<p class="brand">{BRAND}</p></main></body></html>',
    )


def _post_button(action: str, token: str, label: str, *, secondary: bool = False, extra: str = "") -> str:
    style = ' class="secondary"' if secondary else ""
    return (
        f'<form class="inline" method="post" action="{action}">'
        f'<input type="hidden" name="t" value="{_e(token)}">{extra}'
        f'<button type="submit"{style}>{_e(label)}</button></form>'
    )


def day_text(value: date, today: date) -> str:
    if value == today:
        return "today"
    text = f"{value:%a} {value.day} {value:%b}"
    return text if value.year == today.year else f"{text} {value.year}"


def _local_day(member: Member, instant: datetime) -> date:
    return instant.astimezone(ZoneInfo(member.time_zone)).date()


# ---------------------------------------------------------------- problems


PROBLEMS: dict[LinkTrouble, tuple[int, str, str]] = {
    LinkTrouble.INVALID: (
        400,
        "This link doesn't work",
        "It may have been cut short when it was copied. Open the reminder again and use its link, "
        "or sign in to the app. Nothing was changed.",
    ),
    LinkTrouble.EXPIRED: (
        410,
        "This link has expired",
        "Links in reminders work for 7 days, and an undo link for a day. Use the links in a newer "
        "reminder, or sign in to the app. Nothing was changed.",
    ),
    LinkTrouble.REVOKED: (
        410,
        "This link is no longer valid",
        "A newer personal link has replaced it. Get your current link from the app's settings. "
        "Nothing was changed.",
    ),
    LinkTrouble.GONE: (
        404,
        "Nothing to show here",
        "The person or account this link was made for no longer exists. Nothing was changed.",
    ),
}


def link_problem(trouble: LinkTrouble) -> Page:
    status, title, text = PROBLEMS[trouble]
    return _page(title, f"<h1>{_e(title)}</h1><p>{_e(text)}</p>", status)


def missing_link() -> Page:
    return _page(
        "This page needs a link",
        "<h1>This page needs a link</h1><p>Open it from a reminder email or your personal "
        "quick-log link. Nothing was changed.</p>",
        400,
    )


def too_large(limit: int) -> Page:
    return _page(
        "Too much text",
        f"<h1>Too much text</h1><p>The form can take up to {limit // 1024} KB. Please shorten what "
        "you wrote and send it again. Nothing was saved.</p>",
        413,
    )


def unexpected_error() -> Page:
    return _page(
        "Something went wrong",
        "<h1>Something went wrong on our side</h1><p>Nothing you did caused this. Please go back "
        "and try again in a minute.</p>",
        500,
    )


# ---------------------------------------------------------------- the form


@dataclass(frozen=True)
class FormView:
    token: str
    submission: str
    today: date
    contact: Contact | None = None  # the person the link was for
    suggestions: list[str] = field(default_factory=list)
    values: FormData = field(default_factory=FormData)
    errors: dict[str, str] = field(default_factory=dict)


_FIELD_ORDER = (
    "contact",
    "when",
    "channel",
    "summary",
    "next_step",
    "next_step_due",
    "help_offered",
    "help_received",
    "outcomes",
)


def log_form(view: FormView) -> Page:
    values, errors = view.values, view.errors
    submitted = bool(values.fields)

    def value(name: str, default: str = "") -> str:
        return values.first(name) if submitted else default

    def described(name: str, hint: bool = False) -> str:
        ids = [f"{name}-hint"] if hint else []
        if name in errors:
            ids.append(f"{name}-error")
        invalid = ' aria-invalid="true"' if name in errors else ""
        return (f' aria-describedby="{" ".join(ids)}"' if ids else "") + invalid

    def error(name: str) -> str:
        return f'<p class="error" id="{name}-error">{_e(errors[name])}</p>' if name in errors else ""

    def text_input(name: str, label: str, default: str = "", hint: str = "", extra: str = "") -> str:
        return (
            f'<div class="field"><label for="{name}">{_e(label)}</label>'
            + (f'<p class="hint" id="{name}-hint">{_e(hint)}</p>' if hint else "")
            + f'<input type="text" id="{name}" name="{name}" value="{_e(value(name, default))}" '
            f'maxlength="{FIELD_LIMITS[name]}"{extra}{described(name, bool(hint))}>' + error(name) + "</div>"
        )

    def textarea(name: str, label: str, rows: int = 3) -> str:
        return (
            f'<div class="field"><label for="{name}">{_e(label)}</label>'
            f'<textarea id="{name}" name="{name}" rows="{rows}" maxlength="{FIELD_LIMITS[name]}"'
            f"{described(name)}>{_e(value(name))}</textarea>{error(name)}</div>"
        )

    def date_input(name: str, label: str, default: str, limit: str, hint: str = "") -> str:
        return (
            f'<div class="field"><label for="{name}">{_e(label)}</label>'
            + (f'<p class="hint" id="{name}-hint">{_e(hint)}</p>' if hint else "")
            + f'<input type="date" id="{name}" name="{name}" value="{_e(value(name, default))}" '
            f"{limit}{described(name, bool(hint))}>{error(name)}</div>"
        )

    def choices(name: str, legend: str, options: dict[str, str], kind: str, chosen: set[str]) -> str:
        boxes = "".join(
            f'<label><input type="{kind}" name="{name}" value="{_e(key)}"'
            + (" checked" if key in chosen else "")
            + f">{_e(text)}</label>"
            for key, text in options.items()
        )
        invalid = f' aria-describedby="{name}-error"' if name in errors else ""
        return (
            f'<fieldset{invalid}><legend>{_e(legend)}</legend><div class="choices">{boxes}</div>'
            f"{error(name)}</fieldset>"
        )

    person = view.contact
    title = f"Log a conversation with {person.name}" if person else "Log a conversation"
    parts = [f"<h1>{_e(title)}</h1>"]
    if errors:
        listed = "".join(
            f'<li><a href="#{name}">{_e(errors[name])}</a></li>' for name in _FIELD_ORDER if name in errors
        )
        count = "1 thing" if len(errors) == 1 else f"{len(errors)} things"
        parts.append(
            f'<div class="problems" role="alert"><h2>Please check {count}</h2><ul>{listed}</ul></div>'
        )
    parts.append(
        '<form method="post" action="log" novalidate>'
        f'<input type="hidden" name="t" value="{_e(view.token)}">'
        f'<input type="hidden" name="s" value="{_e(view.submission)}">'
    )
    options = "".join(f'<option value="{_e(name)}">' for name in view.suggestions)
    parts.append(
        text_input(
            "contact",
            "Who did you talk to?",
            person.name if person else "",
            "Pick someone or type a name. A new name is added to your contacts.",
            ' list="people" autocomplete="off"',
        )
        + (f'<datalist id="people">{options}</datalist>' if options else "")
    )
    today = view.today.isoformat()
    parts.append(date_input("when", "When", today, f'max="{today}"'))
    chosen_channel = {value("channel")} if submitted else set()
    channels = {channel.value: label for channel, label in CHANNEL_LABELS.items()}
    parts.append(choices("channel", "How did you talk?", channels, "radio", chosen_channel))
    parts.append(textarea("summary", "What did you talk about?", rows=4))
    step = person.next_step if person else None
    step_html = ""
    if step:
        due_soon = step.due is None or step.due <= view.today
        checked = (values.first("next_step_done") == "yes") if submitted else due_soon
        due = f" (due {day_text(step.due, view.today)})" if step.due else ""
        step_html = (
            '<div class="check"><input type="checkbox" id="next_step_done" name="next_step_done" '
            f'value="yes"{" checked" if checked else ""}><label for="next_step_done">'
            f"Done: {_e(step.text)}{_e(due)}</label></div>"
        )
    parts.append(
        f"<fieldset><legend>Next step</legend>{step_html}"
        + text_input("next_step", "What happens next?", hint='For example: "Email her in January".')
        + date_input("next_step_due", "By when?", "", f'min="{today}"')
        + "</fieldset>"
    )
    parts.append(textarea("help_offered", "Help you offered", rows=2))
    parts.append(textarea("help_received", "Help you received", rows=2))
    chosen_outcomes = set(values.all("outcomes"))
    outcomes = {outcome.value: label for outcome, label in OUTCOME_LABELS.items()}
    parts.append(choices("outcomes", "What came of it?", outcomes, "checkbox", chosen_outcomes))
    parts.append('<button type="submit">Save conversation</button></form>')
    return _page(title, "".join(parts), 422 if errors else 200)


# ---------------------------------------------------------------- one-tap links


def one_tap(purpose_is_snooze: bool, contact: Contact, token: str, details: str, *, acted: bool) -> Page:
    """The page a reminder's "I reached out" / "Snooze 30 days" link opens: it changes nothing
    itself (mail scanners open links); its one button does."""
    name = contact.name
    if purpose_is_snooze:
        title = f"Snooze {name} for 30 days?"
        lead = f"{name} won't come up as a reconnect pick for 30 days."
        button = "Snooze 30 days"
        done = f"{name} is already snoozed."
    else:
        title = f"Did you reach out to {name}?"
        lead = "One tap logs it and starts the clock again until they come up next."
        button = "Yes, I reached out"
        done = f"You already marked {name} as done today."
    if acted:
        body = f'<h1>{_e(title)}</h1><p class="ok" role="status">{_e(done)}</p>'
    else:
        body = f"<h1>{_e(title)}</h1><p>{_e(lead)}</p>" + _post_button("log", token, button)
    body += (
        f'<p><a href="{_e(_link(details))}">Log the details instead: '
        "what you talked about, a next step</a></p>"
    )
    return _page(title, body)


# ---------------------------------------------------------------- after an action


def action_done(result: ActionResult, member: Member, today: date, form_token: str | None) -> Page:
    contact = result.contact
    first = contact.name.split()[0] if contact.name.split() else contact.name
    picture: list[str] = []
    if result.repeated:
        title = "Already saved"
        status = "This was saved before, so nothing new was changed."
    elif result.action is QuickAction.SNOOZE:
        title = "Snoozed"
        until = _local_day(member, contact.snoozed_until) if contact.snoozed_until else today
        status = f"{contact.name} won't come up as a reconnect pick until {day_text(until, today)}."
    elif result.action is QuickAction.REACHED_OUT:
        title = "Nice work!"
        status = f"Logged: you reached out to {contact.name} {day_text(today, today)}."
    else:
        title = "Saved"
        conversation = result.conversation
        noun = CHANNEL_NOUNS[conversation.channel] if conversation else "conversation"
        when = day_text(_local_day(member, conversation.when), today) if conversation else "today"
        status = f"Your {noun} with {contact.name} {'' if when == 'today' else 'on '}{when} is logged."
    if result.created_contact:
        picture.append(f"{contact.name} is new in your contacts.")
    if result.action is not QuickAction.SNOOZE:
        if contact.next_step:
            due = contact.next_step.due
            when = f" for {day_text(due, today)}" if due else ""
            picture.append(f"Next step saved{when}: {contact.next_step.text}")
        if contact.due_at:
            picture.append(
                f"{first} comes up for a reconnect again around "
                f"{day_text(_local_day(member, contact.due_at), today)} (every {contact.cadence_days} days)."
            )
    body = f'<h1>{_e(title)}</h1><p class="ok" role="status">{_e(status)}</p>'
    if picture:
        body += '<ul class="picture">' + "".join(f"<li>{_e(line)}</li>" for line in picture) + "</ul>"
    if result.action is not QuickAction.LOG and result.details_token and not contact.next_step:
        body += (
            f'<p>What happens next? <a href="{_e(_link(result.details_token))}">'
            "Add what you talked about and a next step</a></p>"
        )
    if result.undo_token:
        body += _post_button("log", result.undo_token, "Undo", secondary=True)
    if form_token:
        body += f'<p><a href="{_e(_link(form_token))}">Log another conversation</a></p>'
    return _page(title, body)


# ---------------------------------------------------------------- undo


def undo_confirm(contact_name: str, token: str, *, possible: bool) -> Page:
    if not possible:
        return _page(
            "Nothing to undo",
            "<h1>Nothing to undo</h1><p>This was undone already, or has passed its time.</p>",
        )
    title = f"Undo what you just saved for {contact_name}?"
    return _page(title, f"<h1>{_e(title)}</h1>" + _post_button("log", token, "Undo"))


def undone(outcome: UndoOutcome, contact_name: str) -> Page:
    if outcome is UndoOutcome.UNDONE:
        return _page(
            "Undone",
            f'<h1>Undone</h1><p class="ok" role="status">{_e(contact_name)} is back as it was.</p>',
        )
    if outcome is UndoOutcome.CHANGED_SINCE:
        return _page(
            "Can't undo this any more",
            f"<h1>Can't undo this any more</h1><p>{_e(contact_name)} has changed since, so undoing "
            "could lose that change. You can edit the conversation in the app.</p>",
            409,
        )
    return undo_confirm(contact_name, "", possible=False)


# ---------------------------------------------------------------- unsubscribe


def unsubscribe_confirm(token: str, member: Member) -> Page:
    if ReminderChannel.EMAIL not in member.reminder_channels:
        return _page(
            "You're unsubscribed",
            "<h1>You're unsubscribed</h1><p>You don't get reminder emails. "
            "You can turn them back on in the app's settings.</p>",
        )
    extra = '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
    return _page(
        "Stop reminder emails?",
        "<h1>Stop reminder emails?</h1><p>You'll no longer get your daily reconnect picks by email. "
        "Texts, if you chose them, are not affected.</p>"
        + _post_button("unsubscribe", token, "Unsubscribe", extra=extra),
    )


def unsubscribed(member: Member) -> Page:
    texts = " Your texts continue." if ReminderChannel.SMS in member.reminder_channels else ""
    return _page(
        "You're unsubscribed",
        '<h1>You\'re unsubscribed</h1><p class="ok" role="status">You won\'t get reminder emails any '
        f"more.{_e(texts)}</p><p>Changed your mind? Turn them back on in the app's settings.</p>",
    )


# ---------------------------------------------------------------- next week's plan (weekly check)


def _plan_people(planned: PlannedWeek, today: date) -> str:
    if not planned.people:
        return "<p>Nobody to name this time: your plan is to meet someone new.</p>"
    rows = []
    for person in planned.people:
        when = f' <span class="hint">({_e(day_text(person.day, today))})</span>' if person.day else ""
        rows.append(f"<li><strong>{_e(person.contact.name)}</strong>{when}<br>{_e(person.reason)}</li>")
    return f"<ul>{''.join(rows)}</ul>"


def plan_confirm(token: str, planned: PlannedWeek, today: date) -> Page:
    """The weekly check's one-tap link: shows the plan and asks (a GET changes nothing)."""
    if planned.plan.accepted:
        return plan_accepted(planned, today)
    return _page(
        "Next week's plan",
        f"<h1>Next week's plan</h1><p>Week {_e(planned.week)}: the people to reach, and why.</p>"
        + _plan_people(planned, today)
        + "<p>Accept it and they become your daily picks, spread over the week.</p>"
        + _post_button("plan", token, "Accept this plan"),
    )


def plan_accepted(planned: PlannedWeek, today: date) -> Page:
    return _page(
        "Plan accepted",
        '<h1>Plan accepted</h1><p class="ok" role="status">These people will come up as your daily '
        "picks on the days shown.</p>" + _plan_people(planned, today),
    )
