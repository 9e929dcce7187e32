"""Correcting a logged conversation (changing or deleting it) and what follows, as logging
would have had it: the contact's last contact, next step and due date, and its week's counters
(the conversation taken out of its week with `untally`, counted in a new week with `tally`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tracker.domain import weeks
from tracker.domain.changes import KEEP, Keep, chosen
from tracker.domain.conversations import LAST_SUMMARY_CHARS
from tracker.domain.goals import WeekProgress, WeekTally, WeekUntally, tally, untally
from tracker.domain.model import (
    DEFAULT_TIME_ZONE,
    Channel,
    Contact,
    Conversation,
    Member,
    MemberKey,
    NextStep,
    Outcome,
)


@dataclass(frozen=True)
class ConversationChanges:
    """A change to a logged conversation: each field a new value (None clears an optional one) or KEEP."""

    when: datetime | Keep = KEEP
    channel: Channel | Keep = KEEP
    summary: str | Keep | None = KEEP
    next_step: NextStep | Keep | None = KEEP
    help_offered: str | Keep | None = KEEP
    help_received: str | Keep | None = KEEP
    outcomes: tuple[Outcome, ...] | Keep = KEEP

    def apply(self, conversation: Conversation) -> Conversation:
        values = chosen(self)
        if isinstance(self.outcomes, tuple):
            values["outcomes"] = tuple(dict.fromkeys(self.outcomes))
        return replace(conversation, **values)


@dataclass(frozen=True)
class OutcomeShift:
    """Outcomes changed on a conversation that stays in its week: each counter moves by one."""

    week: str
    added: tuple[Outcome, ...]
    removed: tuple[Outcome, ...]
    program_closed: bool  # its tally left the program's week alone: so does this


@dataclass(frozen=True)
class Correction:
    """What changing (`after`) or deleting (`after` None) one conversation writes, decided from
    the contact as read (`seen`: its revision is the write's condition, so a conversation logged,
    changed or deleted meanwhile makes it decide again) and the weeks as read."""

    before: Conversation
    after: Conversation | None
    seen: Contact
    contact: Contact
    untally: WeekUntally | None = None  # out of its old week
    tally: WeekTally | None = None  # into its new week
    shift: OutcomeShift | None = None  # same week, other outcomes


def newest_first(conversations: Sequence[Conversation]) -> list[Conversation]:
    """In the table's order, reversed: by time, then id."""
    return sorted(conversations, key=lambda c: (c.when, c.conversation_id), reverse=True)


def correct(
    owner: MemberKey,
    member: Member | None,
    seen: Contact,
    history: Sequence[Conversation],
    before: Conversation,
    after: Conversation | None,
    by_week: Mapping[str, WeekProgress],
    *,
    now: datetime,
) -> Correction:
    """Decide a correction. `history` is every conversation of the contact (`before` included),
    `by_week` the member's weeks `before` and `after` fall in, as read."""
    others = newest_first([c for c in history if c.conversation_id != before.conversation_id])
    contact = _contact_after(seen, newest_first(history), before, after, now=now)
    if not before.counted:  # imported: no week ever counted it
        return Correction(before, after and replace(after, counted=False), seen, contact)
    zone = member.time_zone if member else DEFAULT_TIME_ZONE
    old_week = weeks.week_of(before.when, zone)
    new_week = weeks.week_of(after.when, zone) if after else None
    if new_week == old_week:
        assert after is not None
        added = tuple(o for o in after.outcomes if o not in before.outcomes)
        removed = tuple(o for o in before.outcomes if o not in after.outcomes)
        closed = before.created_at >= weeks.ends_everywhere(old_week)
        shift = OutcomeShift(old_week, added, removed, closed) if added or removed else None
        return Correction(before, after, seen, contact, shift=shift)
    old = by_week.get(old_week)
    taken = _untally(owner, member, seen, others, before, old, now=now) if old is not None else None
    counted = None
    if after is not None and new_week is not None:
        previous = others[0].when if others else None
        advances = previous is None or after.when > previous
        counted = tally(
            member, replace(seen, last_contact_at=previous), after, by_week.get(new_week), advances=advances
        )
    return Correction(before, after, seen, contact, untally=taken, tally=counted)


def _untally(
    owner: MemberKey,
    member: Member | None,
    seen: Contact,
    others: list[Conversation],
    conversation: Conversation,
    week: WeekProgress,
    *,
    now: datetime,
) -> WeekUntally:
    """Its week without it. The person leaves the week if no other counted conversation with
    them falls in it; whether they had counted as new or a reconnect is kept by the week (older
    weeks, which only counted, are told by the conversation before this one)."""
    member = member or Member(key=owner, email=None, created_at=now, updated_at=now)
    other = any(c.counted and weeks.week_of(c.when, member.time_zone) == week.week for c in others)
    earlier = next((c.when for c in others if c.when < conversation.when), None)
    return untally(member, replace(seen, last_contact_at=earlier), conversation, week, other_that_week=other)


def _summary(conversation: Conversation) -> str | None:
    return conversation.summary[:LAST_SUMMARY_CHARS] if conversation.summary else None


def _contact_after(
    seen: Contact,
    history: list[Conversation],
    before: Conversation,
    after: Conversation | None,
    *,
    now: datetime,
) -> Contact:
    """The contact once the conversation is changed or deleted. Its last contact is that of its
    latest conversation when this one set it (or, changed, now goes past it); a next step this
    conversation gave follows it (and goes with it, deleted); the due date follows by itself."""
    contact = replace(
        seen,
        conversation_count=seen.conversation_count - (after is None),
        revision=seen.revision + 1,
        updated_at=now,
    )
    if before.next_step is not None and seen.next_step == before.next_step:
        contact = replace(contact, next_step=after.next_step if after else None)
    remaining = newest_first([c for c in history if c.conversation_id != before.conversation_id])
    if after is not None:
        remaining = newest_first([*remaining, after])
    set_by_it = history[0].conversation_id == before.conversation_id and seen.last_contact_at == before.when
    if set_by_it:
        if not remaining:
            return replace(contact, last_contact_at=None, last_summary=None)
        latest = remaining[0]
        if after is not None and latest.conversation_id == after.conversation_id:
            summary = seen.last_summary if after.summary == before.summary else _summary(after)
            return replace(contact, last_contact_at=after.when, last_summary=summary)
        return replace(contact, last_contact_at=latest.when, last_summary=_summary(latest))
    if after is not None and (seen.last_contact_at is None or after.when > seen.last_contact_at):
        return replace(contact, last_contact_at=after.when, last_summary=_summary(after) or seen.last_summary)
    return contact
