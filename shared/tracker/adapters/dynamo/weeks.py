"""The member's weeks (`WEEK#<week>`: progress against the goals) and next week's plans
(`PLAN#<week>`), in their partition."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from tracker.domain import weeks
from tracker.domain.goals import WeekProgress, WeekRecount
from tracker.domain.model import Member, MemberKey, WeeklyGoal
from tracker.domain.plans import Plan
from tracker.domain.sending import HeldSend

from .base import BATCH_KEYS, Repository, concurrent, failed_condition
from .keys import PLAN, PROFILE, member_org_week_pk, member_pk, plan_sk, week_sk
from .mappers import member_from_item, plan_from_item, week_from_item
from .models import EMAIL_OPEN, MemberItem, MemberWeekItem, OrgWeekItem, PlanItem, email_claimed
from .tally import all_at_least, goal_is, recount_writes, set_goal


class DynamoWeeks(Repository):
    def get(self, owner: MemberKey, week: str) -> WeekProgress | None:
        try:
            item = MemberWeekItem.get(member_pk(owner), week_sk(week), consistent_read=True)
        except MemberWeekItem.DoesNotExist:
            return None
        return week_from_item(item)

    def history(self, owner: MemberKey, first: str, last: str) -> dict[str, WeekProgress]:
        """The member's stored weeks from `first` to `last`, in one Query."""
        found = MemberWeekItem.query(
            member_pk(owner), MemberWeekItem.sk.between(week_sk(first), week_sk(last))
        )
        return {record.week: record for record in map(week_from_item, found)}

    def history_and_plan(
        self, owner: MemberKey, first: str, last: str, plan_week: str
    ) -> tuple[dict[str, WeekProgress], Plan | None]:
        """The member's stored weeks from `first` to `last` and `plan_week`'s plan, in one
        consistent BatchGetItem of their keys (every week of the span, and the plan)."""
        pk = member_pk(owner)
        span = weeks.span(first, last)
        if len(span) + 1 > BATCH_KEYS:
            raise ValueError(f"{len(span)} weeks are more than one BatchGetItem reads")
        wanted: list[Any] = [{"PK": pk, "SK": week_sk(week)} for week in span]
        wanted.append({"PK": pk, "SK": plan_sk(plan_week)})
        stored: dict[str, WeekProgress] = {}
        plan: Plan | None = None
        table = self._connection.table_name
        while wanted:
            answer = self._connection.batch_get_item(wanted, consistent_read=True)
            for raw in answer.get("Responses", {}).get(table, []):
                if raw["SK"]["S"].startswith(PLAN):
                    plan = plan_from_item(PlanItem.from_raw_data(raw))
                else:
                    record = week_from_item(MemberWeekItem.from_raw_data(raw))
                    stored[record.week] = record
            wanted = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        return stored, plan

    def save_goal(
        self, member: Member, goal: WeeklyGoal, *, week: str, seen: WeekProgress | None, at: datetime
    ) -> None:
        """The member's new goal, applied to the current week too, in one transaction.

        Whether the week is met is decided again under the new targets; if that changes, the
        org's count of members who met moves by one. Raises ConcurrentUpdate on a race.
        """
        pk = member_pk(member.key)
        try:
            with TransactWrite(connection=self._connection.connection) as transaction:
                transaction.update(
                    MemberItem(pk, PROFILE),
                    set_goal(MemberItem, goal),
                    condition=MemberItem.pk.exists() & goal_is(MemberItem, member.weekly_goal),
                )
                if seen is None:
                    transaction.condition_check(
                        MemberWeekItem, pk, week_sk(week), MemberWeekItem.pk.does_not_exist()
                    )
                    return
                met = seen.meets(goal)
                condition = MemberWeekItem.pk.exists() & goal_is(MemberWeekItem, seen.goal)
                condition &= (
                    MemberWeekItem.met_at.exists() if seen.met else MemberWeekItem.met_at.does_not_exist()
                )
                if not met:  # counters only grow: "met" stays true by itself, "not met" must be checked
                    floors = {
                        "people": goal.people,
                        "new_people": goal.new_people,
                        "reconnects": goal.reconnects,
                    }
                    condition &= ~all_at_least({name: n for name, n in floors.items() if n > 0})
                actions = set_goal(MemberWeekItem, goal)
                if met and not seen.met:
                    actions.append(MemberWeekItem.met_at.set(at))
                if seen.met and not met:
                    actions.append(MemberWeekItem.met_at.remove())
                transaction.update(MemberWeekItem(pk, week_sk(week)), actions, condition=condition)
                if met != seen.met:
                    transaction.update(
                        OrgWeekItem(member_org_week_pk(member.key), week_sk(week)),
                        [OrgWeekItem.members_met.add(1 if met else -1)],
                    )
        except TransactWriteError as error:
            raise concurrent(error, "goal") from error

    def recount(self, owner: MemberKey, recount: WeekRecount) -> None:
        """Correct whether a person counts as new in a week (tally.py `recount_writes`), in one
        transaction. Raises ConcurrentUpdate if anything it was decided from moved."""
        try:
            with TransactWrite(connection=self._connection.connection) as transaction:
                recount_writes(transaction, owner, recount)
        except TransactWriteError as error:
            raise concurrent(error, "week") from error

    def mark_paused(self, owner: MemberKey, week: str, goal: WeeklyGoal) -> None:
        """The weekly check found the member paused: the week neither counts as missed nor met."""
        MemberWeekItem(member_pk(owner), week_sk(week)).update(
            actions=[
                MemberWeekItem.paused.set(True),
                MemberWeekItem.goal_people.set(MemberWeekItem.goal_people | goal.people),
                MemberWeekItem.goal_new_people.set(MemberWeekItem.goal_new_people | goal.new_people),
                MemberWeekItem.goal_reconnects.set(MemberWeekItem.goal_reconnects | goal.reconnects),
            ]
        )

    def get_plan(self, owner: MemberKey, week: str) -> Plan | None:
        try:
            item = PlanItem.get(member_pk(owner), plan_sk(week), consistent_read=True)
        except PlanItem.DoesNotExist:
            return None
        return plan_from_item(item)

    def add_plan(
        self, owner: MemberKey, plan: Plan, *, expires_at: int, held: HeldSend | None = None
    ) -> bool:
        """Store a week's plan unless it has one already (then False: read that one). It carries
        the email of the week before's check (sends.py), claimed already if `held`."""
        item = PlanItem(
            member_pk(owner),
            plan_sk(plan.week),
            week=plan.week,
            contact_ids=list(plan.contact_ids),
            kinds=[kind.value for kind in plan.kinds],
            planned_days=[],
            new_people=plan.new_people,
            created_at=plan.created_at,
            expires_at=expires_at,
            email_send=email_claimed(held.claim) if held else EMAIL_OPEN,
            email_lease=held.lease_until if held else None,
        )
        try:
            item.save(condition=PlanItem.pk.does_not_exist())
        except PutError as error:
            if failed_condition(error):
                return False
            raise
        return True

    def accept_plan(self, owner: MemberKey, week: str, days: Iterable[date | None], at: datetime) -> bool:
        """Mark the plan accepted with the day each person is planned for; False if it already was."""
        try:
            PlanItem(member_pk(owner), plan_sk(week)).update(
                actions=[
                    PlanItem.planned_days.set(cast(Any, [day.isoformat() if day else "" for day in days])),
                    PlanItem.accepted_at.set(at),
                ],
                condition=PlanItem.pk.exists() & PlanItem.accepted_at.does_not_exist(),
            )
        except UpdateError as error:
            if failed_condition(error):
                return False
            raise
        return True

    def member_and_plan(self, owner: MemberKey, week: str) -> tuple[Member | None, Plan | None]:
        """One Query of the member's partition from `PLAN#<week>` to `PROFILE`: nothing else
        sorts between them but the later weeks' plans (keys.py)."""
        member: Member | None = None
        plan: Plan | None = None
        wanted = plan_sk(week)
        start: dict[str, Any] | None = None
        while True:
            page = self._connection.query(
                member_pk(owner),
                range_key_condition=PlanItem.sk.between(wanted, PROFILE),
                exclusive_start_key=start,
            )
            for raw in page.get("Items", []):
                if raw["SK"]["S"] == PROFILE:
                    member = member_from_item(MemberItem.from_raw_data(raw))
                elif raw["SK"]["S"] == wanted:
                    plan = plan_from_item(PlanItem.from_raw_data(raw))
            start = page.get("LastEvaluatedKey")
            if not start:
                return member, plan

    def planned_for(self, owner: MemberKey, day: date) -> tuple[list[str], datetime | None]:
        """The people an accepted plan puts on `day`, and when it was accepted (one GetItem)."""
        try:
            item = PlanItem.get(
                member_pk(owner),
                plan_sk(weeks.iso_week(day)),
                attributes_to_get=["contact_ids", "planned_days", "accepted_at"],
            )
        except PlanItem.DoesNotExist:
            return [], None
        return planned_on(item, day), item.accepted_at


def planned_on(plan: PlanItem, day: date) -> list[str]:
    """The people an accepted plan puts on `day`."""
    wanted = day.isoformat()
    return [
        str(contact_id)
        for contact_id, planned_day in zip(plan.contact_ids, plan.planned_days or (), strict=False)
        if planned_day == wanted
    ]
