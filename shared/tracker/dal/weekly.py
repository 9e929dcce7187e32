"""The data layer of weekly goals, plans and the program's report (mixed into DynamoStore).

Items: the member-week (SK WEEK#<week>, member partition), the org-week (PK ORG#<org>, SK
WEEK#<week>) and next week's plan (SK PLAN#<week>, member partition). Counters only ever move
with ADD; every assumption a writer made when deciding (see goals.WeekTally) is a condition.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from pynamodb.connection import TableConnection
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from tracker import weeks
from tracker.dal import store as keys  # the key scheme lives with DynamoStore
from tracker.domain import Contact, Member, MemberKey, Outcome, WeeklyGoal
from tracker.errors import ConcurrentUpdate
from tracker.goals import WeekProgress, WeekTally, WeekUntally
from tracker.plans import Plan, PlanKind
from tracker.program import OrgWeek

from .models import ContactItem, MemberItem, MemberWeekItem, OrgWeekItem, PlanItem, _WeekCounters

WEEK = "WEEK#"
PLAN = "PLAN#"


def week_sk(week: str) -> str:
    return f"{WEEK}{week}"


def plan_sk(week: str) -> str:
    return f"{PLAN}{week}"


def _outcome_attribute(outcome: Outcome) -> Any:
    return getattr(_WeekCounters, f"outcome_{outcome.value}")


def _goal_is(model: type[MemberItem] | type[MemberWeekItem], goal: WeeklyGoal | None) -> Condition:
    if goal is None:
        return cast(Condition, model.goal_people.does_not_exist())
    return cast(
        Condition,
        (model.goal_people == goal.people)
        & (model.goal_new_people == goal.new_people)
        & (model.goal_reconnects == goal.reconnects),
    )


def _set_goal(model: type[MemberItem] | type[MemberWeekItem], goal: WeeklyGoal) -> list[Action]:
    return [
        model.goal_people.set(goal.people),
        model.goal_new_people.set(goal.new_people),
        model.goal_reconnects.set(goal.reconnects),
    ]


def _all_at_least(floors: dict[str, int]) -> Condition:
    """Every named counter of the member-week is at least its floor (floors must be > 0)."""
    parts: list[Condition] = [getattr(MemberWeekItem, name) >= floor for name, floor in floors.items()]
    condition = parts[0]
    for part in parts[1:]:
        condition &= part
    return condition


def _counts(item: _WeekCounters) -> dict[str, Any]:
    return {
        "week": item.sk.removeprefix(WEEK),
        "conversations": int(item.conversations or 0),
        "people": int(item.people or 0),
        "new_people": int(item.new_people or 0),
        "reconnects": int(item.reconnects or 0),
        "outcomes": {
            outcome: int(getattr(item, f"outcome_{outcome.value}") or 0)
            for outcome in Outcome
            if getattr(item, f"outcome_{outcome.value}")
        },
    }


def week_from_item(item: MemberWeekItem) -> WeekProgress:
    goal = None
    if item.goal_people is not None:
        goal = WeeklyGoal(
            int(item.goal_people), int(item.goal_new_people or 0), int(item.goal_reconnects or 0)
        )
    return WeekProgress(
        goal=goal,
        people_ids=frozenset(item.people_ids or ()),
        met=item.met_at is not None,
        paused=bool(item.paused),
        **_counts(item),
    )


def _org_week_from_item(item: OrgWeekItem) -> OrgWeek:
    return OrgWeek(
        members_active=int(item.members_active or 0), members_met=int(item.members_met or 0), **_counts(item)
    )


def _plan_from_item(item: PlanItem) -> Plan:
    planned = [date.fromisoformat(str(day)) if day else None for day in item.planned_days or ()]
    return Plan(
        week=item.week,
        contact_ids=tuple(str(i) for i in item.contact_ids),
        kinds=tuple(PlanKind(str(kind)) for kind in item.kinds),
        new_people=int(item.new_people or 0),
        created_at=item.created_at,
        accepted_at=item.accepted_at,
        planned_days=tuple(planned),
    )


def _transaction_failed(error: TransactWriteError, what: str) -> ConcurrentUpdate:
    reasons = {reason.code for reason in error.cancellation_reasons if reason}
    if reasons & {"ConditionalCheckFailed", "TransactionConflict"}:
        return ConcurrentUpdate(what)
    raise error


def _member_week_update(
    transaction: TransactWrite, owner: MemberKey, tally: WeekTally, counters: list[Action]
) -> None:
    actions = list(counters)
    if tally.person:
        actions.append(MemberWeekItem.people_ids.add({tally.contact_id}))
    if tally.snapshots_goal:
        actions += _set_goal(MemberWeekItem, tally.goal)
    if tally.crosses:
        actions.append(MemberWeekItem.met_at.set(tally.at))
    seen = tally.seen
    if seen is None:
        condition: Condition = MemberWeekItem.pk.does_not_exist()
    else:
        condition = MemberWeekItem.pk.exists() & _goal_is(MemberWeekItem, seen.goal)
        counted = MemberWeekItem.people_ids.contains(tally.contact_id)
        condition &= ~counted if tally.person else counted  # each person once a week
        if seen.conversations == 0:  # the member's first conversation of the week (active once)
            condition &= MemberWeekItem.conversations.does_not_exist() | (MemberWeekItem.conversations == 0)
        if tally.crosses:
            condition &= MemberWeekItem.met_at.does_not_exist()
        elif not seen.met:
            # Believed not to meet the goals: then some counter must still be below its floor.
            condition &= MemberWeekItem.met_at.exists() | ~_all_at_least(tally.not_crossing_floors())
    transaction.update(
        MemberWeekItem(keys.member_pk(owner), week_sk(tally.week)), actions, condition=condition
    )


def _profile_update(transaction: TransactWrite, owner: MemberKey, tally: WeekTally) -> None:
    """The profile's last active week moves on; a goal the week snapshotted must still be the goal."""
    pk = keys.member_pk(owner)
    if not tally.profile_exists:
        if tally.snapshots_goal:  # the defaults were snapshotted: no profile may have appeared
            transaction.condition_check(MemberItem, pk, keys.PROFILE, MemberItem.pk.does_not_exist())
        return
    if not (tally.snapshots_goal or tally.advance_active_week):
        return
    condition: Condition = MemberItem.pk.exists()
    if tally.snapshots_goal:
        condition &= _goal_is(MemberItem, tally.profile_goal)
    if not tally.advance_active_week:
        transaction.condition_check(MemberItem, pk, keys.PROFILE, condition)
        return
    condition &= MemberItem.last_active_week.does_not_exist() | (MemberItem.last_active_week <= tally.week)
    transaction.update(
        MemberItem(pk, keys.PROFILE), [MemberItem.last_active_week.set(tally.week)], condition=condition
    )


class WeeklyStore:
    """Weekly goals, plans and the org report; DynamoStore inherits these methods."""

    _connection: TableConnection

    # ------------------------------------------------------------ member weeks

    def get_week(self, owner: MemberKey, week: str) -> WeekProgress | None:
        try:
            item = MemberWeekItem.get(keys.member_pk(owner), week_sk(week), consistent_read=True)
        except MemberWeekItem.DoesNotExist:
            return None
        return week_from_item(item)

    def week_history(self, owner: MemberKey, first: str, last: str) -> dict[str, WeekProgress]:
        """The member's stored weeks from `first` to `last`, in one Query."""
        found = MemberWeekItem.query(
            keys.member_pk(owner), MemberWeekItem.sk.between(week_sk(first), week_sk(last))
        )
        return {record.week: record for record in map(week_from_item, found)}

    def logging_state(
        self, owner: MemberKey, contact_id: str, weeks_wanted: Iterable[str]
    ) -> tuple[Member | None, Contact | None, dict[str, WeekProgress]]:
        """What logging a conversation decides from: the profile, the contact and the weeks the
        conversation may fall in (the time zone is on the profile), in one consistent BatchGetItem."""
        pk = keys.member_pk(owner)
        wanted: list[Any] = [
            {"PK": pk, "SK": keys.PROFILE},
            {"PK": pk, "SK": keys.contact_sk(contact_id)},
            *({"PK": pk, "SK": week_sk(week)} for week in sorted(weeks_wanted)),
        ]
        member: Member | None = None
        contact: Contact | None = None
        found: dict[str, WeekProgress] = {}
        table = self._connection.table_name
        while wanted:
            answer = self._connection.batch_get_item(wanted, consistent_read=True)
            for raw in answer.get("Responses", {}).get(table, []):
                sk = raw["SK"]["S"]
                if sk == keys.PROFILE:
                    member = keys._member_from_item(MemberItem.from_raw_data(raw))
                elif sk.startswith(keys.CONTACT):
                    contact = keys._contact_from_item(ContactItem.from_raw_data(raw))
                else:
                    record = week_from_item(MemberWeekItem.from_raw_data(raw))
                    found[record.week] = record
            wanted = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        return member, contact, found

    def _tally_writes(self, transaction: TransactWrite, owner: MemberKey, tally: WeekTally) -> None:
        """The logging transaction's part for the week: the member-week, the org-week, the profile."""
        # Only what moves is written: an absent counter reads as 0.
        counters: list[Action] = [MemberWeekItem.conversations.add(1)]
        counters += [MemberWeekItem.people.add(1)] if tally.person else []
        counters += [MemberWeekItem.new_people.add(1)] if tally.new_person else []
        counters += [MemberWeekItem.reconnects.add(1)] if tally.reconnect else []
        counters += [_outcome_attribute(outcome).add(1) for outcome in tally.outcomes]
        _member_week_update(transaction, owner, tally, counters)
        org_actions = list(counters)
        org_actions += [OrgWeekItem.members_active.add(1)] if tally.first_conversation else []
        org_actions += [OrgWeekItem.members_met.add(1)] if tally.crosses else []
        transaction.update(OrgWeekItem(keys.org_pk(owner.org_id), week_sk(tally.week)), org_actions)
        _profile_update(transaction, owner, tally)

    def _untally_writes(self, transaction: TransactWrite, owner: MemberKey, untally: WeekUntally) -> None:
        """An undo transaction's part for the week: every counter the conversation moved, moved
        back; only if nothing was logged in that week since it was read."""
        counters: list[Action] = [MemberWeekItem.conversations.add(-1)]
        counters += [MemberWeekItem.people.add(-1)] if untally.person else []
        counters += [MemberWeekItem.new_people.add(-1)] if untally.new_person else []
        counters += [MemberWeekItem.reconnects.add(-1)] if untally.reconnect else []
        counters += [_outcome_attribute(outcome).add(-1) for outcome in untally.outcomes]
        actions = list(counters)
        actions += [MemberWeekItem.people_ids.delete({untally.contact_id})] if untally.person else []
        actions += [MemberWeekItem.met_at.remove()] if untally.unmeets else []
        transaction.update(
            MemberWeekItem(keys.member_pk(owner), week_sk(untally.week)),
            actions,
            condition=MemberWeekItem.conversations == untally.seen.conversations,
        )
        org_actions = list(counters)
        org_actions += [OrgWeekItem.members_active.add(-1)] if untally.last_conversation else []
        org_actions += [OrgWeekItem.members_met.add(-1)] if untally.unmeets else []
        transaction.update(OrgWeekItem(keys.org_pk(owner.org_id), week_sk(untally.week)), org_actions)

    def save_goal(
        self, member: Member, goal: WeeklyGoal, *, week: str, seen: WeekProgress | None, at: datetime
    ) -> None:
        """The member's new goal, applied to the current week too, in one transaction.

        Whether the week is met is decided again under the new targets; if that changes, the
        program's count of members who met moves by one. Raises ConcurrentUpdate on a race.
        """
        pk = keys.member_pk(member.key)
        try:
            with TransactWrite(connection=self._connection.connection) as transaction:
                transaction.update(
                    MemberItem(pk, keys.PROFILE),
                    _set_goal(MemberItem, goal),
                    condition=MemberItem.pk.exists() & _goal_is(MemberItem, member.weekly_goal),
                )
                if seen is None:
                    transaction.condition_check(
                        MemberWeekItem, pk, week_sk(week), MemberWeekItem.pk.does_not_exist()
                    )
                    return
                met = seen.meets(goal)
                condition = MemberWeekItem.pk.exists() & _goal_is(MemberWeekItem, seen.goal)
                condition &= (
                    MemberWeekItem.met_at.exists() if seen.met else MemberWeekItem.met_at.does_not_exist()
                )
                if not met:  # counters only grow: "met" stays true by itself, "not met" must be checked
                    floors = {
                        "people": goal.people,
                        "new_people": goal.new_people,
                        "reconnects": goal.reconnects,
                    }
                    condition &= ~_all_at_least({name: n for name, n in floors.items() if n > 0})
                actions = _set_goal(MemberWeekItem, goal)
                if met and not seen.met:
                    actions.append(MemberWeekItem.met_at.set(at))
                if seen.met and not met:
                    actions.append(MemberWeekItem.met_at.remove())
                transaction.update(MemberWeekItem(pk, week_sk(week)), actions, condition=condition)
                if met != seen.met:
                    transaction.update(
                        OrgWeekItem(keys.org_pk(member.key.org_id), week_sk(week)),
                        [OrgWeekItem.members_met.add(1 if met else -1)],
                    )
        except TransactWriteError as error:
            raise _transaction_failed(error, "goal") from error

    def mark_week_paused(self, owner: MemberKey, week: str, goal: WeeklyGoal) -> None:
        """The weekly check found the member paused: the week neither counts as missed nor met."""
        MemberWeekItem(keys.member_pk(owner), week_sk(week)).update(
            actions=[
                MemberWeekItem.paused.set(True),
                MemberWeekItem.goal_people.set(MemberWeekItem.goal_people | goal.people),
                MemberWeekItem.goal_new_people.set(MemberWeekItem.goal_new_people | goal.new_people),
                MemberWeekItem.goal_reconnects.set(MemberWeekItem.goal_reconnects | goal.reconnects),
            ]
        )

    # ------------------------------------------------------------ plans

    def get_plan(self, owner: MemberKey, week: str) -> Plan | None:
        try:
            item = PlanItem.get(keys.member_pk(owner), plan_sk(week), consistent_read=True)
        except PlanItem.DoesNotExist:
            return None
        return _plan_from_item(item)

    def add_plan(self, owner: MemberKey, plan: Plan, *, expires_at: int) -> bool:
        """Store a week's plan unless it has one already (then False: read that one)."""
        item = PlanItem(
            keys.member_pk(owner),
            plan_sk(plan.week),
            week=plan.week,
            contact_ids=list(plan.contact_ids),
            kinds=[kind.value for kind in plan.kinds],
            planned_days=[],
            new_people=plan.new_people,
            created_at=plan.created_at,
            expires_at=expires_at,
        )
        try:
            item.save(condition=PlanItem.pk.does_not_exist())
        except PutError as error:
            if keys._failed_condition(error):
                return False
            raise
        return True

    def accept_plan(self, owner: MemberKey, week: str, days: Iterable[date | None], at: datetime) -> bool:
        """Mark the plan accepted with the day each person is planned for; False if it already was."""
        try:
            PlanItem(keys.member_pk(owner), plan_sk(week)).update(
                actions=[
                    PlanItem.planned_days.set(cast(Any, [day.isoformat() if day else "" for day in days])),
                    PlanItem.accepted_at.set(at),
                ],
                condition=PlanItem.pk.exists() & PlanItem.accepted_at.does_not_exist(),
            )
        except UpdateError as error:
            if keys._failed_condition(error):
                return False
            raise
        return True

    def planned_for(self, owner: MemberKey, day: date) -> tuple[list[str], datetime | None]:
        """The people an accepted plan puts on `day`, and when it was accepted (one GetItem)."""
        try:
            item = PlanItem.get(
                keys.member_pk(owner),
                plan_sk(weeks.iso_week(day)),
                attributes_to_get=["contact_ids", "planned_days", "accepted_at"],
            )
        except PlanItem.DoesNotExist:
            return [], None
        wanted = day.isoformat()
        planned = [
            str(contact_id)
            for contact_id, planned_day in zip(item.contact_ids, item.planned_days or (), strict=False)
            if planned_day == wanted
        ]
        return planned, item.accepted_at

    # ------------------------------------------------------------ the program

    def org_weeks(self, org_id: str, first: str, last: str) -> dict[str, OrgWeek]:
        """The program's weekly counters from `first` to `last`, in one Query."""
        found = OrgWeekItem.query(keys.org_pk(org_id), OrgWeekItem.sk.between(week_sk(first), week_sk(last)))
        return {record.week: record for record in map(_org_week_from_item, found)}

    def org_members(self, org_id: str, *, after: str | None, limit: int) -> tuple[list[Member], str | None]:
        """One page of a program's member profiles (org-members index), in id order."""
        start = None
        if after:
            pk = keys.member_pk(MemberKey(org_id, after))
            start = {"org_id": {"S": org_id}, "PK": {"S": pk}, "SK": {"S": keys.PROFILE}}
        found = MemberItem.org_members_index.query(
            org_id, last_evaluated_key=start, limit=limit, page_size=limit
        )
        pks = [item.pk for item in found]
        profiles = {item.pk: item for item in MemberItem.batch_get([(pk, keys.PROFILE) for pk in pks])}
        members = [keys._member_from_item(profiles[pk]) for pk in pks if pk in profiles]
        more = found.last_evaluated_key is not None and len(pks) == limit
        return members, (members[-1].key.member_id if more and members else None)
