"""The quick-log links' records: each action's undo, and the personal link's version."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from tracker.domain.errors import ConcurrentUpdate
from tracker.domain.goals import WeekUntally
from tracker.domain.model import Contact, MemberKey
from tracker.domain.picks import DayPicks
from tracker.domain.quicklog import QuickAction, UndoRecord

from .table import FORM_LINK, MemoryTable, instant_text, require
from .tally import apply_untally


@dataclass(frozen=True)
class UndoEntry:
    status: str  # claimed (the action is under way) | ready
    record: UndoRecord | None = None


class MemoryQuickLog:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def claim_undo(self, owner: MemberKey, undo_id: str, *, expires_at: int) -> bool:
        if self._table.get(owner, ("undo", undo_id)) is not None:
            return False
        self._table.put(owner, ("undo", undo_id), UndoEntry("claimed"))
        return True

    def release_undo(self, owner: MemberKey, undo_id: str) -> None:
        entry: UndoEntry | None = self._table.get(owner, ("undo", undo_id))
        if entry is not None and entry.status == "claimed":
            self._table.delete(owner, ("undo", undo_id))

    def save_undo(self, owner: MemberKey, record: UndoRecord, *, expires_at: int) -> None:
        self._table.put(owner, ("undo", record.undo_id), UndoEntry("ready", record))

    def get_undo(self, owner: MemberKey, undo_id: str) -> UndoRecord | None:
        entry: UndoEntry | None = self._table.get(owner, ("undo", undo_id))
        return entry.record if entry is not None and entry.status == "ready" else None

    def apply_undo(self, owner: MemberKey, record: UndoRecord, untally: WeekUntally | None = None) -> bool:
        try:
            with self._table.transaction():
                if untally is not None:
                    apply_untally(self._table, owner, untally)
                entry: UndoEntry | None = self._table.get(owner, ("undo", record.undo_id))
                require(entry is not None and entry.status == "ready", "undone already")
                self._table.delete(owner, ("undo", record.undo_id))
                current: Contact | None = self._table.get(owner, ("contact", record.contact_id))
                require(current is not None and current.revision == record.after_revision, "changed since")
                if record.before is None:
                    self._table.delete(owner, ("contact", record.contact_id))
                else:
                    restored = replace(record.before, revision=record.after_revision + 1)
                    self._table.put(owner, ("contact", record.contact_id), restored)
                if record.conversation_id and record.conversation_when:
                    when = instant_text(record.conversation_when)
                    self._table.delete(
                        owner, ("conversation", record.contact_id, when, record.conversation_id)
                    )
                if record.local_date:
                    self._unmark(owner, record)
        except ConcurrentUpdate:
            return False
        return True

    def _unmark(self, owner: MemberKey, record: UndoRecord) -> None:
        assert record.local_date is not None
        key = ("picks", record.local_date.isoformat())
        day: DayPicks | None = self._table.get(owner, key)
        require(day is not None, "the day's picks went")
        assert day is not None
        if record.action is QuickAction.SNOOZE:
            day = replace(day, snoozed_ids=day.snoozed_ids - {record.contact_id})
        else:
            day = replace(day, done_ids=day.done_ids - {record.contact_id})
        self._table.put(owner, key, day)

    def use_link(self, owner: MemberKey, link_id: str, day: date, *, limit: int, expires_at: int) -> bool:
        key = ("link-use", link_id, day.isoformat())
        uses: int = self._table.get(owner, key) or 0
        if uses >= limit:
            return False
        self._table.put(owner, key, uses + 1)
        return True

    def form_link_version(self, owner: MemberKey) -> int | None:
        found: int | None = self._table.get(owner, FORM_LINK)
        return found

    def ensure_form_link_version(self, owner: MemberKey, initial: int, *, rotate: bool = False) -> int:
        current = self.form_link_version(owner)
        version = initial if current is None else current
        version += 1 if rotate else 0
        self._table.put(owner, FORM_LINK, version)
        return version
