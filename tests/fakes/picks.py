"""The day's reconnect picks: who was chosen, and who was reached or snoozed since."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tracker.domain.model import Contact, MemberKey
from tracker.domain.picks import DayPicks

from .table import MemoryTable, to_the_second


class MemoryPicks:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def get_day(self, owner: MemberKey, local_date: date) -> DayPicks | None:
        found: DayPicks | None = self._table.get(owner, ("picks", local_date.isoformat()))
        return found

    def save_day(
        self, owner: MemberKey, day: DayPicks, rotated: list[tuple[Contact, Contact]], *, expires_at: int
    ) -> bool:
        """Not atomic, as DynamoDB's: the record, then each rotation unless its due date moved."""
        if self.get_day(owner, day.local_date) is not None:
            return False
        record = replace(day, done_ids=frozenset(), snoozed_ids=frozenset())
        self._table.put(owner, ("picks", day.local_date.isoformat()), record)
        for seen, after in rotated:
            current: Contact | None = self._table.get(owner, ("contact", seen.contact_id))
            if current is None or _due(current) != _due(seen):
                continue
            rested = replace(current, rotation_until=after.rotation_until, revision=current.revision + 1)
            self._table.put(owner, ("contact", seen.contact_id), rested)
        return True

    def claim_done(self, owner: MemberKey, local_date: date, contact_id: str) -> bool:
        day = self.get_day(owner, local_date)
        if day is None or contact_id in day.done_ids:
            return False
        return self.mark(owner, local_date, contact_id, done=True)

    def release_done(self, owner: MemberKey, local_date: date, contact_id: str) -> None:
        day = self.get_day(owner, local_date)
        if day is not None:
            self._table.put(
                owner, ("picks", local_date.isoformat()), replace(day, done_ids=day.done_ids - {contact_id})
            )

    def mark(self, owner: MemberKey, local_date: date, contact_id: str, *, done: bool) -> bool:
        day = self.get_day(owner, local_date)
        if day is None or contact_id not in (*day.pick_ids, *day.next_step_ids):
            return False
        if done:
            day = replace(day, done_ids=day.done_ids | {contact_id})
        else:
            day = replace(day, snoozed_ids=day.snoozed_ids | {contact_id})
        self._table.put(owner, ("picks", local_date.isoformat()), day)
        return True


def _due(contact: Contact) -> object:
    """The contact's due date as the due-date index holds it (to the second; None if archived)."""
    return to_the_second(contact.due_at) if contact.due_at else None
