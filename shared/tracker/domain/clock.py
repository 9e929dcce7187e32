"""The clock is a port: production reads the system time, tests and the local stack set it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        ...

    def ticks(self) -> float:
        """Seconds on a steady scale, finer than `now()` (what paces sends)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait this long (a fixed clock moves on instead: tests never really wait)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        # To the second: that is what is stored, so what a write returns matches later reads.
        return datetime.now(UTC).replace(microsecond=0)

    def ticks(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass
class FixedClock:
    at: datetime = field(default_factory=lambda: datetime(2026, 11, 26, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)

    def ticks(self) -> float:
        return self.at.timestamp()

    def sleep(self, seconds: float) -> None:
        self.advance(seconds=seconds)
