"""`make run` as a newcomer meets it: a real process, real HTTP on loopback, demo data, dev tokens."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from local.seed import STMARYS_WORDING
from tests.local_stack import Running, call, start

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def tokens(stack: Running) -> dict[str, dict[str, Any]]:
    status, body = call(f"{stack.url}/_local/tokens")
    assert status == 200
    return {entry["email"]: entry for entry in body["tokens"]}


def all_contacts(stack: Running, token: str) -> list[dict[str, Any]]:
    contacts: list[dict[str, Any]] = []
    cursor = ""
    while True:
        status, page = call(f"{stack.url}/contacts?limit=100{cursor}", token=token)
        assert status == 200
        contacts += page["items"]
        if not page["next_cursor"]:
            return contacts
        cursor = f"&cursor={page['next_cursor']}"


def test_dev_tokens_cover_two_orgs_each_with_an_admin_and_two_members(
    tokens: dict[str, dict[str, Any]],
) -> None:
    by_org: dict[str, list[str]] = {}
    for entry in tokens.values():
        by_org.setdefault(entry["org_id"], []).append(entry["role"])
    assert {org: sorted(roles) for org, roles in by_org.items()} == {
        "bridges": ["admin", "member", "member"],
        "stmarys": ["admin", "member", "member"],
    }


def test_the_demos_old_acquaintances_go_back_and_are_never_counted_as_new_people(
    stack: Running, tokens: dict[str, dict[str, Any]]
) -> None:
    for entry in tokens.values():
        if entry["role"] != "member":
            continue
        contacts = all_contacts(stack, entry["token"])
        old_street = [c for c in contacts if "old street" in (c["how_we_met"] or "")]
        assert {c["met"] for c in old_street} <= {"before"}
        assert any(c["met"] == "recently" for c in contacts), "a few were met this week"
        status, week = call(f"{stack.url}/goals/progress", token=entry["token"])
        assert status == 200
        met_recently = [c for c in contacts if c["met"] == "recently" and c["last_contact_at"]]
        # Only people met this week (and spoken to) can be this week's new people
        assert week["progress"]["new_people"] <= len(met_recently)


def test_demo_members_have_a_network_with_people_due_and_next_steps(
    stack: Running, tokens: dict[str, dict[str, Any]]
) -> None:
    now = datetime.now(UTC)
    for entry in tokens.values():
        if entry["role"] != "member":
            continue
        contacts = all_contacts(stack, entry["token"])
        assert 25 <= len(contacts) <= 40
        overdue = [c for c in contacts if c["last_contact_at"] and c["due_at"] <= now.isoformat()]
        assert len(overdue) >= 5, "some people not contacted for months"
        steps_due = [
            c
            for c in contacts
            if c["next_step"] and c["next_step"]["due"] <= (now + timedelta(days=7)).date().isoformat()
        ]
        assert steps_due, "some next steps falling due"
        assert all(c["last_contact_at"] is None or c["interaction_count"] >= 1 for c in contacts)


def test_requests_without_a_valid_token_are_401_before_any_function(stack: Running) -> None:
    for token in (None, "not-a-token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."):
        status, body = call(f"{stack.url}/contacts", token=token)
        assert status == 401
        assert body["error"]["code"] == "unauthorized"
    status, body = call(f"{stack.url}/no/such/route")
    assert status == 404
    assert body["error"]["code"] == "not_found"


def test_create_a_contact_log_a_conversation_and_see_it_listed(
    stack: Running, tokens: dict[str, dict[str, Any]]
) -> None:
    token = tokens["jordan@bridges.example.org"]["token"]
    status, created = call(
        f"{stack.url}/contacts",
        "POST",
        {"name": "Maya Ørsted", "company": "Harbour Freight", "cadence_days": 60},
        token,
    )
    assert status == 201
    status, logged = call(
        f"{stack.url}/contacts/{created['id']}/interactions",
        "POST",
        {
            "when": "2026-11-02T10:00:00Z",
            "channel": "meeting",
            "summary": "Coffee; she knows the warehouse manager",
        },
        token,
    )
    assert status == 201
    assert logged["contact"]["due_at"] == "2027-01-01T10:00:00Z"
    listed = {c["id"]: c for c in all_contacts(stack, token)}
    assert listed[created["id"]]["last_contact_at"] == "2026-11-02T10:00:00Z"
    assert listed[created["id"]]["interaction_count"] == 1
    status, conversations = call(f"{stack.url}/contacts/{created['id']}/interactions", token=token)
    assert [c["summary"] for c in conversations["items"]] == ["Coffee; she knows the warehouse manager"]


def test_members_of_another_org_and_admins_never_reach_a_members_contacts(
    stack: Running, tokens: dict[str, dict[str, Any]]
) -> None:
    owner = tokens["sam@bridges.example.org"]["token"]
    target = all_contacts(stack, owner)[0]
    before = call(f"{stack.url}/contacts/{target['id']}", token=owner)[1]
    for intruder in (
        "priya@stmarys.example.org",
        "helen.admin@stmarys.example.org",
        "dana.admin@bridges.example.org",
    ):
        token = tokens[intruder]["token"]
        assert call(f"{stack.url}/contacts/{target['id']}", token=token)[0] == 404
        assert call(f"{stack.url}/contacts/{target['id']}", "PATCH", {"name": "x"}, token)[0] == 404
        assert (
            call(f"{stack.url}/contacts/{target['id']}/interactions", "POST", {"summary": "x"}, token)[0]
            == 404
        )
        assert call(f"{stack.url}/contacts/{target['id']}", "DELETE", token=token)[0] == 404
    assert call(f"{stack.url}/contacts/{target['id']}", token=owner)[1] == before


def next_local_hour(hour: int, zone: str) -> datetime:
    now = datetime.now(ZoneInfo(zone))
    at = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return (at if at > now else at + timedelta(days=1)).astimezone(UTC)


def test_a_tick_at_a_members_hour_sends_their_email_and_text_once(stack: Running) -> None:
    at = next_local_hour(8, "America/Chicago").strftime("%Y-%m-%dT%H:%M:%SZ")  # Sam's hour
    status, result = call(f"{stack.url}/_local/tick?at={at}", "POST")
    assert status == 200
    assert result["schedules"][0]["error"] is None
    assert result["delivered"]["RemindFunction"]["failed"] == 0
    outbox = call(f"{stack.url}/_local/outbox.json")[1]
    (email,) = [mail for mail in outbox["emails"] if mail["to"] == ["sam@bridges.example.org"]]
    assert email["subject"].startswith("Today's reconnect picks: 3 people")
    assert "A message you could send" in email["text"]
    assert email["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{stack.url}/log?t=" in email["html"]  # links point at this local stack
    (text,) = [sms for sms in outbox["sms"] if sms["to"] == "+13125550142"]
    assert text["message"].startswith("Networking Tracker: 3 people to reconnect with today")
    # The same hour again (a duplicate schedule) sends nothing new
    assert call(f"{stack.url}/_local/tick?at={at}", "POST")[1]["outbox"] == result["outbox"]
    page = call(f"{stack.url}/_local/outbox")[1]
    assert "Today&#x27;s reconnect picks" in page or "Today's reconnect picks" in page
    rendered = call(f"{stack.url}/_local/outbox/{email['number']}")[1]
    assert ">I reached out</a>" in rendered
    assert call(f"{stack.url}/_local/tick?at=yesterday", "POST")[0] == 422


def test_a_tick_at_a_review_slot_sends_weekly_checks_and_admins_see_their_programs_report(
    stack: Running, tokens: dict[str, dict[str, Any]]
) -> None:
    friday_four_pm = next_local_hour(16, "America/Chicago")
    while friday_four_pm.astimezone(ZoneInfo("America/Chicago")).weekday() != 4:
        friday_four_pm += timedelta(days=1)  # Sam's (and Dana's) review slot: Fridays 16:00 Chicago
    at = friday_four_pm.strftime("%Y-%m-%dT%H:%M:%SZ")
    status, result = call(f"{stack.url}/_local/tick?at={at}", "POST")
    assert status == 200
    assert result["delivered"]["RemindFunction"]["failed"] == 0
    outbox = call(f"{stack.url}/_local/outbox.json")[1]
    weekly = [
        m for m in outbox["emails"] if m["to"] == ["sam@bridges.example.org"] and "plan" in m["subject"]
    ]
    assert len(weekly) == 1
    assert weekly[0]["subject"].startswith("Your week")
    assert "People you were in touch with:" in weekly[0]["text"]
    assert "Next week's plan" in weekly[0]["text"]
    (report,) = [m for m in outbox["emails"] if m["to"] == ["dana.admin@bridges.example.org"]]
    assert report["subject"].startswith("Bridges to Work: weekly report for ")
    # The admin's API view: Bridges has enough active members for figures; St Mary's has not
    status, bridges = call(f"{stack.url}/org/report", token=tokens["dana.admin@bridges.example.org"]["token"])
    assert status == 200
    # This week is in progress; last week shows once it has ended everywhere (Monday noon UTC)
    assert bridges["week"]["status"] == "in_progress"
    shown = [week for week in bridges["trend"][-3:-1] if not week["suppressed"]]
    assert shown
    assert shown[-1]["members_active"] >= 5
    assert shown[-1]["conversations"] > 0
    status, stmarys = call(
        f"{stack.url}/org/report", token=tokens["helen.admin@stmarys.example.org"]["token"]
    )
    assert (status, stmarys["org_id"], stmarys["week"]["suppressed"]) == (200, "stmarys", True)
    member = tokens["sam@bridges.example.org"]["token"]
    assert call(f"{stack.url}/org/report", token=member)[0] == 403
    status, progress = call(f"{stack.url}/goals/progress", token=member)
    assert (status, progress["goal"]) == (200, {"people": 3, "new_people": 1, "reconnects": 1})


# The demo's program wording (issue 15): St Mary's own set is seed data, stored under the org.
def opening_lapses(stack: Running, token: str) -> list[str]:
    status, body = call(f"{stack.url}/picks/today", token=token)
    assert status == 200, body
    return [pick["draft"]["lapse"] for pick in body["picks"]]


def test_st_marys_members_drafts_open_in_its_own_wording_and_bridges_in_the_default(
    stack: Running, tokens: dict[str, dict[str, Any]]
) -> None:
    own = [
        re.compile(re.escape(phrasing).replace(r"\{hello\}", ".+?").replace(r"\{since\}", ".+?"))
        for move in ("LAPSE_SINCE", "LAPSE_UNDATED")
        for phrasing in STMARYS_WORDING[move]
    ]
    priya = opening_lapses(stack, tokens["priya@stmarys.example.org"]["token"])
    assert priya
    assert all(any(opening.match(lapse) for opening in own) for lapse in priya), priya
    bridges = next(
        entry
        for email, entry in tokens.items()
        if email.endswith("@bridges.example.org") and entry["role"] == "member"
    )
    theirs = opening_lapses(stack, bridges["token"])
    assert theirs
    assert not any(any(opening.match(lapse) for opening in own) for lapse in theirs), theirs


def test_docs_and_openapi_are_served(stack: Running) -> None:
    status, document = call(f"{stack.url}/openapi.json")
    assert status == 200
    assert document["openapi"].startswith("3.1")
    status, page = call(f"{stack.url}/docs")
    assert status == 200
    assert "SwaggerUIBundle" in page


def test_ctrl_c_stops_the_stack_cleanly() -> None:
    running = start("--no-demo-data")
    assert call(f"{running.url}/openapi.json")[0] == 200
    output = running.stop()
    assert running.process.returncode == 0
    assert "Stopped." in output
    assert "Traceback" not in output
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{running.url}/openapi.json", timeout=2)
