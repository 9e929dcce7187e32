"""Logging conversations. A logged conversation resets that person's cadence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tracker import cursor, weeks
from tracker.clock import Clock
from tracker.contacts import MAX_ATTEMPTS, ContactService, retry_pause
from tracker.domain import (
    DEFAULT_TIME_ZONE,
    Channel,
    Contact,
    Interaction,
    MemberKey,
    NextStep,
    Outcome,
    Page,
)
from tracker.errors import ConcurrentUpdate, Conflict, InvalidInput, NotFound
from tracker.goals import tally
from tracker.ids import is_id, new_id

if TYPE_CHECKING:
    from tracker.dal import DynamoStore

# A phone's clock may run a little ahead of ours; anything later is a mistake.
FUTURE_TOLERANCE = timedelta(minutes=10)
LAST_SUMMARY_CHARS = 500


class InteractionService:
    def __init__(self, store: DynamoStore, contacts: ContactService, clock: Clock) -> None:
        self._store = store
        self._contacts = contacts
        self._clock = clock

    def log(self, owner: MemberKey, contact_id: str, fields: dict[str, Any]) -> tuple[Interaction, Contact]:
        """Store a conversation and move the contact's last contact and due date with it.

        Both change in one transaction, with the week's progress counters (the member's and
        the program's, see goals.py); concurrent logs are retried so every one is kept and
        counted once, and the contact ends with the latest conversation.
        """
        now = self._clock.now()
        when: datetime = (fields.get("when") or now).astimezone(UTC).replace(microsecond=0)
        if when > now + FUTURE_TOLERANCE:
            raise InvalidInput("when cannot be in the future", field="when")
        next_step = fields.get("next_step")
        interaction = Interaction(
            interaction_id=new_id(),
            contact_id=contact_id,
            when=when,
            channel=Channel(fields.get("channel") or Channel.OTHER),
            created_at=now,
            summary=fields.get("summary"),
            next_step=NextStep(next_step["text"], next_step.get("due")) if next_step else None,
            help_offered=fields.get("help_offered"),
            help_received=fields.get("help_received"),
            outcomes=tuple(Outcome(value) for value in dict.fromkeys(fields.get("outcomes") or ())),
        )
        step_done = bool(fields.get("next_step_done"))
        if not is_id(contact_id):
            raise NotFound("No such contact", field="contact_id")
        for attempt in range(MAX_ATTEMPTS):
            member, seen, by_week = self._store.logging_state(owner, contact_id, weeks.possible_weeks(when))
            week_seen = by_week.get(weeks.week_of(when, member.time_zone if member else DEFAULT_TIME_ZONE))
            if seen is None:
                raise NotFound("No such contact", field="contact_id")
            advances = seen.last_contact_at is None or when > seen.last_contact_at
            after = after_logging(seen, interaction, advances=advances, step_done=step_done, now=now)
            counted = tally(member, seen, interaction, week_seen, advances=advances)
            try:
                self._store.record_interaction(
                    owner, interaction, seen=seen, after=after, advances=advances, tally=counted
                )
            except ConcurrentUpdate:
                retry_pause(attempt)
                continue
            return interaction, after
        raise Conflict("This contact is being updated by other requests; try again")

    def list(self, owner: MemberKey, contact_id: str, after: str | None, limit: int) -> Page[Interaction]:
        """A contact's conversations, newest first."""
        self._contacts.get(owner, contact_id)
        position = cursor.decode(after) if after else None
        found: list[Interaction] = []
        last_position: str | None = None
        for position_key, interaction in self._store.iter_interactions(
            owner, contact_id, after=position, page_size=limit + 1
        ):
            if len(found) == limit:
                return Page(found, cursor.encode(last_position) if last_position else None)
            found.append(interaction)
            last_position = position_key
        return Page(found, None)


def after_logging(
    seen: Contact, interaction: Interaction, *, advances: bool, step_done: bool, now: datetime
) -> Contact:
    """The contact as it is once this conversation is logged.

    The latest conversation sets the last contact, restarts the cadence and ends any snooze
    or rotation cool-down; an older one, logged late, leaves those alone. A next step given
    with the conversation becomes the contact's; `next_step_done` clears the previous one.
    """
    next_step = interaction.next_step or (None if step_done else seen.next_step)
    after = replace(
        seen,
        interaction_count=seen.interaction_count + 1,
        revision=seen.revision + 1,
        updated_at=now,
        next_step=next_step,
    )
    if not advances:
        return after
    summary = interaction.summary[:LAST_SUMMARY_CHARS] if interaction.summary else seen.last_summary
    return replace(
        after,
        last_contact_at=interaction.when,
        last_summary=summary,
        snoozed_until=None,
        rotation_until=None,
    )
