"""The web app's pages for one logged conversation with a contact: correcting it (the log form,
filled in with what was logged) and deleting it (a confirmation first). Routes in
tracker/web/app_conversation.py; the form is the contact's log form (app_contact.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from tracker.domain.model import Contact, Conversation, Member
from tracker.domain.quicklog import FormData
from tracker.rendering.app_contact import (
    NETWORK,
    ConversationForm,
    FormView,
    contact_path,
    conversation_form,
)
from tracker.rendering.app_pages import Chrome, Page, render_page
from tracker.rendering.labels import date_label
from tracker.rendering.pages import CHANNEL_LABELS
from tracker.rendering.reader import gettext, words


def conversation_path(contact_id: str, conversation_id: str, what: str) -> str:
    return contact_path(contact_id, f"conversations/{conversation_id}/{what}")


def logged_on(conversation: Conversation, member: Member) -> date:
    """The day the conversation was, on the member's calendar (the form's When)."""
    return conversation.when.astimezone(ZoneInfo(member.time_zone)).date()


@dataclass(frozen=True)
class CorrectView:
    member: Member
    contact: Contact
    conversation: Conversation
    today: date
    csrf: str
    values: FormData
    errors: dict[str, str] = field(default_factory=dict)


def correct_form(view: CorrectView) -> Page:
    contact, conversation = view.contact, view.conversation
    day = date_label(logged_on(conversation, view.member), words())
    logged_step = conversation.next_step
    return conversation_form(
        FormView(contact, view.today, view.csrf, view.values, view.errors),
        ConversationForm(
            title=gettext("Correct the conversation of {day} with {name}").format(day=day, name=contact.name),
            action=conversation_path(contact.contact_id, conversation.conversation_id, "edit"),
            button=gettext("Save the correction"),
            correcting=True,
            intro=gettext(
                "The last contact and next reconnect of {name}, and your goals' counts, follow what you save."
            ).format(name=contact.name),
            earliest_due=logged_step.due if logged_step else None,
        ),
    )


def delete_confirm(member: Member, contact: Contact, conversation: Conversation, csrf: str) -> Page:
    day = date_label(logged_on(conversation, member), words())
    return render_page(
        "contact_conversation_delete",
        200,
        Chrome(csrf, NETWORK),
        title=gettext("Delete the conversation of {day} with {name}?").format(day=day, name=contact.name),
        contact=contact,
        day=day,
        channel=gettext(CHANNEL_LABELS[conversation.channel]),
        summary=conversation.summary or "",
        action=conversation_path(contact.contact_id, conversation.conversation_id, "delete"),
        path=contact_path(contact.contact_id),
        csrf=csrf,
    )
