"""The member's contacts: what adding and changing one means, and how a list is filtered."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from tracker.domain.changes import KEEP, Keep, chosen
from tracker.domain.errors import InvalidInput
from tracker.domain.model import DEFAULT_CADENCE_DAYS, Contact, ContactDetails, NextStep, Relationship
from tracker.domain.text import fold


def unique(texts: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Drop repeats that differ only in case, keeping the first spelling."""
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(text.casefold(), text)
    return tuple(seen.values())


def distinct(texts: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Drop exact repeats (an idea typed twice, once), keeping the order."""
    return tuple(dict.fromkeys(texts))


def refuse_past_due(step: NextStep | None, today: date, *, kept: NextStep | None = None) -> None:
    """A next step set now falls due today or later on the member's own calendar, as the form
    says. `kept` is the step already stored: sent back unchanged, it stays even if overdue (an
    import may carry a past date; it shows as "overdue since ...")."""
    if step is None or step.due is None or step.due >= today or step == kept:
        return
    raise InvalidInput(
        f"next_step.due {step.due.isoformat()} is in the past: choose today or a later date",
        field="next_step.due",
    )


@dataclass(frozen=True, kw_only=True)
class NewContact(ContactDetails):
    """A person to add. Without `cadence_days` the member's default applies; without a known
    `last_contact_at` the person is due for a reconnect at once."""

    cadence_days: int | None = None
    last_contact_at: datetime | None = None

    def contact(self, contact_id: str, now: datetime, default_cadence_days: int) -> Contact:
        details = chosen(self)
        details.update(
            tags=unique(self.tags),
            help_ideas=distinct(self.help_ideas),
            cadence_days=self.cadence_days or default_cadence_days or DEFAULT_CADENCE_DAYS,
        )
        return Contact(contact_id=contact_id, created_at=now, updated_at=now, **details)


@dataclass(frozen=True)
class ContactChanges:
    """A change to a contact: each field a new value (None clears an optional one) or KEEP."""

    name: str | Keep = KEEP
    email: str | Keep | None = KEEP
    phone: str | Keep | None = KEEP
    company: str | Keep | None = KEEP
    role: str | Keep | None = KEEP
    linkedin_url: str | Keep | None = KEEP
    how_we_met: str | Keep | None = KEEP
    relationship: Relationship | Keep = KEEP
    tags: tuple[str, ...] | Keep = KEEP
    starred: bool | Keep = KEEP
    cadence_days: int | Keep = KEEP
    notes: str | Keep | None = KEEP
    help_ideas: tuple[str, ...] | Keep = KEEP
    next_step: NextStep | Keep | None = KEEP
    archived: bool | Keep = KEEP
    snoozed_until: datetime | Keep | None = KEEP  # set by a snooze, not by the member's edits

    def apply(self, contact: Contact) -> Contact:
        """The contact with these changes; the derived fields (due date) follow by themselves."""
        values = chosen(self)
        if isinstance(self.tags, tuple):
            values["tags"] = unique(self.tags)
        if isinstance(self.help_ideas, tuple):
            values["help_ideas"] = distinct(self.help_ideas)
        return replace(contact, **values)


@dataclass(frozen=True)
class ContactFilter:
    q: str | None = None
    tag: str | None = None
    starred: bool | None = None
    include_archived: bool = False

    @property
    def narrows(self) -> bool:
        return bool(self.q or self.tag or self.starred is not None)

    def matches(self, contact: Contact) -> bool:
        if contact.archived and not self.include_archived:
            return False
        if self.starred is not None and contact.starred != self.starred:
            return False
        if self.tag and self.tag.casefold() not in {tag.casefold() for tag in contact.tags}:
            return False
        if self.q:
            haystack = " ".join(
                text
                for text in (contact.name, contact.company, contact.role, contact.email, *contact.tags)
                if text
            )
            return all(word in fold(haystack) for word in fold(self.q).split())
        return True
