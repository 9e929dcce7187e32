"""The member's contacts: adding, changing, finding and removing people."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from datetime import UTC
from typing import TYPE_CHECKING, Any

from tracker import cursor
from tracker.clock import Clock
from tracker.domain import Contact, Identity, MemberKey, NextStep, Page, Relationship
from tracker.errors import ConcurrentUpdate, Conflict, InvalidInput, NotFound
from tracker.ids import is_id, new_id

if TYPE_CHECKING:
    from tracker.dal import DynamoStore
    from tracker.members import MemberService

MAX_ATTEMPTS = 6


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
            ).casefold()
            return all(word in haystack for word in self.q.casefold().split())
        return True


def retry_pause(attempt: int) -> None:
    """Full-jitter backoff between optimistic retries."""
    time.sleep(random.uniform(0, 0.01 * 2**attempt))  # noqa: S311 - jitter, not a secret


class ContactService:
    # How many contacts one list call may read before it hands back a cursor: bounds a
    # filtered search's cost per call whatever the size of the member's network.
    MAX_EXAMINED = 500

    def __init__(self, store: DynamoStore, members: MemberService, clock: Clock) -> None:
        self._store = store
        self._members = members
        self._clock = clock

    def create(self, identity: Identity, fields: dict[str, Any]) -> Contact:
        """A new contact. Without a known last conversation the person is due at once."""
        fields = dict(fields)
        if fields.get("cadence_days") is None:
            fields["cadence_days"] = self._members.profile(identity).default_cadence_days
        now = self._clock.now()
        last_contact_at = fields.pop("last_contact_at", None)
        if last_contact_at is not None:
            last_contact_at = last_contact_at.astimezone(UTC).replace(microsecond=0)
        if last_contact_at is not None and last_contact_at > now:
            raise InvalidInput("last_contact_at cannot be in the future", field="last_contact_at")
        contact = Contact(
            contact_id=new_id(),
            created_at=now,
            updated_at=now,
            last_contact_at=last_contact_at,
            **_normalised(fields),
        )
        self._store.add_contact(identity.member, contact)
        return contact

    def get(self, owner: MemberKey, contact_id: str) -> Contact:
        contact = self._store.get_contact(owner, contact_id) if is_id(contact_id) else None
        if contact is None:
            raise NotFound("No such contact", field="contact_id")
        return contact

    def update(self, owner: MemberKey, contact_id: str, changes: dict[str, Any]) -> Contact:
        """Apply the changes to the latest stored version; derived fields (due date) follow."""
        for attempt in range(MAX_ATTEMPTS):
            current = self.get(owner, contact_id)
            updated = replace(
                current,
                **_normalised(changes),
                revision=current.revision + 1,
                updated_at=self._clock.now(),
            )
            try:
                self._store.replace_contact(owner, updated, expected_revision=current.revision)
            except ConcurrentUpdate:
                retry_pause(attempt)
                continue
            return updated
        raise Conflict("The contact is being changed by another request; try again")

    def delete(self, owner: MemberKey, contact_id: str) -> None:
        if not is_id(contact_id) or not self._store.delete_contact(owner, contact_id):
            raise NotFound("No such contact", field="contact_id")

    def list(self, owner: MemberKey, where: ContactFilter, after: str | None, limit: int) -> Page[Contact]:
        """Up to `limit` matching contacts in the order they were added.

        A filtered call reads at most MAX_EXAMINED contacts; if it stops there, the page may
        hold fewer than `limit` items and still carry a cursor to continue from.
        """
        position = cursor.decode(after) if after else None
        if position is not None and not is_id(position):
            raise InvalidInput("cursor is not one this API returned; start again without it", field="cursor")
        page_size = min(self.MAX_EXAMINED, 100) if where.narrows or where.include_archived else limit + 1
        found: list[Contact] = []
        last_seen: str | None = None
        contacts = self._store.iter_contacts(owner, after=position, page_size=page_size)
        for examined, contact in enumerate(contacts):
            if len(found) == limit or examined == self.MAX_EXAMINED:
                # There is at least one more contact: continue after the last one looked at.
                return Page(found, cursor.encode(last_seen) if last_seen else None)
            last_seen = contact.contact_id
            if where.matches(contact):
                found.append(contact)
        return Page(found, None)


def unique(texts: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Drop repeats that differ only in case, keeping the first spelling."""
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(text.casefold(), text)
    return tuple(seen.values())


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    """Field values as the domain holds them (tuples, NextStep), names unchanged."""
    out = dict(fields)
    if "tags" in out and out["tags"] is not None:
        out["tags"] = unique(out["tags"])
    if "help_ideas" in out and out["help_ideas"] is not None:
        out["help_ideas"] = tuple(dict.fromkeys(out["help_ideas"]))  # an idea typed twice, once
    for name in ("tags", "help_ideas"):
        if name in out and out[name] is None:
            out[name] = ()
    if "next_step" in out and isinstance(out["next_step"], dict):
        out["next_step"] = NextStep(out["next_step"]["text"], out["next_step"].get("due"))
    if out.get("relationship") is not None:
        out["relationship"] = Relationship(out["relationship"])
    if out.get("starred") is None and "starred" in out:
        out["starred"] = False
    if out.get("archived") is None and "archived" in out:
        out["archived"] = False
    return out
