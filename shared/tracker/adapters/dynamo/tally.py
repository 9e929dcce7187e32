"""The week's counters in a transaction: what logging a conversation adds to the member's week,
the org's week and the profile, what taking one back (undo, delete) subtracts, and a correction's
outcomes.

Counters only ever move with ADD (commutative); every assumption the writer made when deciding
(see domain/goals.py `WeekTally`) becomes a condition, so a concurrent change cancels the
transaction and the caller decides again.
"""

from __future__ import annotations

from typing import Any, cast

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from tracker.domain.corrections import OutcomeShift
from tracker.domain.goals import WeekTally, WeekUntally
from tracker.domain.model import MemberKey, Outcome, WeeklyGoal

from .keys import PROFILE, member_pk, org_pk, week_sk
from .models import MemberItem, MemberWeekItem, OrgWeekItem, _WeekCounters


def _outcome_attribute(outcome: Outcome) -> Any:
    return getattr(_WeekCounters, f"outcome_{outcome.value}")


def goal_is(model: type[MemberItem] | type[MemberWeekItem], goal: WeeklyGoal | None) -> Condition:
    if goal is None:
        return cast(Condition, model.goal_people.does_not_exist())
    return cast(
        Condition,
        (model.goal_people == goal.people)
        & (model.goal_new_people == goal.new_people)
        & (model.goal_reconnects == goal.reconnects),
    )


def set_goal(model: type[MemberItem] | type[MemberWeekItem], goal: WeeklyGoal) -> list[Action]:
    return [
        model.goal_people.set(goal.people),
        model.goal_new_people.set(goal.new_people),
        model.goal_reconnects.set(goal.reconnects),
    ]


def all_at_least(floors: dict[str, int]) -> Condition:
    """Every named counter of the member-week is at least its floor (floors must be > 0)."""
    parts: list[Condition] = [getattr(MemberWeekItem, name) >= floor for name, floor in floors.items()]
    condition = parts[0]
    for part in parts[1:]:
        condition &= part
    return condition


def _member_week_update(
    transaction: TransactWrite, owner: MemberKey, tally: WeekTally, counters: list[Action]
) -> None:
    actions = list(counters)
    if tally.person:
        actions.append(MemberWeekItem.people_ids.add({tally.contact_id}))
    if tally.new_person:
        actions.append(MemberWeekItem.new_ids.add({tally.contact_id}))
    if tally.reconnect:
        actions.append(MemberWeekItem.reconnect_ids.add({tally.contact_id}))
    if tally.snapshots_goal:
        actions += set_goal(MemberWeekItem, tally.goal)
    if tally.crosses:
        actions.append(MemberWeekItem.met_at.set(tally.at))
    if tally.counts_in_group:
        actions.append(MemberWeekItem.counted.set(True))
    seen = tally.seen
    if seen is None:
        condition: Condition = MemberWeekItem.pk.does_not_exist()
    else:
        condition = MemberWeekItem.pk.exists() & goal_is(MemberWeekItem, seen.goal)
        counted = MemberWeekItem.people_ids.contains(tally.contact_id)
        condition &= ~counted if tally.person else counted  # each person once a week
        if seen.conversations == 0:  # the member's first conversation of the week (active once)
            condition &= MemberWeekItem.conversations.does_not_exist() | (MemberWeekItem.conversations == 0)
        if tally.crosses:
            condition &= MemberWeekItem.met_at.does_not_exist()
        elif not seen.met:
            # Believed not to meet the goals: then some counter must still be below its floor.
            condition &= MemberWeekItem.met_at.exists() | ~all_at_least(tally.not_crossing_floors())
    transaction.update(MemberWeekItem(member_pk(owner), week_sk(tally.week)), actions, condition=condition)


def _profile_update(transaction: TransactWrite, owner: MemberKey, tally: WeekTally) -> None:
    """The profile's last active week moves on; a goal the week snapshotted must still be the goal."""
    pk = member_pk(owner)
    if not tally.profile_exists:
        if tally.snapshots_goal:  # the defaults were snapshotted: no profile may have appeared
            transaction.condition_check(MemberItem, pk, PROFILE, MemberItem.pk.does_not_exist())
        return
    if not (tally.snapshots_goal or tally.advance_active_week):
        return
    condition: Condition = MemberItem.pk.exists()
    if tally.snapshots_goal:
        condition &= goal_is(MemberItem, tally.profile_goal)
    if not tally.advance_active_week:
        transaction.condition_check(MemberItem, pk, PROFILE, condition)
        return
    condition &= MemberItem.last_active_week.does_not_exist() | (MemberItem.last_active_week <= tally.week)
    transaction.update(
        MemberItem(pk, PROFILE), [MemberItem.last_active_week.set(tally.week)], condition=condition
    )


def tally_writes(transaction: TransactWrite, owner: MemberKey, tally: WeekTally) -> None:
    """The logging transaction's part for the week: the member-week, the org-week, the profile."""
    # Only what moves is written: an absent counter reads as 0.
    counters: list[Action] = [MemberWeekItem.conversations.add(1)]
    counters += [MemberWeekItem.people.add(1)] if tally.person else []
    counters += [MemberWeekItem.new_people.add(1)] if tally.new_person else []
    counters += [MemberWeekItem.reconnects.add(1)] if tally.reconnect else []
    counters += [_outcome_attribute(outcome).add(1) for outcome in tally.outcomes]
    _member_week_update(transaction, owner, tally, counters)
    _profile_update(transaction, owner, tally)
    if tally.program_closed:  # logged after the week ended everywhere: its report is final
        return
    org_actions = list(counters)
    org_actions += [OrgWeekItem.members_active.add(1)] if tally.first_conversation else []
    org_actions += [OrgWeekItem.members_met.add(1)] if tally.crosses else []
    org_actions += [OrgWeekItem.members_counted.add(1)] if tally.counts_in_group else []
    transaction.update(OrgWeekItem(org_pk(owner.org_id), week_sk(tally.week)), org_actions)


def untally_writes(transaction: TransactWrite, owner: MemberKey, untally: WeekUntally) -> None:
    """An undo transaction's part for the week: every counter the conversation moved, moved
    back; only if nothing was logged in that week since it was read."""
    counters: list[Action] = [MemberWeekItem.conversations.add(-1)]
    counters += [MemberWeekItem.people.add(-1)] if untally.person else []
    counters += [MemberWeekItem.new_people.add(-1)] if untally.new_person else []
    counters += [MemberWeekItem.reconnects.add(-1)] if untally.reconnect else []
    counters += [_outcome_attribute(outcome).add(-1) for outcome in untally.outcomes]
    actions = list(counters)
    actions += [MemberWeekItem.people_ids.delete({untally.contact_id})] if untally.person else []
    actions += [MemberWeekItem.new_ids.delete({untally.contact_id})] if untally.new_person else []
    actions += [MemberWeekItem.reconnect_ids.delete({untally.contact_id})] if untally.reconnect else []
    actions += [MemberWeekItem.met_at.remove()] if untally.unmeets else []
    actions += [MemberWeekItem.counted.remove()] if untally.uncounts else []
    transaction.update(
        MemberWeekItem(member_pk(owner), week_sk(untally.week)),
        actions,
        condition=MemberWeekItem.conversations == untally.seen.conversations,
    )
    if untally.program_closed:
        return
    org_actions = list(counters)
    org_actions += [OrgWeekItem.members_active.add(-1)] if untally.last_conversation else []
    org_actions += [OrgWeekItem.members_met.add(-1)] if untally.unmeets else []
    org_actions += [OrgWeekItem.members_counted.add(-1)] if untally.uncounts else []
    transaction.update(OrgWeekItem(org_pk(owner.org_id), week_sk(untally.week)), org_actions)


def shift_writes(transaction: TransactWrite, owner: MemberKey, shift: OutcomeShift) -> None:
    """A corrected conversation's outcomes, in the week it stays in: one up or down each."""
    counters: list[Action] = [_outcome_attribute(outcome).add(1) for outcome in shift.added]
    counters += [_outcome_attribute(outcome).add(-1) for outcome in shift.removed]
    transaction.update(
        MemberWeekItem(member_pk(owner), week_sk(shift.week)), counters, condition=MemberWeekItem.pk.exists()
    )
    if not shift.program_closed:
        transaction.update(OrgWeekItem(org_pk(owner.org_id), week_sk(shift.week)), counters)
