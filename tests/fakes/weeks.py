"""The member's weeks (progress against the goals) and next week's plans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from tracker.domain import weeks
from tracker.domain.goals import WeekProgress, WeekRecount
from tracker.domain.model import Member, MemberKey, WeeklyGoal
from tracker.domain.org import OrgWeek
from tracker.domain.plans import Plan
from tracker.domain.sending import HeldSend

from .sends import EMAIL_OPEN, SendRecord, plan_email
from .table import PROFILE, MemoryTable, org, require
from .tally import apply_recount


class MemoryWeeks:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def get(self, owner: MemberKey, week: str) -> WeekProgress | None:
        found: WeekProgress | None = self._table.get(owner, ("week", week))
        return found

    def history(self, owner: MemberKey, first: str, last: str) -> dict[str, WeekProgress]:
        return {key[1]: week for key, week in self._table.query(owner, "week") if first <= key[1] <= last}

    def history_and_plan(
        self, owner: MemberKey, first: str, last: str, plan_week: str
    ) -> tuple[dict[str, WeekProgress], Plan | None]:
        return self.history(owner, first, last), self.get_plan(owner, plan_week)

    def save_goal(
        self, member: Member, goal: WeeklyGoal, *, week: str, seen: WeekProgress | None, at: datetime
    ) -> None:
        """As DynamoDB's transaction: the profile's goal only if it is still the one read; the
        week decided again only if it is as read (and still misses the new goal, if it does)."""
        with self._table.transaction():
            profile: Member | None = self._table.get(member.key, PROFILE)
            require(profile is not None and profile.weekly_goal == member.weekly_goal, "the goal changed")
            assert profile is not None
            self._table.put(member.key, PROFILE, replace(profile, weekly_goal=goal))
            stored = self.get(member.key, week)
            if seen is None:
                require(stored is None, "the week began meanwhile")
                return
            require(
                stored is not None and stored.goal == seen.goal and stored.met == seen.met, "the week moved"
            )
            assert stored is not None
            met = seen.meets(goal)
            if not met:
                floors = {"people": goal.people, "new_people": goal.new_people, "reconnects": goal.reconnects}
                require(
                    not all(getattr(stored, name) >= n for name, n in floors.items() if n > 0),
                    "the week meets the new goal meanwhile",
                )
            self._table.put(member.key, ("week", week), replace(stored, goal=goal, met=met))
            if met != seen.met:
                program: OrgWeek = self._table.get(org(member.key.org_id), ("week", week)) or OrgWeek(week)
                moved = replace(program, members_met=program.members_met + (1 if met else -1))
                self._table.put(org(member.key.org_id), ("week", week), moved)

    def recount(self, owner: MemberKey, recount: WeekRecount) -> None:
        with self._table.transaction():
            apply_recount(self._table, owner, recount)

    def mark_paused(self, owner: MemberKey, week: str, goal: WeeklyGoal) -> None:
        stored = self.get(owner, week) or WeekProgress(week)
        self._table.put(owner, ("week", week), replace(stored, paused=True, goal=stored.goal or goal))

    def get_plan(self, owner: MemberKey, week: str) -> Plan | None:
        found: Plan | None = self._table.get(owner, ("plan", week))
        return found

    def member_and_plan(self, owner: MemberKey, week: str) -> tuple[Member | None, Plan | None]:
        member: Member | None = self._table.get(owner, PROFILE)
        return member, self.get_plan(owner, week)

    def add_plan(
        self, owner: MemberKey, plan: Plan, *, expires_at: int, held: HeldSend | None = None
    ) -> bool:
        if self.get_plan(owner, plan.week) is not None:
            return False
        self._table.put(owner, ("plan", plan.week), replace(plan, accepted_at=None, planned_days=()))
        # The email of the check that made it lives with the plan (as in DynamoDB), claimed if held
        email = SendRecord("claimed", held.claim, held.lease_until) if held else EMAIL_OPEN
        self._table.put(owner, plan_email(plan.week), email)
        return True

    def accept_plan(self, owner: MemberKey, week: str, days: Iterable[date | None], at: datetime) -> bool:
        plan = self.get_plan(owner, week)
        if plan is None or plan.accepted:
            return False
        self._table.put(owner, ("plan", week), replace(plan, planned_days=tuple(days), accepted_at=at))
        return True

    def planned_for(self, owner: MemberKey, day: date) -> tuple[list[str], datetime | None]:
        plan = self.get_plan(owner, weeks.iso_week(day))
        if plan is None:
            return [], None
        planned = [
            i
            for i, planned_day in zip(plan.contact_ids, plan.planned_days, strict=False)
            if planned_day == day
        ]
        return planned, plan.accepted_at
