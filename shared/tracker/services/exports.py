"""Taking the member's network out: every contact and conversation, as JSON or CSV; the contacts
as vCards for an address book."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from tracker.domain.model import Contact, Conversation, MemberKey
from tracker.formats import own_format
from tracker.formats.vcards import write_vcard
from tracker.ports import BulkRepository, Clock


@dataclass(frozen=True)
class Network:
    contacts: list[Contact]
    conversations: dict[str, list[Conversation]]  # by contact id, oldest first
    exported_at: datetime


class ExportService:
    def __init__(self, bulk: BulkRepository, clock: Clock) -> None:
        self._bulk = bulk
        self._clock = clock

    def network(self, owner: MemberKey) -> Network:
        """Everything, read with two paginated Queries of the member's partition."""
        contacts = list(self._bulk.all_contacts(owner))
        conversations: dict[str, list[Conversation]] = {}
        for conversation in self._bulk.all_conversations(owner):
            conversations.setdefault(conversation.contact_id, []).append(conversation)
        return Network(contacts, conversations, self._clock.now())

    @staticmethod
    def csv(network: Network) -> str:
        """This app's CSV (see formats/own_format.py), formula cells neutralised."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=own_format.COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        rows = [own_format.contact_row(contact) for contact in network.contacts]
        rows += [
            own_format.conversation_row(conversation)
            for contact in network.contacts
            for conversation in network.conversations.get(contact.contact_id, [])
        ]
        for row in rows:
            writer.writerow({name: own_format.neutralised(value) for name, value in row.items()})
        return out.getvalue()

    @staticmethod
    def vcard(network: Network) -> str:
        """Every contact as a vCard 3.0 card (address books keep no conversations)."""
        return "".join(write_vcard(contact) for contact in network.contacts)
