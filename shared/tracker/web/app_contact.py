"""The web app's contact pages: /app/contacts/{contact_id} (details, timeline, star, archive),
its edit form, its delete confirmation and logging a conversation from there.

The member comes only from the session; the contact id from the path is looked up in the
member's own partition, so an unknown id and another member's are the same 404 page. Every
POST checks its form token first (tracker/web/frame.py).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain.contacts import ContactChanges
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.picks import local_date
from tracker.domain.quicklog import FormData
from tracker.rendering import app_contact
from tracker.rendering.reader import gettext, said
from tracker.runtime import services
from tracker.services.sessions import Resumed
from tracker.web.contact_form import SERVICE_FIELDS, check_contact, form_of
from tracker.web.forms import check_quick_log
from tracker.web.frame import (
    SignedIn,
    current_path,
    posted_form,
    query_value,
    redirect,
    respond,
    signed_in_page,
    signed_in_post,
)

router = APIGatewayHttpRouter()

CONTACT = "/app/contacts/<contact_id>"  # the resolver's form; the HTTP API's is {contact_id}
_ROUTE = "/app/contacts/{contact_id}"
PAGES = frozenset({_ROUTE, _ROUTE + "/edit", _ROUTE + "/log", _ROUTE + "/delete"})
TIMELINE_PAGE = 20  # conversations per page of the timeline
ACTIONS = {
    "star": (ContactChanges(starred=True), "starred"),
    "unstar": (ContactChanges(starred=False), "unstarred"),
    "archive": (ContactChanges(archived=True), "archived"),
    "unarchive": (ContactChanges(archived=False), "unarchived"),
}

Handler = Callable[[Resumed, str, str], Response[str]]


def contact_frame(
    contact_id: str, handle: Callable[[SignedIn, str], Response[str]], *, post: bool = False
) -> Response[str]:
    """The frame's (signed in, a POST's form token checked) for a page of one contact (its
    conversations' pages too): an unknown or another member's contact, or anything under it,
    is the contact's 404 page. Then `handle(seen, contact_id)`."""

    def page(seen: SignedIn) -> Response[str]:
        try:
            return handle(seen, contact_id[:64])
        except NotFound:
            return respond(app_contact.not_found(seen.csrf))

    if post:
        return signed_in_post(app_contact.contact_path(contact_id[:64]), page)
    return signed_in_page(current_path, page)


def _signed(contact_id: str, handle: Handler, *, post: bool = False) -> Response[str]:
    return contact_frame(contact_id, lambda seen, known: handle(seen.resumed, known, seen.csrf), post=post)


def back_to_contact(contact_id: str, did: str) -> Response[str]:
    """Back to the contact's page, saying what was done (`did`)."""
    return redirect(f"{app_contact.contact_path(contact_id)}?{urlencode({'did': did})}")


_back = back_to_contact


# ---------------------------------------------------------------- the contact


@router.get(CONTACT, include_in_schema=False)
def contact_page(contact_id: str) -> Response[str]:
    return _signed(contact_id, _show)


def _show(resumed: Resumed, contact_id: str, csrf: str) -> Response[str]:
    app = services()
    after = query_value("after")[:500] or None
    owner = resumed.member.key
    try:
        contact, conversations = app.conversations.timeline(owner, contact_id, after, TIMELINE_PAGE)
    except InvalidInput:  # a cursor that is not ours: the newest page
        after = None
        contact, conversations = app.conversations.timeline(owner, contact_id, None, TIMELINE_PAGE)
    now = app.clock.now()
    view = app_contact.ContactView(
        resumed.member,
        contact,
        conversations,
        now,
        local_date(resumed.member, now),
        csrf,
        notice=query_value("did"),
        paged=after is not None,
    )
    return respond(app_contact.contact_page(view))


@router.post(CONTACT, include_in_schema=False)
def act_on_contact(contact_id: str) -> Response[str]:
    return _signed(contact_id, _act, post=True)


def _act(resumed: Resumed, contact_id: str, csrf: str) -> Response[str]:
    action = ACTIONS.get(posted_form().first("action"))
    if action is None:  # nothing to do, for a contact that must be there
        return redirect(
            app_contact.contact_path(services().contacts.get(resumed.member.key, contact_id).contact_id)
        )
    changes, did = action
    services().contacts.update(resumed.member.key, contact_id, changes)
    return _back(contact_id, did)


# ---------------------------------------------------------------- deleting


@router.get(CONTACT + "/delete", include_in_schema=False)
def delete_page(contact_id: str) -> Response[str]:
    def confirm(resumed: Resumed, contact_id: str, csrf: str) -> Response[str]:
        contact = services().contacts.get(resumed.member.key, contact_id)
        return respond(app_contact.delete_confirm(contact, csrf))

    return _signed(contact_id, confirm)


@router.post(CONTACT + "/delete", include_in_schema=False)
def delete_contact(contact_id: str) -> Response[str]:
    def delete(resumed: Resumed, contact_id: str, csrf: str) -> Response[str]:
        contacts = services().contacts
        name = contacts.get(resumed.member.key, contact_id).name
        contacts.delete(resumed.member.key, contact_id)
        return respond(app_contact.deleted(name, csrf))

    return _signed(contact_id, delete, post=True)


# ---------------------------------------------------------------- editing


@router.get(CONTACT + "/edit", include_in_schema=False)
def edit_page(contact_id: str) -> Response[str]:
    def show(resumed: Resumed, contact_id: str, csrf: str) -> Response[str]:
        contact = services().contacts.get(resumed.member.key, contact_id)
        today = local_date(resumed.member, services().clock.now())
        return respond(app_contact.edit_form(app_contact.FormView(contact, today, csrf, form_of(contact))))

    return _signed(contact_id, show)


@router.post(CONTACT + "/edit", include_in_schema=False)
def save_contact(contact_id: str) -> Response[str]:
    return _signed(contact_id, _save, post=True)


def _save(resumed: Resumed, contact_id: str, csrf: str) -> Response[str]:
    app = services()
    contact = app.contacts.get(resumed.member.key, contact_id)
    form = posted_form()
    today = local_date(resumed.member, app.clock.now())
    check = check_contact(form, today, contact.next_step)
    errors = check.errors
    if check.changes is not None:
        try:
            app.contacts.update(resumed.member.key, contact_id, check.changes)
        except InvalidInput as invalid:
            errors = {SERVICE_FIELDS.get(invalid.field or "", "name"): _in_words(invalid)}
        else:
            return _back(contact_id, "saved")
    return respond(app_contact.edit_form(app_contact.FormView(contact, today, csrf, form, errors)))


def log_form_refusal(invalid: InvalidInput) -> dict[str, str]:
    """A conversation the services refused (logged or corrected), said beside its field."""
    if invalid.field == "when":
        return {"when": gettext("That date is in the future: choose today or an earlier day.")}
    return {"next_step_due": gettext("Choose today or a later date.")}


def _in_words(invalid: InvalidInput) -> str:
    if invalid.field == "met":
        return gettext("You added them in an earlier week than you say you met: choose 'We go back'.")
    if invalid.field and invalid.field.startswith("next_step"):
        return gettext("Choose today or a later date.")
    message = said(invalid)
    return message[:1].upper() + message[1:] + "."


# ---------------------------------------------------------------- logging a conversation


@router.get(CONTACT + "/log", include_in_schema=False)
def log_page(contact_id: str) -> Response[str]:
    def show(resumed: Resumed, contact_id: str, csrf: str) -> Response[str]:
        contact = services().contacts.get(resumed.member.key, contact_id)
        today = local_date(resumed.member, services().clock.now())
        return respond(app_contact.log_form(app_contact.FormView(contact, today, csrf)))

    return _signed(contact_id, show)


@router.post(CONTACT + "/log", include_in_schema=False)
def log_conversation(contact_id: str) -> Response[str]:
    return _signed(contact_id, _log, post=True)


def _log(resumed: Resumed, contact_id: str, csrf: str) -> Response[str]:
    app = services()
    member = resumed.member
    contact = app.contacts.get(member.key, contact_id)
    today = local_date(member, app.clock.now())
    form = posted_form()
    # The quick-log form's rules, for this contact only (its name stands in for the typed one).
    check = check_quick_log(FormData({**form.fields, "contact": [contact.name[:200]]}), today)
    errors = check.errors
    entry = check.entry
    if entry is not None:
        new = app.quicklog.conversation(member, entry)
        try:
            app.conversations.log(member.key, contact_id, new)
        except InvalidInput as invalid:
            errors = log_form_refusal(invalid)
        else:
            return _back(contact_id, "logged")
    return respond(app_contact.log_form(app_contact.FormView(contact, today, csrf, form, errors)))
