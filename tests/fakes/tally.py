"""The week's counters: what logging a conversation adds to the member's week, the org's week and
the profile, what an undo or a deletion subtracts, a correction's outcomes and what a correction
of new-ness moves. Every assumption of the `WeekTally` is checked as the DynamoDB transaction's
conditions check it
(adapters/dynamo/tally.py), no more and no less."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

from tracker.domain.corrections import OutcomeShift
from tracker.domain.goals import WeekProgress, WeekRecount, WeekTally, WeekUntally
from tracker.domain.model import Contact, Member, MemberKey, Outcome
from tracker.domain.org import OrgWeek

from .table import PROFILE, MemoryTable, org, require

Week = TypeVar("Week", WeekProgress, OrgWeek)


def counted(week: Week, step: int, change: WeekTally | WeekUntally) -> Week:
    """The week's counters moved by `step` (1 or -1); outcomes that reach 0 are not shown."""
    moved = dict(week.outcomes)
    for outcome in change.outcomes:
        moved[outcome] = moved.get(outcome, 0) + step
    return replace(
        week,
        conversations=week.conversations + step,
        people=week.people + step * change.person,
        new_people=week.new_people + step * change.new_person,
        reconnects=week.reconnects + step * change.reconnect,
        outcomes={outcome: n for outcome, n in moved.items() if n},
    )


def _check_member_week(week: WeekProgress | None, tally: WeekTally) -> None:
    seen = tally.seen
    if seen is None:
        require(week is None, "the week appeared")
        return
    require(week is not None and week.goal == seen.goal, "the week's goal")
    assert week is not None
    require((tally.contact_id in week.people_ids) != tally.person, "each person once a week")
    if seen.conversations == 0:
        require(week.conversations == 0, "the first conversation of the week")
    if tally.crosses:
        require(not week.met, "the goals were met meanwhile")
    elif not seen.met:
        floors = tally.not_crossing_floors()
        below = any(getattr(week, name) < floor for name, floor in floors.items())
        require(week.met or below, "this conversation would meet the goals")


def _check_profile(member: Member | None, tally: WeekTally) -> bool:
    """Whether the profile's last active week moves (after checking what the tally assumed of it)."""
    if not tally.profile_exists:
        if tally.snapshots_goal:
            require(member is None, "a profile appeared")
        return False
    if not (tally.snapshots_goal or tally.advance_active_week):
        return False
    require(member is not None, "the profile went")
    assert member is not None
    if tally.snapshots_goal:
        require(member.weekly_goal == tally.profile_goal, "the goal changed")
    if not tally.advance_active_week:
        return False
    require(member.last_active_week is None or member.last_active_week <= tally.week, "a later active week")
    return True


def apply_tally(table: MemoryTable, owner: MemberKey, tally: WeekTally) -> None:
    """Inside the logging transaction: ConcurrentUpdate if an assumption no longer holds."""
    week_key = ("week", tally.week)
    week: WeekProgress | None = table.get(owner, week_key)
    member: Member | None = table.get(owner, PROFILE)
    _check_member_week(week, tally)
    advances = _check_profile(member, tally)
    week = counted(week or WeekProgress(tally.week), 1, tally)
    if tally.person:
        week = replace(week, people_ids=week.people_ids | {tally.contact_id})
    if tally.new_person:
        week = replace(week, new_people_ids=week.new_people_ids | {tally.contact_id})
    elif tally.newcomer:
        week = replace(week, known_before_ids=week.known_before_ids | {tally.contact_id})
    if tally.reconnect:
        week = replace(week, reconnect_ids=week.reconnect_ids | {tally.contact_id})
    if tally.snapshots_goal:
        week = replace(week, goal=tally.goal)
    if tally.crosses:
        week = replace(week, met=True)
    if tally.counts_in_group:
        week = replace(week, counted=True)
    table.put(owner, week_key, week)
    if advances and member is not None:
        table.put(owner, PROFILE, replace(member, last_active_week=tally.week))
    if tally.program_closed:
        return
    program: OrgWeek = table.get(org(owner.org_id), week_key) or OrgWeek(tally.week)
    program = counted(program, 1, tally)
    program = replace(
        program,
        members_active=program.members_active + tally.first_conversation,
        members_met=program.members_met + tally.crosses,
        members_counted=program.members_counted + tally.counts_in_group,
    )
    table.put(org(owner.org_id), week_key, program)


def apply_untally(table: MemoryTable, owner: MemberKey, untally: WeekUntally) -> None:
    """Inside an undo's transaction: only if nothing was logged in that week since it was read."""
    week_key = ("week", untally.week)
    week: WeekProgress | None = table.get(owner, week_key)
    require(week is not None and week.conversations == untally.seen.conversations, "the week moved")
    assert week is not None
    contact_id, seen = untally.contact_id, untally.seen
    if untally.person:
        require(
            (contact_id in week.new_people_ids) == (contact_id in seen.new_people_ids)
            and (contact_id in week.known_before_ids) == (contact_id in seen.known_before_ids),
            "the person's new-ness was corrected",
        )
    week = counted(week, -1, untally)
    if untally.person:
        week = replace(
            week,
            people_ids=week.people_ids - {contact_id},
            new_people_ids=week.new_people_ids - {contact_id},
            known_before_ids=week.known_before_ids - {contact_id},
        )
    if untally.reconnect:
        week = replace(week, reconnect_ids=week.reconnect_ids - {untally.contact_id})
    if untally.unmeets:
        week = replace(week, met=False)
    if untally.uncounts:
        week = replace(week, counted=False)
    table.put(owner, week_key, week)
    if untally.program_closed:
        return
    program: OrgWeek = table.get(org(owner.org_id), week_key) or OrgWeek(untally.week)
    program = counted(program, -1, untally)
    program = replace(
        program,
        members_active=program.members_active - untally.last_conversation,
        members_met=program.members_met - untally.unmeets,
        members_counted=program.members_counted - untally.uncounts,
    )
    table.put(org(owner.org_id), week_key, program)


def apply_recount(table: MemoryTable, owner: MemberKey, recount: WeekRecount) -> None:
    """A correction of a person's new-ness: only if the contact, the person's place, the
    counters and the goal are as read (as the DynamoDB transaction's conditions say)."""
    contact: Contact | None = table.get(owner, ("contact", recount.contact_id))
    require(contact is not None and contact.revision == recount.contact_revision, "the contact changed")
    week_key = ("week", recount.week)
    week: WeekProgress | None = table.get(owner, week_key)
    seen = recount.seen
    require(week is not None, "the week went")
    assert week is not None
    source = week.known_before_ids if recount.new_person else week.new_people_ids
    require(recount.contact_id in source, "the person moved")
    require(week.goal == seen.goal and week.met == seen.met, "the week's goal or state moved")
    for name in ("conversations", "people", "new_people", "reconnects"):
        require(getattr(week, name) == getattr(seen, name), "the week's counters moved")
    one = {recount.contact_id}
    if recount.new_person:
        new_ids, known_ids = week.new_people_ids | one, week.known_before_ids - one
    else:
        new_ids, known_ids = week.new_people_ids - one, week.known_before_ids | one
    week = replace(
        week,
        new_people=week.new_people + recount.step,
        new_people_ids=new_ids,
        known_before_ids=known_ids,
        met=recount.met_after,
    )
    table.put(owner, week_key, week)
    if recount.program_closed:
        return
    program: OrgWeek = table.get(org(owner.org_id), week_key) or OrgWeek(recount.week)
    program = replace(
        program,
        new_people=program.new_people + recount.step,
        members_met=program.members_met + recount.crosses - recount.unmeets,
    )
    table.put(org(owner.org_id), week_key, program)


def apply_shift(table: MemoryTable, owner: MemberKey, shift: OutcomeShift) -> None:
    """Inside a correction's transaction: the member's week must be there."""
    week_key = ("week", shift.week)
    week: WeekProgress | None = table.get(owner, week_key)
    require(week is not None, "the week went")
    assert week is not None
    table.put(owner, week_key, replace(week, outcomes=_shifted(week.outcomes, shift)))
    if shift.program_closed:
        return
    program: OrgWeek = table.get(org(owner.org_id), week_key) or OrgWeek(shift.week)
    table.put(org(owner.org_id), week_key, replace(program, outcomes=_shifted(program.outcomes, shift)))


def _shifted(outcomes: Mapping[Outcome, int], shift: OutcomeShift) -> dict[Outcome, int]:
    moved = dict(outcomes)
    for outcome in shift.added:
        moved[outcome] = moved.get(outcome, 0) + 1
    for outcome in shift.removed:
        moved[outcome] = moved.get(outcome, 0) - 1
    return {outcome: n for outcome, n in moved.items() if n}
