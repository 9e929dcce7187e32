"""A member's contacts, and the two indexes on them: due dates and next steps falling due."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

from tracker.domain.contacts import ContactOrder, ContactRow, name_order, row_of
from tracker.domain.model import Contact, MemberKey
from tracker.domain.picks import DueCandidate

from .table import MemoryTable, require, suppression, to_the_second


class MemoryContacts:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def add(self, owner: MemberKey, contact: Contact) -> None:
        if self.get(owner, contact.contact_id) is not None:
            raise KeyError(f"contact {contact.contact_id} exists")  # ids are new: a programming error
        self._table.put(owner, ("contact", contact.contact_id), contact)

    def get(self, owner: MemberKey, contact_id: str) -> Contact | None:
        found: Contact | None = self._table.get(owner, ("contact", contact_id))
        return found

    def get_many(self, owner: MemberKey, contact_ids: Iterable[str]) -> dict[str, Contact]:
        found = {contact_id: self.get(owner, contact_id) for contact_id in contact_ids}
        return {contact_id: contact for contact_id, contact in found.items() if contact is not None}

    def get_many_checking(
        self, owner: MemberKey, contact_ids: Iterable[str], address: str
    ) -> tuple[dict[str, Contact], bool]:
        return self.get_many(owner, contact_ids), self._table.get(
            suppression(address), ("email",)
        ) is not None

    def replace(self, owner: MemberKey, contact: Contact, *, expected_revision: int) -> None:
        current = self.get(owner, contact.contact_id)
        require(current is not None and current.revision == expected_revision, contact.contact_id)
        self._table.put(owner, ("contact", contact.contact_id), contact)

    def delete(self, owner: MemberKey, contact_id: str) -> bool:
        for key, _ in self._table.query(owner, "conversation", contact_id):
            self._table.delete(owner, key)
        return self._table.delete(owner, ("contact", contact_id))

    def iter(self, owner: MemberKey, *, after: str | None, page_size: int) -> Iterator[Contact]:
        for key, contact in self._table.query(owner, "contact"):
            if after is None or key[1] > after:
                yield contact

    def iter_sorted(
        self, owner: MemberKey, order: ContactOrder, *, after: str | None, page_size: int
    ) -> Iterator[tuple[str, ContactRow]]:
        """The same positions as the DynamoDB adapter's index keys, and rows as its indexes hold."""
        contacts = [contact for _, contact in self._table.query(owner, "contact")]
        if order is ContactOrder.NAME:
            keyed = [(f"{name_order(c.name)}#{c.contact_id}", c) for c in contacts]
        else:
            keyed = [(f"{_instant(c.last_contact_at)}#{c.contact_id}", c) for c in contacts]
        backwards = order is ContactOrder.LAST
        for position, contact in sorted(keyed, key=lambda pair: pair[0], reverse=backwards):
            if after is None or (position < after if backwards else position > after):
                yield position, row_of(contact)

    def due(self, owner: MemberKey, at: datetime, limit: int) -> list[DueCandidate]:
        due = [
            DueCandidate(contact.contact_id, contact.due_at, contact.starred)
            for _, contact in self._table.query(owner, "contact")
            if contact.due_at is not None and contact.due_at <= to_the_second(at)
        ]
        return sorted(due, key=lambda candidate: (candidate.due_at, candidate.contact_id))[:limit]

    def next_steps_due(self, owner: MemberKey, by: date, limit: int) -> list[str]:
        steps = [
            (contact.next_step.due, contact.contact_id)
            for _, contact in self._table.query(owner, "contact")
            if contact.next_step and contact.next_step.due and contact.next_step.due <= by
        ]
        return [contact_id for _, contact_id in sorted(steps)[:limit]]


def _instant(value: datetime | None) -> str:
    """As the adapter's last-contact key: instant_text (UTC, to the second), "0" for never."""
    if value is None:
        return "0"
    return to_the_second(value).astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
