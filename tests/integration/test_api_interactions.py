"""Logging conversations: the contact's last contact and due date move in the same write."""

from __future__ import annotations

import boto3
import pytest

from local.provision import Stack
from tests.conftest import ApiClient, invoke, load_event
from tracker.adapters.dynamo.models import bound_connection
from tracker.domain.clock import FixedClock
from tracker.runtime import dynamo_repositories


def add(api: ApiClient, name: str = "Ana Lima", **fields: object) -> dict:
    reply = api.post("/contacts", {"name": name, **fields})
    assert reply.status == 201
    return reply.body


def test_logging_a_conversation_resets_the_cadence(api: ApiClient, clock: FixedClock) -> None:
    # Given a contact on a 30-day cadence
    contact = add(api, cadence_days=30)
    # When the member logs a call from two days ago
    reply = api.post(
        f"/contacts/{contact['id']}/interactions",
        {
            "when": "2026-11-24T15:30:00+01:00",
            "channel": "call",
            "summary": "Talked about her move to the data team.",
            "help_offered": "Proof-read her grant application",
            "outcomes": ["introduction", "introduction", "advice"],
        },
    )
    # Then it is stored and the contact is next due 30 days after the call
    assert reply.status == 201
    logged = reply.body
    assert logged["when"] == "2026-11-24T14:30:00Z"
    assert logged["outcomes"] == ["introduction", "advice"]
    assert logged["contact"]["last_contact_at"] == "2026-11-24T14:30:00Z"
    assert logged["contact"]["due_at"] == "2026-12-24T14:30:00Z"
    assert logged["contact"]["last_summary"] == "Talked about her move to the data team."
    assert logged["contact"]["interaction_count"] == 1
    assert api.get(f"/contacts/{contact['id']}").body == logged["contact"]


def test_when_defaults_to_now(api: ApiClient, clock: FixedClock) -> None:
    contact = add(api)
    logged = api.post(f"/contacts/{contact['id']}/interactions", {"channel": "email"}).body
    assert logged["when"] == "2026-11-26T09:00:00Z"
    assert logged["contact"]["due_at"] == "2027-02-24T09:00:00Z"


def test_an_older_conversation_logged_late_does_not_move_the_last_contact(api: ApiClient) -> None:
    contact = add(api)
    path = f"/contacts/{contact['id']}/interactions"
    api.post(path, {"when": "2026-11-20T10:00:00Z", "summary": "Recent chat"})
    reply = api.post(path, {"when": "2026-06-01T10:00:00Z", "summary": "Old lunch"})
    assert reply.status == 201
    after = reply.body["contact"]
    assert after["last_contact_at"] == "2026-11-20T10:00:00Z"
    assert after["last_summary"] == "Recent chat"
    assert after["due_at"] == "2027-02-18T10:00:00Z"
    assert after["interaction_count"] == 2


def test_a_next_step_given_with_a_conversation_becomes_the_contacts_and_can_be_marked_done(
    api: ApiClient,
) -> None:
    contact = add(api, next_step={"text": "Send CV", "due": "2026-12-01"})
    path = f"/contacts/{contact['id']}/interactions"
    # A conversation without a next step keeps the one already planned
    kept = api.post(path, {"summary": "Quick hello"}).body["contact"]
    assert kept["next_step"] == {"text": "Send CV", "due": "2026-12-01"}
    # A new next step replaces it
    replaced = api.post(path, {"next_step": {"text": "Email about the project", "due": "2027-01-10"}}).body
    assert replaced["next_step"] == {"text": "Email about the project", "due": "2027-01-10"}
    assert replaced["contact"]["next_step"] == {"text": "Email about the project", "due": "2027-01-10"}
    # And next_step_done clears it
    done = api.post(path, {"summary": "Sent the email", "next_step_done": True}).body["contact"]
    assert done["next_step"] is None
    assert api.get(f"/contacts/{contact['id']}").body["next_step"] is None


def test_a_snooze_ends_when_a_conversation_is_logged(api: ApiClient, aws: Stack) -> None:
    contact = add(api, cadence_days=30)
    # A snooze (set by the picks flow of a later issue) sits on the contact...
    boto3.client("dynamodb").update_item(
        TableName=aws.table_name,
        Key={
            "PK": {"S": "ORG#bridges#MEMBER#11111111-aaaa-4aaa-8aaa-111111111111"},
            "SK": {"S": f"CONTACT#{contact['id']}"},
        },
        UpdateExpression="SET snoozed_until = :s",
        ExpressionAttributeValues={":s": {"S": "2027-06-01T00:00:00.000000Z"}},
    )
    assert api.get(f"/contacts/{contact['id']}").body["snoozed_until"] == "2027-06-01T00:00:00Z"
    # ...and a conversation ends it: due again one cadence after the conversation.
    after = api.post(f"/contacts/{contact['id']}/interactions", {"when": "2026-11-25T00:00:00Z"}).body[
        "contact"
    ]
    assert after["snoozed_until"] is None
    assert after["due_at"] == "2026-12-25T00:00:00Z"


def test_logging_is_the_token_check_one_read_and_one_transaction(api: ApiClient) -> None:
    contact = add(api)
    dynamo_repositories()  # bound
    client = bound_connection().connection.client  # the data layer's one botocore client
    operations: list[str] = []

    def record(model: object, params: dict, **_: object) -> None:
        operations.append(str(getattr(model, "name", model)))

    client.meta.events.register("before-call.dynamodb.*", record)
    try:
        assert api.post(f"/contacts/{contact['id']}/interactions", {"channel": "call"}).status == 201
    finally:
        client.meta.events.unregister("before-call.dynamodb.*", record)
    # the token's member was not removed (every route reads their tombstone, if any), one read
    # (profile, contact, the week's progress), then the conversation, the contact's new state and
    # the week's counters are written together or not at all
    assert operations == ["GetItem", "BatchGetItem", "TransactWriteItems"]


def test_a_lost_race_is_retried_and_both_conversations_are_kept(api: ApiClient, aws: Stack) -> None:
    contact = add(api, cadence_days=30)
    path = f"/contacts/{contact['id']}/interactions"
    dynamo_repositories()
    client = bound_connection().connection.client
    raced = []

    def concurrent_writer(params: dict, **_: object) -> None:
        # Just before the first transaction lands, another request logs a later call.
        if raced:
            return
        raced.append(True)
        boto3.client("dynamodb").update_item(
            TableName=aws.table_name,
            Key={
                "PK": {"S": "ORG#bridges#MEMBER#11111111-aaaa-4aaa-8aaa-111111111111"},
                "SK": {"S": f"CONTACT#{contact['id']}"},
            },
            UpdateExpression="SET last_contact_at = :t, interaction_count = interaction_count + :one",
            ExpressionAttributeValues={":t": {"S": "2026-11-26T08:00:00.000000Z"}, ":one": {"N": "1"}},
        )

    client.meta.events.register("provide-client-params.dynamodb.TransactWriteItems", concurrent_writer)
    try:
        reply = api.post(path, {"when": "2026-11-20T10:00:00Z", "summary": "Older"})
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb.TransactWriteItems", concurrent_writer)
    assert reply.status == 201
    after = api.get(f"/contacts/{contact['id']}").body
    assert after["last_contact_at"] == "2026-11-26T08:00:00Z"  # the later one stays the last contact
    assert after["interaction_count"] == 2  # both counted once


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"when": "2027-01-01T00:00:00Z"}, "when"),
        ({"when": "2026-11-01T10:00:00"}, "body.when"),
        ({"channel": "pigeon"}, "body.channel"),
        ({"outcomes": ["promotion"]}, "body.outcomes.0"),
        ({"summary": "x" * 10_001}, "body.summary"),
        ({"next_step": {"text": ""}}, "body.next_step.text"),
        ({"contact_id": "someone-else"}, "body.contact_id"),
    ],
)
def test_bad_conversations_are_refused_and_change_nothing(api: ApiClient, body: dict, field: str) -> None:
    contact = add(api)
    reply = api.post(f"/contacts/{contact['id']}/interactions", body)
    assert reply.status == 422
    assert field in [problem["field"] for problem in reply.error["details"]]
    assert api.get(f"/contacts/{contact['id']}").body == contact
    assert api.get(f"/contacts/{contact['id']}/interactions").body["items"] == []


def test_conversations_list_newest_first_page_by_page(api: ApiClient) -> None:
    contact = add(api)
    other = add(api, "Someone Else")
    path = f"/contacts/{contact['id']}/interactions"
    for day in range(1, 8):
        api.post(path, {"when": f"2026-11-{day:02d}T10:00:00Z", "summary": f"Day {day}"})
    api.post(f"/contacts/{other['id']}/interactions", {"summary": "not theirs"})
    summaries: list[str] = []
    cursor = None
    while True:
        page = api.get(path, limit=3, **({"cursor": cursor} if cursor else {})).body
        summaries += [item["summary"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert summaries == [f"Day {day}" for day in range(7, 0, -1)]


def test_the_sample_event_logs_a_conversation(member: object, clock: FixedClock, aws: Stack) -> None:
    created = invoke(load_event("api_create_contact")).body
    event = load_event("api_log_interaction")
    event["pathParameters"]["contact_id"] = created["id"]
    event["rawPath"] = event["requestContext"]["http"]["path"] = f"/contacts/{created['id']}/interactions"
    reply = invoke(event)
    assert reply.status == 201
    assert reply.body["contact"]["last_contact_at"] == "2026-11-20T15:30:00Z"
    assert reply.body["contact"]["next_step"] == {"text": "Send my CV", "due": "2026-12-01"}
