"""An org's settings, its weekly counters, and its members' profiles page by page."""

from __future__ import annotations

from tracker.domain.model import Member, Org
from tracker.domain.org import OrgWeek

from .table import PROFILE, MemoryTable, org


class MemoryOrgs:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def get(self, org_id: str) -> Org | None:
        found: Org | None = self._table.get(org(org_id), ("org",))
        return found

    def put(self, settings: Org) -> None:
        self._table.put(org(settings.org_id), ("org",), settings)

    def weeks(self, org_id: str, first: str, last: str) -> dict[str, OrgWeek]:
        return {
            key[1]: week for key, week in self._table.query(org(org_id), "week") if first <= key[1] <= last
        }

    def members(self, org_id: str, *, after: str | None, limit: int) -> tuple[list[Member], str | None]:
        profiles = sorted(
            (items[PROFILE] for _, items in self._table.partitions() if PROFILE in items),
            key=lambda member: member.key.member_id,
        )
        following = [
            member
            for member in profiles
            if member.key.org_id == org_id and (after is None or member.key.member_id > after)
        ]
        page = following[:limit]
        more = len(following) > limit
        return page, (page[-1].key.member_id if more and page else None)
