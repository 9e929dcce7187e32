"""A naive implementation of the daily job's reads, kept here only to measure against.

It finds a member's picks by scanning the table and filtering in memory, and the members
due by scanning every profile: what a first version without the indexes would do.
Never imported by the app.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tracker.adapters.dynamo.models import instant_text
from tracker.domain.model import MemberKey


def _scan(client: Any, table: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    start: dict[str, Any] | None = None
    while True:
        page = client.scan(TableName=table, **({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def naive_picks(client: Any, table: str, member: MemberKey, at: datetime, count: int) -> list[str]:
    pk = f"ORG#{member.org_id}#MEMBER#{member.member_id}"
    now = instant_text(at)
    due = [
        item
        for item in _scan(client, table)
        if item["PK"]["S"] == pk
        and item["SK"]["S"].startswith("CONTACT#")
        and item.get("due_at", {}).get("S", "~") <= now
    ]
    due.sort(key=lambda item: (not item.get("starred", {}).get("BOOL", False), item["due_at"]["S"]))
    return [item["SK"]["S"].removeprefix("CONTACT#") for item in due[:count]]


def naive_dispatch(client: Any, table: str, at: datetime) -> list[str]:
    due = []
    for item in _scan(client, table):
        if item["SK"]["S"] != "PROFILE" or not item.get("reminder_channels", {}).get("L"):
            continue
        local = at.astimezone(ZoneInfo(item["time_zone"]["S"]))
        if local.hour == int(item["reminder_hour"]["N"]):
            due.append(item["PK"]["S"])
    return due
