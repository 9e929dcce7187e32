"""The quick-log links as data: what a link allows, what an action did (for its undo link),
and how a typed name finds a contact. The service is tracker/services/quicklog.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from tracker.domain.links import LinkClaims, Purpose
from tracker.domain.model import Channel, Contact, Conversation, Identity, Member, Met, Outcome
from tracker.domain.text import fold

FORM_LINK_LIFETIME = timedelta(days=365)
UNDO_LINK_LIFETIME = timedelta(days=1)
KEEP_UNDO_RECORDS = timedelta(days=2)  # past the undo link's expiry: a late undo finds nothing
MAX_LINK_WRITES_PER_DAY = 10  # actions one link may take in a member's day (a leaked link's reach)
KEEP_LINK_USES = timedelta(days=2)  # a day's count, kept past that day in any time zone
MAX_SUGGESTIONS = 300  # names offered in the form's contact list
MAX_NAME_SEARCH = 2000  # contacts read at most to find a typed name (a Query on the partition)

# The quick-log form's text fields and how long each may be.
FIELD_LIMITS = {
    "contact": 200,
    "summary": 2000,
    "next_step": 300,
    "help_offered": 1000,
    "help_received": 1000,
    "shared_memory": 2000,  # as a contact's own (the API's Text)
}

ONE_TAP = frozenset({Purpose.REACHED_OUT, Purpose.SNOOZE})
FORM = frozenset({Purpose.LOG, Purpose.FORM})
LOG_PAGE = ONE_TAP | FORM | {Purpose.UNDO}


class QuickAction(StrEnum):
    """What a quick-log link did, so that its undo link can take it back."""

    REACHED_OUT = "reached_out"
    SNOOZE = "snooze"
    LOG = "log"


@dataclass(frozen=True)
class UndoRecord:
    """What one quick-log action changed. Undo puts `before` back (or removes a contact the
    action created) only while the contact is still at `after_revision`: nothing since."""

    undo_id: str
    action: QuickAction
    contact_id: str
    after_revision: int
    before: Contact | None = None  # None when the action created the contact
    conversation_id: str | None = None
    conversation_when: datetime | None = None
    local_date: date | None = None  # the day's picks the action was marked in


class LinkTrouble(StrEnum):
    INVALID = "invalid"  # altered, not ours, or for something else
    EXPIRED = "expired"
    REVOKED = "revoked"  # a personal link replaced by a newer one
    GONE = "gone"  # the member or the contact no longer exists
    REMOVED = "removed"  # the member was removed from their program or erased their data
    USED_UP = "used_up"  # the link made its writes for today (MAX_LINK_WRITES_PER_DAY)


class LinkProblem(Exception):
    """A link that cannot be used. Nothing was changed."""

    def __init__(self, trouble: LinkTrouble) -> None:
        super().__init__(trouble.value)
        self.trouble = trouble


class UnknownForm(Exception):
    """A form post whose id we did not sign for this link: forged, or from another link's
    form. Nothing was changed; the member can check the form and save it again."""


class AmbiguousName(Exception):
    """Several contacts answer to the name typed; the member must say which."""

    def __init__(self, name: str, count: int) -> None:
        super().__init__(name)
        self.name = name
        self.count = count


@dataclass(frozen=True)
class OpenLink:
    """A verified link with the member (and contact) it speaks for."""

    token: str
    claims: LinkClaims
    member: Member
    contact: Contact | None

    @property
    def purpose(self) -> Purpose:
        return self.claims.purpose

    @property
    def identity(self) -> Identity:
        return Identity(self.member.key.org_id, self.member.key.member_id, self.member.email)


@dataclass(frozen=True)
class QuickLogEntry:
    """What the member filled in on the quick-log form, validated."""

    contact_name: str
    when: date
    met: Met | None = None  # for a name new to the contacts: a new person, or someone known before
    channel: Channel = Channel.OTHER
    summary: str | None = None
    next_step: str | None = None
    next_step_due: date | None = None
    next_step_done: bool = False
    help_offered: str | None = None
    help_received: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    shared_memory: str | None = None  # what you remember enjoying together: kept on the contact


@dataclass(frozen=True)
class ActionResult:
    action: QuickAction
    contact: Contact
    conversation: Conversation | None = None
    created_contact: bool = False
    repeated: bool = False  # the same link (or form) came again: nothing new was done
    undo_token: str | None = None
    details_token: str | None = None  # opens the full form for this contact


class UndoOutcome(StrEnum):
    UNDONE = "undone"
    NOTHING_TO_UNDO = "nothing_to_undo"  # undone already, expired, or never finished
    CHANGED_SINCE = "changed_since"
    DELETED_SINCE = "deleted_since"  # the conversation it logged was deleted (DELETE .../interactions/{id})


@dataclass(frozen=True)
class FormLink:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class FormData:
    fields: dict[str, list[str]] = field(default_factory=dict)

    def first(self, name: str) -> str:
        values = self.fields.get(name) or [""]
        return values[0]

    def all(self, name: str) -> list[str]:
        return list(self.fields.get(name) or [])


def normalise_name(name: str) -> str:
    """A name as the form compares it: spacing, case and Latin accents aside ("Zoe" is "Zoë")."""
    return " ".join(fold(name).split())


def contact_label(contact: Contact, *, with_company: bool) -> str:
    """How the form names a contact; with the company when several share a name."""
    if with_company and contact.company:
        return f"{contact.name} ({contact.company})"
    return contact.name


def names_of(contact: Contact) -> set[str]:
    return {normalise_name(contact.name), normalise_name(contact_label(contact, with_company=True))}


def action_of(purpose: Purpose) -> QuickAction:
    if purpose is Purpose.REACHED_OUT:
        return QuickAction.REACHED_OUT
    if purpose is Purpose.SNOOZE:
        return QuickAction.SNOOZE
    return QuickAction.LOG
