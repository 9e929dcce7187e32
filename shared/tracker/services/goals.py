"""The member's weekly goals and a week's progress against them (rules in domain/goals.py)."""

from __future__ import annotations

from tracker.domain import weeks
from tracker.domain.goals import HISTORY_WEEKS, GoalsOverview, Progress, WeekProgress, check_goal, overview
from tracker.domain.model import Identity, Member, WeeklyGoal
from tracker.domain.plans import Plan
from tracker.ports import Clock, WeekRepository
from tracker.services.members import MemberService
from tracker.services.retry import optimistic


class GoalService:
    def __init__(self, week_store: WeekRepository, members: MemberService, clock: Clock) -> None:
        self._week_store = week_store
        self._members = members
        self._clock = clock

    def goal(self, identity: Identity) -> WeeklyGoal:
        return self._members.profile(identity).goal

    def set_goal(self, identity: Identity, goal: WeeklyGoal) -> WeeklyGoal:
        """The member's goal, from this week on: this week's targets change too, and whether
        the week is met is decided again (the org's count of members who met follows)."""
        check_goal(goal)

        def attempt() -> WeeklyGoal:
            member = self._members.profile(identity)
            week = weeks.week_of(self._clock.now(), member.time_zone)
            seen = self._week_store.get(member.key, week)
            self._week_store.save_goal(member, goal, week=week, seen=seen, at=self._clock.now())
            return goal

        return optimistic(attempt, conflict="Your goals are being changed by another request; try again")

    def progress(self, identity: Identity, week: str | None) -> Progress:
        member = self._members.profile(identity)
        week = week or weeks.week_of(self._clock.now(), member.time_zone)
        record = self._week_store.get(member.key, week) or WeekProgress(week)
        return Progress(week=week, goal=record.goal or member.goal, record=record)

    def overview_and_plan(self, member: Member, plan_week: str) -> tuple[GoalsOverview, Plan | None]:
        """This week, the streak and the recent weeks, and `plan_week`'s stored plan (for
        PlanService.shown), in one read of the member's weeks and that plan."""
        this_week = weeks.week_of(self._clock.now(), member.time_zone)
        first = weeks.shift(this_week, 1 - HISTORY_WEEKS)
        stored, plan = self._week_store.history_and_plan(member.key, first, this_week, plan_week)
        return overview(member, stored, this_week), plan
