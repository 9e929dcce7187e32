"""The day's reconnect picks: who was chosen, and who was reached or snoozed since."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tracker.domain import weeks
from tracker.domain.model import Member, MemberKey
from tracker.domain.picks import DayPicks, MemberDay
from tracker.domain.plans import Plan
from tracker.domain.sending import HeldSend

from .sends import EMAIL_OPEN, SendRecord, day_email
from .table import PROFILE, MemoryTable


class MemoryPicks:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def get_day(self, owner: MemberKey, local_date: date) -> DayPicks | None:
        found: DayPicks | None = self._table.get(owner, ("picks", local_date.isoformat()))
        return found

    def days(self, owner: MemberKey, first: date, last: date) -> list[DayPicks]:
        found = [self.get_day(owner, first + timedelta(days=n)) for n in range((last - first).days + 1)]
        return [day for day in found if day is not None]

    def member_day(self, owner: MemberKey, day: date, since: date, *, consistent: bool = False) -> MemberDay:
        member: Member | None = self._table.get(owner, PROFILE)
        plan: Plan | None = self._table.get(owner, ("plan", weeks.iso_week(day)))
        if plan is None:
            return MemberDay(member, tuple(self.days(owner, since, day)))
        planned = (i for i, on in zip(plan.contact_ids, plan.planned_days, strict=False) if on == day)
        return MemberDay(member, tuple(self.days(owner, since, day)), tuple(planned), plan.accepted_at)

    def save_day(
        self, owner: MemberKey, day: DayPicks, *, expires_at: int, held: HeldSend | None = None
    ) -> bool:
        if self.get_day(owner, day.local_date) is not None:
            return False
        record = replace(day, done_ids=frozenset(), snoozed_ids=frozenset())
        self._table.put(owner, ("picks", day.local_date.isoformat()), record)
        # The day's email send lives with the record (as in DynamoDB: sends.py), claimed if held
        email = SendRecord("claimed", held.claim, held.lease_until) if held else EMAIL_OPEN
        self._table.put(owner, day_email(day.local_date.isoformat()), email)
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
