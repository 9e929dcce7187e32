"""Logging conversations. A logged conversation resets that person's cadence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tracker.domain import cursor, weeks
from tracker.domain.contacts import refuse_past_due
from tracker.domain.conversations import FUTURE_TOLERANCE, NewConversation, after_logging
from tracker.domain.corrections import ConversationChanges, correct
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.goals import tally
from tracker.domain.ids import is_id, new_id
from tracker.domain.model import DEFAULT_TIME_ZONE, Contact, Conversation, Member, MemberKey, Page
from tracker.ports import Clock, ConversationRepository
from tracker.services.contacts import ContactService
from tracker.services.retry import optimistic


class ConversationService:
    def __init__(self, conversations: ConversationRepository, contacts: ContactService, clock: Clock) -> None:
        self._conversations = conversations
        self._contacts = contacts
        self._clock = clock

    def log(self, owner: MemberKey, contact_id: str, new: NewConversation) -> tuple[Conversation, Contact]:
        """Store a conversation and move the contact's last contact and due date with it.

        Both change at once, with the week's progress counters (the member's and the org's,
        see domain/goals.py); concurrent logs are retried so every one is kept and counted
        once, and the contact ends with the latest conversation.
        """
        now = self._clock.now()
        when = (new.when or now).astimezone(UTC).replace(microsecond=0)
        if when > now + FUTURE_TOLERANCE:
            raise InvalidInput("when cannot be in the future", field="when")
        conversation = Conversation(
            conversation_id=new_id(),
            contact_id=contact_id,
            when=when,
            channel=new.channel,
            created_at=now,
            summary=new.summary,
            next_step=new.next_step,
            help_offered=new.help_offered,
            help_received=new.help_received,
            outcomes=tuple(dict.fromkeys(new.outcomes)),
        )
        if not is_id(contact_id):
            raise NotFound("No such contact", field="contact_id")

        def attempt() -> tuple[Conversation, Contact]:
            member, seen, by_week = self._conversations.logging_state(
                owner, contact_id, weeks.possible_weeks(when)
            )
            week_seen = by_week.get(weeks.week_of(when, member.time_zone if member else DEFAULT_TIME_ZONE))
            if seen is None:
                raise NotFound("No such contact", field="contact_id")
            zone = ZoneInfo(member.time_zone if member else DEFAULT_TIME_ZONE)
            refuse_past_due(new.next_step, now.astimezone(zone).date(), kept=seen.next_step)
            advances = seen.last_contact_at is None or when > seen.last_contact_at
            after = after_logging(
                seen, conversation, advances=advances, step_done=bool(new.next_step_done), now=now
            )
            if new.shared_memory:
                after = replace(after, shared_memory=new.shared_memory)
            counted = tally(member, seen, conversation, week_seen, advances=advances)
            self._conversations.record(
                owner, conversation, seen=seen, after=after, advances=advances, tally=counted
            )
            return conversation, after

        return optimistic(attempt, conflict="This contact is being updated by other requests; try again")

    def change(
        self, owner: MemberKey, contact_id: str, conversation_id: str, changes: ConversationChanges
    ) -> tuple[Conversation, Contact]:
        """Correct a logged conversation; the contact and the weeks follow as if it had been
        logged so (see `_correct`)."""
        if isinstance(changes.when, datetime):
            when = changes.when.astimezone(UTC).replace(microsecond=0)
            if when > self._clock.now() + FUTURE_TOLERANCE:
                raise InvalidInput("when cannot be in the future", field="when")
            changes = replace(changes, when=when)
        corrected = self._correct(owner, contact_id, conversation_id, changes)
        assert corrected[0] is not None
        return corrected[0], corrected[1]

    def find(self, owner: MemberKey, contact_id: str, conversation_id: str) -> tuple[Contact, Conversation]:
        """The contact and one of their conversations, as a correction would read them (the id
        alone does not give the key): NotFound for an unknown or another member's id."""
        if is_id(contact_id) and is_id(conversation_id):
            seen, history = self._conversations.correction_state(owner, contact_id)
            found = next((c for c in history if c.conversation_id == conversation_id), None)
            if seen is not None and found is not None:
                return seen, found
        raise NotFound("No such conversation", field="interaction_id")

    def delete(self, owner: MemberKey, contact_id: str, conversation_id: str) -> Contact:
        """Delete a logged conversation: the contact's last contact becomes that of its latest
        remaining conversation, and the conversation leaves its week's counts."""
        return self._correct(owner, contact_id, conversation_id, None)[1]

    def _correct(
        self, owner: MemberKey, contact_id: str, conversation_id: str, changes: ConversationChanges | None
    ) -> tuple[Conversation | None, Contact]:
        """Read the contact, then all its conversations (the id alone does not give the key,
        which is ordered by time), then the weeks; write everything at once on the condition
        that the contact is still as read. Lost races are decided again."""
        if not (is_id(contact_id) and is_id(conversation_id)):
            raise NotFound("No such conversation", field="interaction_id")

        def attempt() -> tuple[Conversation | None, Contact]:
            seen, history = self._conversations.correction_state(owner, contact_id)
            before = next((c for c in history if c.conversation_id == conversation_id), None)
            if seen is None or before is None:
                raise NotFound("No such conversation", field="interaction_id")
            after = changes.apply(before) if changes is not None else None
            when = [before.when] + ([after.when] if after else [])
            member, _, by_week = self._conversations.logging_state(
                owner, contact_id, set().union(*(weeks.possible_weeks(w) for w in when))
            )
            zone = _zone(member)
            if after is not None:  # a next step set now is due today or later, as when logging
                today = self._clock.now().astimezone(ZoneInfo(zone)).date()
                refuse_past_due(after.next_step, today, kept=before.next_step)
            wanted = {weeks.week_of(w, zone) for w in when}
            decided = correct(
                owner,
                member,
                seen,
                history,
                before,
                after,
                {week: by_week[week] for week in wanted if week in by_week},
                now=self._clock.now(),
            )
            self._conversations.correct(owner, decided)
            return after, decided.contact

        return optimistic(attempt, conflict="This contact is being updated by other requests; try again")

    def list(self, owner: MemberKey, contact_id: str, after: str | None, limit: int) -> Page[Conversation]:
        """A contact's conversations, newest first."""
        return self.timeline(owner, contact_id, after, limit)[1]

    def timeline(
        self, owner: MemberKey, contact_id: str, after: str | None, limit: int
    ) -> tuple[Contact, Page[Conversation]]:
        """The contact and a page of their conversations, newest first (one read, one Query)."""
        contact = self._contacts.get(owner, contact_id)
        position = cursor.decode(after) if after else None
        found: list[Conversation] = []
        last_position: str | None = None
        for position_key, conversation in self._conversations.iter(
            owner, contact_id, after=position, page_size=limit + 1
        ):
            if len(found) == limit:
                return contact, Page(found, cursor.encode(last_position) if last_position else None)
            found.append(conversation)
            last_position = position_key
        return contact, Page(found, None)


def _zone(member: Member | None) -> str:
    return member.time_zone if member else DEFAULT_TIME_ZONE
