"""The web app's Network (/app/network) and Add a contact (/app/contacts/new).

Network is one page of ContactService.list (one Query: at most 99 contacts examined per page,
then a cursor), filtered by a ContactFilter that also knows business/personal, due now and
archived. Each filter and page is its own URL (a GET form). Add a contact checks the typed
fields as the API's schema does (the import cleaners of tracker.formats.people), then the
domain's own rules (NewContact, refuse_past_due): an InvalidInput is shown beside its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain.contacts import ContactFilter, NewContact
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Contact, Met, NextStep, Relationship
from tracker.domain.quicklog import FormData
from tracker.formats.people import (
    MAX_TAGS,
    NAME_CHARS,
    NOTES_CHARS,
    SHORT_CHARS,
    TAG_CHARS,
    TEXT_CHARS,
    clean_email,
    clean_phone,
    multi_line,
    single_line,
)
from tracker.rendering import app_network, app_pages
from tracker.runtime import services
from tracker.web.app_routes import (
    _form,
    _here,
    _html,
    _key,
    _posted_by_this_session,
    _query,
    _redirect,
    _safely,
    _signed_in,
    _to_sign_in,
)
from tracker.web.sessions import session_token

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

    def matches(self, contact: Contact) -> bool:
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
    return _safely(_network)


def _choices() -> app_network.Choices:
    kind = _query("kind")
    return app_network.Choices(
        q=_query("q").strip()[:100],
        tag=_query("tag").strip()[:TAG_CHARS],
        kind=kind if kind in ("business", "personal") else "",
        due=_query("due") == "1",
        starred=_query("starred") == "1",
        archived=_query("archived") == "1",
    )


def _network() -> Response[str]:
    resumed, clear = _signed_in()
    if resumed is None:
        return _to_sign_in(_here(), clear)
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
    after = _query("cursor")[:500] or None
    notice = None
    try:
        page = app.contacts.list(resumed.member.key, where, after, PAGE_SIZE, examine=EXAMINED)
    except InvalidInput:
        page = app.contacts.list(resumed.member.key, where, None, PAGE_SIZE, examine=EXAMINED)
        after, notice = None, "That page link was out of date, so this is the first page."
    added = _query("added")
    if added and any(contact.contact_id == added for contact in page.items):
        notice = next(f"Added {c.name}." for c in page.items if c.contact_id == added)
    elif added:
        notice = "The contact was added."
    view = app_network.NetworkView(
        member=resumed.member,
        contacts=page.items,
        now=now,
        csrf=session_token(_key(), resumed.session.secret_hash),
        choices=chosen,
        next_url=f"{NETWORK}?{urlencode({**chosen.query(), 'cursor': page.next_cursor})}"
        if page.next_cursor
        else None,
        first_url=(f"{NETWORK}?{urlencode(chosen.query())}" if chosen.any else NETWORK) if after else None,
        notice=notice,
    )
    return _html(app_network.network(view))


# ---------------------------------------------------------------- Add a contact

FIELDS = (
    "name",
    "given_name",
    "called_name",
    "email",
    "phone",
    "company",
    "role",
    "how_we_met",
    "met",
    "relationship",
    "tags",
    "next_step",
    "next_step_due",
    "notes",
)


@router.get(NEW_CONTACT, include_in_schema=False)
def new_contact_page() -> Response[str]:
    def show() -> Response[str]:
        resumed, clear = _signed_in()
        if resumed is None:
            return _to_sign_in(_here(), clear)
        csrf = session_token(_key(), resumed.session.secret_hash)
        return _html(app_network.new_contact(csrf, {"relationship": "business"}))

    return _safely(show)


@router.post(NEW_CONTACT, include_in_schema=False)
def add_contact() -> Response[str]:
    return _safely(_add_contact)


def _line(values: dict[str, str], errors: dict[str, str], name: str, label: str, limit: int) -> str | None:
    value = values.get(name, "")
    if len(value.strip()) > limit:
        errors[name] = f"{label} is longer than {limit} characters: shorten it."
    return single_line(value, limit)


def _choices_checked(values: dict[str, str], errors: dict[str, str]) -> tuple[str, str, list[str]]:
    """`met`, business/personal and the tags, as typed (their errors into `errors`)."""
    met = values.get("met", "")
    if met not in ("recently", "before"):
        errors["met"] = "Choose 'We just met' or 'We go back'."
    relationship = values.get("relationship", "")
    if relationship not in ("business", "personal"):
        errors["relationship"] = "Choose business or personal."
    tags = [tag.strip() for tag in values.get("tags", "").split(",") if tag.strip()]
    if len(tags) > MAX_TAGS:
        errors["tags"] = f"Use at most {MAX_TAGS} tags."
    elif any(len(tag) > TAG_CHARS for tag in tags):
        errors["tags"] = f"Keep each tag to {TAG_CHARS} characters or fewer."
    return met, relationship, tags


def checked(values: dict[str, str]) -> tuple[NewContact | None, dict[str, str]]:
    """The contact the form describes, or the errors to show beside its fields."""
    errors: dict[str, str] = {}
    name = _line(values, errors, "name", "The name", NAME_CHARS)
    if not name and "name" not in errors:
        errors["name"] = "Enter their name."
    given_name = _line(values, errors, "given_name", "The given name", NAME_CHARS)
    called_name = _line(values, errors, "called_name", "What you call them", NAME_CHARS)
    email = clean_email(values.get("email")) if values.get("email", "").strip() else None
    if values.get("email", "").strip() and email is None:
        errors["email"] = "Enter an email address like name@example.org, or leave it empty."
    phone = clean_phone(values.get("phone")) if values.get("phone", "").strip() else None
    if values.get("phone", "").strip() and phone is None:
        errors["phone"] = "Enter the number with its country code, like +14155550123, or leave it empty."
    company = _line(values, errors, "company", "The company", SHORT_CHARS)
    role = _line(values, errors, "role", "The role", SHORT_CHARS)
    how = values.get("how_we_met", "")
    if len(how.strip()) > TEXT_CHARS:
        errors["how_we_met"] = f"How you met is longer than {TEXT_CHARS} characters: shorten it."
    notes = values.get("notes", "")
    if len(notes.strip()) > NOTES_CHARS:
        errors["notes"] = f"The notes are longer than {NOTES_CHARS} characters: shorten them."
    met, relationship, tags = _choices_checked(values, errors)
    step = _line(values, errors, "next_step", "The next step", SHORT_CHARS)
    due: date | None = None
    if values.get("next_step_due", "").strip():
        try:
            due = date.fromisoformat(values["next_step_due"].strip())
        except ValueError:
            errors["next_step_due"] = "Enter the date as YYYY-MM-DD, e.g. 2026-12-24."
        if due is not None and not step and "next_step" not in errors:
            errors["next_step"] = "Say what the next step is, or clear its date."
    if errors or not name:
        return None, errors
    new = NewContact(
        name=name,
        given_name=given_name,
        called_name=called_name,
        email=email,
        phone=phone,
        company=company,
        role=role,
        how_we_met=multi_line(how, TEXT_CHARS),
        met=Met(met),
        relationship=Relationship(relationship),
        tags=tuple(single_line(tag, TAG_CHARS) or tag for tag in tags),
        next_step=NextStep(step, due) if step else None,
        notes=multi_line(notes, NOTES_CHARS),
    )
    return new, {}


# What a domain refusal's field is called on this form.
_FORM_FIELD = {"next_step.due": "next_step_due", "known_since": "met", "last_contact_at": "met"}


def _add_contact() -> Response[str]:
    resumed, clear = _signed_in()
    if resumed is None:
        return _to_sign_in(NEW_CONTACT, clear)
    form: FormData = _form()
    csrf = session_token(_key(), resumed.session.secret_hash)
    if not _posted_by_this_session(resumed, form):
        return _html(app_pages.refused("forged", 403, csrf=csrf))
    values = {name: form.first(name)[: NOTES_CHARS + 100] for name in FIELDS}
    new, errors = checked(values)
    if new is not None:
        try:
            created = services().contacts.create(resumed.identity, new)
        except InvalidInput as refused:
            field = _FORM_FIELD.get(refused.field or "", refused.field or "name")
            message = str(refused)
            if field == "next_step_due":
                message = "Choose today or a later date."
            errors = {field if field in FIELDS else "name": message}
        else:
            return _redirect(f"{NETWORK}?{urlencode({'added': created.contact_id})}")
    return _html(app_network.new_contact(csrf, values, errors, status=422))
