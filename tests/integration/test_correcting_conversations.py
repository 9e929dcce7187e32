"""Changing and deleting a logged conversation through the API: the contact's last contact, next
step and due date, and the week's progress and the program's counters, follow exactly, also
when corrections race each other and new logs."""

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
from tracker.domain.corrections import ConversationChanges
from tracker.domain.errors import ConcurrentUpdate, NotFound
from tracker.domain.model import Outcome

THURSDAY = datetime(2026, 11, 26, 15, tzinfo=UTC)  # 09:00 in Chicago, week 2026-W48
MONDAY = "2026-11-23T15:00:00Z"
TUESDAY = "2026-11-24T15:00:00Z"
WEEK = "2026-W48"


@pytest.fixture
def chicago(api: ApiClient, clock: FixedClock) -> ApiClient:
    clock.at = THURSDAY
    assert api.patch("/me", {"time_zone": "America/Chicago"}).status == 200
    return api


def add(api: ApiClient, name: str, **fields: Any) -> str:
    reply = api.post("/contacts", {"name": name, **fields})
    assert reply.status == 201, reply.body
    return str(reply.body["id"])


def log(api: ApiClient, contact_id: str, **fields: Any) -> dict[str, Any]:
    reply = api.post(f"/contacts/{contact_id}/interactions", {"channel": "call", **fields})
    assert reply.status == 201, reply.body
    return dict(reply.body)


def week(api: ApiClient, which: str = WEEK) -> dict[str, Any]:
    reply = api.get("/goals/progress", week=which)
    assert reply.status == 200, reply.body
    return dict(reply.body)


def counts(api: ApiClient, which: str = WEEK) -> tuple[int, int, int, int]:
    progress = week(api, which)["progress"]
    return (progress["conversations"], progress["people"], progress["new_people"], progress["reconnects"])


def program(which: str = WEEK) -> Any:
    from tracker.runtime import dynamo_repositories

    return dynamo_repositories().orgs.weeks("bridges", which, which).get(which)


def path(contact_id: str, conversation_id: str) -> str:
    return f"/contacts/{contact_id}/interactions/{conversation_id}"


def test_deleting_the_latest_conversation_brings_back_the_one_before_and_the_counts_go_down(
    chicago: ApiClient,
) -> None:
    api = chicago
    # Given Ana, last spoken to 120 days ago, called on Monday and again on Tuesday (a reconnect)
    ana = add(api, "Ana Lima", last_contact_at="2026-07-29T15:00:00Z", cadence_days=30)
    log(api, ana, when=MONDAY, summary="Call about the data team", outcomes=["advice"])
    tuesday = log(api, ana, when=TUESDAY, summary="Sent her my CV", outcomes=["job_lead"])
    assert counts(api) == (2, 1, 0, 1)
    assert program().conversations == 2
    # When Tuesday's conversation is deleted
    reply = api.call("DELETE", path(ana, tuesday["id"]))
    assert reply.status == 204
    # Then Monday's is the last contact again, with its summary, and she is due 30 days after it
    contact = api.get(f"/contacts/{ana}").body
    assert contact["last_contact_at"] == MONDAY
    assert contact["last_summary"] == "Call about the data team"
    assert contact["due_at"] == "2026-12-23T15:00:00Z"
    assert contact["interaction_count"] == 1
    assert [i["id"] for i in api.get(f"/contacts/{ana}/interactions").body["items"]] != [tuesday["id"]]
    # And the week counts one conversation, Ana still once and still a reconnect, no job lead
    assert counts(api) == (1, 1, 0, 1)
    assert week(api)["outcomes"] == {"advice": 1}
    moved = program()
    assert (moved.conversations, moved.people, moved.reconnects, moved.outcomes) == (
        1,
        1,
        1,
        {Outcome.ADVICE: 1},
    )
    # Deleting it twice: the second time there is nothing to delete
    assert api.call("DELETE", path(ana, tuesday["id"])).status == 404


def test_deleting_the_only_conversation_of_the_week_takes_the_person_and_the_member_out_of_it(
    chicago: ApiClient,
) -> None:
    api = chicago
    assert api.call("PUT", "/goals", {"people": 1, "new_people": 1, "reconnects": 0}).status == 200
    newcomer = add(api, "Nia Newcomer")
    logged = log(api, newcomer, when=TUESDAY, next_step={"text": "Send the deck", "due": "2026-12-01"})
    assert week(api)["met"] is True
    assert (program().members_active, program().members_met) == (1, 1)
    assert api.call("DELETE", path(newcomer, logged["id"])).status == 204
    assert counts(api) == (0, 0, 0, 0)
    assert week(api)["met"] is False
    assert (program().members_active, program().members_met, program().new_people) == (0, 0, 0)
    contact = api.get(f"/contacts/{newcomer}").body
    # Never spoken to now: due at once, and the next step that conversation gave went with it
    assert (contact["last_contact_at"], contact["next_step"], contact["interaction_count"]) == (None, None, 0)
    assert contact["due_at"] == contact["created_at"]


def test_another_members_or_an_unknown_conversation_is_not_found(
    chicago: ApiClient, other_api: ApiClient
) -> None:
    ana = add(chicago, "Ana Lima")
    logged = log(chicago, ana, when=TUESDAY)
    for client, target in [
        (other_api, path(ana, logged["id"])),
        (chicago, path(ana, "01JDZZZZZZZZZZZZZZZZZZZZZZ")),
        (chicago, path("01JDZZZZZZZZZZZZZZZZZZZZZZ", logged["id"])),
        (chicago, path(ana, "not-an-id")),
    ]:
        assert client.call("DELETE", target).status == 404
        assert client.patch(target, {"summary": "x"}).status == 404
    assert counts(chicago) == (1, 1, 1, 0)


def test_a_new_when_in_another_week_moves_its_count_there(chicago: ApiClient) -> None:
    api = chicago
    ana = add(api, "Ana Lima", last_contact_at="2026-10-01T15:00:00Z")
    ben = add(api, "Ben Okafor", last_contact_at="2026-10-01T15:00:00Z")
    log(api, ana, when=MONDAY)
    logged = log(api, ben, when=TUESDAY, summary="Coffee")
    assert counts(api) == (2, 2, 0, 0)
    # When Ben's coffee is moved to the Wednesday before, week 47
    reply = api.patch(path(ben, logged["id"]), {"when": "2026-11-18T10:00:00-06:00"})
    assert reply.status == 200, reply.body
    assert reply.body["when"] == "2026-11-18T16:00:00Z"
    assert reply.body["summary"] == "Coffee"
    assert reply.body["contact"]["last_contact_at"] == "2026-11-18T16:00:00Z"
    # Then it counts there and no longer here; the program's week 48 loses it, and its week 47,
    # closed everywhere since Monday noon UTC, stays as reported (as for a conversation logged late)
    assert counts(api) == (1, 1, 0, 0)
    assert counts(api, "2026-W47") == (1, 1, 0, 0)
    assert (program().conversations, program().people) == (1, 1)
    assert program("2026-W47") is None
    assert api.get(f"/contacts/{ben}").body["interaction_count"] == 1


def test_other_outcomes_move_the_outcome_counts(chicago: ApiClient) -> None:
    api = chicago
    ana = add(api, "Ana Lima")
    logged = log(api, ana, when=TUESDAY, outcomes=["job_lead"], summary="Lunch")
    reply = api.patch(path(ana, logged["id"]), {"outcomes": ["referral", "advice"], "channel": "meeting"})
    assert reply.status == 200, reply.body
    assert (reply.body["outcomes"], reply.body["channel"]) == (["referral", "advice"], "meeting")
    assert week(api)["outcomes"] == {"referral": 1, "advice": 1}
    assert program().outcomes == {Outcome.REFERRAL: 1, Outcome.ADVICE: 1}
    assert counts(api) == (1, 1, 1, 0)
    listed = api.get(f"/contacts/{ana}/interactions").body["items"]
    assert [(i["outcomes"], i["summary"]) for i in listed] == [(["referral", "advice"], "Lunch")]


def test_the_summary_and_next_step_of_the_latest_conversation_follow_on_the_contact(
    chicago: ApiClient,
) -> None:
    api = chicago
    ana = add(api, "Ana Lima")
    logged = log(
        api, ana, when=TUESDAY, summary="Lunch", next_step={"text": "Call back", "due": "2026-12-01"}
    )
    reply = api.patch(
        path(ana, logged["id"]), {"summary": "Lunch at the canteen", "next_step": {"text": "Email her"}}
    )
    assert reply.status == 200, reply.body
    contact = api.get(f"/contacts/{ana}").body
    assert contact["last_summary"] == "Lunch at the canteen"
    assert contact["next_step"] == {"text": "Email her", "due": None}
    assert api.patch(path(ana, logged["id"]), {"summary": None}).body["contact"]["last_summary"] is None


def test_bad_changes_are_refused_with_the_reason(chicago: ApiClient) -> None:
    api = chicago
    ana = add(api, "Ana Lima")
    logged = log(api, ana, when=TUESDAY)
    target = path(ana, logged["id"])
    for body in [
        {},
        {"mood": "great"},
        {"channel": None},
        {"when": None},
        {"outcomes": None},
        {"channel": "pigeon"},
        {"when": "2026-11-24"},
        {"outcomes": ["lottery"]},
    ]:
        reply = api.patch(target, body)
        assert reply.status == 422, (body, reply.body)
        assert set(reply.body["error"]) >= {"code", "message"}
    future = api.patch(target, {"when": "2026-12-25T10:00:00Z"})
    assert future.status == 422
    assert future.body["error"]["message"] == "when cannot be in the future"
    assert api.get(f"/contacts/{ana}/interactions").body["items"][0]["when"] == TUESDAY


@pytest.fixture
def serialised_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's backends are plain objects: make each AWS call atomic, as it is in AWS."""
    from moto.core.botocore_stubber import BotocoreStubber

    monkeypatch.setattr(BotocoreStubber, "__call__", _one_aws_call_at_a_time)


def test_corrections_racing_each_other_and_new_logs_keep_every_count_exact(
    chicago: ApiClient, serialised_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.runtime import dynamo_repositories, services

    api = chicago
    owner = api.identity.member
    known = "2026-07-01T15:00:00Z"  # long enough ago that each first conversation is a reconnect
    people = [add(api, f"Person {n}", last_contact_at=known) for n in range(6)]
    interactions = services().conversations
    # Each person twice this week (Monday and Tuesday), with a job lead on Tuesday
    logged = {
        contact_id: [
            interactions.log(owner, contact_id, NewConversation(when=THURSDAY - timedelta(days=3)))[0],
            interactions.log(
                owner,
                contact_id,
                NewConversation(when=THURSDAY - timedelta(days=2), outcomes=(Outcome.JOB_LEAD,)),
            )[0],
        ]
        for contact_id in people
    }
    assert counts(api) == (12, 6, 0, 6)
    races: list[int] = []
    store = dynamo_repositories().conversations
    original = store.correct

    def recording(*args: Any, **kwargs: Any) -> None:
        time.sleep(0.005)  # widen the gap between each read and its write, so that threads do race
        try:
            original(*args, **kwargs)
        except ConcurrentUpdate:
            races.append(1)
            raise

    monkeypatch.setattr(store, "correct", recording)
    results: list[str] = []

    def delete_monday(contact_id: str) -> None:
        try:
            interactions.delete(owner, contact_id, logged[contact_id][0].conversation_id)
            results.append("deleted")
        except NotFound:
            results.append("gone already")

    def to_advice(contact_id: str) -> None:
        tuesday = logged[contact_id][1].conversation_id
        interactions.change(owner, contact_id, tuesday, ConversationChanges(outcomes=(Outcome.ADVICE,)))

    def log_today(contact_id: str) -> None:
        interactions.log(owner, contact_id, NewConversation(when=THURSDAY, outcomes=(Outcome.REFERRAL,)))

    # Each person's Monday deleted twice at once, their Tuesday's job lead made advice, and a
    # conversation logged today: 24 writes to one week in 8 threads
    work = [
        (job, contact_id)
        for contact_id in people
        for job in (delete_monday, delete_monday, to_advice, log_today)
    ]
    barrier = threading.Barrier(8)

    def run(batch: list[tuple[Any, str]]) -> None:
        barrier.wait()
        for job, contact_id in batch:
            job(contact_id)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(run, [work[n::8] for n in range(8)]))

    assert races, "the threads really did race"
    assert sorted(results) == ["deleted"] * 6 + ["gone already"] * 6
    # Then each person has Tuesday's and today's: 12 conversations, still 6 people and reconnects
    assert counts(api) == (12, 6, 0, 6)
    assert week(api)["outcomes"] == {"advice": 6, "referral": 6}
    totals = program()
    assert (totals.conversations, totals.people, totals.reconnects, totals.members_active) == (12, 6, 6, 1)
    assert totals.outcomes == {Outcome.ADVICE: 6, Outcome.REFERRAL: 6}
    for contact_id in people:
        contact = api.get(f"/contacts/{contact_id}").body
        assert (contact["interaction_count"], contact["last_contact_at"]) == (2, "2026-11-26T15:00:00Z")
