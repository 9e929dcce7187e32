"""Today's reconnect picks through the API: who comes up, who doesn't, and acting on them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import ApiClient
from tracker.domain.clock import FixedClock


def add(api: ApiClient, name: str, days_ago: int | None = None, **fields: Any) -> str:
    body: dict[str, Any] = {"name": name, **fields}
    if days_ago is not None:
        body["last_contact_at"] = (api_now(api) - timedelta(days=days_ago)).isoformat()
    reply = api.post("/contacts", body)
    assert reply.status == 201, reply.body
    return str(reply.body["id"])


def api_now(api: ApiClient) -> Any:
    from tracker.runtime import services

    return services().clock.now()


def picked(api: ApiClient) -> list[str]:
    reply = api.get("/picks/today")
    assert reply.status == 200, reply.body
    return [pick["contact"]["name"] for pick in reply.body["picks"]]


@pytest.fixture
def three_picks(api: ApiClient) -> ApiClient:
    assert api.patch("/me", {"picks_per_day": 3, "current_focus": "Design roles"}).status == 200
    return api


def test_overdue_people_come_up_starred_first_then_most_overdue(three_picks: ApiClient) -> None:
    api = three_picks
    add(api, "Recent", days_ago=10)
    add(api, "Overdue 100", days_ago=100)
    add(api, "Overdue 400", days_ago=400)
    add(api, "Starred 95", days_ago=95, starred=True)
    add(api, "Overdue 200", days_ago=200)
    assert picked(api) == ["Starred 95", "Overdue 400", "Overdue 200"]


def test_the_same_picks_all_day_and_a_rotation_after(three_picks: ApiClient, clock: FixedClock) -> None:
    api = three_picks
    for n in range(6):
        add(api, f"Person {n}", days_ago=100 + n)
    first = picked(api)
    assert picked(api) == first  # asking again the same day changes nothing
    assert first == ["Person 5", "Person 4", "Person 3"]
    clock.advance(days=1)
    second = picked(api)
    assert second == ["Person 2", "Person 1", "Person 0"]  # yesterday's picks rest for 14 days
    clock.advance(days=1)
    assert picked(api) == []  # everyone has been picked recently
    clock.advance(days=13)
    assert sorted(picked(api)) == ["Person 3", "Person 4", "Person 5"]  # rested: due again


def test_a_picks_draft_follows_up_on_the_open_next_step(three_picks: ApiClient) -> None:
    api = three_picks
    add(api, "Ana Lima", days_ago=150, next_step={"text": "Send her my updated CV"})
    draft = api.get("/picks/today").body["picks"][0]["draft"]
    assert "send you my updated CV" in draft["follow_up"]
    assert draft["text"].endswith(draft["follow_up"])


def test_archived_snoozed_and_recently_contacted_people_never_come_up(
    three_picks: ApiClient, clock: FixedClock
) -> None:
    api = three_picks
    archived = add(api, "Archived", days_ago=300)
    api.patch(f"/contacts/{archived}", {"archived": True})
    talked = add(api, "Talked today", days_ago=300)
    api.post(f"/contacts/{talked}/interactions", {"channel": "call"})
    add(api, "Due", days_ago=120)
    assert picked(api) == ["Due"]


def test_a_pick_shows_a_draft_links_and_the_ask_tip(three_picks: ApiClient) -> None:
    api = three_picks
    add(api, "Ana Lima", days_ago=150, how_we_met="Monday stand-ups", help_ideas=["Introduce her to Jo"])
    pick = api.get("/picks/today").body["picks"][0]
    assert pick["number"] == 1
    assert pick["status"] == "pending"
    draft = pick["draft"]
    assert draft["lapse"].startswith("Hi Ana, ")
    assert "5 months" in draft["lapse"]
    assert "design roles" in draft["why_now"]
    assert "introduce you to Jo" in draft["offer"]
    assert draft["text"].startswith(draft["lapse"])
    # the same draft in three lengths: email, LinkedIn message, text message
    assert len(draft["text"].split()) <= 90
    assert len(draft["linkedin"]) <= 300
    assert "introduce you to Jo" in draft["linkedin"]
    assert len(draft["sms"]) <= 160
    assert draft["sms"].startswith("Hi Ana,")
    assert "Lima" not in draft["sms"]
    assert api.get("/picks/today").body["picks"][0]["draft"] == draft  # stable
    assert draft["follow_up"] == ""  # nothing was coming
    assert "how you can help" in pick["ask_tip"]
    assert pick["links"]["reached_out"].startswith("https://tracker.example.org/log?t=")
    assert pick["contact"]["due_at"] > pick["contact"]["last_contact_at"]


def test_next_steps_due_are_listed_with_the_picks(api: ApiClient, clock: FixedClock) -> None:
    due = add(api, "Due step", days_ago=5, next_step={"text": "Send CV", "due": "2026-11-26"})
    add(api, "Later step", days_ago=5, next_step={"text": "Call", "due": "2026-12-20"})
    reply = api.get("/picks/today").body
    assert [step["contact"]["id"] for step in reply["next_steps"]] == [due]
    assert reply["next_steps"][0]["contact"]["next_step"]["text"] == "Send CV"
    assert reply["next_steps"][0]["log_link"].startswith("https://tracker.example.org/log?t=")


def test_i_reached_out_logs_the_conversation_and_marks_the_pick(api: ApiClient, clock: FixedClock) -> None:
    contact = add(api, "Ana", days_ago=200)
    assert picked(api) == ["Ana"]
    reply = api.post(f"/picks/{contact}/done", {"channel": "email", "summary": "Sent a note"})
    assert reply.status == 200
    assert reply.body["last_contact_at"] == "2026-11-26T09:00:00Z"
    assert reply.body["due_at"] == "2027-02-24T09:00:00Z"
    assert api.get("/picks/today").body["picks"][0]["status"] == "done"
    conversations = api.get(f"/contacts/{contact}/interactions").body["items"]
    assert [(c["channel"], c["summary"]) for c in conversations] == [("email", "Sent a note")]
    # Again (a retry, a second tap): one pick, one reach-out a day; the contact as it is
    again = api.post(f"/picks/{contact}/done")
    assert (again.status, again.body) == (200, reply.body)
    assert len(api.get(f"/contacts/{contact}/interactions").body["items"]) == 1
    assert api.get("/goals/progress").body["progress"]["conversations"] == 1


def test_snooze_leaves_a_pick_alone_for_thirty_days(api: ApiClient, clock: FixedClock) -> None:
    contact = add(api, "Ana", days_ago=200)
    picked(api)
    reply = api.post(f"/picks/{contact}/snooze")
    assert reply.status == 200
    assert reply.body["snoozed_until"] == "2026-12-26T09:00:00Z"
    assert reply.body["due_at"] == "2026-12-26T09:00:00Z"
    assert api.get("/picks/today").body["picks"][0]["status"] == "snoozed"
    assert api.post(f"/picks/{contact}/snooze", {"days": 0}).status == 422


def test_acting_on_someone_who_is_not_a_pick_today_is_404(api: ApiClient, other_api: ApiClient) -> None:
    not_due = add(api, "Recent", days_ago=3)
    due = add(api, "Due", days_ago=300)
    assert picked(api) == ["Due"]
    for path in (f"/picks/{not_due}/done", f"/picks/{not_due}/snooze", "/picks/nope/done"):
        reply = api.post(path)
        assert reply.status == 404
        assert reply.error["code"] == "not_found"
    # nor can another member act on this member's picks
    assert other_api.post(f"/picks/{due}/done").status == 404
    assert other_api.post(f"/picks/{due}/snooze").status == 404
    assert api.get("/picks/today").body["picks"][0]["status"] == "pending"


def test_no_contacts_no_picks(api: ApiClient) -> None:
    reply = api.get("/picks/today")
    assert reply.status == 200
    assert reply.body == {"date": "2026-11-26", "picks": [], "next_steps": []}
