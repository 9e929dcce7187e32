"""Whose texts arrive from a phone number: `PHONE#<sha256 of the number>` / `OWNER`, outside any
member's partition (found by the number alone), deleted with the member."""

from __future__ import annotations

from pynamodb.exceptions import DeleteError

from tracker.domain.model import MemberKey, PhoneOwner

from .base import Repository, failed_condition, set_or_remove
from .keys import OWNER, phone_pk
from .models import PhoneOwnerItem


class DynamoPhones(Repository):
    def owner(self, phone: str) -> PhoneOwner | None:
        try:
            item = PhoneOwnerItem.get(phone_pk(phone), OWNER)
        except PhoneOwnerItem.DoesNotExist:
            return None
        return PhoneOwner(
            member=MemberKey(item.owner_org, item.owner_member),
            opted_out=bool(item.opted_out),
            opted_out_by=item.opted_out_by,
        )

    def move(self, owner: MemberKey, *, old: str | None, new: str | None) -> None:
        if old and old != new:
            try:
                PhoneOwnerItem(phone_pk(old), OWNER).delete(
                    condition=(PhoneOwnerItem.owner_org == owner.org_id)
                    & (PhoneOwnerItem.owner_member == owner.member_id)
                )
            except DeleteError as error:
                if not failed_condition(error):
                    raise
        if new:
            PhoneOwnerItem(
                phone_pk(new), OWNER, owner_org=owner.org_id, owner_member=owner.member_id, opted_out=False
            ).save()

    def set_opt_out(self, phone: str, *, opted_out: bool, by: str | None) -> None:
        PhoneOwnerItem(phone_pk(phone), OWNER).update(
            actions=[
                PhoneOwnerItem.opted_out.set(opted_out),
                set_or_remove(PhoneOwnerItem.opted_out_by, by),
            ],
            condition=PhoneOwnerItem.pk.exists(),
        )
