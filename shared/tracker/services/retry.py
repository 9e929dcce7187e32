"""Optimistic concurrency: read, decide, write on condition; on a lost race, read again."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from tracker.domain.errors import ConcurrentUpdate, Conflict

MAX_ATTEMPTS = 6
T = TypeVar("T")


def retry_pause(attempt: int) -> None:
    """Full-jitter backoff between optimistic retries."""
    time.sleep(random.uniform(0, 0.01 * 2**attempt))  # noqa: S311 - jitter, not a secret


def optimistic(attempt: Callable[[], T], *, conflict: str) -> T:
    """`attempt()` until it does not raise ConcurrentUpdate (it re-reads what it decides
    from each time); after MAX_ATTEMPTS lost races, a Conflict with the message `conflict`."""
    for number in range(MAX_ATTEMPTS):
        try:
            return attempt()
        except ConcurrentUpdate:
            retry_pause(number)
    raise Conflict(conflict)
