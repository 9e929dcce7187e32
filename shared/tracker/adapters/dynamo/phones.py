"""Phone numbers: who proved one is theirs (`PHONE#<sha256>` / `OWNER`, found by the number
alone, deleted with the member), whether it said STOP (`PHONE#<sha256>` / `STOP`, kept per
number whoever holds it), and the code on its way to a number (`PHONE_CHECK` in the member's
partition)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError, UpdateError

from tracker.domain.model import MemberKey, PhoneOwner
from tracker.domain.phones import PhoneCheck, Stop

from .base import Repository, failed_condition
from .keys import OWNER, PHONE_CHECK, STOP, member_pk, phone_pk
from .models import PhoneCheckItem, PhoneOwnerItem, PhoneStopItem

KEEP_CHECKS = timedelta(days=2)


class DynamoPhones(Repository):
    def owner(self, phone: str) -> PhoneOwner | None:
        try:
            item = PhoneOwnerItem.get(phone_pk(phone), OWNER)
        except PhoneOwnerItem.DoesNotExist:
            return None
        stop = self._stop(phone, item)
        return PhoneOwner(
            member=MemberKey(item.owner_org, item.owner_member),
            opted_out=stop is not None,
            opted_out_by=stop.by if stop else None,
        )

    def stop(self, phone: str) -> Stop | None:
        """The number's STOP record, or the owner item's older flag: one BatchGetItem of both."""
        pk = phone_pk(phone)
        wanted: list[Any] = [{"PK": pk, "SK": OWNER}, {"PK": pk, "SK": STOP}]
        found: dict[str, Any] = {}
        table = self._connection.table_name
        while wanted:
            answer = self._connection.batch_get_item(wanted)
            for raw in answer.get("Responses", {}).get(table, []):
                found[raw["SK"]["S"]] = raw
            wanted = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        if STOP in found:
            return Stop(PhoneStopItem.from_raw_data(found[STOP]).stopped_by)
        legacy = PhoneOwnerItem.from_raw_data(found[OWNER]) if OWNER in found else None
        if legacy is not None and legacy.opted_out:  # kept on the owner item before STOP items
            return Stop(legacy.opted_out_by)
        return None

    @staticmethod
    def _stop(phone: str, owner: PhoneOwnerItem | None) -> Stop | None:
        try:
            item = PhoneStopItem.get(phone_pk(phone), STOP)
        except PhoneStopItem.DoesNotExist:
            if owner is not None and owner.opted_out:  # kept on the owner item before STOP items
                return Stop(owner.opted_out_by)
            return None
        return Stop(item.stopped_by)

    def move(self, owner: MemberKey, *, old: str | None, new: str | None) -> MemberKey | None:
        if old and old != new:
            try:
                PhoneOwnerItem(phone_pk(old), OWNER).delete(
                    condition=(PhoneOwnerItem.owner_org == owner.org_id)
                    & (PhoneOwnerItem.owner_member == owner.member_id)
                )
            except DeleteError as error:
                if not failed_condition(error):
                    raise
        if not new:
            return None
        try:
            before: MemberKey | None = _holder(PhoneOwnerItem.get(phone_pk(new), OWNER))
        except PhoneOwnerItem.DoesNotExist:
            before = None
        # An update, not a put: an older STOP kept on this item stays.
        PhoneOwnerItem(phone_pk(new), OWNER).update(
            actions=[
                PhoneOwnerItem.owner_org.set(owner.org_id),
                PhoneOwnerItem.owner_member.set(owner.member_id),
            ]
        )
        return before if before != owner else None

    def set_opt_out(self, phone: str, *, opted_out: bool, by: str | None) -> None:
        if opted_out:
            PhoneStopItem(phone_pk(phone), STOP, stopped_by=by, stopped_at=datetime.now(UTC)).save()
            return
        PhoneStopItem(phone_pk(phone), STOP).delete()
        try:
            PhoneOwnerItem(phone_pk(phone), OWNER).update(
                actions=[PhoneOwnerItem.opted_out.remove(), PhoneOwnerItem.opted_out_by.remove()],
                condition=PhoneOwnerItem.pk.exists(),
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise

    def check(self, key: MemberKey) -> PhoneCheck | None:
        try:
            item = PhoneCheckItem.get(member_pk(key), PHONE_CHECK)
        except PhoneCheckItem.DoesNotExist:
            return None
        return PhoneCheck(
            phone=item.phone,
            digest=item.digest,
            sent_at=item.sent_at,
            expires_at=item.code_expires_at,
            tries_left=int(item.tries_left),
            day=item.day,
            codes_today=int(item.codes_today),
        )

    def put_check(self, key: MemberKey, check: PhoneCheck) -> None:
        PhoneCheckItem(
            member_pk(key),
            PHONE_CHECK,
            phone=check.phone,
            digest=check.digest,
            sent_at=check.sent_at,
            code_expires_at=check.expires_at,
            tries_left=check.tries_left,
            day=check.day,
            codes_today=check.codes_today,
            expires_at=int((check.sent_at + KEEP_CHECKS).timestamp()),
        ).save()

    def spend_try(self, key: MemberKey, check: PhoneCheck) -> bool:
        try:
            PhoneCheckItem(member_pk(key), PHONE_CHECK).update(
                actions=[PhoneCheckItem.tries_left.add(-1)],
                condition=(PhoneCheckItem.digest == check.digest)
                & (PhoneCheckItem.tries_left == check.tries_left),
            )
        except UpdateError as error:
            if failed_condition(error):
                return False
            raise
        return True

    def end_check(self, key: MemberKey, check: PhoneCheck) -> None:
        """Spent: the code cannot be used again (the day's count stays)."""
        try:
            PhoneCheckItem(member_pk(key), PHONE_CHECK).update(
                actions=[PhoneCheckItem.tries_left.set(0)],
                condition=PhoneCheckItem.digest == check.digest,
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise


def _holder(item: PhoneOwnerItem) -> MemberKey:
    return MemberKey(item.owner_org, item.owner_member)
