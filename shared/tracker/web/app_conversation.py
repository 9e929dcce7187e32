"""The web app's pages for one logged conversation: correcting it
(/app/contacts/{contact_id}/conversations/{conversation_id}/edit) and deleting it (.../delete).

The same service as the API's PATCH and DELETE /contacts/{id}/interactions/{id}: the contact's
last contact, next step and due date, and the weeks' counts, follow exactly as they do there.
The member comes only from the session; both ids from the path are looked up in the member's
own partition, so an unknown id and another member's are the same 404 page as a contact's.
Every POST checks its form token first (tracker/web/frame.py); a POST sent again applies nothing
twice (the same correction again changes nothing; a deleted conversation is not found).
"""

from __future__ import annotations

from collections.abc import Callable

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain.changes import KEEP
from tracker.domain.corrections import ConversationChanges
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Conversation, Member, NextStep
from tracker.domain.picks import local_date
from tracker.domain.quicklog import FormData, QuickLogEntry
from tracker.rendering import app_contact, app_conversation
from tracker.rendering.reader import gettext
from tracker.runtime import services
from tracker.web.app_contact import back_to_contact, contact_frame, log_form_refusal
from tracker.web.forms import check_quick_log
from tracker.web.frame import (
    SignedIn,
    respond,
)

router = APIGatewayHttpRouter()

CONVERSATION = "/app/contacts/<contact_id>/conversations/<conversation_id>"  # the resolver's form
_ROUTE = "/app/contacts/{contact_id}/conversations/{conversation_id}"
PAGES = frozenset({_ROUTE + "/edit", _ROUTE + "/delete"})

Handler = Callable[[SignedIn, str, str], Response[str]]


def _signed(contact_id: str, conversation_id: str, handle: Handler, *, post: bool = False) -> Response[str]:
    """The contact's frame (web/app_contact.contact_frame): then `handle(seen, contact_id,
    conversation_id)`; an unknown conversation is the contact's 404 page too."""
    return contact_frame(contact_id, lambda seen, known: handle(seen, known, conversation_id[:64]), post=post)


_back = back_to_contact


# ---------------------------------------------------------------- correcting


def form_of(conversation: Conversation, member: Member) -> FormData:
    """The log form as it first shows: what was logged."""
    step = conversation.next_step
    values = {
        "when": [app_conversation.logged_on(conversation, member).isoformat()],
        "channel": [conversation.channel.value],
        "summary": [conversation.summary or ""],
        "next_step": [step.text if step else ""],
        "next_step_due": [step.due.isoformat() if step and step.due else ""],
        "help_offered": [conversation.help_offered or ""],
        "help_received": [conversation.help_received or ""],
        "outcomes": [outcome.value for outcome in conversation.outcomes],
    }
    return FormData(values)


@router.get(CONVERSATION + "/edit", include_in_schema=False)
def correct_page(contact_id: str, conversation_id: str) -> Response[str]:
    def show(seen: SignedIn, contact_id: str, conversation_id: str) -> Response[str]:
        app, member = services(), seen.resumed.member
        contact, conversation = app.conversations.find(member.key, contact_id, conversation_id)
        view = app_conversation.CorrectView(
            member,
            contact,
            conversation,
            local_date(member, app.clock.now()),
            seen.csrf,
            form_of(conversation, member),
        )
        return respond(app_conversation.correct_form(view))

    return _signed(contact_id, conversation_id, show)


@router.post(CONVERSATION + "/edit", include_in_schema=False)
def correct_conversation(contact_id: str, conversation_id: str) -> Response[str]:
    return _signed(contact_id, conversation_id, _correct, post=True)


def _correct(seen: SignedIn, contact_id: str, conversation_id: str) -> Response[str]:
    app, member = services(), seen.resumed.member
    contact, before = app.conversations.find(member.key, contact_id, conversation_id)
    today = local_date(member, app.clock.now())
    typed = FormData({name: seen.form.all(name) for name in app_contact.CONVERSATION_FIELDS})
    # The log form's rules (its contact is this one); a next step kept as logged may be overdue.
    check = check_quick_log(
        FormData({**typed.fields, "contact": [contact.name[:200]]}), today, kept=before.next_step
    )
    errors = check.errors
    if not typed.first("when").strip():  # logging takes it as today; a correction asks
        errors = {**errors, "when": gettext("Enter the day you talked, for example 2026-11-26.")}
    if check.entry is not None and not errors:
        changes = _changes(check.entry, before, member)
        try:
            app.conversations.change(member.key, contact_id, conversation_id, changes)
        except InvalidInput as invalid:
            errors = log_form_refusal(invalid)
        else:
            return _back(contact_id, "corrected")
    view = app_conversation.CorrectView(member, contact, before, today, seen.csrf, typed, errors)
    return respond(app_conversation.correct_form(view))


def _changes(entry: QuickLogEntry, before: Conversation, member: Member) -> ConversationChanges:
    """Every field as the form says; the time of day kept while the day is the same (so that
    the order of a day's conversations stays), otherwise the day's instant as logging has it."""
    same_day = entry.when == app_conversation.logged_on(before, member)
    return ConversationChanges(
        when=KEEP if same_day else services().quicklog.instant(member, entry.when),
        channel=entry.channel,
        summary=entry.summary,
        next_step=NextStep(entry.next_step, entry.next_step_due) if entry.next_step else None,
        help_offered=entry.help_offered,
        help_received=entry.help_received,
        outcomes=entry.outcomes,
    )


# ---------------------------------------------------------------- deleting


@router.get(CONVERSATION + "/delete", include_in_schema=False)
def delete_page(contact_id: str, conversation_id: str) -> Response[str]:
    def confirm(seen: SignedIn, contact_id: str, conversation_id: str) -> Response[str]:
        member = seen.resumed.member
        contact, conversation = services().conversations.find(member.key, contact_id, conversation_id)
        return respond(app_conversation.delete_confirm(member, contact, conversation, seen.csrf))

    return _signed(contact_id, conversation_id, confirm)


@router.post(CONVERSATION + "/delete", include_in_schema=False)
def delete_conversation(contact_id: str, conversation_id: str) -> Response[str]:
    def delete(seen: SignedIn, contact_id: str, conversation_id: str) -> Response[str]:
        services().conversations.delete(seen.resumed.member.key, contact_id, conversation_id)
        return _back(contact_id, "conversation_deleted")

    return _signed(contact_id, conversation_id, delete, post=True)
