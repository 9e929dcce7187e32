"""The web app's Network (/app/network) and Add a contact (/app/contacts/new).

Network is one page of ContactService.network (one Query: at most 99 contacts examined per page,
then a cursor) in the chosen sort (sort=due|last|name; none: the order added), under its counts
(one Query of the due-date index's keys), filtered by a ContactFilter
that also knows business/personal, due now and archived. Each sort, filter and page is its own
URL (a GET form). Add a contact checks the typed fields as the API's schema does (the import
cleaners of tracker.formats.people), then the domain's own rules (NewContact, refuse_past_due):
an InvalidInput is shown beside its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain.contacts import ContactFilter, ContactOrder, ContactRow
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Contact, Relationship
from tracker.domain.picks import local_date
from tracker.formats.people import (
    TAG_CHARS,
)
from tracker.rendering import app_network
from tracker.rendering.reader import gettext
from tracker.runtime import services
from tracker.web.contact_form import SERVICE_FIELDS, check_new_contact
from tracker.web.frame import (
    SignedIn,
    current_path,
    query_value,
    redirect,
    respond,
    signed_in_page,
    signed_in_post,
)

router = APIGatewayHttpRouter()

NETWORK = "/app/network"
NEW_CONTACT = "/app/contacts/new"
PAGES = frozenset({NETWORK, NEW_CONTACT})
PAGE_SIZE = 25
EXAMINED = 99  # contacts read per page when filtering: with the one after, a single Query of 100


@dataclass(frozen=True)
class NetworkFilter(ContactFilter):
    """The API's filter and what the page adds: business/personal, due now, archived only."""

    relationship: Relationship | None = None
    due_by: datetime | None = None  # due for a reconnect at or before this instant
    archived_only: bool = False

    @property
    def narrows(self) -> bool:
        return super().narrows or bool(self.relationship or self.due_by or self.archived_only)

    def matches(self, contact: Contact | ContactRow) -> bool:
        if self.archived_only and not contact.archived:
            return False
        if self.relationship is not None and contact.relationship is not self.relationship:
            return False
        if self.due_by is not None and (contact.due_at is None or contact.due_at > self.due_by):
            return False
        return super().matches(contact)


# ---------------------------------------------------------------- Network


@router.get(NETWORK, include_in_schema=False)
def network_page() -> Response[str]:
    return signed_in_page(current_path, _network)


def _choices() -> app_network.Choices:
    kind, sort = query_value("kind"), query_value("sort")
    return app_network.Choices(
        q=query_value("q").strip()[:100],
        tag=query_value("tag").strip()[:TAG_CHARS],
        kind=kind if kind in ("business", "personal") else "",
        due=query_value("due") == "1",
        starred=query_value("starred") == "1",
        archived=query_value("archived") == "1",
        sort=sort if sort in ("due", "last", "name") else "",
    )


def _network(seen: SignedIn) -> Response[str]:
    resumed = seen.resumed
    app = services()
    now = app.clock.now()
    chosen = _choices()
    where = NetworkFilter(
        q=chosen.q or None,
        tag=chosen.tag or None,
        starred=True if chosen.starred else None,
        include_archived=chosen.archived,
        relationship=Relationship(chosen.kind) if chosen.kind else None,
        due_by=now if chosen.due else None,
        archived_only=chosen.archived,
    )
    after = query_value("cursor")[:500] or None
    notice = None
    # Archived people are never due (not in the due-date index): they are shown by name.
    shown = "name" if chosen.sort == "due" and chosen.archived else chosen.sort
    order = ContactOrder(shown or "added")
    try:
        page, counts = app.contacts.network(
            resumed.member.key, where, after, PAGE_SIZE, examine=EXAMINED, order=order
        )
    except InvalidInput:
        page, counts = app.contacts.network(
            resumed.member.key, where, None, PAGE_SIZE, examine=EXAMINED, order=order
        )
        after, notice = None, gettext("That page link was out of date, so this is the first page.")
    added = query_value("added")
    if added and any(contact.contact_id == added for contact in page.items):
        notice = next(
            gettext("Added {name}.").format(name=c.name) for c in page.items if c.contact_id == added
        )
    elif added:
        notice = gettext("The contact was added.")
    view = app_network.NetworkView(
        member=resumed.member,
        contacts=page.items,
        now=now,
        csrf=seen.csrf,
        choices=chosen,
        next_url=f"{NETWORK}?{urlencode({**chosen.query(), 'cursor': page.next_cursor})}"
        if page.next_cursor
        else None,
        first_url=(f"{NETWORK}?{urlencode(chosen.query())}" if chosen.any else NETWORK) if after else None,
        notice=notice,
        counts=counts,
        sort=shown,
    )
    return respond(app_network.network(view))


# ---------------------------------------------------------------- Add a contact


@router.get(NEW_CONTACT, include_in_schema=False)
def new_contact_page() -> Response[str]:
    return signed_in_page(
        current_path, lambda seen: respond(app_network.new_contact(seen.csrf, {"relationship": "business"}))
    )


@router.post(NEW_CONTACT, include_in_schema=False)
def add_contact() -> Response[str]:
    return signed_in_post(NEW_CONTACT, _add_contact)


def _add_contact(seen: SignedIn) -> Response[str]:
    resumed, form, csrf = seen.resumed, seen.form, seen.csrf
    values = {name: form.first(name) for name in app_network.NEW_FIELDS}
    check = check_new_contact(form, local_date(resumed.member, services().clock.now()))
    errors = check.errors
    if check.contact is not None:
        try:
            created = services().contacts.create(resumed.identity, check.contact)
        except InvalidInput as refused:
            field = SERVICE_FIELDS.get(refused.field or "", refused.field or "name")
            message = gettext("Choose today or a later date.") if field == "next_step_due" else str(refused)
            errors = {field if field in values else "name": message}
        else:
            return redirect(f"{NETWORK}?{urlencode({'added': created.contact_id})}")
    return respond(app_network.new_contact(csrf, values, errors, status=422))
