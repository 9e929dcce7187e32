"""The quick-log links' records in the member's partition: each action's undo (`UNDO#<id>`,
kept 2 days), each link's writes of a day (`LINKUSE#<link>#<date>`, kept 2 days) and the
personal link's current version (`FORM_LINK`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from tracker.domain.goals import WeekUntally
from tracker.domain.model import MemberKey
from tracker.domain.quicklog import QuickAction, UndoRecord

from .base import Repository, failed_condition, lost_race
from .keys import FORM_LINK, contact_sk, conversation_sk, link_use_sk, member_pk, picks_sk, undo_sk
from .mappers import contact_from_json, contact_to_item, contact_to_json
from .models import ContactItem, ConversationItem, FormLinkItem, LinkUseItem, PicksItem, UndoItem
from .tally import untally_writes


class DynamoQuickLog(Repository):
    def claim_undo(self, owner: MemberKey, undo_id: str, *, expires_at: int) -> bool:
        """Reserve `undo_id` for one action; False if it was reserved before (a repeat)."""
        try:
            UndoItem(member_pk(owner), undo_sk(undo_id), status="claimed", expires_at=expires_at).save(
                condition=UndoItem.pk.does_not_exist()
            )
        except PutError as error:
            if not failed_condition(error):
                raise
            return False
        return True

    def release_undo(self, owner: MemberKey, undo_id: str) -> None:
        """Give a reservation back when its action failed, so that a retry can act."""
        try:
            UndoItem(member_pk(owner), undo_sk(undo_id)).delete(condition=UndoItem.status == "claimed")
        except DeleteError as error:
            if not failed_condition(error):
                raise

    def save_undo(self, owner: MemberKey, record: UndoRecord, *, expires_at: int) -> None:
        before = contact_to_json(owner, record.before) if record.before else None
        UndoItem(
            member_pk(owner),
            undo_sk(record.undo_id),
            status="ready",
            action=record.action.value,
            contact_id=record.contact_id,
            after_revision=record.after_revision,
            before=before,
            conversation_id=record.conversation_id,
            conversation_when=record.conversation_when,
            local_date=record.local_date,
            expires_at=expires_at,
        ).save()

    def get_undo(self, owner: MemberKey, undo_id: str) -> UndoRecord | None:
        """The record of a finished action; None if unknown, undone already, or still under way."""
        try:
            item = UndoItem.get(member_pk(owner), undo_sk(undo_id), consistent_read=True)
        except UndoItem.DoesNotExist:
            return None
        if item.status != "ready" or item.contact_id is None or item.after_revision is None:
            return None
        before = contact_from_json(item.before) if item.before else None
        return UndoRecord(
            undo_id=undo_id,
            action=QuickAction(item.action),
            contact_id=item.contact_id,
            after_revision=int(item.after_revision),
            before=before,
            conversation_id=item.conversation_id,
            conversation_when=item.conversation_when,
            local_date=item.local_date,
        )

    def apply_undo(self, owner: MemberKey, record: UndoRecord, untally: WeekUntally | None = None) -> bool:
        """Take one action back in one transaction: the contact as it was (or gone, if the
        action created it), the conversation removed with its week's counters, the day's pick
        unmarked, the record spent. False, with nothing written, if the contact changed since,
        it was undone, or the week moved since `untally` was read."""
        pk = member_pk(owner)
        unchanged = ContactItem.revision == record.after_revision
        try:
            with TransactWrite(connection=self._connection.connection) as transaction:
                if untally is not None:
                    untally_writes(transaction, owner, untally)
                transaction.delete(
                    UndoItem(pk, undo_sk(record.undo_id)), condition=UndoItem.status == "ready"
                )
                if record.before is None:
                    transaction.delete(ContactItem(pk, contact_sk(record.contact_id)), condition=unchanged)
                else:
                    restored = replace(record.before, revision=record.after_revision + 1)
                    transaction.save(contact_to_item(owner, restored), condition=unchanged)
                if record.conversation_id and record.conversation_when:
                    sk = conversation_sk(record.contact_id, record.conversation_when, record.conversation_id)
                    transaction.delete(ConversationItem(pk, sk))
                if record.local_date:
                    marked = (
                        PicksItem.snoozed_ids if record.action is QuickAction.SNOOZE else PicksItem.done_ids
                    )
                    transaction.update(
                        PicksItem(pk, picks_sk(record.local_date)),
                        [marked.delete({record.contact_id})],
                        condition=PicksItem.pk.exists(),
                    )
        except TransactWriteError as error:
            if lost_race(error):
                return False
            raise
        return True

    def use_link(self, owner: MemberKey, link_id: str, day: date, *, limit: int, expires_at: int) -> bool:
        """Count one write by the link on the member's `day` (one conditional update); False,
        counting nothing, if it made `limit` that day already."""
        item = LinkUseItem(member_pk(owner), link_use_sk(link_id, day))
        try:
            item.update(
                actions=[LinkUseItem.uses.add(1), LinkUseItem.expires_at.set(expires_at)],
                condition=LinkUseItem.uses.does_not_exist() | (LinkUseItem.uses < limit),
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise
            return False
        return True

    def form_link_version(self, owner: MemberKey) -> int | None:
        try:
            return int(FormLinkItem.get(member_pk(owner), FORM_LINK, consistent_read=True).version)
        except FormLinkItem.DoesNotExist:
            return None

    def ensure_form_link_version(self, owner: MemberKey, initial: int, *, rotate: bool = False) -> int:
        """The current version (created as `initial` if there is none); `rotate` moves it on."""
        item = FormLinkItem(member_pk(owner), FORM_LINK)
        current = FormLinkItem.version | initial
        item.update(actions=[FormLinkItem.version.set(current + 1 if rotate else current)])
        return int(item.version)
