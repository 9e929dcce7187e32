"""Conversations (`INTERACTION#<contact>#<when>#<id>` in the member's partition), and logging,
changing or deleting one: the conversation, its contact and the week's counters written in one
transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from tracker.domain.corrections import Correction
from tracker.domain.goals import WeekProgress, WeekTally
from tracker.domain.model import Contact, Conversation, Member, MemberKey, Met, NextStep

from .base import Repository, concurrent, set_or_remove
from .keys import (
    CONTACT,
    PROFILE,
    contact_sk,
    conversation_sk,
    conversations_prefix,
    last_key,
    member_pk,
    week_sk,
)
from .mappers import (
    contact_from_item,
    contact_to_item,
    conversation_from_item,
    conversation_to_item,
    member_from_item,
    week_from_item,
)
from .models import ContactItem, ConversationItem, MemberItem, MemberWeekItem, instant_text
from .tally import shift_writes, tally_writes, untally_writes


class DynamoConversations(Repository):
    def logging_state(
        self, owner: MemberKey, contact_id: str, weeks: Iterable[str]
    ) -> tuple[Member | None, Contact | None, dict[str, WeekProgress]]:
        """The profile, the contact and the weeks the conversation may fall in (the time zone is
        on the profile), in one consistent BatchGetItem."""
        pk = member_pk(owner)
        wanted: list[Any] = [
            {"PK": pk, "SK": PROFILE},
            {"PK": pk, "SK": contact_sk(contact_id)},
            *({"PK": pk, "SK": week_sk(week)} for week in sorted(weeks)),
        ]
        member: Member | None = None
        contact: Contact | None = None
        found: dict[str, WeekProgress] = {}
        table = self._connection.table_name
        while wanted:
            answer = self._connection.batch_get_item(wanted, consistent_read=True)
            for raw in answer.get("Responses", {}).get(table, []):
                sk = raw["SK"]["S"]
                if sk == PROFILE:
                    member = member_from_item(MemberItem.from_raw_data(raw))
                elif sk.startswith(CONTACT):
                    contact = contact_from_item(ContactItem.from_raw_data(raw))
                else:
                    record = week_from_item(MemberWeekItem.from_raw_data(raw))
                    found[record.week] = record
            wanted = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        return member, contact, found

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
        """When the conversation is the latest, last contact and due date move (conditioned on
        nothing having moved them further meanwhile); otherwise only the counts and next step
        change. With a `tally`, the week's counters move in the same transaction (tally.py)."""
        pk = member_pk(owner)
        contact = ContactItem(pk, contact_sk(seen.contact_id))
        actions: list[Action] = [
            ContactItem.conversation_count.add(1),
            ContactItem.revision.add(1),
            ContactItem.updated_at.set(after.updated_at),
        ]
        condition: Condition = ContactItem.pk.exists()
        if after.next_step != seen.next_step:
            actions += _next_step_actions(after.next_step)
        if after.shared_memory != seen.shared_memory:
            actions.append(set_or_remove(ContactItem.shared_memory, after.shared_memory))
        when = conversation.when
        if advances:
            assert after.last_contact_at is not None
            actions += [
                ContactItem.last_contact_at.set(after.last_contact_at),
                ContactItem.last_key.set(last_key(after.last_contact_at, seen.contact_id)),
                set_or_remove(ContactItem.last_summary, after.last_summary),
                ContactItem.snoozed_until.remove(),
                ContactItem.rotation_until.remove(),
                set_or_remove(ContactItem.due_at, instant_text(after.due_at) if after.due_at else None),
            ]
            condition &= ContactItem.last_contact_at.does_not_exist() | (ContactItem.last_contact_at < when)
            condition &= ContactItem.cadence_days == seen.cadence_days
            condition &= ContactItem.archived == seen.archived
        else:
            condition &= ContactItem.last_contact_at >= when
        if tally is not None and tally.newcomer:  # new or not rests on "we just met" / "we go back"
            condition &= (
                (ContactItem.met == Met.BEFORE.value)
                if seen.met is Met.BEFORE
                else (ContactItem.met.does_not_exist() | (ContactItem.met == Met.RECENTLY.value))
            )
        try:
            with TransactWrite(connection=self._connection.connection) as transaction:
                transaction.save(
                    conversation_to_item(owner, conversation), condition=ConversationItem.pk.does_not_exist()
                )
                transaction.update(contact, actions, condition=condition)
                if tally is not None:
                    tally_writes(transaction, owner, tally)
        except TransactWriteError as error:
            raise concurrent(error, seen.contact_id) from error

    def iter(
        self, owner: MemberKey, contact_id: str, *, after: str | None, page_size: int
    ) -> Iterator[tuple[str, Conversation]]:
        pk = member_pk(owner)
        prefix = conversations_prefix(contact_id)
        start = {"PK": {"S": pk}, "SK": {"S": prefix + after}} if after else None
        for item in ConversationItem.query(
            pk,
            ConversationItem.sk.startswith(prefix),
            scan_index_forward=False,
            last_evaluated_key=start,
            page_size=page_size,
        ):
            yield item.sk.removeprefix(prefix), conversation_from_item(item)

    def get(
        self, owner: MemberKey, contact_id: str, when: datetime, conversation_id: str
    ) -> Conversation | None:
        sk = conversation_sk(contact_id, when, conversation_id)
        try:
            return conversation_from_item(ConversationItem.get(member_pk(owner), sk, consistent_read=True))
        except ConversationItem.DoesNotExist:
            return None

    def between(
        self, owner: MemberKey, contact_id: str, start: datetime, end: datetime
    ) -> list[Conversation]:
        """One Query."""
        prefix = conversations_prefix(contact_id)
        found = ConversationItem.query(
            member_pk(owner),
            ConversationItem.sk.between(prefix + instant_text(start), prefix + instant_text(end)),
            consistent_read=True,
        )
        return [c for c in map(conversation_from_item, found) if c.when < end]

    def correction_state(
        self, owner: MemberKey, contact_id: str
    ) -> tuple[Contact | None, list[Conversation]]:
        """One GetItem, then one Query (paged) over the contact's conversations; both consistent."""
        pk = member_pk(owner)
        try:
            contact = contact_from_item(ContactItem.get(pk, contact_sk(contact_id), consistent_read=True))
        except ContactItem.DoesNotExist:
            return None, []
        found = ConversationItem.query(
            pk,
            ConversationItem.sk.startswith(conversations_prefix(contact_id)),
            scan_index_forward=False,
            consistent_read=True,
        )
        return contact, [conversation_from_item(item) for item in found]

    def correct(self, owner: MemberKey, correction: Correction) -> None:
        """One transaction: the conversation (moved to its new key if its time changed), the
        contact as decided (if its revision is still the one read) and the weeks' counters."""
        before, after = correction.before, correction.after
        old = conversation_to_item(owner, before)
        try:
            with TransactWrite(connection=self._connection.connection) as transaction:
                if after is not None and conversation_to_item(owner, after).sk == old.sk:
                    transaction.save(
                        conversation_to_item(owner, after), condition=ConversationItem.pk.exists()
                    )
                else:
                    transaction.delete(
                        ConversationItem(old.pk, old.sk), condition=ConversationItem.pk.exists()
                    )
                    if after is not None:
                        transaction.save(
                            conversation_to_item(owner, after), condition=ConversationItem.pk.does_not_exist()
                        )
                transaction.save(
                    contact_to_item(owner, correction.contact),
                    condition=ContactItem.revision == correction.seen.revision,
                )
                if correction.untally is not None:
                    untally_writes(transaction, owner, correction.untally)
                if correction.tally is not None:
                    tally_writes(transaction, owner, correction.tally)
                if correction.shift is not None:
                    shift_writes(transaction, owner, correction.shift)
        except TransactWriteError as error:
            raise concurrent(error, correction.seen.contact_id) from error


def _next_step_actions(next_step: NextStep | None) -> list[Action]:
    if next_step is None:
        return [ContactItem.next_step_text.remove(), ContactItem.next_step_due.remove()]
    return [
        ContactItem.next_step_text.set(next_step.text),
        set_or_remove(ContactItem.next_step_due, next_step.due.isoformat() if next_step.due else None),
    ]
