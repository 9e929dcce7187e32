"""Member profiles, the registry of time zones in use, and the dispatch's slot indexes."""

from __future__ import annotations

from datetime import date, datetime

from pynamodb.exceptions import PutError, UpdateError

from tracker.domain.model import Member, MemberKey
from tracker.ports import SlotIndex

from .base import Repository, failed_condition, set_or_remove
from .keys import PROFILE, REGISTRY_PK, TIME_ZONES, TOMBSTONE, member_pk, parse_member_pk
from .mappers import member_from_item, member_to_item
from .models import MemberItem, RegistryItem, TombstoneItem, _Item

# Written by their own conditional writers, never by saving a profile read earlier (ports.py).
KEPT_ON_SAVE = frozenset(
    {
        "goal_people",
        "goal_new_people",
        "goal_reconnects",
        "last_active_week",
        "email_paused",
        "health_note_sent_on",
        "focus_ask_sent_on",
        "first_check_week",
    }
)


class DynamoMembers(Repository):
    def get(self, key: MemberKey) -> Member | None:
        try:
            return member_from_item(MemberItem.get(member_pk(key), PROFILE))
        except MemberItem.DoesNotExist:
            return None

    def add(self, member: Member) -> Member:
        try:
            member_to_item(member).save(condition=MemberItem.pk.does_not_exist())
        except PutError as error:
            if not failed_condition(error):
                raise
            existing = self.get(member.key)
            if existing is None:  # pragma: no cover - erased in between; nothing sensible to return
                raise
            return existing
        return member

    def save(self, member: Member) -> None:
        """One UpdateItem of every attribute but the keys and those other writers own."""
        item = member_to_item(member)
        actions = [
            set_or_remove(attribute, getattr(item, name))
            for name, attribute in MemberItem.get_attributes().items()
            if name not in KEPT_ON_SAVE and not attribute.is_hash_key and not attribute.is_range_key
        ]
        MemberItem(item.pk, item.sk).update(actions=actions)

    def erase(self, key: MemberKey) -> int:
        """The profile goes last, so that a retry after a crash finds the member and finishes."""
        pk = member_pk(key)
        found = [item for item in _Item.query(pk, attributes_to_get=["PK", "SK"]) if item.sk != TOMBSTONE]
        self._delete_keys(item for item in found if item.sk != PROFILE)
        MemberItem(pk, PROFILE).delete()
        return len(found)

    def pause_email(self, key: MemberKey, reason: str | None) -> None:
        try:
            MemberItem(member_pk(key), PROFILE).update(
                actions=[set_or_remove(MemberItem.email_paused, reason)], condition=MemberItem.pk.exists()
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise

    def health_note_sent(self, key: MemberKey, on: date) -> None:
        try:
            MemberItem(member_pk(key), PROFILE).update(
                actions=[MemberItem.health_note_sent_on.set(on)], condition=MemberItem.pk.exists()
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise

    def focus_ask_sent(self, key: MemberKey, on: date) -> None:
        try:
            MemberItem(member_pk(key), PROFILE).update(
                actions=[MemberItem.focus_ask_sent_on.set(on)], condition=MemberItem.pk.exists()
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise

    def note_first_check(self, key: MemberKey, week: str) -> None:
        try:
            MemberItem(member_pk(key), PROFILE).update(
                actions=[MemberItem.first_check_week.set(week)],
                condition=MemberItem.pk.exists() & MemberItem.first_check_week.does_not_exist(),
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise

    def bury(self, key: MemberKey, at: datetime) -> None:
        TombstoneItem(member_pk(key), TOMBSTONE, buried_at=at).save()

    def buried(self, key: MemberKey) -> bool:
        try:
            TombstoneItem.get(member_pk(key), TOMBSTONE, attributes_to_get=["PK"])
        except TombstoneItem.DoesNotExist:
            return False
        return True

    def register_time_zone(self, time_zone: str) -> None:
        RegistryItem(REGISTRY_PK, TIME_ZONES).update(actions=[RegistryItem.values.add({time_zone})])

    def time_zones(self) -> set[str]:
        try:
            item = RegistryItem.get(REGISTRY_PK, TIME_ZONES)
        except RegistryItem.DoesNotExist:
            return set()
        return set(item.values or ())

    def slot_page(
        self, index: SlotIndex, slot: str, *, after: MemberKey | None, limit: int
    ) -> tuple[list[MemberKey], MemberKey | None]:
        """One Query of the keys-only slot index (about 100 bytes an entry: a page of 1,000
        is a tenth of DynamoDB's 1 MB page, 25 RCU)."""
        source = MemberItem.reminder_slot_index if index == "reminder" else MemberItem.review_slot_index
        attribute = "reminder_slot" if index == "reminder" else "review_slot"
        start = None
        if after is not None:
            start = {attribute: {"S": slot}, "PK": {"S": member_pk(after)}, "SK": {"S": PROFILE}}
        found = source.query(slot, last_evaluated_key=start, limit=limit, page_size=limit)
        pks = [item.pk for item in found]
        keys = [key for key in map(parse_member_pk, pks) if key is not None]
        more = found.last_evaluated_key is not None and len(pks) == limit
        return keys, (parse_member_pk(pks[-1]) if more else None)
