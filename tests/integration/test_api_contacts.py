"""Contacts through the API function, under moto, with the table built from template.yaml."""

from __future__ import annotations

import boto3
import pytest

from local.provision import Stack
from tests.conftest import ApiClient, invoke, load_event, table_items
from tracker.domain.clock import FixedClock


def add(api: ApiClient, name: str, **fields: object) -> dict:
    reply = api.post("/contacts", {"name": name, **fields})
    assert reply.status == 201, reply.body
    return reply.body


def test_adding_a_contact_returns_it_with_its_location_and_makes_them_due(
    api: ApiClient, clock: FixedClock
) -> None:
    # Given a member with no contacts
    # When they add someone they have never logged a conversation with
    reply = api.post(
        "/contacts",
        {
            "name": "  Ana Lima ",
            "email": "ana@example.org",
            "phone": "+44 20 7946 0018",
            "company": "Northwind Health",
            "tags": ["design", "Design", "mentor"],
            "help_ideas": ["Proof-read her grant applications", "Proof-read her grant applications"],
            "next_step": {"text": "Send my CV", "due": "2026-12-01"},
        },
    )
    # Then it is stored, tidied, and due for a reconnect at once
    assert reply.status == 201
    contact = reply.body
    assert reply.headers["location"] == f"/contacts/{contact['id']}"
    assert contact["name"] == "Ana Lima"
    assert contact["phone"] == "+442079460018"
    assert contact["tags"] == ["design", "mentor"]
    assert contact["help_ideas"] == ["Proof-read her grant applications"]
    assert contact["cadence_days"] == 90
    assert contact["due_at"] == "2026-11-26T09:00:00Z"
    assert contact["next_step"] == {"text": "Send my CV", "due": "2026-12-01"}
    assert api.get(f"/contacts/{contact['id']}").body == contact


def test_a_remembered_last_conversation_sets_the_first_due_date(api: ApiClient, clock: FixedClock) -> None:
    contact = add(api, "Ben Okafor", last_contact_at="2026-10-01T12:00:00Z", cadence_days=30)
    assert contact["last_contact_at"] == "2026-10-01T12:00:00Z"
    assert contact["due_at"] == "2026-10-31T12:00:00Z"


def test_the_members_default_cadence_applies_to_new_contacts(api: ApiClient) -> None:
    assert api.patch("/me", {"default_cadence_days": 60}).status == 200
    assert add(api, "Chloé Dubois")["cadence_days"] == 60


def test_listing_pages_through_every_contact_exactly_once(api: ApiClient) -> None:
    added = [add(api, f"Person {number:02d}")["id"] for number in range(55)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        reply = api.get("/contacts", limit=20, **({"cursor": cursor} if cursor else {}))
        assert reply.status == 200
        seen += [item["id"] for item in reply.body["items"]]
        pages += 1
        cursor = reply.body["next_cursor"]
        if cursor is None:
            break
    assert seen == added  # in the order they were added, none twice, none missing
    assert pages == 3


def test_filters_find_by_words_tag_and_star(api: ApiClient) -> None:
    add(api, "Ana Lima", company="Northwind Health", tags=["Design"], starred=True)
    add(api, "Ben Okafor", company="Acme Logistics", tags=["logistics"])
    add(api, "Zoë García", role="Design Lead", tags=["mentor"])

    def names(**query: object) -> list[str]:
        reply = api.get("/contacts", **query)
        assert reply.status == 200
        return [item["name"] for item in reply.body["items"]]

    assert names(q="northwind") == ["Ana Lima"]
    assert names(q="design") == ["Ana Lima", "Zoë García"]  # tag of one, role of the other
    assert names(q="zoë design") == ["Zoë García"]  # every word must match
    assert names(q="zoe garcia") == ["Zoë García"]  # accents and case aside (it found no one)
    assert names(tag="design") == ["Ana Lima"]  # tags match whatever their case
    assert names(starred=True) == ["Ana Lima"]
    assert names(starred=False) == ["Ben Okafor", "Zoë García"]


def test_a_filtered_search_over_a_large_network_stops_early_and_continues(api: ApiClient) -> None:
    from tracker.services.contacts import ContactService

    for number in range(12):
        add(api, f"Person {number}", starred=number in (1, 10))
    original = ContactService.MAX_EXAMINED
    ContactService.MAX_EXAMINED = 5  # the same bound as production, made small
    try:
        first = api.get("/contacts", starred=True)
        assert [c["name"] for c in first.body["items"]] == ["Person 1"]
        assert first.body["next_cursor"]
        found = [c["name"] for c in first.body["items"]]
        cursor = first.body["next_cursor"]
        while cursor:
            page = api.get("/contacts", starred=True, cursor=cursor).body
            found += [c["name"] for c in page["items"]]
            cursor = page["next_cursor"]
    finally:
        ContactService.MAX_EXAMINED = original
    assert found == ["Person 1", "Person 10"]


def test_archived_contacts_are_hidden_unless_asked_for_and_never_due(api: ApiClient, aws: Stack) -> None:
    kept = add(api, "Kept")
    archived = add(api, "Archived")
    reply = api.patch(f"/contacts/{archived['id']}", {"archived": True})
    assert reply.status == 200
    assert reply.body["due_at"] is None
    assert [c["id"] for c in api.get("/contacts").body["items"]] == [kept["id"]]
    listed = api.get("/contacts", include_archived=True).body["items"]
    assert {c["id"] for c in listed} == {kept["id"], archived["id"]}
    # and the due-date index (reconnect picks) no longer holds them
    due = boto3.client("dynamodb").query(
        TableName=aws.table_name,
        IndexName="due-index",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "ORG#bridges#MEMBER#11111111-aaaa-4aaa-8aaa-111111111111"}},
    )["Items"]
    assert [item["SK"]["S"] for item in due] == [f"CONTACT#{kept['id']}"]
    restored = api.patch(f"/contacts/{archived['id']}", {"archived": False}).body
    assert restored["due_at"] is not None


def test_changing_the_cadence_moves_the_due_date(api: ApiClient, clock: FixedClock) -> None:
    contact = add(api, "Ana", last_contact_at="2026-09-01T00:00:00Z")
    assert contact["due_at"] == "2026-11-30T00:00:00Z"
    changed = api.patch(f"/contacts/{contact['id']}", {"cadence_days": 30}).body
    assert changed["due_at"] == "2026-10-01T00:00:00Z"


def test_patch_changes_only_what_is_sent_and_null_clears(api: ApiClient, clock: FixedClock) -> None:
    contact = add(api, "Ana", company="Acme", notes="Likes football", next_step={"text": "Call"})
    clock.advance(hours=1)
    reply = api.patch(f"/contacts/{contact['id']}", {"company": None, "role": "Designer", "next_step": None})
    assert reply.status == 200
    changed = reply.body
    assert changed["company"] is None
    assert changed["role"] == "Designer"
    assert changed["notes"] == "Likes football"
    assert changed["next_step"] is None
    assert changed["updated_at"] == "2026-11-26T10:00:00Z"
    assert api.get(f"/contacts/{contact['id']}").body == changed


def test_the_name_a_greeting_uses_can_be_given_and_set(api: ApiClient) -> None:
    contact = add(api, "Dr. Beatriz Ruiz", given_name="Beatriz")
    assert (contact["given_name"], contact["called_name"]) == ("Beatriz", None)
    changed = api.patch(f"/contacts/{contact['id']}", {"called_name": "Bea"}).body
    assert (changed["given_name"], changed["called_name"]) == ("Beatriz", "Bea")
    assert api.get(f"/contacts/{contact['id']}").body == changed
    # A new full name without a new given name: the old given name no longer applies
    renamed = api.patch(f"/contacts/{contact['id']}", {"name": "Ana Ruiz", "called_name": None}).body
    assert (renamed["given_name"], renamed["called_name"]) == (None, None)
    assert api.patch(f"/contacts/{contact['id']}", {"called_name": "Bea\nBcc: x@y.org"}).status == 422


def test_deleting_a_contact_removes_them_and_their_conversations(api: ApiClient, aws: Stack) -> None:
    contact = add(api, "Ana")
    for _ in range(3):
        assert api.post(f"/contacts/{contact['id']}/interactions", {"channel": "call"}).status == 201
    assert api.delete(f"/contacts/{contact['id']}").status == 204
    assert api.get(f"/contacts/{contact['id']}").status == 404
    assert api.delete(f"/contacts/{contact['id']}").status == 404
    items = table_items(aws)
    left = [item["SK"]["S"] for item in items if "MEMBER#" in item["PK"]["S"]]
    assert left == ["PROFILE", "WEEK#2026-W48"]  # the week's progress counters stay: that week happened


@pytest.mark.parametrize("contact_id", ["01jdx4m6q8a9b0c1d2e3f4g5h6", "not-an-id", "CONTACT#x", "%00"])
def test_unknown_contact_ids_are_404_on_every_route(api: ApiClient, contact_id: str) -> None:
    for reply in (
        api.get(f"/contacts/{contact_id}"),
        api.patch(f"/contacts/{contact_id}", {"name": "x"}),
        api.delete(f"/contacts/{contact_id}"),
        api.get(f"/contacts/{contact_id}/interactions"),
        api.post(f"/contacts/{contact_id}/interactions", {"channel": "call"}),
    ):
        assert reply.status == 404
        assert reply.error["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body.name"),
        ({"name": ""}, "body.name"),
        ({"name": "   "}, "body.name"),
        ({"name": "Ana\r\nBcc: x@y.org"}, "body.name"),
        ({"name": "Ana", "email": "not an email"}, "body.email"),
        ({"name": "Ana", "email": "ana@example.org\nBcc: x@y.org"}, "body.email"),
        ({"name": "Ana", "phone": "020 7946 0018"}, "body.phone"),
        ({"name": "Ana", "relationship": "enemy"}, "body.relationship"),
        ({"name": "Ana", "cadence_days": 0}, "body.cadence_days"),
        ({"name": "Ana", "tags": ["x" * 41]}, "body.tags.0"),
        ({"name": "Ana", "tags": "design"}, "body.tags"),
        ({"name": "Ana", "starred": "maybe"}, "body.starred"),
        ({"name": "Ana", "next_step": {"due": "2026-12-01"}}, "body.next_step.text"),
        ({"name": "Ana", "next_step": {"text": "x", "due": "tomorrow"}}, "body.next_step.due"),
        ({"name": "Ana", "due_at": "2026-12-01T00:00:00Z"}, "body.due_at"),
        ({"name": "Ana", "last_contact_at": "2026-10-01T12:00:00"}, "body.last_contact_at"),
        ({"name": "Ana", "notes": "x" * 10_001}, "body.notes"),
    ],
)
def test_bad_contacts_are_refused_naming_the_field_and_nothing_is_stored(
    api: ApiClient, body: dict, field: str
) -> None:
    reply = api.post("/contacts", body)
    assert reply.status == 422
    assert reply.error["code"] == "validation_error"
    assert field in [problem["field"] for problem in reply.error["details"]]
    assert field.removeprefix("body.").split(".")[0] in reply.error["message"]
    assert api.get("/contacts").body["items"] == []


def test_a_future_last_contact_is_refused(api: ApiClient) -> None:
    reply = api.post("/contacts", {"name": "Ana", "last_contact_at": "2027-01-01T00:00:00Z"})
    assert reply.status == 422
    assert reply.error["details"][0]["field"] == "last_contact_at"


def test_patch_refuses_to_clear_the_name(api: ApiClient) -> None:
    contact = add(api, "Ana")
    reply = api.patch(f"/contacts/{contact['id']}", {"name": None})
    assert reply.status == 422
    assert "name cannot be null" in reply.error["message"]


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        ("{not json", 400, "invalid_json"),
        ("[" * 100_000 + "]" * 100_000, 413, "payload_too_large"),
        ("[" * 20_000 + "]" * 20_000, 400, "invalid_json"),
        ('"just a string"', 422, "validation_error"),
        ("", 422, "validation_error"),
    ],
)
def test_malformed_bodies_get_a_clear_4xx(api: ApiClient, raw: str, status: int, code: str) -> None:
    reply = api.post("/contacts", raw_body=raw)
    assert reply.status == status, reply.body
    assert reply.error["code"] == code


def test_a_body_that_is_not_json_is_415(api: ApiClient) -> None:
    reply = api.post("/contacts", raw_body="name: Ana", headers={"content-type": "text/plain"})
    assert reply.status == 415
    assert reply.error["code"] == "unsupported_media_type"


def test_invalid_utf8_in_a_base64_body_is_a_400(api: ApiClient) -> None:
    import base64

    event = api.event("POST", "/contacts", raw_body=base64.b64encode(b'{"name": "\xff\xfe"}').decode())
    event["isBase64Encoded"] = True
    reply = invoke(event)
    assert reply.status in (400, 422)
    assert "error" in reply.body


def test_query_parameters_are_validated(api: ApiClient) -> None:
    reply = api.get("/contacts", limit=0)
    assert reply.status == 422
    assert reply.error["details"][0]["field"] == "query.limit"
    reply = api.get("/contacts", cursor="garbage!")
    assert reply.status == 422
    assert reply.error["details"][0]["field"] == "cursor"


def test_the_sample_event_creates_a_contact(member: object, clock: FixedClock) -> None:
    reply = invoke(load_event("api_create_contact"))
    assert reply.status == 201
    assert reply.body["name"] == "Ana Lima"
    assert reply.body["starred"] is True
    listed = invoke(load_event("api_list_contacts"))
    assert [c["name"] for c in listed.body["items"]] == ["Ana Lima"]


def test_a_next_step_due_in_the_past_is_refused_naming_the_field(api: ApiClient, clock: FixedClock) -> None:
    from datetime import UTC, datetime

    assert api.patch("/me", {"time_zone": "America/Chicago"}).status == 200
    clock.at = datetime(2026, 12, 2, 3, tzinfo=UTC)  # 21:00 on Tue 1 Dec in Chicago
    past = {"text": "Send my CV", "due": "2020-01-01"}
    refusals = [api.post("/contacts", {"name": "Ana", "next_step": past})]
    assert api.get("/contacts").body["items"] == []
    # Due on the member's today (1 Dec in Chicago, though 2 Dec in UTC) is fine
    ana = api.post("/contacts", {"name": "Ana", "next_step": {"text": "Call", "due": "2026-12-01"}})
    assert ana.status == 201, ana.body
    refusals.append(api.patch(f"/contacts/{ana.body['id']}", {"next_step": past}))
    logged = {"channel": "call", "next_step": {"text": "Call", "due": "2026-11-30"}}
    refusals.append(api.post(f"/contacts/{ana.body['id']}/interactions", logged))
    for reply in refusals:
        assert (reply.status, reply.error["code"]) == (422, "invalid_input")
        assert reply.error["details"][0]["field"] == "next_step.due"
        assert "choose today or a later date" in reply.error["message"]
    contact = api.get(f"/contacts/{ana.body['id']}").body
    assert contact["next_step"] == {"text": "Call", "due": "2026-12-01"}
    assert api.get(f"/contacts/{ana.body['id']}/interactions").body["items"] == []


def test_a_shared_memory_is_kept_changed_and_cleared_and_the_draft_opens_with_it(api: ApiClient) -> None:
    contact = add(api, "Ana Lima", shared_memory="The pub quiz nights at the Crown", how_we_met="Stand-ups")
    assert contact["shared_memory"] == "The pub quiz nights at the Crown"
    assert api.get(f"/contacts/{contact['id']}").body["shared_memory"] == contact["shared_memory"]
    draft = api.get("/picks/today").body["picks"][0]["draft"]
    # (the phrasing around it depends on the contact's id, chosen at random here)
    assert "the pub quiz nights at the Crown" in draft["lapse"]
    assert "stand-ups" not in draft["text"].lower()
    changed = api.patch(f"/contacts/{contact['id']}", {"shared_memory": "Our hike up Snowdon"}).body
    assert changed["shared_memory"] == "Our hike up Snowdon"
    assert api.patch(f"/contacts/{contact['id']}", {"shared_memory": None}).body["shared_memory"] is None
    too_long = api.patch(f"/contacts/{contact['id']}", {"shared_memory": "x" * 2001})
    assert too_long.status == 422
