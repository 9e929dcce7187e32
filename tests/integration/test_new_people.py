"""Who counts as a new person (issue 18): only someone the member met in that week. Old
acquaintances (LinkedIn's *Connected On*, "we go back") are reconnects after a long silence, or
just people; saying so later corrects the week that counted them, for the member and the
program, exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import ApiClient
from tests.imports.helpers import post_file
from tracker.domain.clock import FixedClock

THURSDAY = datetime(2026, 11, 26, 15, tzinfo=UTC)  # 09:00 in Chicago, week 2026-W48
WEEK = "2026-W48"
LINKEDIN = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture
def chicago(api: ApiClient, clock: FixedClock) -> ApiClient:
    clock.at = THURSDAY
    assert api.patch("/me", {"time_zone": "America/Chicago"}).status == 200
    return api


def add(api: ApiClient, name: str, **fields: Any) -> dict[str, Any]:
    reply = api.post("/contacts", {"name": name, **fields})
    assert reply.status == 201, reply.body
    return dict(reply.body)


def log(api: ApiClient, contact_id: str, **fields: Any) -> None:
    reply = api.post(f"/contacts/{contact_id}/interactions", {"channel": "call", **fields})
    assert reply.status == 201, reply.body


def week_counts(api: ApiClient) -> dict[str, Any]:
    reply = api.get("/goals/progress")
    assert reply.status == 200, reply.body
    return {**reply.body["progress"], "met": reply.body["met"]}


def program(org_id: str = "bridges") -> tuple[int, int, int, int]:
    """The program's week as its report reads it: people, new people, reconnects, members met."""
    from tracker.runtime import dynamo_repositories

    week = dynamo_repositories().orgs.weeks(org_id, WEEK, WEEK)[WEEK]
    return (week.people, week.new_people, week.reconnects, week.members_met)


def test_a_linkedin_connection_from_2019_is_not_a_new_person(chicago: ApiClient) -> None:
    api = chicago
    # Given a LinkedIn export with a connection made in 2019, imported this week
    reply = post_file(api, (LINKEDIN + "Ana,Lima,,ana@example.org,Acme,CTO,03 Mar 2019\n").encode())
    assert reply.status == 200, reply.body
    ana = next(c for c in api.get("/contacts").body["items"] if c["name"] == "Ana Lima")
    assert (ana["met"], ana["known_since"]) == ("before", "2019-03-03")
    # When the member talks to her this week
    log(api, ana["id"])
    # Then she is a person reached, not a new person (no last contact known: not a reconnect either)
    assert week_counts(api) | {"met": None} == {
        "people": 1,
        "new_people": 0,
        "reconnects": 0,
        "conversations": 1,
        "met": None,
    }
    assert program() == (1, 0, 0, 0)


def test_an_exported_network_imported_again_keeps_who_is_new_and_a_long_silence_is_a_reconnect(
    chicago: ApiClient,
) -> None:
    api = chicago
    # Given this app's own export (another account's): Ben last spoken to in January, and Cleo,
    # whom that account had just met; and a row with no `met`, from an older export
    header = "record,id,name,last_contact_at,known_since,met,contact_id,when\n"
    rows = (
        "contact,c1,Ben Okafor,2026-01-10T10:00:00Z,2019-01-10,before,,\n"
        "contact,c2,Cleo Diaz,,2026-11-24,recently,,\n"
        "contact,c3,Dev Old,,,,,\n"
    )
    reply = post_file(api, (header + rows).encode())
    assert (reply.status, reply.body["new"]) == (200, 3), reply.body
    found = {c["name"]: c for c in api.get("/contacts").body["items"]}
    assert [found[n]["met"] for n in ("Ben Okafor", "Cleo Diaz", "Dev Old")] == [
        "before",
        "recently",
        "before",
    ]
    # When the member speaks to all three this week
    for contact in found.values():
        log(api, contact["id"])
    # Then Ben is a reconnect, Cleo a new person, Dev (an address book's person) just a person
    counts = week_counts(api)
    assert (counts["people"], counts["new_people"], counts["reconnects"]) == (3, 1, 1)


def test_we_go_back_is_never_new_and_we_just_met_is(chicago: ApiClient) -> None:
    api = chicago
    neighbour = add(api, "Neighbour Nell", met="before", how_we_met="Neighbour from my old street")
    stranger = add(api, "Stranger Sam", met="recently")
    assumed = add(api, "Default Dee")  # nothing said: met this week
    dated = add(api, "Dated Dan", known_since="2015-06-01")  # a date years back: we go back
    assert [c["met"] for c in (neighbour, stranger, assumed, dated)] == [
        "before",
        "recently",
        "recently",
        "before",
    ]
    for contact in (neighbour, stranger, assumed, dated):
        log(api, contact["id"])
    counts = week_counts(api)
    assert (counts["people"], counts["new_people"], counts["reconnects"]) == (4, 2, 0)
    assert program()[:3] == (4, 2, 0)


def test_what_contradicts_we_just_met_is_refused(chicago: ApiClient) -> None:
    api = chicago
    for body in (
        {"name": "Ana", "met": "recently", "known_since": "2019-03-03"},
        {"name": "Ana", "met": "recently", "last_contact_at": "2026-01-05T10:00:00Z"},
        {"name": "Ana", "known_since": "2026-12-25"},  # in the future
        {"name": "Ana", "met": "soon"},
    ):
        reply = api.post("/contacts", body)
        assert reply.status == 422, body
        assert reply.error["code"]
    ana = add(api, "Ana", known_since="2019-03-03")
    refused = api.patch(f"/contacts/{ana['id']}", {"met": "recently"})
    assert refused.status == 422
    assert refused.error["details"][0]["field"].endswith("met")
    assert api.patch(f"/contacts/{ana['id']}", {"met": None}).status == 422
    # Both at once: a later date and "we just met" agree
    agreed = api.patch(f"/contacts/{ana['id']}", {"met": "recently", "known_since": "2026-11-24"})
    assert agreed.status == 200, agreed.body
    assert (agreed.body["met"], agreed.body["known_since"]) == ("recently", "2026-11-24")


def test_saying_we_go_back_takes_the_new_person_back_once_however_often_it_is_said(
    chicago: ApiClient,
) -> None:
    api = chicago
    assert api.call("PUT", "/goals", {"people": 2, "new_people": 1, "reconnects": 0}).status == 200
    # Given a contact added this week (met "recently" by default) and another person, both spoken to
    nell = add(api, "Neighbour Nell")
    other = add(api, "Old Colleague", met="before")
    log(api, nell["id"])
    log(api, other["id"])
    assert (week_counts(api)["new_people"], week_counts(api)["met"]) == (1, True)
    assert program() == (2, 1, 0, 1)
    # When the member says they go back, three times (a retry, a double click)
    for _ in range(3):
        reply = api.patch(f"/contacts/{nell['id']}", {"met": "before"})
        assert reply.status == 200, reply.body
        assert reply.body["met"] == "before"
    # Then the week and the program's report count one new person fewer, once; the goal is missed
    counts = week_counts(api)
    assert (counts["people"], counts["new_people"], counts["met"]) == (2, 0, False)
    assert program() == (2, 0, 0, 0)
    # And "we just met" after all puts it back, once
    for _ in range(2):
        assert api.patch(f"/contacts/{nell['id']}", {"met": "recently"}).status == 200
    assert (week_counts(api)["new_people"], week_counts(api)["met"]) == (1, True)
    assert program() == (2, 1, 0, 1)
    # "We just met" for the other person, added this week and first spoken to this week: new too
    assert api.patch(f"/contacts/{other['id']}", {"met": "recently"}).status == 200
    assert (week_counts(api)["new_people"], program()[1]) == (2, 2)
    # But someone with a last contact before this week's conversation never was a newcomer
    dormant = add(api, "Dora Dormant", last_contact_at=(THURSDAY - timedelta(days=200)).isoformat())
    log(api, dormant["id"])
    assert week_counts(api)["reconnects"] == 1
    assert api.patch(f"/contacts/{dormant['id']}", {"met": "recently"}).status == 200
    counts = week_counts(api)
    assert (counts["new_people"], counts["reconnects"], program()) == (2, 1, (3, 2, 1, 1))


def test_an_import_that_dates_a_contact_back_corrects_the_week_that_counted_them(
    chicago: ApiClient, clock: FixedClock
) -> None:
    api = chicago
    # Given a contact added on Monday and counted as new
    clock.at = THURSDAY - timedelta(days=3)
    ana = add(api, "Ana Lima", email="ana@example.org")
    log(api, ana["id"])
    assert week_counts(api)["new_people"] == 1
    # When on Thursday a LinkedIn export says the member connected with her in 2019
    clock.at = THURSDAY
    reply = post_file(api, (LINKEDIN + "Ana,Lima,,ana@example.org,Acme,CTO,03 Mar 2019\n").encode())
    assert (reply.status, reply.body["updated"]) == (200, 1)
    # Then she is someone the member goes back with, and the week's figures say so
    contact = api.get(f"/contacts/{ana['id']}").body
    assert (contact["met"], contact["known_since"]) == ("before", "2019-03-03")
    assert (week_counts(api)["people"], week_counts(api)["new_people"]) == (1, 0)
    assert program()[:2] == (1, 0)
    # And importing the file again changes nothing more
    assert (
        post_file(api, (LINKEDIN + "Ana,Lima,,ana@example.org,Acme,CTO,03 Mar 2019\n").encode()).status == 200
    )
    assert (week_counts(api)["new_people"], program()[:2]) == (0, (1, 0))


def test_a_correction_after_the_programs_week_closed_moves_the_members_week_only(
    chicago: ApiClient, clock: FixedClock
) -> None:
    api = chicago
    clock.at = THURSDAY - timedelta(days=14)
    nell = add(api, "Neighbour Nell")
    log(api, nell["id"])
    clock.at = THURSDAY
    assert api.patch(f"/contacts/{nell['id']}", {"met": "before"}).status == 200
    assert api.get("/goals/progress", week="2026-W46").body["progress"]["new_people"] == 0
    from tracker.runtime import dynamo_repositories

    report = dynamo_repositories().orgs.weeks("bridges", "2026-W46", "2026-W46")["2026-W46"]
    assert report.new_people == 1  # the program's report of a closed week is final


@pytest.fixture
def serialised_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's backends are plain objects: make each AWS call atomic, as it is in AWS."""
    from moto.core.botocore_stubber import BotocoreStubber

    from local.server import _one_aws_call_at_a_time

    monkeypatch.setattr(BotocoreStubber, "__call__", _one_aws_call_at_a_time)


def test_changes_of_mind_racing_conversations_leave_the_week_exact(
    chicago: ApiClient, serialised_aws: None
) -> None:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from tracker.domain.contacts import ContactChanges
    from tracker.domain.conversations import NewConversation
    from tracker.domain.errors import Conflict
    from tracker.domain.model import Met
    from tracker.runtime import services

    api = chicago
    people = [add(api, f"Person {n}")["id"] for n in range(4)]
    owner = api.identity.member
    app = services()
    barrier = threading.Barrier(6)

    def talk(contact_id: str) -> None:
        barrier.wait()
        for hour in range(3):
            app.conversations.log(owner, contact_id, NewConversation(when=THURSDAY - timedelta(hours=hour)))

    def change_minds(final: list[Met]) -> None:
        barrier.wait()
        for turn in range(3):
            for contact_id, last in zip(people, final, strict=True):
                said = last if turn == 2 else (Met.BEFORE if turn % 2 == 0 else Met.RECENTLY)
                try:
                    app.contacts.update(owner, contact_id, ContactChanges(met=said))
                except Conflict:
                    app.contacts.update(owner, contact_id, ContactChanges(met=said))  # as a client retries

    final = [Met.BEFORE, Met.RECENTLY, Met.BEFORE, Met.RECENTLY]
    with ThreadPoolExecutor(max_workers=6) as pool:
        jobs = [pool.submit(talk, contact_id) for contact_id in people]
        jobs += [pool.submit(change_minds, final), pool.submit(change_minds, final)]
        for job in jobs:
            job.result()
    counts = week_counts(api)
    assert (counts["people"], counts["new_people"], counts["conversations"]) == (4, 2, 12)
    assert program()[:2] == (4, 2)
    assert [api.get(f"/contacts/{c}").body["met"] for c in people] == [m.value for m in final]
