"""A member's contacts (`CONTACT#<id>` in their partition) and the indexes on them: due dates
(today's reconnect picks), next steps falling due, and the Network page's sorts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from pynamodb.exceptions import DeleteError, PutError

from tracker.domain.contacts import ContactOrder, ContactRow
from tracker.domain.errors import ConcurrentUpdate
from tracker.domain.model import Contact, MemberKey
from tracker.domain.picks import DueCandidate

from .base import BATCH_KEYS, Repository, failed_condition
from .keys import CONTACT, EMAIL, contact_sk, conversations_prefix, member_pk, suppression_pk
from .mappers import contact_from_item, contact_to_item, row_from_entry
from .models import ContactItem, SuppressionItem, _Item, instant_text, parse_instant


class DynamoContacts(Repository):
    def add(self, owner: MemberKey, contact: Contact) -> None:
        contact_to_item(owner, contact).save(condition=ContactItem.pk.does_not_exist())

    def get(self, owner: MemberKey, contact_id: str) -> Contact | None:
        try:
            return contact_from_item(ContactItem.get(member_pk(owner), contact_sk(contact_id)))
        except ContactItem.DoesNotExist:
            return None

    def get_many(self, owner: MemberKey, contact_ids: Iterable[str]) -> dict[str, Contact]:
        """One BatchGetItem."""
        pk = member_pk(owner)
        keys = [(pk, contact_sk(contact_id)) for contact_id in dict.fromkeys(contact_ids)]
        if not keys:
            return {}
        found = (contact_from_item(item) for item in ContactItem.batch_get(keys))
        return {contact.contact_id: contact for contact in found}

    def get_many_checking(
        self, owner: MemberKey, contact_ids: Iterable[str], address: str
    ) -> tuple[dict[str, Contact], bool]:
        """One BatchGetItem of the contacts and the address's suppression item (same table)."""
        pk = member_pk(owner)
        suppressed_pk = suppression_pk(address)
        wanted: list[Any] = [{"PK": pk, "SK": contact_sk(i)} for i in dict.fromkeys(contact_ids)]
        if len(wanted) + 1 > BATCH_KEYS:
            return self.get_many(owner, contact_ids), self._suppressed(address)
        wanted.append({"PK": suppressed_pk, "SK": EMAIL})
        found: dict[str, Contact] = {}
        suppressed = False
        table = self._connection.table_name
        while wanted:
            answer = self._connection.batch_get_item(wanted)
            for raw in answer.get("Responses", {}).get(table, []):
                if raw["PK"]["S"] == suppressed_pk:
                    suppressed = True
                else:
                    contact = contact_from_item(ContactItem.from_raw_data(raw))
                    found[contact.contact_id] = contact
            wanted = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        return found, suppressed

    @staticmethod
    def _suppressed(address: str) -> bool:
        try:
            SuppressionItem.get(suppression_pk(address), EMAIL, attributes_to_get=["PK"])
        except SuppressionItem.DoesNotExist:
            return False
        return True

    def replace(self, owner: MemberKey, contact: Contact, *, expected_revision: int) -> None:
        try:
            contact_to_item(owner, contact).save(condition=ContactItem.revision == expected_revision)
        except PutError as error:
            if failed_condition(error):
                raise ConcurrentUpdate(contact.contact_id) from error
            raise

    def delete(self, owner: MemberKey, contact_id: str) -> bool:
        """Conversations go first, so that a retry after a crash finds the contact still there
        and finishes the job."""
        pk = member_pk(owner)
        self._delete_keys(
            _Item.query(
                pk, _Item.sk.startswith(conversations_prefix(contact_id)), attributes_to_get=["PK", "SK"]
            )
        )
        try:
            ContactItem(pk, contact_sk(contact_id)).delete(condition=ContactItem.pk.exists())
        except DeleteError as error:
            if failed_condition(error):
                return False
            raise
        return True

    def iter(self, owner: MemberKey, *, after: str | None, page_size: int) -> Iterator[Contact]:
        """Read lazily, page by page."""
        pk = member_pk(owner)
        start = {"PK": {"S": pk}, "SK": {"S": contact_sk(after)}} if after else None
        for item in ContactItem.query(
            pk, ContactItem.sk.startswith(CONTACT), last_evaluated_key=start, page_size=page_size
        ):
            yield contact_from_item(item)

    def iter_sorted(
        self, owner: MemberKey, order: ContactOrder, *, after: str | None, page_size: int
    ) -> Iterator[tuple[str, ContactRow]]:
        """(position, row) by name or by last contact: the sort's index holds what a row shows
        (models.ROW_ATTRIBUTES), so a page is one Query, read lazily page by page."""
        pk = member_pk(owner)
        index, attribute, forward = (
            (ContactItem.name_row_index, "name_key", True)
            if order is ContactOrder.NAME
            else (ContactItem.last_row_index, "last_key", False)
        )
        start = None
        if after:
            contact_id = after.rpartition("#")[2]
            start = {"PK": {"S": pk}, "SK": {"S": contact_sk(contact_id)}, attribute: {"S": after}}
        for entry in index.query(
            pk, scan_index_forward=forward, last_evaluated_key=start, page_size=page_size
        ):
            yield str(getattr(entry, attribute)), row_from_entry(entry)

    def due(self, owner: MemberKey, at: datetime, limit: int) -> list[DueCandidate]:
        """From the due-date index alone (one Query)."""
        return [
            DueCandidate(
                contact_id=item.sk.removeprefix(CONTACT),
                due_at=parse_instant(str(item.due_at)),
                starred=bool(item.starred),
            )
            for item in ContactItem.due_index.query(
                member_pk(owner), ContactItem.due_at <= instant_text(at), limit=limit, page_size=limit
            )
        ]

    def next_steps_due(self, owner: MemberKey, by: date, limit: int) -> list[str]:
        """One Query. Conversations stored before they stopped carrying the index's sort key may
        still be in it: they are passed over (reading on), never counted as one of the `limit`."""
        found: list[str] = []
        for item in ContactItem.next_step_index.query(
            member_pk(owner), ContactItem.next_step_due <= by.isoformat(), page_size=limit
        ):
            if item.sk.startswith(CONTACT):
                found.append(item.sk.removeprefix(CONTACT))
                if len(found) == limit:
                    break
        return found
