"""Dispatch past one invocation's budget, on moto through template.yaml's wiring: the hourly run
hands the rest of a big slot on to DispatchPages, the dispatch function takes each page up
again, and the reminder queue ends with every member due exactly once (issue 16, part 2)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from local.events import EventSources
from local.provision import Stack
from tracker.domain import dispatch as plan
from tracker.domain.clock import FixedClock
from tracker.domain.model import Member, MemberKey
from tracker.runtime import dynamo_repositories

EIGHT_AM_CHICAGO = datetime(2026, 11, 26, 14, tzinfo=UTC)


def queued_reminders(stack: Stack) -> list[dict[str, str]]:
    sqs = boto3.client("sqs")
    found = []
    while True:
        got = sqs.receive_message(
            QueueUrl=stack.ref("ReminderQueue"), MaxNumberOfMessages=10, VisibilityTimeout=600
        ).get("Messages", [])
        if not got:
            return found
        found += [json.loads(message["Body"]) for message in got]


def test_a_slot_bigger_than_an_invocation_is_dispatched_whole_each_member_once(
    aws: Stack, pipeline: EventSources, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan, "MEMBERS_PER_INVOCATION", 4)  # a small budget stands for 2,000
    members = dynamo_repositories().members
    joined = EIGHT_AM_CHICAGO - timedelta(days=30)
    due = set()
    for n in range(23):
        key = MemberKey("bridges", f"member-{n:03d}")
        members.add(
            Member(
                key=key,
                email=f"m{n}@example.org",
                created_at=joined,
                updated_at=joined,
                time_zone="America/Chicago",
                reminder_hour=8,
            )
        )
        due.add(key.member_id)
    members.add(
        Member(
            key=MemberKey("bridges", "at-nine"),
            email="nine@example.org",
            created_at=joined,
            updated_at=joined,
            time_zone="America/Chicago",
            reminder_hour=9,
        )
    )
    members.register_time_zone("America/Chicago")
    clock.at = EIGHT_AM_CHICAGO
    (run,) = pipeline.fire_schedules(EIGHT_AM_CHICAGO)
    assert run["error"] is None
    assert run["result"]["queued"] <= 4
    assert run["result"]["handed_on"] > 0
    (pages,) = [source for source in pipeline.sqs if source.function_id == "DispatchFunction"]
    delivery = pipeline._drain_queue(pages)  # the dispatch function, one handed-on page at a time
    assert delivery.failed == 0
    assert delivery.invocations >= 23 // 4
    daily = Counter(body["member_id"] for body in queued_reminders(aws) if body["kind"] == "daily")
    assert set(daily) == due
    assert set(daily.values()) == {1}
