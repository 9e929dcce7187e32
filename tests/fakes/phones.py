"""Whose texts arrive from a phone number, outside any member's partition."""

from __future__ import annotations

from tracker.domain.model import MemberKey, PhoneOwner

from .table import MemoryTable, phone

OWNER = ("owner",)


class MemoryPhones:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def owner(self, number: str) -> PhoneOwner | None:
        found: PhoneOwner | None = self._table.get(phone(number), OWNER)
        return found

    def move(self, owner: MemberKey, *, old: str | None, new: str | None) -> None:
        if old and old != new:
            held = self.owner(old)
            if held is not None and held.member == owner:
                self._table.delete(phone(old), OWNER)
        if new:
            self._table.put(phone(new), OWNER, PhoneOwner(member=owner))

    def set_opt_out(self, number: str, *, opted_out: bool, by: str | None) -> None:
        held = self.owner(number)
        if held is None:
            raise LookupError("no one holds this number")  # DynamoDB's update fails its condition
        self._table.put(phone(number), OWNER, PhoneOwner(held.member, opted_out=opted_out, opted_out_by=by))
