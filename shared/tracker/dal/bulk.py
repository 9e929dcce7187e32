"""Many items at once, for imports and exports: a member's whole network read with one
paginated Query, written with BatchWriteItem (25 items a request) and, where a stored
contact changes, TransactWriteItems conditioned on the revision that was read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from tracker.domain import Contact, Interaction, MemberKey
from tracker.errors import ConcurrentUpdate

from .models import ContactItem, InteractionItem, _Item
from .store import (
    CONTACT,
    INTERACTION,
    DynamoStore,
    _contact_from_item,
    _contact_to_item,
    _interaction_from_item,
    _interaction_to_item,
    member_pk,
)

TRANSACTION_ITEMS = 100  # DynamoDB's limit for one TransactWriteItems


class BulkStore:
    def __init__(self, store: DynamoStore) -> None:
        self._store = store

    def all_contacts(self, owner: MemberKey) -> Iterator[Contact]:
        """Every contact of the member, in 1 MB pages (no Limit: fewest requests)."""
        for item in ContactItem.query(member_pk(owner), ContactItem.sk.startswith(CONTACT)):
            yield _contact_from_item(item)

    def all_conversations(self, owner: MemberKey) -> Iterator[Interaction]:
        """Every conversation of the member, grouped by contact, oldest first."""
        for item in InteractionItem.query(member_pk(owner), InteractionItem.sk.startswith(INTERACTION)):
            yield _interaction_from_item(item)

    def add_all(
        self, owner: MemberKey, contacts: Iterable[Contact], conversations: Iterable[Interaction]
    ) -> None:
        """New items, unconditionally: their ids are new. PynamoDB resends unprocessed items."""
        with _Item.batch_write() as batch:
            for contact in contacts:
                batch.save(_contact_to_item(owner, contact))
            for conversation in conversations:
                batch.save(_interaction_to_item(owner, conversation))

    def replace_all(self, owner: MemberKey, changes: list[tuple[Contact, Contact]]) -> list[Contact]:
        """Write each (as read, as it becomes) pair unless the contact changed since it was
        read. Returns the contacts that did change meanwhile and so were not written."""
        lost: list[Contact] = []
        for start in range(0, len(changes), TRANSACTION_ITEMS):
            chunk = changes[start : start + TRANSACTION_ITEMS]
            try:
                with TransactWrite(connection=self._store._connection.connection) as transaction:
                    for before, after in chunk:
                        transaction.save(
                            _contact_to_item(owner, after), condition=ContactItem.revision == before.revision
                        )
            except TransactWriteError:
                # Someone edited one of these meanwhile: write them one by one to keep the rest.
                for before, after in chunk:
                    try:
                        self._store.replace_contact(owner, after, expected_revision=before.revision)
                    except ConcurrentUpdate:
                        lost.append(after)
        return lost
