"""The week's counters in a transaction: what logging a conversation adds to the member's week,
the org's week (the member's shard of it, keys.py) and the profile, what taking one back (undo,
delete) subtracts, a correction's outcomes, and what correcting a person's new-ness after the
fact moves (`recount_writes`).

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
from tracker.domain.goals import WeekRecount, WeekTally, WeekUntally
from tracker.domain.model import MemberKey, Outcome, WeeklyGoal

from .keys import PROFILE, contact_sk, member_org_week_pk, member_pk, week_sk
from .models import ContactItem, MemberItem, MemberWeekItem, OrgWeekItem, _WeekCounters


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
        actions.append(MemberWeekItem.new_people_ids.add({tally.contact_id}))
    elif tally.newcomer:
        actions.append(MemberWeekItem.known_before_ids.add({tally.contact_id}))
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
    transaction.update(OrgWeekItem(member_org_week_pk(owner), week_sk(tally.week)), org_actions)


def untally_writes(transaction: TransactWrite, owner: MemberKey, untally: WeekUntally) -> None:
    """An undo transaction's part for the week: every counter the conversation moved, moved
    back; only if nothing was logged in that week since it was read."""
    counters: list[Action] = [MemberWeekItem.conversations.add(-1)]
    counters += [MemberWeekItem.people.add(-1)] if untally.person else []
    counters += [MemberWeekItem.new_people.add(-1)] if untally.new_person else []
    counters += [MemberWeekItem.reconnects.add(-1)] if untally.reconnect else []
    counters += [_outcome_attribute(outcome).add(-1) for outcome in untally.outcomes]
    actions = list(counters)
    condition: Condition = MemberWeekItem.conversations == untally.seen.conversations
    if untally.person:
        actions.append(MemberWeekItem.people_ids.delete({untally.contact_id}))
        # The person's place among the new or known-before people as read (a correction moves it).
        lists = (
            (MemberWeekItem.new_people_ids, untally.seen.new_people_ids),
            (MemberWeekItem.known_before_ids, untally.seen.known_before_ids),
        )
        for listed, as_read in lists:
            if untally.contact_id in as_read:
                actions.append(listed.delete({untally.contact_id}))
                condition &= listed.contains(untally.contact_id)
            else:
                condition &= ~listed.contains(untally.contact_id)
    actions += [MemberWeekItem.reconnect_ids.delete({untally.contact_id})] if untally.reconnect else []
    actions += [MemberWeekItem.met_at.remove()] if untally.unmeets else []
    actions += [MemberWeekItem.counted.remove()] if untally.uncounts else []
    transaction.update(MemberWeekItem(member_pk(owner), week_sk(untally.week)), actions, condition=condition)
    if untally.program_closed:
        return
    org_actions = list(counters)
    org_actions += [OrgWeekItem.members_active.add(-1)] if untally.last_conversation else []
    org_actions += [OrgWeekItem.members_met.add(-1)] if untally.unmeets else []
    org_actions += [OrgWeekItem.members_counted.add(-1)] if untally.uncounts else []
    transaction.update(OrgWeekItem(member_org_week_pk(owner), week_sk(untally.week)), org_actions)


def _count_is(attribute: Any, value: int) -> Condition:
    """A counter equals `value` (an absent counter reads as 0)."""
    if value == 0:
        return cast(Condition, attribute.does_not_exist() | (attribute == 0))
    return cast(Condition, attribute == value)


def recount_writes(transaction: TransactWrite, owner: MemberKey, recount: WeekRecount) -> None:
    """A correction's transaction: the person moves between the week's new and known-before
    people and `new_people` by one; only if the contact, the person's place, the counters and
    the goal are as read (so a repeat finds nothing to move, and a race is decided again)."""
    pk = member_pk(owner)
    transaction.condition_check(
        ContactItem,
        pk,
        contact_sk(recount.contact_id),
        ContactItem.revision == recount.contact_revision,
    )
    seen = recount.seen
    into, out_of = MemberWeekItem.new_people_ids, MemberWeekItem.known_before_ids
    if not recount.new_person:
        into, out_of = out_of, into
    condition: Condition = out_of.contains(recount.contact_id) & goal_is(MemberWeekItem, seen.goal)
    for name in ("conversations", "people", "new_people", "reconnects"):
        condition &= _count_is(getattr(MemberWeekItem, name), getattr(seen, name))
    condition &= MemberWeekItem.met_at.exists() if seen.met else MemberWeekItem.met_at.does_not_exist()
    step = recount.step
    actions: list[Action] = [
        out_of.delete({recount.contact_id}),
        into.add({recount.contact_id}),
        MemberWeekItem.new_people.add(step),
    ]
    actions += [MemberWeekItem.met_at.set(recount.at)] if recount.crosses else []
    actions += [MemberWeekItem.met_at.remove()] if recount.unmeets else []
    transaction.update(MemberWeekItem(pk, week_sk(recount.week)), actions, condition=condition)
    if recount.program_closed:
        return
    org_actions: list[Action] = [OrgWeekItem.new_people.add(step)]
    org_actions += [OrgWeekItem.members_met.add(1)] if recount.crosses else []
    org_actions += [OrgWeekItem.members_met.add(-1)] if recount.unmeets else []
    transaction.update(OrgWeekItem(member_org_week_pk(owner), week_sk(recount.week)), org_actions)


def shift_writes(transaction: TransactWrite, owner: MemberKey, shift: OutcomeShift) -> None:
    """A corrected conversation's outcomes, in the week it stays in: one up or down each."""
    counters: list[Action] = [_outcome_attribute(outcome).add(1) for outcome in shift.added]
    counters += [_outcome_attribute(outcome).add(-1) for outcome in shift.removed]
    transaction.update(
        MemberWeekItem(member_pk(owner), week_sk(shift.week)), counters, condition=MemberWeekItem.pk.exists()
    )
    if not shift.program_closed:
        transaction.update(OrgWeekItem(member_org_week_pk(owner), week_sk(shift.week)), counters)
