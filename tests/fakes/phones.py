"""Phone numbers: who proved one theirs, its STOP record (outside any member's partition), and
the code on its way (in the member's)."""

from __future__ import annotations

from dataclasses import replace

from tracker.domain.model import MemberKey, PhoneOwner
from tracker.domain.phones import PhoneCheck, Stop

from .table import MemoryTable, phone

OWNER = ("owner",)
STOP = ("stop",)
PHONE_CHECK = ("phone_check",)


class MemoryPhones:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def owner(self, number: str) -> PhoneOwner | None:
        held: MemberKey | None = self._table.get(phone(number), OWNER)
        if held is None:
            return None
        stop = self.stop(number)
        return PhoneOwner(held, opted_out=stop is not None, opted_out_by=stop.by if stop else None)

    def stop(self, number: str) -> Stop | None:
        found: Stop | None = self._table.get(phone(number), STOP)
        return found

    def move(self, owner: MemberKey, *, old: str | None, new: str | None) -> MemberKey | None:
        if old and old != new and self._table.get(phone(old), OWNER) == owner:
            self._table.delete(phone(old), OWNER)
        if not new:
            return None
        before: MemberKey | None = self._table.get(phone(new), OWNER)
        self._table.put(phone(new), OWNER, owner)
        return before if before != owner else None

    def set_opt_out(self, number: str, *, opted_out: bool, by: str | None) -> None:
        if opted_out:
            self._table.put(phone(number), STOP, Stop(by))
        else:
            self._table.delete(phone(number), STOP)

    def check(self, key: MemberKey) -> PhoneCheck | None:
        found: PhoneCheck | None = self._table.get(key, PHONE_CHECK)
        return found

    def put_check(self, key: MemberKey, check: PhoneCheck) -> None:
        self._table.put(key, PHONE_CHECK, check)

    def spend_try(self, key: MemberKey, check: PhoneCheck) -> bool:
        if self.check(key) != check:
            return False
        self._table.put(key, PHONE_CHECK, check.spent())
        return True

    def end_check(self, key: MemberKey, check: PhoneCheck) -> None:
        current = self.check(key)
        if current is not None and current.digest == check.digest:
            self._table.put(key, PHONE_CHECK, replace(current, tries_left=0))
