"""Dispatch at any size (issue 16, part 2): one invocation queues at most its budget of
members and hands the rest of the due slot shards on, page by page, to its own queue; taken up
again, every member due is queued exactly once, and none who is not due."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from tests.fakes.services import MemoryServices
from tracker.domain.dispatch import SlotPage
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Identity
from tracker.services.dispatch import Dispatcher

EIGHT_AM_CHICAGO = datetime(2026, 11, 26, 14, tzinfo=UTC)


def program(app: MemoryServices, count: int, hour: int) -> set[str]:
    ids = set()
    for n in range(count):
        who = Identity(
            "bridges", f"{hour:02d}{n:06d}-aaaa-4aaa-8aaa-111111111111", f"m{hour}-{n}@example.org"
        )
        app.members.update(who, ProfileChanges(time_zone="America/Chicago", reminder_hour=hour))
        ids.add(who.member_id)
    return ids


def test_a_slot_larger_than_one_invocation_is_fully_dispatched_each_member_once(app: MemoryServices) -> None:
    due = program(app, 45, hour=8)
    program(app, 5, hour=9)  # not due at 08:00
    dispatcher = Dispatcher(app.repositories.members, app.queue, app.pages, budget=7)
    first = dispatcher.run(EIGHT_AM_CHICAGO)
    assert first.queued <= 7
    assert first.handed_on > 0
    invocations, sizes = 1, [first.queued]
    while app.pages.pages:  # the dispatch function takes each handed-on page up again
        page = SlotPage.from_json(app.pages.pages.pop(0).to_json())  # as the queue carries it
        summary = dispatcher.go_on(page)
        sizes.append(summary.queued)
        invocations += 1
    daily = Counter(request.member_id for request in app.queue.requests if request.kind == "daily")
    assert set(daily) == due
    assert set(daily.values()) == {1}
    assert max(sizes) <= 7  # bounded whatever the program's size
    assert invocations >= 45 // 7
    assert {request.at for request in app.queue.requests} == {EIGHT_AM_CHICAGO}


def test_a_run_within_its_budget_hands_nothing_on(app: MemoryServices) -> None:
    due = program(app, 6, hour=8)
    summary = app.dispatcher.run(EIGHT_AM_CHICAGO)
    assert (summary.queued, summary.handed_on, app.pages.pages) == (6, 0, [])
    assert {request.member_id for request in app.queue.requests if request.kind == "daily"} == due
