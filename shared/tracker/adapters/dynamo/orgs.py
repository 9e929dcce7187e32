"""An org: its settings (`ORG#<org>` / `ORG`), its weekly counters (`WEEK#<week>` in each of its
ORG_WEEK_SHARDS shards, keys.py: sums, no member ids) and its members (the org-members index,
then their profiles)."""

from __future__ import annotations

from collections import defaultdict

from tracker.domain import weeks
from tracker.domain.model import Member, MemberKey, Org
from tracker.domain.org import OrgWeek

from .base import Repository
from .keys import ORG, ORG_WEEK_SHARDS, PROFILE, member_pk, org_pk, org_week_pk, week_sk
from .mappers import member_from_item, org_from_item, org_to_item, org_week_from_shards
from .models import MemberItem, OrgItem, OrgWeekItem


class DynamoOrgs(Repository):
    def get(self, org_id: str) -> Org | None:
        try:
            return org_from_item(OrgItem.get(org_pk(org_id), ORG))
        except OrgItem.DoesNotExist:
            return None

    def put(self, org: Org) -> None:
        org_to_item(org).save()

    def weeks(self, org_id: str, first: str, last: str) -> dict[str, OrgWeek]:
        """Every shard of every week from `first` to `last`, by key: BatchGetItem of 100 keys at a
        time (the report's 12 weeks: 96 keys, one call), each week summed over its shards."""
        keys = [
            (org_week_pk(org_id, shard), week_sk(week))
            for week in _weeks_between(first, last)
            for shard in range(ORG_WEEK_SHARDS)
        ]
        shards: defaultdict[str, list[OrgWeekItem]] = defaultdict(list)
        for item in OrgWeekItem.batch_get(keys):
            shards[item.sk].append(item)
        found = (org_week_from_shards(items) for _, items in sorted(shards.items()))
        return {record.week: record for record in found}

    def members(self, org_id: str, *, after: str | None, limit: int) -> tuple[list[Member], str | None]:
        start = None
        if after:
            pk = member_pk(MemberKey(org_id, after))
            start = {"org_id": {"S": org_id}, "PK": {"S": pk}, "SK": {"S": PROFILE}}
        found = MemberItem.org_members_index.query(
            org_id, last_evaluated_key=start, limit=limit, page_size=limit
        )
        pks = [item.pk for item in found]
        profiles = {item.pk: item for item in MemberItem.batch_get([(pk, PROFILE) for pk in pks])}
        members = [member_from_item(profiles[pk]) for pk in pks if pk in profiles]
        more = found.last_evaluated_key is not None and len(pks) == limit
        return members, (members[-1].key.member_id if more and members else None)


def _weeks_between(first: str, last: str) -> list[str]:
    between: list[str] = []
    week = first
    while week <= last:
        between.append(week)
        week = weeks.shift(week, 1)
    return between
