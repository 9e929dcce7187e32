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
# The members one dispatch invocation queues at most (200 SendMessageBatch calls, a few seconds
# of its 120 s timeout); the slot pages left are handed on as messages (bench/dispatch_scale.py).
MEMBERS_PER_INVOCATION = 2000
SLOT_PAGE = 1000  # members a Query of the keys-only slot index asks for (~100 KB of its 1 MB)


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
class SlotPage:
    """Where a dispatch goes on: one slot shard of one index (`reminder` for the daily
    reminder, `review` for the weekly check), from the member after `after` (None: the
    start), for the local date and the run's instant."""

    kind: str
    index: str
    slot: str
    local_date: date
    at: datetime
    after: tuple[str, str] | None = None  # (org id, member id)

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "index": self.index,
                "slot": self.slot,
                "local_date": self.local_date.isoformat(),
                "at": self.at.isoformat(),
                "after": list(self.after) if self.after else None,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> SlotPage:
        """Parse a handed-on page; ValueError names what is wrong (retried, then dead-lettered)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a slot page is a JSON object")
        kind, index = data.get("kind"), data.get("index")
        if (kind, index) not in (("daily", "reminder"), ("weekly", "review")):
            raise ValueError(f"unknown slot page kind {kind!r} / index {index!r}")
        if not isinstance(data.get("slot"), str) or not data["slot"]:
            raise ValueError("slot is missing")
        after = data.get("after")
        if after is not None and not (
            isinstance(after, list)
            and len(after) == 2
            and all(isinstance(part, str) and part for part in after)
        ):
            raise ValueError("after is a pair of org and member ids")
        at = datetime.fromisoformat(str(data["at"]).replace("Z", "+00:00"))
        if at.tzinfo is None:
            raise ValueError("at needs a time zone offset")
        return cls(
            kind=str(kind),
            index=str(index),
            slot=data["slot"],
            local_date=date.fromisoformat(str(data["local_date"])),
            at=at,
            after=(after[0], after[1]) if after else None,
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
    pages: int = 0  # Queries of the slot indexes
    handed_on: int = 0  # slot pages left for further invocations (the budget was spent)
    zones: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "slots": self.slots,
            "queued": self.queued,
            "pages": self.pages,
            "handed_on": self.handed_on,
        }


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
