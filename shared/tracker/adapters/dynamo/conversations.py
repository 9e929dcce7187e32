"""Conversations (`INTERACTION#<contact>#<when>#<id>` in the member's partition), and logging one:
the conversation, its contact and the week's counters written in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from tracker.domain.goals import WeekProgress, WeekTally
from tracker.domain.model import Contact, Conversation, Member, MemberKey, Met, NextStep

from .base import Repository, concurrent, set_or_remove
from .keys import CONTACT, PROFILE, contact_sk, conversation_sk, conversations_prefix, member_pk, week_sk
from .mappers import (
    contact_from_item,
    conversation_from_item,
    conversation_to_item,
    member_from_item,
    week_from_item,
)
from .models import ContactItem, ConversationItem, MemberItem, MemberWeekItem, instant_text
from .tally import tally_writes


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
        when = conversation.when
        if advances:
            assert after.last_contact_at is not None
            actions += [
                ContactItem.last_contact_at.set(after.last_contact_at),
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


def _next_step_actions(next_step: NextStep | None) -> list[Action]:
    if next_step is None:
        return [ContactItem.next_step_text.remove(), ContactItem.next_step_due.remove()]
    return [
        ContactItem.next_step_text.set(next_step.text),
        set_or_remove(ContactItem.next_step_due, next_step.due.isoformat() if next_step.due else None),
    ]
