"""Member profiles, the registry of time zones in use, and the dispatch's slot indexes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from tracker.domain.model import Member, MemberKey
from tracker.ports import SlotIndex

from .table import PROFILE, REGISTRY, MemoryTable

TOMBSTONE = ("tombstone",)


class MemoryMembers:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def get(self, key: MemberKey) -> Member | None:
        found: Member | None = self._table.get(key, PROFILE)
        return found

    def add(self, member: Member) -> Member:
        existing = self.get(member.key)
        if existing is not None:
            return existing
        self._table.put(member.key, PROFILE, member)
        return self.get(member.key) or member

    def save(self, member: Member) -> None:
        stored = self.get(member.key)
        if stored is not None:  # what other writers own stays as stored (ports.py)
            member = replace(
                member,
                weekly_goal=stored.weekly_goal,
                last_active_week=stored.last_active_week,
                email_paused=stored.email_paused,
                health_note_sent_on=stored.health_note_sent_on,
                focus_ask_sent_on=stored.focus_ask_sent_on,
                first_check_week=stored.first_check_week,
            )
        self._table.put(member.key, PROFILE, member)

    def erase(self, key: MemberKey) -> int:
        tombstone = self._table.get(key, TOMBSTONE)
        # An email send kept with its picks record or plan is part of it (one item in DynamoDB)
        emails = sum(
            1
            for kind in ("picks", "plan")
            for stored, _ in self._table.query(key, kind)
            if stored[2:] == ("email",)
        )
        erased = self._table.erase(key) - emails
        if tombstone is not None:  # kept: it names no one
            self._table.put(key, TOMBSTONE, tombstone)
            erased -= 1
        return erased

    def pause_email(self, key: MemberKey, reason: str | None) -> None:
        stored = self.get(key)
        if stored is not None:
            self._table.put(key, PROFILE, replace(stored, email_paused=reason))

    def health_note_sent(self, key: MemberKey, on: date) -> None:
        stored = self.get(key)
        if stored is not None:
            self._table.put(key, PROFILE, replace(stored, health_note_sent_on=on))

    def focus_ask_sent(self, key: MemberKey, on: date) -> None:
        stored = self.get(key)
        if stored is not None:
            self._table.put(key, PROFILE, replace(stored, focus_ask_sent_on=on))

    def note_first_check(self, key: MemberKey, week: str) -> None:
        stored = self.get(key)
        if stored is not None and stored.first_check_week is None:
            self._table.put(key, PROFILE, replace(stored, first_check_week=week))

    def bury(self, key: MemberKey, at: datetime) -> None:
        self._table.put(key, TOMBSTONE, at)

    def buried(self, key: MemberKey) -> bool:
        return self._table.get(key, TOMBSTONE) is not None

    def register_time_zone(self, time_zone: str) -> None:
        zones: frozenset[str] = self._table.get(REGISTRY, ("time_zones",)) or frozenset()
        self._table.put(REGISTRY, ("time_zones",), zones | {time_zone})

    def time_zones(self) -> set[str]:
        return set(self._table.get(REGISTRY, ("time_zones",)) or ())

    def slot_page(
        self, index: SlotIndex, slot: str, *, after: MemberKey | None, limit: int
    ) -> tuple[list[MemberKey], MemberKey | None]:
        profiles = [items[PROFILE] for _, items in self._table.partitions() if PROFILE in items]
        order = sorted(
            (
                member.key
                for member in profiles
                if (member.reminder_slot if index == "reminder" else member.review_slot) == slot
            ),
            key=lambda key: (key.org_id, key.member_id),
        )
        if after is not None:
            order = [key for key in order if (key.org_id, key.member_id) > (after.org_id, after.member_id)]
        start = 0
        page = order[start : start + limit]
        # As a Query with a Limit: a full page says where to go on, even when nothing follows
        return page, (page[-1] if len(page) == limit else None)
