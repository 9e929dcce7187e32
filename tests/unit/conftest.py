"""The services on in-memory fakes (tests/fakes): no moto, no network, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.fakes.services import MemoryServices
from tracker.domain.clock import FixedClock
from tracker.domain.model import Identity
from tracker.services import sending

THURSDAY = datetime(2026, 11, 26, 15, tzinfo=UTC)  # 09:00 in Chicago, week 2026-W48


@pytest.fixture
def app() -> Iterator[MemoryServices]:
    """A fresh world at THURSDAY: the container's services on empty fakes."""
    sending.unrecorded_sends.clear()  # what this process remembers of sends it could not record
    yield MemoryServices(FixedClock(THURSDAY))
    sending.unrecorded_sends.clear()


@pytest.fixture
def sam() -> Identity:
    return Identity("bridges", "11111111-aaaa-4aaa-8aaa-111111111111", "sam@example.org")
