"""The data layer: domain objects in, domain objects out; every DynamoDB call goes through here."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from pynamodb.connection import TableConnection
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from tracker.domain import (
    Channel,
    Contact,
    DayPicks,
    DueCandidate,
    Interaction,
    Member,
    MemberKey,
    NextStep,
    Organisation,
    Outcome,
    PhoneOwner,
    QuickAction,
    Relationship,
    ReminderChannel,
    SendClaim,
    UndoRecord,
    Weekday,
    WeeklyGoal,
)
from tracker.errors import ConcurrentUpdate
from tracker.goals import WeekTally, WeekUntally

from .models import (
    ContactItem,
    FormLinkItem,
    InteractionItem,
    MemberItem,
    OrgItem,
    PhoneOwnerItem,
    PicksItem,
    RegistryItem,
    SendItem,
    SuppressionItem,
    UndoItem,
    _Item,
    instant_text,
    parse_instant,
)
from .weekly import WeeklyStore

PROFILE = "PROFILE"
CONTACT = "CONTACT#"
INTERACTION = "INTERACTION#"
REGISTRY_PK = "REGISTRY"
OWNER = "OWNER"
FORM_LINK = "FORM_LINK"
TIME_ZONES = "TIME_ZONES"


def member_pk(key: MemberKey) -> str:
    return f"ORG#{key.org_id}#MEMBER#{key.member_id}"


def org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


def contact_sk(contact_id: str) -> str:
    return f"{CONTACT}{contact_id}"


def interactions_prefix(contact_id: str) -> str:
    return f"{INTERACTION}{contact_id}#"


def interaction_sk(interaction: Interaction) -> str:
    when = instant_text(interaction.when)
    return f"{interactions_prefix(interaction.contact_id)}{when}#{interaction.interaction_id}"


def picks_sk(local_date: date) -> str:
    return f"PICKS#{local_date.isoformat()}"


def send_sk(send: str) -> str:
    return f"SEND#{send}"


def undo_sk(undo_id: str) -> str:
    return f"UNDO#{undo_id}"


def phone_pk(phone: str) -> str:
    return f"PHONE#{hashlib.sha256(phone.strip().encode()).hexdigest()}"


def suppression_pk(address: str) -> str:
    return f"SUPPRESSION#{hashlib.sha256(address.strip().lower().encode()).hexdigest()}"


def parse_member_pk(pk: str) -> MemberKey | None:
    parts = pk.split("#")
    if len(parts) == 4 and parts[0] == "ORG" and parts[2] == "MEMBER":
        return MemberKey(parts[1], parts[3])
    return None


def _failed_condition(error: Exception) -> bool:
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"


class DynamoStore(WeeklyStore):
    def __init__(self, connection: TableConnection) -> None:
        self._connection = connection

    # ------------------------------------------------------------ organisations

    def get_org(self, org_id: str) -> Organisation | None:
        try:
            item = OrgItem.get(org_pk(org_id), "ORG")
        except OrgItem.DoesNotExist:
            return None
        return Organisation(
            org_id=org_id,
            name=item.name,
            default_time_zone=item.default_time_zone,
            default_cadence_days=int(item.default_cadence_days),
            default_reminder_hour=int(item.default_reminder_hour),
        )

    def put_org(self, org: Organisation) -> None:
        OrgItem(
            org_pk(org.org_id),
            "ORG",
            name=org.name,
            default_time_zone=org.default_time_zone,
            default_cadence_days=org.default_cadence_days,
            default_reminder_hour=org.default_reminder_hour,
        ).save()

    # ------------------------------------------------------------ members

    def get_member(self, key: MemberKey) -> Member | None:
        try:
            return _member_from_item(MemberItem.get(member_pk(key), PROFILE))
        except MemberItem.DoesNotExist:
            return None

    def add_member(self, member: Member) -> Member:
        """Store a new profile; if one appeared meanwhile, keep and return that one."""
        try:
            _member_to_item(member).save(condition=MemberItem.pk.does_not_exist())
        except PutError as error:
            if not _failed_condition(error):
                raise
            existing = self.get_member(member.key)
            if existing is None:  # pragma: no cover - erased in between; nothing sensible to return
                raise
            return existing
        return member

    def save_member(self, member: Member) -> None:
        _member_to_item(member).save()

    def register_time_zone(self, time_zone: str) -> None:
        RegistryItem(REGISTRY_PK, TIME_ZONES).update(actions=[RegistryItem.values.add({time_zone})])

    def time_zones(self) -> set[str]:
        try:
            item = RegistryItem.get(REGISTRY_PK, TIME_ZONES)
        except RegistryItem.DoesNotExist:
            return set()
        return set(item.values or ())

    # ------------------------------------------------------------ contacts

    def add_contact(self, owner: MemberKey, contact: Contact) -> None:
        _contact_to_item(owner, contact).save(condition=ContactItem.pk.does_not_exist())

    def get_contact(self, owner: MemberKey, contact_id: str) -> Contact | None:
        try:
            return _contact_from_item(ContactItem.get(member_pk(owner), contact_sk(contact_id)))
        except ContactItem.DoesNotExist:
            return None

    def replace_contact(self, owner: MemberKey, contact: Contact, *, expected_revision: int) -> None:
        """Write the contact whole, only if nobody changed it since it was read at that revision."""
        try:
            _contact_to_item(owner, contact).save(condition=ContactItem.revision == expected_revision)
        except PutError as error:
            if _failed_condition(error):
                raise ConcurrentUpdate(contact.contact_id) from error
            raise

    def delete_contact(self, owner: MemberKey, contact_id: str) -> bool:
        """Delete the contact and its conversations. Conversations go first, so that a retry
        after a crash finds the contact still there and finishes the job."""
        pk = member_pk(owner)
        self._delete_keys(
            _Item.query(
                pk, _Item.sk.startswith(interactions_prefix(contact_id)), attributes_to_get=["PK", "SK"]
            )
        )
        try:
            ContactItem(pk, contact_sk(contact_id)).delete(condition=ContactItem.pk.exists())
        except DeleteError as error:
            if _failed_condition(error):
                return False
            raise
        return True

    def iter_contacts(self, owner: MemberKey, *, after: str | None, page_size: int) -> Iterator[Contact]:
        """The member's contacts in id (creation) order, read lazily page by page."""
        pk = member_pk(owner)
        start = {"PK": {"S": pk}, "SK": {"S": contact_sk(after)}} if after else None
        for item in ContactItem.query(
            pk, ContactItem.sk.startswith(CONTACT), last_evaluated_key=start, page_size=page_size
        ):
            yield _contact_from_item(item)

    # ------------------------------------------------------------ interactions

    def record_interaction(
        self,
        owner: MemberKey,
        interaction: Interaction,
        *,
        seen: Contact,
        after: Contact,
        advances: bool,
        tally: WeekTally | None = None,
    ) -> None:
        """Store a conversation and bring its contact up to date in one transaction.

        `seen` is the contact as read, `after` as it should become. When the conversation is
        the latest, last contact and due date move (conditioned on nothing having moved them
        further meanwhile); otherwise only the counts and next step change. A lost race
        raises ConcurrentUpdate and nothing is written. With a `tally`, the week's counters
        (the member's and the program's) move in the same transaction (see dal/weekly.py).
        """
        pk = member_pk(owner)
        record = _interaction_to_item(owner, interaction)
        contact = ContactItem(pk, contact_sk(seen.contact_id))
        actions: list[Action] = [
            ContactItem.interaction_count.add(1),
            ContactItem.revision.add(1),
            ContactItem.updated_at.set(after.updated_at),
        ]
        condition: Condition = ContactItem.pk.exists()
        if after.next_step != seen.next_step:
            actions += _next_step_actions(after.next_step)
        when = interaction.when
        if advances:
            assert after.last_contact_at is not None
            actions += [
                ContactItem.last_contact_at.set(after.last_contact_at),
                _set_or_remove(ContactItem.last_summary, after.last_summary),
                ContactItem.snoozed_until.remove(),
                ContactItem.rotation_until.remove(),
                _set_or_remove(ContactItem.due_at, instant_text(after.due_at) if after.due_at else None),
            ]
            condition &= ContactItem.last_contact_at.does_not_exist() | (ContactItem.last_contact_at < when)
            condition &= ContactItem.cadence_days == seen.cadence_days
            condition &= ContactItem.archived == seen.archived
        else:
            condition &= ContactItem.last_contact_at >= when
        try:
            with TransactWrite(connection=self._connection.connection) as transaction:
                transaction.save(record, condition=InteractionItem.pk.does_not_exist())
                transaction.update(contact, actions, condition=condition)
                if tally is not None:
                    self._tally_writes(transaction, owner, tally)
        except TransactWriteError as error:
            reasons = {reason.code for reason in error.cancellation_reasons if reason}
            if reasons & {"ConditionalCheckFailed", "TransactionConflict"}:
                raise ConcurrentUpdate(seen.contact_id) from error
            raise

    def iter_interactions(
        self, owner: MemberKey, contact_id: str, *, after: str | None, page_size: int
    ) -> Iterator[tuple[str, Interaction]]:
        """A contact's conversations, newest first, each with its position (for a cursor)."""
        pk = member_pk(owner)
        prefix = interactions_prefix(contact_id)
        start = {"PK": {"S": pk}, "SK": {"S": prefix + after}} if after else None
        for item in InteractionItem.query(
            pk,
            InteractionItem.sk.startswith(interactions_prefix(contact_id)),
            scan_index_forward=False,
            last_evaluated_key=start,
            page_size=page_size,
        ):
            yield item.sk.removeprefix(prefix), _interaction_from_item(item)

    # ------------------------------------------------------------ reconnect picks

    def due_candidates(self, owner: MemberKey, at: datetime, limit: int) -> list[DueCandidate]:
        """The most overdue contacts first, from the due-date index alone (one Query)."""
        found = []
        for item in ContactItem.due_index.query(
            member_pk(owner), ContactItem.due_at <= instant_text(at), limit=limit, page_size=limit
        ):
            found.append(
                DueCandidate(
                    contact_id=item.sk.removeprefix(CONTACT),
                    due_at=parse_instant(str(item.due_at)),
                    starred=bool(item.starred),
                )
            )
        return found

    def next_steps_due(self, owner: MemberKey, by: date, limit: int) -> list[str]:
        """Contacts whose next step is due on or before `by`, earliest first (one Query).

        Conversations stored before they stopped carrying the index's sort key may still be
        in it: they are passed over (reading on), never counted as one of the `limit`.
        """
        found: list[str] = []
        for item in ContactItem.next_step_index.query(
            member_pk(owner), ContactItem.next_step_due <= by.isoformat(), page_size=limit
        ):
            if item.sk.startswith(CONTACT):
                found.append(item.sk.removeprefix(CONTACT))
                if len(found) == limit:
                    break
        return found

    def get_contacts(self, owner: MemberKey, contact_ids: Iterable[str]) -> dict[str, Contact]:
        """Several contacts in one BatchGetItem; missing ones are simply absent."""
        pk = member_pk(owner)
        keys = [(pk, contact_sk(contact_id)) for contact_id in dict.fromkeys(contact_ids)]
        if not keys:
            return {}
        found = (_contact_from_item(item) for item in ContactItem.batch_get(keys))
        return {contact.contact_id: contact for contact in found}

    def get_day_picks(self, owner: MemberKey, local_date: date) -> DayPicks | None:
        try:
            item = PicksItem.get(member_pk(owner), picks_sk(local_date), consistent_read=True)
        except PicksItem.DoesNotExist:
            return None
        return DayPicks(
            local_date=item.local_date,
            pick_ids=tuple(str(i) for i in item.pick_ids),
            next_step_ids=tuple(str(i) for i in item.next_step_ids),
            created_at=item.created_at,
            done_ids=frozenset(item.done_ids or ()),
            snoozed_ids=frozenset(item.snoozed_ids or ()),
        )

    def save_day_picks(
        self, owner: MemberKey, day: DayPicks, rotated: list[tuple[Contact, Contact]], *, expires_at: int
    ) -> bool:
        """Store the day's picks, then push each picked contact's due date past the rotation
        cool-down. Returns False, writing nothing, when the day already has picks (another
        request chose first).

        Not a transaction, on purpose: a transaction would double the write cost of the daily
        job, its biggest item. The record goes first, so the day's picks are settled either
        way; a crash before a rotation write only lets that person come up again soon. A
        rotation is skipped if the contact's due date moved since it was read (a conversation
        was logged meanwhile: the new due date stands).
        """
        pk = member_pk(owner)
        record = PicksItem(
            pk,
            picks_sk(day.local_date),
            local_date=day.local_date,
            pick_ids=list(day.pick_ids),
            next_step_ids=list(day.next_step_ids),
            created_at=day.created_at,
            expires_at=expires_at,
        )
        try:
            record.save(condition=PicksItem.pk.does_not_exist())
        except PutError as error:
            if _failed_condition(error):
                return False
            raise
        for seen, after in rotated:
            due = instant_text(after.due_at) if after.due_at else None
            unchanged = (
                ContactItem.due_at == instant_text(seen.due_at)
                if seen.due_at
                else ContactItem.due_at.does_not_exist()
            )
            try:
                ContactItem(pk, contact_sk(seen.contact_id)).update(
                    actions=[
                        _set_or_remove(ContactItem.rotation_until, after.rotation_until),
                        _set_or_remove(ContactItem.due_at, due),
                        ContactItem.revision.add(1),
                    ],
                    condition=ContactItem.pk.exists() & unchanged,
                )
            except UpdateError as error:
                if not _failed_condition(error):
                    raise
        return True

    def mark_pick(self, owner: MemberKey, local_date: date, contact_id: str, *, done: bool) -> bool:
        """Record that a pick was acted on (done or snoozed). False if it isn't one of the day's."""
        attribute = PicksItem.done_ids if done else PicksItem.snoozed_ids
        try:
            PicksItem(member_pk(owner), picks_sk(local_date)).update(
                actions=[attribute.add({contact_id})],
                condition=PicksItem.pick_ids.contains(contact_id)
                | PicksItem.next_step_ids.contains(contact_id),
            )
        except UpdateError as error:
            if _failed_condition(error):
                return False
            raise
        return True

    # ------------------------------------------------------------ sending once

    def claim_send(
        self, owner: MemberKey, send: str, claim: str, *, now: int, lease: int, keep: int
    ) -> SendClaim:
        """Take the right to make one send (`send` = kind#date#channel), or learn why not.

        A claim is a lease: if its holder crashed before finishing, the lease runs out and
        the next retry may claim it again (at most one duplicate, and only in that case).
        """
        item = SendItem(
            member_pk(owner),
            send_sk(send),
            status="claimed",
            claim=claim,
            lease_until=now + lease,
            expires_at=now + keep,
        )
        free = SendItem.pk.does_not_exist() | ((SendItem.status == "claimed") & (SendItem.lease_until < now))
        try:
            item.save(condition=free)
        except PutError as error:
            if not _failed_condition(error):
                raise
            try:
                existing = SendItem.get(member_pk(owner), send_sk(send), consistent_read=True)
            except SendItem.DoesNotExist:
                return SendClaim.IN_FLIGHT  # released in between: let the retry try again
            return SendClaim.ALREADY_SENT if existing.status == "sent" else SendClaim.IN_FLIGHT
        return SendClaim.CLAIMED

    def complete_send(
        self, owner: MemberKey, send: str, claim: str, *, message_id: str, at: datetime
    ) -> None:
        try:
            SendItem(member_pk(owner), send_sk(send)).update(
                actions=[
                    SendItem.status.set("sent"),
                    SendItem.message_id.set(message_id),
                    SendItem.sent_at.set(at),
                ],
                condition=SendItem.claim == claim,
            )
        except UpdateError as error:
            if not _failed_condition(error):
                raise
            # Our lease ran out and another attempt took over; its record stands.

    def release_send(self, owner: MemberKey, send: str, claim: str) -> None:
        try:
            SendItem(member_pk(owner), send_sk(send)).delete(
                condition=(SendItem.claim == claim) & (SendItem.status == "claimed")
            )
        except DeleteError as error:
            if not _failed_condition(error):
                raise

    # ------------------------------------------------------------ suppression list

    def is_suppressed(self, address: str) -> bool:
        try:
            SuppressionItem.get(suppression_pk(address), "EMAIL")
        except SuppressionItem.DoesNotExist:
            return False
        return True

    def suppress(self, address: str, reason: str, at: datetime) -> None:
        SuppressionItem(suppression_pk(address), "EMAIL", reason=reason, suppressed_at=at).save()

    # ------------------------------------------------------------ quick-log undo

    def claim_undo(self, owner: MemberKey, undo_id: str, *, expires_at: int) -> bool:
        """Reserve `undo_id` for one action; False if it was reserved before (a repeat)."""
        try:
            UndoItem(member_pk(owner), undo_sk(undo_id), status="claimed", expires_at=expires_at).save(
                condition=UndoItem.pk.does_not_exist()
            )
        except PutError as error:
            if not _failed_condition(error):
                raise
            return False
        return True

    def release_undo(self, owner: MemberKey, undo_id: str) -> None:
        """Give a reservation back when its action failed, so that a retry can act."""
        try:
            UndoItem(member_pk(owner), undo_sk(undo_id)).delete(condition=UndoItem.status == "claimed")
        except DeleteError as error:
            if not _failed_condition(error):
                raise

    def save_undo(self, owner: MemberKey, record: UndoRecord, *, expires_at: int) -> None:
        before = json.dumps(_contact_to_item(owner, record.before).serialize()) if record.before else None
        UndoItem(
            member_pk(owner),
            undo_sk(record.undo_id),
            status="ready",
            action=record.action.value,
            contact_id=record.contact_id,
            after_revision=record.after_revision,
            before=before,
            interaction_id=record.interaction_id,
            interaction_when=record.interaction_when,
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
        before = (
            _contact_from_item(ContactItem.from_raw_data(json.loads(item.before))) if item.before else None
        )
        return UndoRecord(
            undo_id=undo_id,
            action=QuickAction(item.action),
            contact_id=item.contact_id,
            after_revision=int(item.after_revision),
            before=before,
            interaction_id=item.interaction_id,
            interaction_when=item.interaction_when,
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
                    self._untally_writes(transaction, owner, untally)
                transaction.delete(
                    UndoItem(pk, undo_sk(record.undo_id)), condition=UndoItem.status == "ready"
                )
                if record.before is None:
                    transaction.delete(ContactItem(pk, contact_sk(record.contact_id)), condition=unchanged)
                else:
                    restored = replace(record.before, revision=record.after_revision + 1)
                    transaction.save(_contact_to_item(owner, restored), condition=unchanged)
                if record.interaction_id and record.interaction_when:
                    sk = f"{interactions_prefix(record.contact_id)}{instant_text(record.interaction_when)}"
                    transaction.delete(InteractionItem(pk, f"{sk}#{record.interaction_id}"))
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
            reasons = {reason.code for reason in error.cancellation_reasons if reason}
            if reasons & {"ConditionalCheckFailed", "TransactionConflict"}:
                return False
            raise
        return True

    def get_interaction(
        self, owner: MemberKey, contact_id: str, when: datetime, interaction_id: str
    ) -> Interaction | None:
        sk = f"{interactions_prefix(contact_id)}{instant_text(when)}#{interaction_id}"
        try:
            return _interaction_from_item(InteractionItem.get(member_pk(owner), sk, consistent_read=True))
        except InteractionItem.DoesNotExist:
            return None

    def interactions_between(
        self, owner: MemberKey, contact_id: str, start: datetime, end: datetime
    ) -> list[Interaction]:
        """A contact's conversations from `start` (included) to `end` (excluded): one Query."""
        prefix = interactions_prefix(contact_id)
        found = InteractionItem.query(
            member_pk(owner),
            InteractionItem.sk.between(prefix + instant_text(start), prefix + instant_text(end)),
            consistent_read=True,
        )
        return [i for i in map(_interaction_from_item, found) if i.when < end]

    # ------------------------------------------------------------ phone numbers (SMS replies)

    def phone_owner(self, phone: str) -> PhoneOwner | None:
        try:
            item = PhoneOwnerItem.get(phone_pk(phone), OWNER)
        except PhoneOwnerItem.DoesNotExist:
            return None
        return PhoneOwner(
            member=MemberKey(item.owner_org, item.owner_member),
            opted_out=bool(item.opted_out),
            opted_out_by=item.opted_out_by,
        )

    def set_phone_owner(self, owner: MemberKey, *, old: str | None, new: str | None) -> None:
        """Move the lookup from the member's old number to the new one (the newest claim on a
        number wins; a number is only released by the member who holds it)."""
        if old and old != new:
            try:
                PhoneOwnerItem(phone_pk(old), OWNER).delete(
                    condition=(PhoneOwnerItem.owner_org == owner.org_id)
                    & (PhoneOwnerItem.owner_member == owner.member_id)
                )
            except DeleteError as error:
                if not _failed_condition(error):
                    raise
        if new:
            PhoneOwnerItem(
                phone_pk(new), OWNER, owner_org=owner.org_id, owner_member=owner.member_id, opted_out=False
            ).save()

    def set_sms_opt_out(self, phone: str, *, opted_out: bool, by: str | None) -> None:
        PhoneOwnerItem(phone_pk(phone), OWNER).update(
            actions=[
                PhoneOwnerItem.opted_out.set(opted_out),
                _set_or_remove(PhoneOwnerItem.opted_out_by, by),
            ],
            condition=PhoneOwnerItem.pk.exists(),
        )

    # ------------------------------------------------------------ personal form link

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

    # ------------------------------------------------------------ dispatch

    def members_in_slot(self, index: str, slot: str) -> Iterator[MemberKey]:
        """Members whose reminder (index="reminder") or review (index="review") slot is `slot`."""
        source = MemberItem.reminder_slot_index if index == "reminder" else MemberItem.review_slot_index
        for item in source.query(slot, page_size=500):
            key = parse_member_pk(item.pk)
            if key is not None:
                yield key

    # ------------------------------------------------------------ erasure

    def erase_member(self, owner: MemberKey) -> int:
        """Delete every item of the member's partition (profile last). Returns how many."""
        pk = member_pk(owner)
        items = [item for item in _Item.query(pk, attributes_to_get=["PK", "SK"]) if item.sk != PROFILE]
        self._delete_keys(items)
        MemberItem(pk, PROFILE).delete()
        return len(items) + 1

    def _delete_keys(self, items: Iterable[_Item]) -> None:
        with _Item.batch_write() as batch:
            for item in items:
                batch.delete(_Item(item.pk, item.sk))


# ---------------------------------------------------------------- conversions


def _set_or_remove(attribute: Any, value: Any) -> Action:
    action: Action = attribute.set(value) if value is not None else attribute.remove()
    return action


def _next_step_actions(next_step: NextStep | None) -> list[Action]:
    if next_step is None:
        return [ContactItem.next_step_text.remove(), ContactItem.next_step_due.remove()]
    return [
        ContactItem.next_step_text.set(next_step.text),
        _set_or_remove(ContactItem.next_step_due, next_step.due.isoformat() if next_step.due else None),
    ]


def _member_to_item(member: Member) -> MemberItem:
    return MemberItem(
        member_pk(member.key),
        PROFILE,
        org_id=member.key.org_id,
        member_id=member.key.member_id,
        email=member.email,
        display_name=member.display_name,
        phone=member.phone,
        time_zone=member.time_zone,
        reminder_hour=member.reminder_hour,
        reminder_channels=[channel.value for channel in member.reminder_channels],
        picks_per_day=member.picks_per_day,
        default_cadence_days=member.default_cadence_days,
        weekly_review_day=member.weekly_review_day.value,
        weekly_review_hour=member.weekly_review_hour,
        current_focus=member.current_focus,
        paused_until=member.paused_until,
        created_at=member.created_at,
        updated_at=member.updated_at,
        reminder_slot=member.reminder_slot,
        review_slot=member.review_slot,
        goal_people=member.weekly_goal.people if member.weekly_goal else None,
        goal_new_people=member.weekly_goal.new_people if member.weekly_goal else None,
        goal_reconnects=member.weekly_goal.reconnects if member.weekly_goal else None,
        is_admin=member.is_admin or None,
        invited=member.invited or None,
        last_active_week=member.last_active_week,
    )


def _member_from_item(item: MemberItem) -> Member:
    return Member(
        key=MemberKey(item.org_id, item.member_id),
        email=item.email,
        display_name=item.display_name,
        phone=item.phone,
        time_zone=item.time_zone,
        reminder_hour=int(item.reminder_hour),
        reminder_channels=tuple(ReminderChannel(str(value)) for value in item.reminder_channels),
        picks_per_day=int(item.picks_per_day),
        default_cadence_days=int(item.default_cadence_days),
        weekly_review_day=Weekday(item.weekly_review_day),
        weekly_review_hour=int(item.weekly_review_hour),
        current_focus=item.current_focus,
        paused_until=item.paused_until,
        created_at=item.created_at,
        updated_at=item.updated_at,
        weekly_goal=WeeklyGoal(
            int(item.goal_people), int(item.goal_new_people or 0), int(item.goal_reconnects or 0)
        )
        if item.goal_people is not None
        else None,
        is_admin=bool(item.is_admin),
        invited=bool(item.invited),
        last_active_week=item.last_active_week,
    )


def _contact_to_item(owner: MemberKey, contact: Contact) -> ContactItem:
    due_at: datetime | None = contact.due_at
    next_step = contact.next_step
    return ContactItem(
        member_pk(owner),
        contact_sk(contact.contact_id),
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        company=contact.company,
        role=contact.role,
        linkedin_url=contact.linkedin_url,
        how_we_met=contact.how_we_met,
        relationship=contact.relationship.value,
        tags=list(contact.tags),
        starred=contact.starred,
        cadence_days=contact.cadence_days,
        notes=contact.notes,
        help_ideas=list(contact.help_ideas),
        next_step_text=next_step.text if next_step else None,
        next_step_due=next_step.due.isoformat() if next_step and next_step.due else None,
        archived=contact.archived,
        last_contact_at=contact.last_contact_at,
        last_summary=contact.last_summary,
        snoozed_until=contact.snoozed_until,
        rotation_until=contact.rotation_until,
        due_at=instant_text(due_at) if due_at else None,
        interaction_count=contact.interaction_count,
        revision=contact.revision,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
    )


def _contact_from_item(item: ContactItem) -> Contact:
    next_step = None
    if item.next_step_text:
        due = date.fromisoformat(item.next_step_due) if item.next_step_due else None
        next_step = NextStep(item.next_step_text, due)
    return Contact(
        contact_id=item.sk.removeprefix(CONTACT),
        name=item.name,
        email=item.email,
        phone=item.phone,
        company=item.company,
        role=item.role,
        linkedin_url=item.linkedin_url,
        how_we_met=item.how_we_met,
        relationship=Relationship(item.relationship),
        tags=tuple(str(tag) for tag in item.tags or ()),
        starred=bool(item.starred),
        cadence_days=int(item.cadence_days),
        notes=item.notes,
        help_ideas=tuple(str(idea) for idea in item.help_ideas or ()),
        next_step=next_step,
        archived=bool(item.archived),
        last_contact_at=item.last_contact_at,
        last_summary=item.last_summary,
        snoozed_until=item.snoozed_until,
        rotation_until=item.rotation_until,
        interaction_count=int(item.interaction_count or 0),
        revision=int(item.revision or 0),
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def _interaction_to_item(owner: MemberKey, interaction: Interaction) -> InteractionItem:
    next_step = interaction.next_step
    return InteractionItem(
        member_pk(owner),
        interaction_sk(interaction),
        channel=interaction.channel.value,
        summary=interaction.summary,
        next_step_text=next_step.text if next_step else None,
        next_step_due=next_step.due if next_step else None,
        help_offered=interaction.help_offered,
        help_received=interaction.help_received,
        outcomes=[outcome.value for outcome in interaction.outcomes],
        created_at=interaction.created_at,
    )


def _interaction_from_item(item: InteractionItem) -> Interaction:
    due = item.next_step_due or item.legacy_next_step_due
    next_step = NextStep(item.next_step_text, due) if item.next_step_text else None
    _, contact_id, when, interaction_id = item.sk.split("#")
    return Interaction(
        interaction_id=interaction_id,
        contact_id=contact_id,
        when=parse_instant(when),
        channel=Channel(item.channel),
        summary=item.summary,
        next_step=next_step,
        help_offered=item.help_offered,
        help_received=item.help_received,
        outcomes=tuple(Outcome(str(value)) for value in item.outcomes or ()),
        created_at=item.created_at,
    )
