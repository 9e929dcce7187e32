"""The day's reconnect picks (`PICKS#<local date>`, kept 8 days): who was chosen, and who was
reached or snoozed since."""

from __future__ import annotations

from datetime import date

from pynamodb.exceptions import PutError, UpdateError

from tracker.domain.model import Contact, MemberKey
from tracker.domain.picks import DayPicks

from .base import Repository, failed_condition, set_or_remove
from .keys import contact_sk, member_pk, picks_sk
from .models import ContactItem, PicksItem, instant_text


class DynamoPicks(Repository):
    def get_day(self, owner: MemberKey, local_date: date) -> DayPicks | None:
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

    def save_day(
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
            if failed_condition(error):
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
                        set_or_remove(ContactItem.rotation_until, after.rotation_until),
                        set_or_remove(ContactItem.due_at, due),
                        ContactItem.revision.add(1),
                    ],
                    condition=ContactItem.pk.exists() & unchanged,
                )
            except UpdateError as error:
                if not failed_condition(error):
                    raise
        return True

    def claim_done(self, owner: MemberKey, local_date: date, contact_id: str) -> bool:
        try:
            PicksItem(member_pk(owner), picks_sk(local_date)).update(
                actions=[PicksItem.done_ids.add({contact_id})],
                condition=(
                    PicksItem.pick_ids.contains(contact_id) | PicksItem.next_step_ids.contains(contact_id)
                )
                & ~PicksItem.done_ids.contains(contact_id),
            )
        except UpdateError as error:
            if failed_condition(error):
                return False
            raise
        return True

    def release_done(self, owner: MemberKey, local_date: date, contact_id: str) -> None:
        PicksItem(member_pk(owner), picks_sk(local_date)).update(
            actions=[PicksItem.done_ids.delete({contact_id})], condition=PicksItem.pk.exists()
        )

    def mark(self, owner: MemberKey, local_date: date, contact_id: str, *, done: bool) -> bool:
        """Record that a pick was acted on (done or snoozed). False if it isn't one of the day's."""
        attribute = PicksItem.done_ids if done else PicksItem.snoozed_ids
        try:
            PicksItem(member_pk(owner), picks_sk(local_date)).update(
                actions=[attribute.add({contact_id})],
                condition=PicksItem.pick_ids.contains(contact_id)
                | PicksItem.next_step_ids.contains(contact_id),
            )
        except UpdateError as error:
            if failed_condition(error):
                return False
            raise
        return True
