"""The hourly dispatch: which members' local reminder hour (or weekly review slot) has come,
queued for the worker.

Members are found through the reminder-slot index, keyed by (IANA zone, local hour, shard),
and the review-slot index, keyed by (zone, weekday, local hour, shard), for each zone that has
members; never by scanning. The scheduled instant decides, so a late or retried run queues
exactly the same members, and each (zone, local date, hour) comes due in exactly one hourly
run, across daylight-saving changes:

- a local hour skipped by a spring-forward change comes due with the first instant after it;
- a local hour that happens twice (fall back) comes due only the first time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RUN_EVERY = timedelta(hours=1)
QUEUE_CHUNK = 500


KINDS = ("daily", "weekly")  # the daily reminder; the weekly check (or an admin's org report)


@dataclass(frozen=True)
class ReminderRequest:
    """One queued reminder: whose, which kind, for which local date, as of which instant.

    A plain dataclass with its own JSON, so that the dispatch and remind functions need not
    load pydantic (a cold start cost) for a five-field message."""

    org_id: str
    member_id: str
    local_date: date
    at: datetime
    kind: str = "daily"

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "org_id": self.org_id,
                "member_id": self.member_id,
                "local_date": self.local_date.isoformat(),
                "at": self.at.isoformat(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> ReminderRequest:
        """Parse a queued message; ValueError names what is wrong (the message is retried and
        ends in the dead-letter queue, never dropped)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a reminder message is a JSON object")
        kind = data.get("kind", "daily")
        if kind not in KINDS:
            raise ValueError(f"unknown reminder kind {kind!r}")
        for name in ("org_id", "member_id"):
            if not isinstance(data.get(name), str) or not data[name]:
                raise ValueError(f"{name} is missing")
        at = datetime.fromisoformat(str(data["at"]).replace("Z", "+00:00"))
        if at.tzinfo is None:
            raise ValueError("at needs a time zone offset")
        return cls(
            org_id=data["org_id"],
            member_id=data["member_id"],
            local_date=date.fromisoformat(str(data["local_date"])),
            at=at,
            kind=kind,
        )


@dataclass(frozen=True)
class DueSlot:
    time_zone: str
    local_date: date
    hour: int


@dataclass
class DispatchSummary:
    at: datetime
    slots: int = 0
    queued: int = 0
    zones: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "slots": self.slots, "queued": self.queued}


def fire_time(zone: ZoneInfo, day: date, hour: int) -> datetime:
    """The instant local `hour`:00 on `day` first happens (the next instant if it doesn't)."""
    # fold=0 reads a skipped time with the offset before the change, which lands just after
    # the gap, and a repeated time as its first occurrence.
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def known_zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def due_slots(at: datetime, zones: Iterable[str]) -> Iterator[DueSlot]:
    """Every (zone, local date, hour) whose fire time is in the run's hour (at - 1h, at]."""
    start = at - RUN_EVERY
    for name in sorted(zones):
        zone = known_zone(name)
        if zone is None:  # the dispatcher logs it
            continue
        for day in sorted({start.astimezone(zone).date(), at.astimezone(zone).date()}):
            for hour in range(24):
                if start < fire_time(zone, day, hour) <= at:
                    yield DueSlot(name, day, hour)


def scheduled_instant(event: dict[str, Any], now: datetime) -> datetime:
    """The run's instant: the schedule's own time when Scheduler passes it, else `now`."""
    raw = event.get("scheduled_time") if isinstance(event, dict) else None
    if isinstance(raw, str) and raw and not raw.startswith("<"):
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return now
