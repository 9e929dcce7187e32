"""A member's whole network at once, for imports and exports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tracker.domain.errors import ConcurrentUpdate
from tracker.domain.model import Contact, Conversation, MemberKey

from .contacts import MemoryContacts
from .conversations import conversation_key
from .table import MemoryTable


class MemoryBulk:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def all_contacts(self, owner: MemberKey) -> Iterator[Contact]:
        for _, contact in self._table.query(owner, "contact"):
            yield contact

    def all_conversations(self, owner: MemberKey) -> Iterator[Conversation]:
        for _, conversation in self._table.query(owner, "conversation"):
            yield conversation

    def add_all(
        self, owner: MemberKey, contacts: Iterable[Contact], conversations: Iterable[Conversation]
    ) -> None:
        for contact in contacts:
            self._table.put(owner, ("contact", contact.contact_id), contact)
        for conversation in conversations:
            self._table.put(owner, conversation_key(conversation), conversation)

    def replace_all(self, owner: MemberKey, changes: list[tuple[Contact, Contact]]) -> list[Contact]:
        lost: list[Contact] = []
        one_by_one = MemoryContacts(self._table)
        for before, after in changes:
            try:
                one_by_one.replace(owner, after, expected_revision=before.revision)
            except ConcurrentUpdate:
                lost.append(after)
        return lost
