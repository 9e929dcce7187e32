"""Next week's concrete plan: made from the due-date and next-step indexes (reads bounded by
the plan's size, whatever the network), kept per member and week, and accepted with one tap
(rules in domain/plans.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from tracker.domain import weeks
from tracker.domain.errors import N_, Conflict, NotFound
from tracker.domain.links import Purpose, plan_accept_url
from tracker.domain.model import Contact, Member
from tracker.domain.picks import DueCandidate
from tracker.domain.plans import (
    CANDIDATES_PER_PERSON,
    KEEP_PLANS,
    MIN_CANDIDATES,
    Plan,
    PlannedPerson,
    PlannedWeek,
    plan_days,
    plan_people,
    plan_size,
    spread,
)
from tracker.domain.sending import HeldSend
from tracker.ports import Clock, ContactRepository, MemberRepository, SignerSource, WeekRepository
from tracker.rendering.labels import plan_reason, speaker_of


class PlanService:
    def __init__(
        self,
        week_store: WeekRepository,
        contacts: ContactRepository,
        members: MemberRepository,
        signer: SignerSource,
        clock: Clock,
    ) -> None:
        self._week_store = week_store
        self._contacts = contacts
        self._members = members
        self._signer = signer
        self._clock = clock

    def current_week(self, member: Member, now: datetime) -> str:
        """The week of the plan made at the latest weekly check slot (the one the member sees)."""
        check_day = weeks.latest_check_day(
            member.weekly_review_day.number, member.weekly_review_hour, now, member.time_zone
        )
        return weeks.shift(weeks.reviewed_week(check_day), 1)

    def ensure(
        self, member: Member, week: str, at: datetime, *, also: Iterable[str] = ()
    ) -> tuple[PlannedWeek, dict[str, Contact]]:
        """The week's plan, made now if it has none yet; the people in `also` are read with it."""
        stored = self._week_store.get_plan(member.key, week)
        planned, people, _, _ = self._ensure(member, week, at, list(also), stored)
        return planned, people

    def ensure_read(
        self,
        member: Member,
        week: str,
        at: datetime,
        stored: Plan | None,
        *,
        also: Iterable[str] = (),
        address: str | None = None,
        hold: HeldSend | None = None,
    ) -> tuple[PlannedWeek, dict[str, Contact], bool | None, HeldSend | None]:
        """`ensure` with the week's plan as read already (`stored`; if another request made one
        meanwhile, it is read again); whether `address` is suppressed, read with the people
        (None if no address is given); and if the plan is made now (and `address` is not
        suppressed), the write that keeps it takes `hold`, the weekly check email's claim."""
        return self._ensure(member, week, at, list(also), stored, address, hold)

    def shown(self, member: Member, week: str, stored: Plan | None, at: datetime) -> PlannedWeek:
        """The week's plan as read already (`stored`: WeekRepository.history_and_plan reads it
        with the member's weeks), made now if it had none."""
        return self._ensure(member, week, at, [], stored)[0]

    def _ensure(
        self,
        member: Member,
        week: str,
        at: datetime,
        also: list[str],
        plan: Plan | None,
        address: str | None = None,
        hold: HeldSend | None = None,
    ) -> tuple[PlannedWeek, dict[str, Contact], bool | None, HeldSend | None]:
        for _ in range(2):
            if plan is not None:
                people, suppressed = self._people(member, [*plan.contact_ids, *also], address)
                return self._planned(member, plan, people, at), people, suppressed, None
            plan, people, suppressed = self._make(member, week, at, also, address)
            expires = int((weeks.ends_at(week, member.time_zone) + KEEP_PLANS).timestamp())
            held = hold if hold is not None and suppressed is False else None
            if self._week_store.add_plan(member.key, plan, expires_at=expires, held=held):
                return self._planned(member, plan, people, at), people, suppressed, held
            plan = self._week_store.get_plan(member.key, week)  # made meanwhile: that one
        raise Conflict(N_("Your plan is being made by another request; try again"))

    def _people(
        self, member: Member, contact_ids: list[str], address: str | None
    ) -> tuple[dict[str, Contact], bool | None]:
        """The people (one BatchGetItem), with whether `address` is suppressed if one is given."""
        if address is None:
            return self._contacts.get_many(member.key, contact_ids), None
        return self._contacts.get_many_checking(member.key, contact_ids, address)

    def show(self, member: Member) -> PlannedWeek:
        now = self._clock.now()
        return self.ensure(member, self.current_week(member, now), now)[0]

    def accept(self, member: Member, week: str | None = None) -> PlannedWeek:
        """Accept the week's plan as it is: each person gets a day of that week (idempotent)."""
        now = self._clock.now()
        week = week or self.current_week(member, now)
        planned, _ = self.ensure(member, week, now)
        if planned.plan.accepted:
            return planned
        today = now.astimezone(ZoneInfo(member.time_zone)).date()
        days = spread(len(planned.plan.contact_ids), plan_days(week, today))
        if planned.plan.contact_ids and not days:
            raise Conflict(N_("That plan's week is over; your new plan comes with your next weekly check"))
        self._week_store.accept_plan(member.key, week, days, now)  # False: accepted meanwhile, same result
        return self.ensure(member, week, now)[0]

    def accept_by_link(self, token: str) -> PlannedWeek:
        """The signed link of the weekly check (no sign-in): InvalidLink if it is not valid."""
        claims = self._signer().verify(token, Purpose.PLAN_ACCEPT, now=self._clock.now())
        member = self._members.get(claims.member)
        if member is None or claims.week is None:
            raise NotFound(N_("There is no such plan any more"))
        return self.accept(member, claims.week)

    def accept_url(self, member: Member, week: str) -> str:
        return plan_accept_url(self._signer(), member.key, week, weeks.ends_at(week, member.time_zone))

    def _make(
        self, member: Member, week: str, at: datetime, also: list[str], address: str | None
    ) -> tuple[Plan, dict[str, Contact], bool | None]:
        goal = member.goal
        size = plan_size(goal)
        candidates: list[DueCandidate] = []
        steps: list[str] = []
        if size:
            limit = max(MIN_CANDIDATES, CANDIDATES_PER_PERSON * size)
            candidates = self._contacts.due(member.key, weeks.ends_at(week, member.time_zone), limit)
            steps = self._contacts.next_steps_due(member.key, weeks.days(week)[-1], size)
        chosen = plan_people(goal, candidates, steps)
        people, suppressed = self._people(member, [*(i for i, _ in chosen), *also], address)
        chosen = [(i, kind) for i, kind in chosen if i in people]
        plan = Plan(
            week=week,
            contact_ids=tuple(i for i, _ in chosen),
            kinds=tuple(kind for _, kind in chosen),
            new_people=goal.new_people,
            created_at=at,
        )
        return plan, people, suppressed

    @staticmethod
    def _planned(member: Member, plan: Plan, people: dict[str, Contact], now: datetime) -> PlannedWeek:
        days = plan.planned_days or (None,) * len(plan.contact_ids)
        today = now.astimezone(ZoneInfo(member.time_zone)).date()
        return PlannedWeek(
            plan,
            [
                PlannedPerson(
                    people[i], kind, plan_reason(people[i], kind, now, today, speaker_of(member)), day
                )
                for i, kind, day in zip(plan.contact_ids, plan.kinds, days, strict=False)
                if i in people
            ],
        )
