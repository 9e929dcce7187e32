"""Many items at once, for imports and exports: a member's whole network read with one
paginated Query, written with BatchWriteItem (25 items a request) and, where a stored
contact changes, TransactWriteItems conditioned on the revision that was read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from tracker.domain.errors import ConcurrentUpdate
from tracker.domain.model import Contact, Conversation, MemberKey

from .base import Repository
from .contacts import DynamoContacts
from .keys import CONTACT, CONVERSATION, member_pk
from .mappers import contact_from_item, contact_to_item, conversation_from_item, conversation_to_item
from .models import ContactItem, ConversationItem, _Item

TRANSACTION_ITEMS = 100  # DynamoDB's limit for one TransactWriteItems


class DynamoBulk(Repository):
    def all_contacts(self, owner: MemberKey) -> Iterator[Contact]:
        """In 1 MB pages (no Limit: fewest requests)."""
        for item in ContactItem.query(member_pk(owner), ContactItem.sk.startswith(CONTACT)):
            yield contact_from_item(item)

    def all_conversations(self, owner: MemberKey) -> Iterator[Conversation]:
        for item in ConversationItem.query(member_pk(owner), ConversationItem.sk.startswith(CONVERSATION)):
            yield conversation_from_item(item)

    def add_all(
        self, owner: MemberKey, contacts: Iterable[Contact], conversations: Iterable[Conversation]
    ) -> None:
        """New items, unconditionally: their ids are new. PynamoDB resends unprocessed items."""
        with _Item.batch_write() as batch:
            for contact in contacts:
                batch.save(contact_to_item(owner, contact))
            for conversation in conversations:
                batch.save(conversation_to_item(owner, conversation))

    def replace_all(self, owner: MemberKey, changes: list[tuple[Contact, Contact]]) -> list[Contact]:
        lost: list[Contact] = []
        one_by_one = DynamoContacts(self._connection)
        for start in range(0, len(changes), TRANSACTION_ITEMS):
            chunk = changes[start : start + TRANSACTION_ITEMS]
            try:
                with TransactWrite(connection=self._connection.connection) as transaction:
                    for before, after in chunk:
                        transaction.save(
                            contact_to_item(owner, after), condition=ContactItem.revision == before.revision
                        )
            except TransactWriteError:
                # Someone edited one of these meanwhile: write them one by one to keep the rest.
                for before, after in chunk:
                    try:
                        one_by_one.replace(owner, after, expected_revision=before.revision)
                    except ConcurrentUpdate:
                        lost.append(after)
        return lost
