"""The JSON of contacts and their conversations (the API calls them interactions)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from tracker.api.schemas.common import (
    CadenceDays,
    Day,
    Email,
    FilledShortText,
    Flag,
    Instant,
    LinkedInUrl,
    LongText,
    Name,
    Phone,
    ShortText,
    Tag,
    Text,
    When,
    _In,
    _not_null,
    _Out,
    _refuse_nulls,
)
from tracker.domain.contacts import ContactChanges, NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.corrections import ConversationChanges
from tracker.domain.model import Channel, Contact, Conversation, Met, NextStep, Outcome, Relationship


class NextStepIn(_In):
    text: FilledShortText = Field(
        description='What happens next, e.g. "Email her next month about the project"'
    )
    due: Day | None = Field(
        default=None,
        description="When it is due (YYYY-MM-DD): today or later in your time zone (a past date is "
        "422, as on the form; a step stored with one, say imported, may be sent back unchanged)",
    )

    @staticmethod
    def held(given: NextStepIn | None) -> NextStep | None:
        return NextStep(given.text, given.due) if given else None


class NextStepOut(_Out):
    text: str
    due: date | None

    @classmethod
    def of(cls, next_step: NextStep | None) -> NextStepOut | None:
        return cls(text=next_step.text, due=next_step.due) if next_step else None


# ---------------------------------------------------------------- contacts


class ContactFields(_In):
    given_name: Name | None = Field(
        default=None,
        description='Their given (first) name, e.g. "John" for "Mr. John Doe Sr." (imports fill it in from '
        "address books); cleared when `name` changes without a new one",
    )
    called_name: Name | None = Field(
        default=None,
        description='What you call them, e.g. "Bea" or "Dr. Ruiz": drafts say "Hi Bea," and texts name '
        "them so (otherwise the given name, or the first word of `name` without titles)",
    )
    email: Email | None = None
    phone: Phone | None = None
    company: ShortText | None = None
    role: ShortText | None = None
    linkedin_url: LinkedInUrl | None = None
    how_we_met: Text | None = Field(
        default=None, description="How you know them; drafts use it to recall the connection"
    )
    shared_memory: Text | None = Field(
        default=None,
        description='What you remember enjoying together, e.g. "the pub quiz nights at the Crown"; '
        "drafts open with it",
    )
    known_since: Day | None = Field(
        default=None,
        description="When you first met or connected (YYYY-MM-DD), if you know; a date before the "
        "week you add them means you knew them before (met: before)",
    )
    met: Met | None = Field(
        default=None,
        description="'recently': we just met (a new person in this week's goals); 'before': we go "
        "back (a reconnect after 90 days of silence, never new). Default when adding: 'before' if "
        "last_contact_at or an earlier known_since says so, else 'recently'. Changing it corrects "
        "the week that counted them",
    )
    relationship: Relationship | None = None
    tags: list[Tag] | None = Field(default=None, max_length=20)
    starred: Flag | None = None
    cadence_days: CadenceDays | None = None
    notes: LongText | None = None
    help_ideas: list[ShortText] | None = Field(
        default=None, max_length=20, description="Ways you could help this person"
    )
    next_step: NextStepIn | None = None


class ContactCreate(ContactFields):
    name: Name
    last_contact_at: When | None = Field(
        default=None,
        description="When you last spoke, if you remember (otherwise they are due for a reconnect at once)",
    )

    def command(self) -> NewContact:
        values = self.model_dump(exclude_none=True, exclude={"next_step"})
        return NewContact(**_as_held(values), next_step=NextStepIn.held(self.next_step))


class ContactPatch(ContactFields):
    """Only the fields you send change; send null to clear an optional field."""

    # Fields that cannot be cleared: null is refused (below), and the document does not offer it.
    name: Name | None = Field(default=None, json_schema_extra=_not_null)
    relationship: Relationship | None = Field(default=None, json_schema_extra=_not_null)
    met: Met | None = Field(
        default=None,
        description="'recently' (we just met) or 'before' (we go back); the week that counted "
        "them as a new person (or not) is corrected",
        json_schema_extra=_not_null,
    )
    starred: Flag | None = Field(default=None, json_schema_extra=_not_null)
    cadence_days: CadenceDays | None = Field(default=None, json_schema_extra=_not_null)
    archived: Flag | None = Field(
        default=None, description="Archived contacts are never picked", json_schema_extra=_not_null
    )

    @model_validator(mode="after")
    def _fields_that_cannot_be_cleared(self) -> ContactPatch:
        return _refuse_nulls(self, {"name", "relationship", "met", "starred", "cadence_days", "archived"})

    def changes(self) -> ContactChanges:
        values = self.model_dump(exclude_unset=True, exclude={"next_step"})
        if "next_step" in self.model_fields_set:
            values["next_step"] = NextStepIn.held(self.next_step)
        return ContactChanges(**_as_held(values))


class ContactOut(_Out):
    id: str
    name: str
    given_name: str | None
    called_name: str | None
    email: str | None
    phone: str | None
    company: str | None
    role: str | None
    linkedin_url: str | None
    how_we_met: str | None
    shared_memory: str | None = Field(description="What you remember enjoying together")
    known_since: date | None = Field(description="When you first met or connected, if known")
    met: Met = Field(description="'recently' (we just met: a new person) or 'before' (we go back)")
    relationship: Relationship
    tags: list[str]
    starred: bool
    cadence_days: int
    notes: str | None
    help_ideas: list[str]
    next_step: NextStepOut | None
    archived: bool
    last_contact_at: Instant | None = Field(description="When the latest logged conversation took place")
    last_summary: str | None = Field(description="What the latest conversation was about")
    due_at: Instant | None = Field(description="When this person next becomes a reconnect pick")
    snoozed_until: Instant | None
    interaction_count: int
    created_at: Instant
    updated_at: Instant

    @classmethod
    def of(cls, contact: Contact) -> ContactOut:
        plain = {name: getattr(contact, name) for name in cls.model_fields if name not in _CONTACT_OUT_OWN}
        return cls(
            **plain,
            id=contact.contact_id,
            tags=list(contact.tags),
            help_ideas=list(contact.help_ideas),
            next_step=NextStepOut.of(contact.next_step),
            interaction_count=contact.conversation_count,
        )


_CONTACT_OUT_OWN = frozenset({"id", "tags", "help_ideas", "next_step", "interaction_count"})


def _as_held(values: dict[str, Any]) -> dict[str, Any]:
    """JSON lists as the tuples the domain holds (a null list clears it)."""
    for name in ("tags", "help_ideas"):
        if name in values:
            values[name] = tuple(values[name] or ())
    return values


# ---------------------------------------------------------------- conversations ("interactions" in the API)


class InteractionCreate(_In):
    when: When | None = Field(
        default=None, description="When you spoke, with a time zone offset (default: now)"
    )
    channel: Channel = Channel.OTHER
    summary: LongText | None = Field(default=None, description="What you talked about")
    next_step: NextStepIn | None = Field(
        default=None, description="What happens next; it becomes the contact's next step"
    )
    next_step_done: Flag = Field(
        default=False,
        description="The contact's previous next step is done (cleared unless a new one is given)",
    )
    help_offered: Text | None = None
    help_received: Text | None = None
    outcomes: list[Outcome] = Field(default_factory=list, max_length=len(Outcome))

    def command(self) -> NewConversation:
        values = self.model_dump(exclude_none=True, exclude={"next_step", "outcomes"})
        return NewConversation(
            **values, next_step=NextStepIn.held(self.next_step), outcomes=tuple(self.outcomes)
        )


class InteractionPatch(_In):
    """Only the fields you send change; send null to clear an optional field."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})  # an empty change is refused

    when: When | None = Field(
        default=None, description="When you spoke, with a time zone offset", json_schema_extra=_not_null
    )
    channel: Channel | None = Field(default=None, json_schema_extra=_not_null)
    summary: LongText | None = Field(default=None, description="What you talked about")
    next_step: NextStepIn | None = Field(
        default=None,
        description="What happens next; if the contact's next step is this conversation's, it follows",
    )
    help_offered: Text | None = None
    help_received: Text | None = None
    outcomes: list[Outcome] | None = Field(default=None, max_length=len(Outcome), json_schema_extra=_not_null)

    @model_validator(mode="after")
    def _something_and_no_nulls(self) -> InteractionPatch:
        if not self.model_fields_set:
            raise PydanticCustomError("empty_change", "Send at least one field to change")
        return _refuse_nulls(self, {"when", "channel", "outcomes"})

    def changes(self) -> ConversationChanges:
        values = self.model_dump(exclude_unset=True, exclude={"next_step", "outcomes"})
        if "next_step" in self.model_fields_set:
            values["next_step"] = NextStepIn.held(self.next_step)
        if self.outcomes is not None:
            values["outcomes"] = tuple(self.outcomes)
        return ConversationChanges(**values)


class InteractionOut(_Out):
    id: str
    contact_id: str
    when: Instant
    channel: Channel
    summary: str | None
    next_step: NextStepOut | None
    help_offered: str | None
    help_received: str | None
    outcomes: list[Outcome]
    created_at: Instant

    @classmethod
    def of(cls, conversation: Conversation) -> InteractionOut:
        return cls(
            id=conversation.conversation_id,
            contact_id=conversation.contact_id,
            when=conversation.when,
            channel=conversation.channel,
            summary=conversation.summary,
            next_step=NextStepOut.of(conversation.next_step),
            help_offered=conversation.help_offered,
            help_received=conversation.help_received,
            outcomes=list(conversation.outcomes),
            created_at=conversation.created_at,
        )


class LoggedInteractionOut(InteractionOut):
    contact: ContactOut = Field(description="The contact after this conversation: last contact, due date")


class ChangedInteractionOut(InteractionOut):
    contact: ContactOut = Field(
        description="The contact after the change: last contact, next step, due date, count"
    )
