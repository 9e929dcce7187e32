"""Weekly goals and progress through the API: counters kept in the logging transaction, exact
under concurrency, per local ISO week; the program's week counters move with them."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from local.server import _one_aws_call_at_a_time
from tests.conftest import ApiClient
from tracker.domain.clock import FixedClock
from tracker.domain.conversations import NewConversation
from tracker.domain.errors import ConcurrentUpdate
from tracker.domain.model import Outcome

THURSDAY = datetime(2026, 11, 26, 15, tzinfo=UTC)  # 09:00 in Chicago, week 2026-W48


def add(api: ApiClient, name: str, last_days_ago: int | None = None) -> str:
    body: dict[str, Any] = {"name": name}
    if last_days_ago is not None:
        body["last_contact_at"] = (THURSDAY - timedelta(days=last_days_ago)).isoformat()
    reply = api.post("/contacts", body)
    assert reply.status == 201, reply.body
    return str(reply.body["id"])


def log(api: ApiClient, contact_id: str, **fields: Any) -> None:
    reply = api.post(f"/contacts/{contact_id}/interactions", {"channel": "call", **fields})
    assert reply.status == 201, reply.body


def progress(api: ApiClient, week: str | None = None) -> dict[str, Any]:
    reply = api.get("/goals/progress", **({"week": week} if week else {}))
    assert reply.status == 200, reply.body
    return dict(reply.body)


def org_week(org_id: str, week: str) -> Any:
    from tracker.runtime import dynamo_repositories

    return dynamo_repositories().orgs.weeks(org_id, week, week).get(week)


@pytest.fixture
def chicago(api: ApiClient, clock: FixedClock) -> ApiClient:
    clock.at = THURSDAY
    assert api.patch("/me", {"time_zone": "America/Chicago"}).status == 200
    return api


def test_goals_start_small_and_reachable_and_can_be_changed(api: ApiClient) -> None:
    assert api.get("/goals").body == {"people": 3, "new_people": 1, "reconnects": 1}
    assert api.call("PUT", "/goals", {"people": 5, "new_people": 1, "reconnects": 2}).status == 200
    assert api.get("/goals").body == {"people": 5, "new_people": 1, "reconnects": 2}
    too_many = api.call("PUT", "/goals", {"people": 2, "new_people": 2, "reconnects": 1})
    assert too_many.status == 422
    assert "cannot exceed people" in too_many.error["message"]
    for bad in (
        {"people": 0, "new_people": 0, "reconnects": 0},
        {"people": 3},
        {"people": 3, "new_people": -1},
    ):
        assert api.call("PUT", "/goals", bad).status == 422
    assert api.get("/goals").body == {"people": 5, "new_people": 1, "reconnects": 2}


def test_a_person_counts_once_a_week_new_people_and_reconnects_as_such(chicago: ApiClient) -> None:
    api = chicago
    newcomer = add(api, "Nia New")
    dormant = add(api, "Dora Dormant", last_days_ago=200)
    recent = add(api, "Rae Recent", last_days_ago=30)
    for _ in range(3):
        log(api, newcomer, outcomes=["referral"])
    log(api, dormant, outcomes=["job_lead", "introduction"])
    before = progress(api)
    assert before["progress"] == {"people": 2, "new_people": 1, "reconnects": 1, "conversations": 4}
    assert before["met"] is False
    assert before["goals_met"] == {"people": False, "new_people": True, "reconnects": True}
    log(api, recent)
    log(api, dormant)  # again: still one reconnect, one person
    after = progress(api)
    assert after["week"] == "2026-W48"
    assert after["progress"] == {"people": 3, "new_people": 1, "reconnects": 1, "conversations": 6}
    assert after["outcomes"] == {"referral": 3, "job_lead": 1, "introduction": 1}
    assert after["met"] is True
    # The program's counters moved in the same writes: one active member, who met the goals
    program = org_week("bridges", "2026-W48")
    assert (program.members_active, program.members_met, program.conversations, program.people) == (
        1,
        1,
        6,
        3,
    )


@pytest.mark.parametrize("zone", ["America/Chicago", "Pacific/Kiritimati"])
def test_a_week_ends_at_sunday_midnight_in_the_members_time_zone(
    api: ApiClient, clock: FixedClock, zone: str
) -> None:
    from zoneinfo import ZoneInfo

    clock.at = datetime(2026, 12, 2, tzinfo=UTC)
    api.patch("/me", {"time_zone": zone})
    person = add(api, "Ana Lima")
    sunday_late = datetime(2026, 11, 29, 23, 30, tzinfo=ZoneInfo(zone))
    log(api, person, when=sunday_late.isoformat())
    log(api, person, when=(sunday_late + timedelta(hours=1)).isoformat())  # Monday 00:30 there
    assert progress(api, "2026-W48")["progress"]["conversations"] == 1
    assert progress(api, "2026-W49")["progress"]["conversations"] == 1
    assert progress(api, "2026-W49")["progress"]["people"] == 1  # a new week: they count again


def test_a_conversation_logged_late_counts_in_its_own_week(chicago: ApiClient) -> None:
    api = chicago
    person = add(api, "Ana Lima", last_days_ago=10)
    log(api, person)
    log(api, person, when=(THURSDAY - timedelta(days=14)).isoformat())
    assert progress(api, "2026-W46")["progress"]["people"] == 1
    assert progress(api)["progress"]["people"] == 1
    assert api.get("/org/members").status == 403  # (members never see the program's view)
    from tracker.runtime import dynamo_repositories

    profile = dynamo_repositories().members.get(api.identity.member)
    assert profile is not None
    assert profile.last_active_week == "2026-W48"  # a late log does not move it back


def test_bad_weeks_are_refused(api: ApiClient) -> None:
    for week in ("2027-W53", "2026-48", "next"):
        reply = api.get("/goals/progress", week=week)
        assert reply.status == 422, week
        assert reply.error["details"][0]["field"].endswith("week")
    assert progress(api, "2026-W53")["progress"]["people"] == 0  # 2026 has 53 ISO weeks


def test_changing_the_goal_applies_to_this_week_and_the_program_count_follows(chicago: ApiClient) -> None:
    api = chicago
    for name in ("Ana", "Ben"):
        log(api, add(api, name, last_days_ago=20))
    assert progress(api)["met"] is False
    assert api.call("PUT", "/goals", {"people": 2, "new_people": 0, "reconnects": 0}).status == 200
    now = progress(api)
    assert (now["met"], now["goal"]) == (True, {"people": 2, "new_people": 0, "reconnects": 0})
    assert org_week("bridges", "2026-W48").members_met == 1
    assert api.call("PUT", "/goals", {"people": 3, "new_people": 0, "reconnects": 0}).status == 200
    assert progress(api)["met"] is False
    assert org_week("bridges", "2026-W48").members_met == 0
    assert org_week("bridges", "2026-W48").members_active == 1


@pytest.fixture
def serialised_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's backends are plain objects: make each AWS call atomic, as it is in AWS."""
    from moto.core.botocore_stubber import BotocoreStubber

    monkeypatch.setattr(BotocoreStubber, "__call__", _one_aws_call_at_a_time)


def test_fifty_conversations_logged_in_parallel_are_all_counted_exactly_once(
    chicago: ApiClient, serialised_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.runtime import dynamo_repositories, services

    api = chicago
    assert api.call("PUT", "/goals", {"people": 8, "new_people": 2, "reconnects": 3}).status == 200
    new_people = [add(api, f"New {n}") for n in range(3)]
    dormant = [add(api, f"Dormant {n}", last_days_ago=120 + n) for n in range(4)]
    recent = [add(api, f"Recent {n}", last_days_ago=20) for n in range(3)]
    people = new_people + dormant + recent
    # 50 conversations: every person five times, at different moments of this week, in 10 threads
    jobs = [
        (people[n % len(people)], THURSDAY - timedelta(hours=n), ["job_lead"] if n % 10 == 0 else [])
        for n in range(50)
    ]
    races: list[int] = []
    store = dynamo_repositories().conversations
    original = store.record

    def recording(*args: Any, **kwargs: Any) -> None:
        time.sleep(0.005)  # widen the gap between each read and its write, so that threads do race
        try:
            original(*args, **kwargs)
        except ConcurrentUpdate:
            races.append(1)
            raise

    monkeypatch.setattr(store, "record", recording)
    interactions = services().conversations
    barrier = threading.Barrier(10)

    def run(batch: list[tuple[str, datetime, list[str]]]) -> None:
        barrier.wait()
        for contact_id, when, outcomes in batch:
            interactions.log(
                api.identity.member,
                contact_id,
                NewConversation(when=when, outcomes=tuple(map(Outcome, outcomes))),
            )

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(run, [jobs[n::10] for n in range(10)]))

    assert races, "the threads really did race"
    week = progress(api)
    assert week["progress"] == {"people": 10, "new_people": 3, "reconnects": 4, "conversations": 50}
    assert week["outcomes"] == {"job_lead": 5}
    assert week["met"] is True
    program = org_week("bridges", "2026-W48")
    assert (program.members_active, program.members_met) == (1, 1)
    assert (program.conversations, program.people, program.new_people, program.reconnects) == (50, 10, 3, 4)
    for contact_id in people:
        contact = api.get(f"/contacts/{contact_id}").body
        assert contact["interaction_count"] == 5
        whens = [when for cid, when, _ in jobs if cid == contact_id]
        assert contact["last_contact_at"] == max(whens).isoformat().replace("+00:00", "Z")
