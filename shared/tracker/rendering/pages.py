"""The public pages, rendered from templates/pages as small self-contained HTML: no scripts,
no external assets, one inline style sheet (allowed by its hash in the Content-Security-Policy).

Here: which page, its status and what it says, as plain values; the templates lay it out and
escape every one of them. Links are relative (`log?t=...`), so the pages work under any domain
the API is served from.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from tracker.domain.model import Channel, Contact, Member, Met, Outcome, ReminderChannel
from tracker.domain.plans import PlannedWeek
from tracker.domain.quicklog import (
    FIELD_LIMITS,
    MAX_LINK_WRITES_PER_DAY,
    ActionResult,
    FormData,
    LinkTrouble,
    QuickAction,
    UndoOutcome,
)
from tracker.rendering.environment import render
from tracker.rendering.labels import due_label
from tracker.rendering.reader import N_, gettext, ngettext
from tracker.rendering.reader import words as reader_words

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

# A name new to the member's contacts: are they a new person this week, or someone they know?
MET_LABELS = {Met.RECENTLY: N_("We just met"), Met.BEFORE: "We go back"}
CHANNEL_LABELS = {
    Channel.CALL: N_("Call"),
    Channel.EMAIL: N_("Email"),
    Channel.MEETING: N_("Meeting"),
    Channel.VIDEO: N_("Video call"),
    Channel.TEXT: N_("Text"),
    Channel.EVENT: N_("Event"),
    Channel.OTHER: N_("Other"),
}
CHANNEL_NOUNS = {
    Channel.CALL: N_("call"),
    Channel.EMAIL: N_("email"),
    Channel.MEETING: N_("meeting"),
    Channel.VIDEO: N_("video call"),
    Channel.TEXT: N_("texts"),
    Channel.EVENT: N_("chat at an event"),
    Channel.OTHER: N_("conversation"),
}
OUTCOME_LABELS = {
    Outcome.JOB_LEAD: N_("Job lead"),
    Outcome.REFERRAL: N_("Referral"),
    Outcome.INTRODUCTION: N_("Introduction"),
    Outcome.INFORMATION: N_("Information"),
    Outcome.ADVICE: N_("Advice"),
    Outcome.OTHER: N_("Other"),
}


@dataclass(frozen=True)
class Page:
    status: int
    html: str


def _page(template: str, status: int = 200, /, **context: object) -> Page:
    """templates/pages/<template>.html, in the layout every page shares (pages/base.html)."""
    language = reader_words().language
    return Page(
        status, render(f"pages/{template}.html", language, brand=BRAND, css=CSS, lang=language, **context)
    )


def _link(token: str) -> str:
    return "log?" + urlencode({"t": token})


def day_text(value: date, today: date) -> str:
    """ "today", "Wed 2 Dec" (the year when it is not this year's), in the reader's language."""
    words = reader_words()
    if value == today:
        return words.gettext("today")
    text = words.day_label(value)
    return text if value.year == today.year else f"{text} {value.year}"


def _local_day(member: Member, instant: datetime) -> date:
    return instant.astimezone(ZoneInfo(member.time_zone)).date()


# ---------------------------------------------------------------- problems


PROBLEMS: dict[LinkTrouble, tuple[int, str, str]] = {
    LinkTrouble.INVALID: (
        400,
        N_("This link doesn't work"),
        N_(
            "It may have been cut short when it was copied. Open the reminder again and use its link, "
            "or your personal quick-log link (GET /me/form-link in the API). Nothing was changed."
        ),
    ),
    LinkTrouble.EXPIRED: (
        410,
        N_("This link has expired"),
        N_(
            "Links in reminders work for 3 days, and an undo link for a day. Use the links in a newer "
            "reminder, or your personal quick-log link (GET /me/form-link in the API). Nothing was changed."
        ),
    ),
    LinkTrouble.REVOKED: (
        410,
        N_("This link is no longer valid"),
        N_(
            "A newer personal link has replaced it. Get your current one with GET /me/form-link in the "
            "API. Nothing was changed."
        ),
    ),
    LinkTrouble.GONE: (
        404,
        N_("Nothing to show here"),
        N_("The person or account this link was made for no longer exists. Nothing was changed."),
    ),
    LinkTrouble.REMOVED: (
        410,
        N_("This link no longer works"),
        N_("The account it was made for has been closed, and its links with it. Nothing was changed."),
    ),
    LinkTrouble.USED_UP: (
        429,
        N_("This link has been used enough for today"),
        N_(
            "To keep your account safe, a link can save at most {limit} times a day. It works again "
            "tomorrow; the API takes conversations meanwhile (POST /contacts/{{id}}/interactions). "
            "Nothing was changed."
        ),
    ),
}


def link_problem(trouble: LinkTrouble) -> Page:
    status, title, text = PROBLEMS[trouble]
    said = gettext(text).format(limit=MAX_LINK_WRITES_PER_DAY)
    return _page("link_problem", status, title=gettext(title), text=said)


def missing_link() -> Page:
    return _page("missing_link", 400)


def too_large(limit: int) -> Page:
    return _page("too_large", 413, limit_kb=limit // 1024)


def unexpected_error() -> Page:
    return _page("unexpected_error", 500)


# ---------------------------------------------------------------- the form


@dataclass(frozen=True)
class FormView:
    token: str
    submission: str
    today: date
    contact: Contact | None = None  # the person a reminder's link is for: the form is for them only
    suggestions: list[str] = field(default_factory=list)
    offer_contacts: bool = False  # a "Show my contacts" button (the personal link's GET)
    refused: bool = False  # the post was not a form we signed for this link: nothing saved
    values: FormData = field(default_factory=FormData)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FormField:
    """One field of the quick-log form as the page shows it (pages/macros.html)."""

    name: str
    value: str
    error: str | None
    limit: int | None


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    chosen: bool


@dataclass(frozen=True)
class StepDone:
    """The "Done: <next step>" box, for a contact who has a next step."""

    text: str
    due: str
    done: bool


_FIELD_ORDER = (
    "contact",
    "met",
    "when",
    "channel",
    "summary",
    "next_step",
    "next_step_due",
    "help_offered",
    "help_received",
    "shared_memory",
    "outcomes",
)


def log_form(view: FormView) -> Page:
    values, errors = view.values, view.errors
    submitted = bool(values.fields)  # a form sent back with mistakes shows what was typed
    status = 422 if errors else 400 if view.refused else 200
    person = view.contact
    today = view.today.isoformat()
    defaults = {"contact": person.name if person else "", "when": today}
    fields = {
        name: FormField(
            name,
            values.first(name) if submitted else defaults.get(name, ""),
            errors.get(name),
            FIELD_LIMITS.get(name),
        )
        for name in _FIELD_ORDER
    }
    step = person.next_step if person else None
    step_done = None
    if step:
        due_soon = step.due is None or step.due <= view.today
        step_done = StepDone(
            step.text,
            f" ({due_label(step.due, view.today, reader_words())})" if step.due else "",
            (values.first("next_step_done") == "yes") if submitted else due_soon,
        )
    channel = values.first("channel") if submitted else None
    met = values.first("met") if submitted else Met.RECENTLY.value
    outcomes = set(values.all("outcomes"))
    title = (
        gettext("Log a conversation with {name}").format(name=person.name)
        if person
        else gettext("Log a conversation")
    )
    return _page(
        "log_form",
        status,
        title=title,
        refused=view.refused,
        fixed=person is not None,
        offer_contacts=view.offer_contacts,
        problems=[fields[name] for name in _FIELD_ORDER if name in errors],
        problem_count=ngettext("{count} thing", "{count} things", len(errors)).format(count=len(errors)),
        token=view.token,
        submission=view.submission,
        fields=fields,
        suggestions=view.suggestions,
        today=today,
        channels=[
            Choice(key.value, gettext(label), key.value == channel) for key, label in CHANNEL_LABELS.items()
        ],
        met=[Choice(key.value, gettext(label), key.value == met) for key, label in MET_LABELS.items()],
        step=step_done,
        outcomes=[
            Choice(key.value, gettext(label), key.value in outcomes) for key, label in OUTCOME_LABELS.items()
        ],
    )


# ---------------------------------------------------------------- one-tap links


def one_tap(purpose_is_snooze: bool, contact: Contact, token: str, details: str, *, acted: bool) -> Page:
    """The page a reminder's "I reached out" / "Snooze 30 days" link opens: it changes nothing
    itself (mail scanners open links); its one button does."""
    return _page(
        "one_tap",
        snooze=purpose_is_snooze,
        name=contact.name,
        token=token,
        details=_link(details),
        acted=acted,
    )


# ---------------------------------------------------------------- after an action


def _picture(result: ActionResult, member: Member, today: date) -> list[str]:
    """What follows from an action: a new contact, the next step, when they come up again."""
    contact = result.contact
    first = contact.name.split()[0] if contact.name.split() else contact.name
    picture: list[str] = []
    if result.created_contact:
        picture.append(gettext("{name} is new in your contacts.").format(name=contact.name))
    if result.action is not QuickAction.SNOOZE:
        if contact.next_step:
            due = contact.next_step.due
            step = contact.next_step.text
            if due is not None and due < today:  # an earlier (imported) step, still open
                picture.append(
                    gettext("Next step ({due}): {text}").format(
                        due=due_label(due, today, reader_words()), text=step
                    )
                )
            elif due:
                picture.append(
                    gettext("Next step saved for {day}: {text}").format(day=day_text(due, today), text=step)
                )
            else:
                picture.append(gettext("Next step saved: {text}").format(text=step))
        if contact.due_at:
            picture.append(
                ngettext(
                    "{name} comes up for a reconnect again around {day} (every {count} day).",
                    "{name} comes up for a reconnect again around {day} (every {count} days).",
                    contact.cadence_days,
                ).format(
                    name=first,
                    day=day_text(_local_day(member, contact.due_at), today),
                    count=contact.cadence_days,
                )
            )
    return picture


def action_done(result: ActionResult, member: Member, today: date, personal_token: str | None) -> Page:
    """What an action did. `personal_token`, for the personal link's form, offers another
    conversation (a POST: the form with the contact list)."""
    contact = result.contact
    if result.repeated:
        title = gettext("Already saved")
        message = gettext("This was saved before, so nothing new was changed.")
    elif result.action is QuickAction.SNOOZE:
        title = gettext("Snoozed")
        until = _local_day(member, contact.snoozed_until) if contact.snoozed_until else today
        message = gettext("{name} won't come up as a reconnect pick until {day}.").format(
            name=contact.name, day=day_text(until, today)
        )
    elif result.action is QuickAction.REACHED_OUT:
        title = gettext("Nice work!")
        message = gettext("Logged: you reached out to {name} today.").format(name=contact.name)
    else:
        title = gettext("Saved")
        conversation = result.conversation
        noun = gettext(CHANNEL_NOUNS[conversation.channel] if conversation else CHANNEL_NOUNS[Channel.OTHER])
        day = _local_day(member, conversation.when) if conversation else today
        if day == today:
            message = gettext("Your {noun} with {name} today is logged.").format(noun=noun, name=contact.name)
        else:
            message = gettext("Your {noun} with {name} on {day} is logged.").format(
                noun=noun, name=contact.name, day=day_text(day, today)
            )
    picture = _picture(result, member, today)
    details = result.details_token if result.action is not QuickAction.LOG and not contact.next_step else None
    return _page(
        "action_done",
        title=title,
        message=message,
        picture=picture,
        details=_link(details) if details else None,
        undo=result.undo_token,
        another=personal_token,
    )


# ---------------------------------------------------------------- undo


def undo_confirm(contact_name: str, token: str, *, possible: bool) -> Page:
    return _page("undo_confirm", name=contact_name, token=token, possible=possible)


def undone(outcome: UndoOutcome, contact_name: str) -> Page:
    if outcome is UndoOutcome.UNDONE:
        return _page("undone", name=contact_name, changed_since=False, deleted_since=False)
    if outcome is UndoOutcome.CHANGED_SINCE:
        return _page("undone", 409, name=contact_name, changed_since=True, deleted_since=False)
    if outcome is UndoOutcome.DELETED_SINCE:
        return _page("undone", 409, name=contact_name, changed_since=False, deleted_since=True)
    return undo_confirm(contact_name, "", possible=False)


# ---------------------------------------------------------------- unsubscribe


def unsubscribe_confirm(token: str, member: Member) -> Page:
    subscribed = ReminderChannel.EMAIL in member.reminder_channels
    return _page("unsubscribe_confirm", token=token, subscribed=subscribed)


def unsubscribed(member: Member) -> Page:
    return _page("unsubscribed", texts_continue=ReminderChannel.SMS in member.reminder_channels)


# ---------------------------------------------------------------- next week's plan (weekly check)


@dataclass(frozen=True)
class PlanRow:
    name: str
    day: str | None
    reason: str


def _plan_people(planned: PlannedWeek, today: date) -> list[PlanRow]:
    return [
        PlanRow(person.contact.name, day_text(person.day, today) if person.day else None, person.reason)
        for person in planned.people
    ]


def plan_confirm(token: str, planned: PlannedWeek, today: date) -> Page:
    """The weekly check's one-tap link: shows the plan and asks (a GET changes nothing)."""
    if planned.plan.accepted:
        return plan_accepted(planned, today)
    return _page("plan_confirm", week=planned.week, people=_plan_people(planned, today), token=token)


def plan_accepted(planned: PlannedWeek, today: date) -> Page:
    return _page("plan_accepted", people=_plan_people(planned, today))


def email_confirm(token: str, address: str) -> Page:
    return _page("email_confirm", token=token, address=address)


def email_confirmed(address: str) -> Page:
    return _page("email_confirmed", address=address)
