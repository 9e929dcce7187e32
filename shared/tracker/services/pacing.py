"""Keeping under the providers' send rates: each remind environment spaces its sends on a
channel by its share of the deployment's rate (domain/sending.py `SendRates`), so no second
carries more than the rate however many members are due at once. The queue holds the rest.

Thread-safe (a batch's messages are handled side by side): a send reserves the next free
instant under the lock, then waits for it outside.
"""

from __future__ import annotations

import math
import threading

from tracker.domain.clock import Clock
from tracker.domain.model import ReminderChannel
from tracker.domain.rates import SendRates

# A reservation further ahead than this means the clock was set back (a test, the local
# stack's tick), not a backlog: a batch of ten needs at most ten intervals.
MOST_AHEAD = 60.0


class Pacer:
    def __init__(self, clock: Clock, rates: SendRates) -> None:
        self._clock = clock
        self._interval = {
            ReminderChannel.EMAIL: _interval(rates.share(email=True)),
            ReminderChannel.SMS: _interval(rates.share(email=False)),
        }
        self._next: dict[ReminderChannel, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: ReminderChannel) -> None:
        """Return at this channel's next free instant (at once when it is free now)."""
        with self._lock:
            now = self._clock.ticks()
            slot = self._next.get(channel, now)
            if slot < now or slot - now > MOST_AHEAD:
                slot = now
            self._next[channel] = slot + self._interval[channel]
        if slot > now:
            self._clock.sleep(slot - now)


def _interval(per_second: float) -> float:
    """Seconds between two sends, rounded up to the microsecond and one more, so that rounding
    never fits a send more into a second (clocks keep microseconds)."""
    return (math.ceil(1_000_000 / per_second) + 1) / 1_000_000
