"""Conversations, and logging one: the conversation, its contact and the week's counters at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime

from tracker.domain.corrections import Correction
from tracker.domain.goals import WeekProgress, WeekTally
from tracker.domain.model import Contact, Conversation, Member, MemberKey

from .table import PROFILE, MemoryTable, instant_text, require, to_the_second
from .tally import apply_shift, apply_tally, apply_untally


def conversation_key(conversation: Conversation) -> tuple[str, str, str, str]:
    return (
        "conversation",
        conversation.contact_id,
        instant_text(conversation.when),
        conversation.conversation_id,
    )


class MemoryConversations:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def logging_state(
        self, owner: MemberKey, contact_id: str, weeks: Iterable[str]
    ) -> tuple[Member | None, Contact | None, dict[str, WeekProgress]]:
        found = {week: self._table.get(owner, ("week", week)) for week in weeks}
        return (
            self._table.get(owner, PROFILE),
            self._table.get(owner, ("contact", contact_id)),
            {week: progress for week, progress in found.items() if progress is not None},
        )

    def record(
        self,
        owner: MemberKey,
        conversation: Conversation,
        *,
        seen: Contact,
        after: Contact,
        advances: bool,
        tally: WeekTally | None = None,
    ) -> None:
        """Only what logging moves is written to the contact (as DynamoDB's update does): edits made
        since `seen` was read stay; the count and revision go up from what is stored."""
        when = to_the_second(conversation.when)
        with self._table.transaction():
            require(self._table.get(owner, conversation_key(conversation)) is None, "the conversation exists")
            current: Contact | None = self._table.get(owner, ("contact", seen.contact_id))
            require(current is not None, "the contact went")
            assert current is not None
            if advances:
                last = current.last_contact_at
                require(last is None or last < when, "a later conversation was logged")
                require(current.cadence_days == seen.cadence_days, "the cadence changed")
                require(current.archived == seen.archived, "archived or restored")
            else:
                require(current.last_contact_at is not None and current.last_contact_at >= when, "not late")
            if tally is not None and tally.newcomer:
                require(current.met == seen.met, "'we just met' or 'we go back' changed")
            updated = replace(
                current,
                conversation_count=current.conversation_count + 1,
                revision=current.revision + 1,
                updated_at=after.updated_at,
            )
            if after.next_step != seen.next_step:
                updated = replace(updated, next_step=after.next_step)
            if after.shared_memory != seen.shared_memory:
                updated = replace(updated, shared_memory=after.shared_memory)
            if advances:
                updated = replace(
                    updated,
                    last_contact_at=after.last_contact_at,
                    last_summary=after.last_summary,
                    snoozed_until=None,
                    rotation_until=None,
                )
            self._table.put(owner, conversation_key(conversation), conversation)
            self._table.put(owner, ("contact", seen.contact_id), updated)
            if tally is not None:
                apply_tally(self._table, owner, tally)

    def iter(
        self, owner: MemberKey, contact_id: str, *, after: str | None, page_size: int
    ) -> Iterator[tuple[str, Conversation]]:
        for key, conversation in reversed(self._table.query(owner, "conversation", contact_id)):
            position = f"{key[2]}#{key[3]}"
            if after is None or position < after:
                yield position, conversation

    def get(
        self, owner: MemberKey, contact_id: str, when: datetime, conversation_id: str
    ) -> Conversation | None:
        found: Conversation | None = self._table.get(
            owner, ("conversation", contact_id, instant_text(when), conversation_id)
        )
        return found

    def between(
        self, owner: MemberKey, contact_id: str, start: datetime, end: datetime
    ) -> list[Conversation]:
        return [
            conversation
            for key, conversation in self._table.query(owner, "conversation", contact_id)
            if instant_text(start) <= key[2] < instant_text(end)
        ]

    def correction_state(
        self, owner: MemberKey, contact_id: str
    ) -> tuple[Contact | None, list[Conversation]]:
        found = [conversation for _, conversation in self._table.query(owner, "conversation", contact_id)]
        return self._table.get(owner, ("contact", contact_id)), list(reversed(found))

    def correct(self, owner: MemberKey, correction: Correction) -> None:
        before, after = correction.before, correction.after
        with self._table.transaction():
            require(self._table.get(owner, conversation_key(before)) is not None, "the conversation went")
            self._table.delete(owner, conversation_key(before))
            if after is not None:
                require(self._table.get(owner, conversation_key(after)) is None, "the conversation exists")
                self._table.put(owner, conversation_key(after), after)
            current: Contact | None = self._table.get(owner, ("contact", correction.seen.contact_id))
            require(
                current is not None and current.revision == correction.seen.revision, "the contact changed"
            )
            self._table.put(owner, ("contact", correction.seen.contact_id), correction.contact)
            if correction.untally is not None:
                apply_untally(self._table, owner, correction.untally)
            if correction.tally is not None:
                apply_tally(self._table, owner, correction.tally)
            if correction.shift is not None:
                apply_shift(self._table, owner, correction.shift)
