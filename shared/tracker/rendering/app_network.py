"""The web app's Network and Add a contact pages (routes: tracker/web/app_network.py).

Network is one table: rows of people with labelled cells on a wide screen; under 48rem the same
table is shown as a list of cards (each cell says what it is), so there is one structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tracker.domain.contacts import ContactRow, NetworkCounts
from tracker.domain.model import Member, Met, Relationship
from tracker.domain.picks import local_date
from tracker.rendering.app_pages import Chrome, Field, Page, _page
from tracker.rendering.labels import date_label, due_label, time_since
from tracker.rendering.reader import N_, gettext
from tracker.rendering.reader import words as current_words


@dataclass(frozen=True)
class Choices:
    """The filters the reader chose (each its own URL)."""

    q: str = ""
    tag: str = ""
    kind: str = ""  # "business", "personal" or "" (both)
    due: bool = False
    starred: bool = False
    archived: bool = False
    sort: str = ""  # "due", "last", "name" or "" (the order they were added)

    def query(self) -> dict[str, str]:
        """The query string's parameters, without the empty ones."""
        values = {
            "sort": self.sort,
            "q": self.q,
            "tag": self.tag,
            "kind": self.kind,
            "due": "1" if self.due else "",
            "starred": "1" if self.starred else "",
            "archived": "1" if self.archived else "",
        }
        return {name: value for name, value in values.items() if value}

    @property
    def any(self) -> bool:
        return bool(self.query())


@dataclass(frozen=True)
class NetworkView:
    member: Member
    contacts: list[ContactRow]
    now: datetime
    csrf: str
    choices: Choices = field(default_factory=Choices)
    next_url: str | None = None
    first_url: str | None = None
    notice: str | None = None
    counts: NetworkCounts | None = None
    sort: str = ""  # the order shown (archived contacts have no due date: by name instead)


SORTS = (
    ("", N_("Date added")),
    ("due", N_("Due soonest")),
    ("last", N_("Last contact")),
    ("name", N_("Name")),
)
KINDS = {Relationship.BUSINESS: N_("business"), Relationship.PERSONAL: N_("personal")}
CAPTIONS = {
    "": N_("In the order you added them"),
    "due": N_("Due soonest first"),
    "last": N_("Most recent contact first; never logged last"),
    "name": N_("By name"),
}


@dataclass(frozen=True)
class Row:
    contact_id: str
    name: str
    company: str
    how_we_met: str
    kind: str
    tags: tuple[str, ...]
    starred: bool
    archived: bool
    last: str
    step: str
    step_due: str
    due: str
    overdue: bool


def _row(contact: ContactRow, view: NetworkView) -> Row:
    today = local_date(view.member, view.now)
    words = current_words()
    due_at = contact.due_at
    if due_at is None:
        due = words.gettext("archived")
    elif due_at <= view.now:
        due = words.gettext("due now")
    else:
        due = due_label(local_date(view.member, due_at), today, words)
    return Row(
        contact_id=contact.contact_id,
        name=contact.name,
        company=" · ".join(p for p in (contact.role, contact.company) if p),
        how_we_met=contact.how_we_met or "",
        kind=words.gettext(KINDS[contact.relationship]),
        tags=contact.tags,
        starred=contact.starred,
        archived=contact.archived,
        last=words.gettext("{date} ({since} ago)").format(
            date=date_label(local_date(view.member, contact.last_contact_at), words),
            since=time_since(contact.last_contact_at, view.now, words),
        )
        if contact.last_contact_at
        else words.gettext("never logged"),
        step=contact.next_step.text if contact.next_step else "",
        step_due=due_label(contact.next_step.due, today, words)
        if contact.next_step and contact.next_step.due
        else "",
        due=due,
        overdue=due_at is not None and due_at <= view.now,
    )


def network(view: NetworkView) -> Page:
    rows = [_row(contact, view) for contact in view.contacts]
    words = current_words()
    if view.choices.any or view.next_url:
        shown = words.ngettext("{count} person shown", "{count} people shown", len(rows))
    else:
        shown = words.ngettext("{count} person", "{count} people", len(rows))
    return _page(
        "network",
        200,
        Chrome(view.csrf, "/app/network"),
        title=words.gettext("Network"),
        rows=rows,
        count=shown.format(count=len(rows)),
        due_here=sum(1 for row in rows if row.overdue),
        more=view.next_url is not None,
        choices=view.choices,
        next_url=view.next_url,
        first_url=view.first_url,
        notice=view.notice,
        clear_url="/app/network" if view.choices.any else None,
        counts=view.counts,
        sorts=[(value, words.gettext(label)) for value, label in SORTS],
        caption=words.gettext(CAPTIONS[view.sort])
        if view.sort == view.choices.sort
        else words.gettext("By name (archived people are never due)"),
    )


NEW_FIELDS = (
    "name",
    "given_name",
    "called_name",
    "email",
    "phone",
    "company",
    "role",
    "how_we_met",
    "shared_memory",
    "met",
    "relationship",
    "tags",
    "next_step",
    "next_step_due",
    "notes",
)


def new_contact(
    csrf: str, values: dict[str, str], errors: dict[str, str] | None = None, *, status: int = 200
) -> Page:
    errors = errors or {}
    fields = {name: Field(name, values.get(name, ""), errors.get(name)) for name in NEW_FIELDS}
    return _page(
        "new_contact",
        status,
        Chrome(csrf, "/app/contacts/new"),
        title=gettext("Add a contact"),
        csrf=csrf,
        fields=fields,
        problems=[fields[name] for name in NEW_FIELDS if name in errors],
        met_choices=((Met.RECENTLY.value, gettext("We just met")), (Met.BEFORE.value, gettext("We go back"))),
    )
