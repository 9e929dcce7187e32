"""The day's reconnect picks (`PICKS#<local date>`, kept 15 days: the
rotation cool-down is read from them): who was chosen, and who was
reached or snoozed since.

In the member's partition the picks records sort just before the plans (`PLAN#<week>`) and the
profile (`PROFILE`), and nothing else sorts between them (keys.py): the daily reminder reads all
three in one Query (`member_day`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pynamodb.exceptions import PutError, UpdateError

from tracker.domain import weeks
from tracker.domain.model import Member, MemberKey
from tracker.domain.picks import DayPicks, MemberDay
from tracker.domain.sending import HeldSend

from .base import Repository, failed_condition
from .keys import PICKS, PROFILE, member_pk, picks_sk, plan_sk
from .mappers import member_from_item
from .models import EMAIL_OPEN, MemberItem, PicksItem, PlanItem, email_claimed
from .weeks import planned_on


class DynamoPicks(Repository):
    def get_day(self, owner: MemberKey, local_date: date) -> DayPicks | None:
        try:
            item = PicksItem.get(member_pk(owner), picks_sk(local_date), consistent_read=True)
        except PicksItem.DoesNotExist:
            return None
        return _day(item)

    def days(self, owner: MemberKey, first: date, last: date) -> list[DayPicks]:
        """The days from `first` to `last` that have picks, oldest first: one strongly
        consistent Query of the member's few records (one a day, a few hundred bytes each)."""
        return [
            _day(item)
            for item in PicksItem.query(
                member_pk(owner),
                PicksItem.sk.between(picks_sk(first), picks_sk(last)),
                consistent_read=True,
            )
        ]

    def member_day(self, owner: MemberKey, day: date, since: date, *, consistent: bool = False) -> MemberDay:
        """One Query of the member's partition from `PICKS#<since>` to `PROFILE`: the days'
        picks records, the plans kept (only `day`'s week's is used) and the profile."""
        member: Member | None = None
        kept: list[DayPicks] = []
        planned: list[str] = []
        accepted_at: datetime | None = None
        last, plan_key = picks_sk(day), plan_sk(weeks.iso_week(day))
        for raw in self._query_range(member_pk(owner), picks_sk(since), PROFILE, consistent=consistent):
            sk = raw["SK"]["S"]
            if sk == PROFILE:
                member = member_from_item(MemberItem.from_raw_data(raw))
            elif sk == plan_key:
                plan = PlanItem.from_raw_data(raw)
                planned, accepted_at = planned_on(plan, day), plan.accepted_at
            elif sk.startswith(PICKS) and sk <= last:
                kept.append(_day(PicksItem.from_raw_data(raw)))
        return MemberDay(member, tuple(kept), tuple(planned), accepted_at)

    def _query_range(self, pk: str, first: str, last: str, *, consistent: bool) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        start: dict[str, Any] | None = None
        while True:
            page = self._connection.query(
                pk,
                range_key_condition=PicksItem.sk.between(first, last),
                consistent_read=consistent,
                exclusive_start_key=start,
            )
            items += page.get("Items", [])
            start = page.get("LastEvaluatedKey")
            if not start:
                return items

    def save_day(
        self, owner: MemberKey, day: DayPicks, *, expires_at: int, held: HeldSend | None = None
    ) -> bool:
        """Store the day's picks. Returns False, writing nothing, when the day already has
        picks (another request chose first). The people picked are left as they are: their
        rest (the rotation cool-down) is read from the records of the days before. The record
        carries the day's email send (sends.py), claimed already if `held`."""
        record = PicksItem(
            member_pk(owner),
            picks_sk(day.local_date),
            local_date=day.local_date,
            pick_ids=list(day.pick_ids),
            next_step_ids=list(day.next_step_ids),
            created_at=day.created_at,
            expires_at=expires_at,
            email_send=email_claimed(held.claim) if held else EMAIL_OPEN,
            email_lease=held.lease_until if held else None,
        )
        try:
            record.save(condition=PicksItem.pk.does_not_exist())
        except PutError as error:
            if failed_condition(error):
                return False
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


def _day(item: PicksItem) -> DayPicks:
    return DayPicks(
        local_date=item.local_date,
        pick_ids=tuple(str(i) for i in item.pick_ids),
        next_step_ids=tuple(str(i) for i in item.next_step_ids),
        created_at=item.created_at,
        done_ids=frozenset(item.done_ids or ()),
        snoozed_ids=frozenset(item.snoozed_ids or ()),
    )
