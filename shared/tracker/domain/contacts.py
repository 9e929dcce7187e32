"""The member's contacts: what adding and changing one means, and how a list is filtered."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from tracker.domain import weeks
from tracker.domain.changes import KEEP, Keep, chosen
from tracker.domain.errors import InvalidInput
from tracker.domain.model import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_TIME_ZONE,
    Contact,
    ContactDetails,
    Met,
    NextStep,
    Relationship,
)
from tracker.domain.text import fold

_JUST_MET_BUT_KNOWN = (
    "met is 'recently' (you just met) but {what} says you knew them before the week you added them: "
    "send met 'before', or correct {what}"
)


def known_before_added(known_since: date | None, created_at: datetime, time_zone: str) -> bool:
    """The member knew the person before the week they added them (on the member's calendar)."""
    return known_since is not None and weeks.iso_week(known_since) < weeks.week_of(created_at, time_zone)


def _check_known_since(known_since: date | None, now: datetime, time_zone: str) -> None:
    if known_since is not None and known_since > now.astimezone(ZoneInfo(time_zone)).date():
        raise InvalidInput("known_since cannot be in the future", field="known_since")


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
    `last_contact_at` the person is due for a reconnect at once. Without `met`: "before" when
    a last contact or a `known_since` before this week says the member knew them, else
    "recently" (a new person this week)."""

    cadence_days: int | None = None
    last_contact_at: datetime | None = None
    met: Met | None = None

    def contact(
        self, contact_id: str, now: datetime, default_cadence_days: int, time_zone: str = DEFAULT_TIME_ZONE
    ) -> Contact:
        _check_known_since(self.known_since, now, time_zone)
        spoke_before = self.last_contact_at is not None and weeks.week_of(
            self.last_contact_at, time_zone
        ) < weeks.week_of(now, time_zone)
        knew_before = known_before_added(self.known_since, now, time_zone)
        if self.met is Met.RECENTLY and (knew_before or spoke_before):
            what = "known_since" if knew_before else "last_contact_at"
            raise InvalidInput(_JUST_MET_BUT_KNOWN.format(what=what), field="met")
        details = chosen(self)
        details.update(
            tags=unique(self.tags),
            help_ideas=distinct(self.help_ideas),
            cadence_days=self.cadence_days or default_cadence_days or DEFAULT_CADENCE_DAYS,
            met=self.met or (Met.BEFORE if self.last_contact_at is not None or knew_before else Met.RECENTLY),
        )
        return Contact(contact_id=contact_id, created_at=now, updated_at=now, **details)


@dataclass(frozen=True)
class ContactChanges:
    """A change to a contact: each field a new value (None clears an optional one) or KEEP."""

    name: str | Keep = KEEP
    given_name: str | Keep | None = KEEP
    called_name: str | Keep | None = KEEP
    email: str | Keep | None = KEEP
    phone: str | Keep | None = KEEP
    company: str | Keep | None = KEEP
    role: str | Keep | None = KEEP
    linkedin_url: str | Keep | None = KEEP
    how_we_met: str | Keep | None = KEEP
    shared_memory: str | Keep | None = KEEP
    known_since: date | Keep | None = KEEP
    met: Met | Keep = KEEP
    relationship: Relationship | Keep = KEEP
    tags: tuple[str, ...] | Keep = KEEP
    starred: bool | Keep = KEEP
    cadence_days: int | Keep = KEEP
    notes: str | Keep | None = KEEP
    help_ideas: tuple[str, ...] | Keep = KEEP
    next_step: NextStep | Keep | None = KEEP
    archived: bool | Keep = KEEP
    snoozed_until: datetime | Keep | None = KEEP  # set by a snooze, not by the member's edits

    @property
    def touches_met(self) -> bool:
        """Whether the change may say anew if the member knew the person before."""
        return self.met is not KEEP or self.known_since is not KEEP

    def apply(self, contact: Contact, *, now: datetime, time_zone: str = DEFAULT_TIME_ZONE) -> Contact:
        """The contact with these changes; the derived fields (due date) follow by themselves.
        A `known_since` before the week they were added makes them "before" unless `met` is
        sent too (then the two must agree)."""
        values = chosen(self)
        if isinstance(self.name, str) and self.name != contact.name and "given_name" not in values:
            values["given_name"] = None  # the old name's; greetings take the new name's first word
        if isinstance(self.tags, tuple):
            values["tags"] = unique(self.tags)
        if isinstance(self.help_ideas, tuple):
            values["help_ideas"] = distinct(self.help_ideas)
        changed = replace(contact, **values)
        if not self.touches_met:
            return changed
        _check_known_since(changed.known_since, now, time_zone)
        if known_before_added(changed.known_since, changed.created_at, time_zone):
            if self.met is Met.RECENTLY:
                raise InvalidInput(_JUST_MET_BUT_KNOWN.format(what="known_since"), field="met")
            changed = replace(changed, met=Met.BEFORE)
        return changed


@dataclass(frozen=True, kw_only=True)
class ContactRow:
    """A contact as a line of the Network page shows it, and as its filters read it: what the
    sort indexes hold, so that a sorted page is one Query. Open the contact for the rest."""

    contact_id: str
    name: str
    company: str | None = None
    role: str | None = None
    email: str | None = None
    how_we_met: str | None = None
    relationship: Relationship = Relationship.BUSINESS
    tags: tuple[str, ...] = ()
    starred: bool = False
    archived: bool = False
    last_contact_at: datetime | None = None
    next_step: NextStep | None = None
    due_at: datetime | None = None  # None while archived


def row_of(contact: Contact) -> ContactRow:
    return ContactRow(**{field.name: getattr(contact, field.name) for field in fields(ContactRow)})


@dataclass(frozen=True)
class ContactFilter:
    q: str | None = None
    tag: str | None = None
    starred: bool | None = None
    include_archived: bool = False

    @property
    def narrows(self) -> bool:
        return bool(self.q or self.tag or self.starred is not None)

    def matches(self, contact: Contact | ContactRow) -> bool:
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


class ContactOrder(StrEnum):
    """The Network page's sorts. ADDED is the base table's order; the others are indexes."""

    ADDED = "added"
    DUE = "due"  # soonest due first (the due-date index; archived contacts are never due)
    LAST = "last"  # most recent conversation first, never-logged ones last
    NAME = "name"  # folded name (case and Latin accents do not matter), then the id


def name_order(name: str) -> str:
    """The name as the name sort compares it (the name index's key starts with this)."""
    return " ".join(fold(name).split())[:200]


@dataclass(frozen=True)
class NetworkCounts:
    """The Network page's headline: active people, how many are due now, how many starred."""

    people: int
    due: int
    starred: int
