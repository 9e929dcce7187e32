"""The web app's contact pages (/app/contacts/{id}): the person's details and conversation
timeline with star, archive and delete; the edit form; logging a conversation from there.
Routes in tracker/web/app_contact.py; templates app/contact*.html."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracker.domain.model import Contact, Conversation, Member, Met, NextStep, Relationship
from tracker.domain.model import Page as ListPage
from tracker.domain.quicklog import FIELD_LIMITS, FormData
from tracker.rendering.app_pages import Chrome, Page, _page
from tracker.rendering.labels import date_label, due_label, time_since
from tracker.rendering.pages import CHANNEL_LABELS, OUTCOME_LABELS, Choice, FormField, StepDone
from tracker.rendering.reader import N_, gettext, ngettext
from tracker.rendering.reader import words as current_words

NETWORK = "/app/network"

MET_WORDS = {Met.RECENTLY: N_("We just met"), Met.BEFORE: N_("We go back")}
RELATIONSHIP_WORDS = {Relationship.BUSINESS: N_("Business"), Relationship.PERSONAL: N_("Personal")}
NOTICES = {
    "saved": N_("Saved."),
    "logged": N_("Conversation logged."),
    "corrected": N_("Conversation corrected."),
    "conversation_deleted": N_("Conversation deleted."),
    "starred": N_("Starred: they come first among your reconnect picks."),
    "unstarred": N_("No longer starred."),
    "archived": N_("Archived: they won't come up as a reconnect pick."),
    "unarchived": N_("Back in your network: they can come up as a reconnect pick again."),
}


def contact_path(contact_id: str, what: str = "") -> str:
    return f"/app/contacts/{contact_id}" + (f"/{what}" if what else "")


def _local(instant: datetime, member: Member) -> date:
    return instant.astimezone(ZoneInfo(member.time_zone)).date()


@dataclass(frozen=True)
class Detail:
    label: str
    text: str = ""
    lines: tuple[str, ...] = ()  # shown as a list
    href: str = ""


@dataclass(frozen=True)
class Entry:
    """One conversation in the timeline, with the links that correct or delete it."""

    conversation_id: str
    day: str
    channel: str
    summary: str
    lines: tuple[tuple[str, str], ...]


def _details(contact: Contact, member: Member, today: date, now: datetime) -> list[Detail]:
    step = contact.next_step
    due_at = contact.due_at
    words = current_words()
    if contact.archived:
        due = words.gettext("Never: archived")
    elif due_at is None or due_at <= now:
        due = words.gettext("Now: a reconnect pick any day")
    else:
        due = date_label(_local(due_at, member), words)
    last = words.gettext("No conversation logged yet")
    if contact.last_contact_at:
        last = words.gettext("{date} ({since} ago)").format(
            date=date_label(_local(contact.last_contact_at, member), words),
            since=time_since(contact.last_contact_at, now, words),
        )
    say = words.gettext
    rows = [
        Detail(say("Company"), contact.company or ""),
        Detail(say("Role"), contact.role or ""),
        Detail(say("Email"), contact.email or "", href=f"mailto:{contact.email}" if contact.email else ""),
        Detail(say("Phone"), contact.phone or "", href=f"tel:{contact.phone}" if contact.phone else ""),
        Detail(say("How we met"), contact.how_we_met or ""),
        Detail(say("Met"), say(MET_WORDS[contact.met])),
        Detail(say("Business or personal"), say(RELATIONSHIP_WORDS[contact.relationship])),
        Detail(say("Tags"), ", ".join(contact.tags)),
        Detail(say("Notes"), contact.notes or ""),
        Detail(say("Ways I could help"), lines=contact.help_ideas),
        Detail(
            say("Keep in touch"),
            words.ngettext("Every {count} day", "Every {count} days", contact.cadence_days).format(
                count=contact.cadence_days
            ),
        ),
        Detail(say("Next step"), _step_text(step, today) if step else ""),
        Detail(say("Last contact"), last),
        Detail(say("Next reconnect"), due),
    ]
    return [row for row in rows if row.text or row.lines]


def _step_text(step: NextStep, today: date) -> str:
    """ "Send the CV (due Wed 2 Dec)"."""
    return step.text + (f" ({due_label(step.due, today, current_words())})" if step.due else "")


def _entry(conversation: Conversation, member: Member, today: date) -> Entry:
    step = conversation.next_step
    say = gettext
    lines = [
        (say("Next step"), _step_text(step, today)) if step else None,
        (say("Help offered"), conversation.help_offered) if conversation.help_offered else None,
        (say("Help received"), conversation.help_received) if conversation.help_received else None,
        (
            (say("What came of it"), ", ".join(say(OUTCOME_LABELS[o]) for o in conversation.outcomes))
            if conversation.outcomes
            else None
        ),
    ]
    return Entry(
        conversation_id=conversation.conversation_id,
        day=date_label(_local(conversation.when, member), current_words()),
        channel=say(CHANNEL_LABELS[conversation.channel]),
        summary=conversation.summary or "",
        lines=tuple(line for line in lines if line),
    )


@dataclass(frozen=True)
class ContactView:
    member: Member
    contact: Contact
    conversations: ListPage[Conversation]
    now: datetime
    today: date
    csrf: str
    notice: str | None = None
    paged: bool = False  # a later page of the timeline (after a cursor)


def contact_page(view: ContactView) -> Page:
    contact = view.contact
    path = contact_path(contact.contact_id)
    cursor = view.conversations.next_cursor
    return _page(
        "contact",
        200,
        Chrome(view.csrf, NETWORK),
        title=contact.name,
        contact=contact,
        about=" · ".join(part for part in (contact.role, contact.company) if part),
        details=_details(contact, view.member, view.today, view.now),
        entries=[_entry(c, view.member, view.today) for c in view.conversations.items],
        count=conversations(contact.conversation_count),
        older=f"{path}?after={cursor}#timeline" if cursor else None,
        newest=f"{path}#timeline" if view.paged else None,
        path=path,
        csrf=view.csrf,
        notice=gettext(NOTICES[view.notice]) if view.notice in NOTICES else None,
        network=NETWORK,
    )


def not_found(csrf: str) -> Page:
    return _page(
        "contact_missing", 404, Chrome(csrf, NETWORK), title=gettext("Contact not found"), network=NETWORK
    )


def delete_confirm(contact: Contact, csrf: str) -> Page:
    return _page(
        "contact_delete",
        200,
        Chrome(csrf, NETWORK),
        title=gettext("Delete {name}?").format(name=contact.name),
        contact=contact,
        path=contact_path(contact.contact_id),
        csrf=csrf,
        count=conversations(contact.conversation_count),
    )


def deleted(name: str, csrf: str) -> Page:
    title = gettext("{name} was deleted").format(name=name)
    return _page("contact_deleted", 200, Chrome(csrf, NETWORK), title=title, network=NETWORK)


def conversations(count: int) -> str:
    return ngettext("{count} conversation", "{count} conversations", count).format(count=count)


# ---------------------------------------------------------------- the forms

_EDIT_LIMITS = {
    "name": 200,
    "given_name": 200,
    "called_name": 200,
    "company": 300,
    "role": 300,
    "email": 254,
    "phone": 32,
    "how_we_met": 2000,
    "shared_memory": 2000,
}
_EDIT_ORDER = (
    "name",
    "given_name",
    "called_name",
    "company",
    "role",
    "email",
    "phone",
    "how_we_met",
    "shared_memory",
    "met",
    "relationship",
    "tags",
    "notes",
    "help_ideas",
    "cadence_days",
    "next_step",
    "next_step_due",
)


@dataclass(frozen=True)
class FormView:
    contact: Contact
    today: date
    csrf: str
    values: FormData = field(default_factory=FormData)
    errors: dict[str, str] = field(default_factory=dict)


def _fields(view: FormView, order: tuple[str, ...], limits: dict[str, int]) -> dict[str, FormField]:
    return {
        name: FormField(name, view.values.first(name), view.errors.get(name), limits.get(name))
        for name in order
    }


def edit_form(view: FormView) -> Page:
    fields = _fields(view, _EDIT_ORDER, {**_EDIT_LIMITS, "notes": 10_000, "help_ideas": 20 * 301})
    met, relationship = view.values.first("met"), view.values.first("relationship")
    contact = view.contact
    return _page(
        "contact_edit",
        422 if view.errors else 200,
        Chrome(view.csrf, NETWORK),
        title=gettext("Edit {name}").format(name=contact.name),
        contact=contact,
        path=contact_path(contact.contact_id),
        csrf=view.csrf,
        fields=fields,
        problems=[fields[name] for name in _EDIT_ORDER if name in view.errors],
        met=[Choice(key.value, gettext(label), key.value == met) for key, label in MET_WORDS.items()],
        relationships=[
            Choice(key.value, gettext(label), key.value == relationship)
            for key, label in RELATIONSHIP_WORDS.items()
        ],
        today=view.today.isoformat(),
    )


_LOG_ORDER = (
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
# The log form's fields that a logged conversation keeps (a shared memory is the contact's):
# what correcting one shows and reads back.
CONVERSATION_FIELDS = tuple(name for name in _LOG_ORDER if name != "shared_memory")


def log_form(view: FormView) -> Page:
    """The quick-log form's fields and rules, for one contact."""
    values = view.values
    submitted = bool(values.fields)
    if not submitted:
        values = FormData({"when": [view.today.isoformat()]})
    contact = view.contact
    step = contact.next_step
    step_done = None
    if step:
        due_soon = step.due is None or step.due <= view.today
        step_done = StepDone(
            step.text,
            f" ({due_label(step.due, view.today, current_words())})" if step.due else "",
            (values.first("next_step_done") == "yes") if submitted else due_soon,
        )
    return conversation_form(
        FormView(contact, view.today, view.csrf, values, view.errors),
        ConversationForm(
            title=gettext("Log a conversation with {name}").format(name=contact.name),
            action=contact_path(contact.contact_id, "log"),
            button=gettext("Save conversation"),
            step=step_done,
        ),
    )


@dataclass(frozen=True)
class ConversationForm:
    """What differs between logging a conversation and correcting one."""

    title: str
    action: str
    button: str
    step: StepDone | None = None  # logging: the contact's next step, to mark done
    correcting: bool = False  # a logged one: no shared memory (the contact's), and a Cancel link
    intro: str = ""
    earliest_due: date | None = None  # correcting: the next step's date as logged, if earlier than today


def conversation_form(view: FormView, form: ConversationForm) -> Page:
    """The quick-log form's fields, filled in with `view.values`, and what to fix beside each."""
    order = CONVERSATION_FIELDS if form.correcting else _LOG_ORDER
    fields = _fields(view, order, FIELD_LIMITS)
    values, contact = view.values, view.contact
    channel, outcomes = values.first("channel"), set(values.all("outcomes"))
    earliest = min(view.today, form.earliest_due or view.today)
    return _page(
        "contact_log",
        422 if view.errors else 200,
        Chrome(view.csrf, NETWORK),
        title=form.title,
        form=form,
        contact=contact,
        path=contact_path(contact.contact_id),
        csrf=view.csrf,
        fields=fields,
        problems=[fields[name] for name in order if name in view.errors],
        channels=[
            Choice(key.value, gettext(label), key.value == channel) for key, label in CHANNEL_LABELS.items()
        ],
        outcomes=[
            Choice(key.value, gettext(label), key.value in outcomes) for key, label in OUTCOME_LABELS.items()
        ],
        step=form.step,
        today=view.today.isoformat(),
        earliest_due=earliest.isoformat(),
    )
