"""GET/PATCH/DELETE /me: the profile, reminder settings and their place in the dispatch index."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta
from typing import Any

import boto3
import pytest

from local.provision import Stack
from tests.conftest import ApiClient, invoke, load_event, sent_emails, table_items
from tests.public_pages import PublicClient, token_of
from tracker.domain import Identity, Language, Org, slot_shard
from tracker.domain.clock import FixedClock
from tracker.runtime import dynamo_repositories

PK = "ORG#bridges#MEMBER#11111111-aaaa-4aaa-8aaa-111111111111"


def members_in_slot(stack: Stack, index: str, slot_attribute: str, slot: str) -> list[str]:
    items = boto3.client("dynamodb").query(
        TableName=stack.table_name,
        IndexName=index,
        KeyConditionExpression=f"{slot_attribute} = :slot",
        ExpressionAttributeValues={":slot": {"S": slot}},
    )["Items"]
    return [item["PK"]["S"] for item in items]


def test_first_visit_creates_the_profile_with_the_programs_defaults(
    api: ApiClient, member: Identity, clock: FixedClock
) -> None:
    dynamo_repositories().orgs.put(Org("bridges", "Bridges to Work", default_time_zone="America/Chicago"))
    reply = api.get("/me")
    assert reply.status == 200
    assert reply.body == {
        "id": member.member_id,
        "org_id": "bridges",
        "email": "sam@example.org",
        "pending_email": None,
        "email_problem": None,
        "phone": None,
        "phone_status": "none",
        "display_name": None,
        "time_zone": "America/Chicago",
        "reminder_hour": 8,
        "reminder_channels": ["email"],
        "picks_per_day": 1,
        "default_cadence_days": 90,
        "weekly_review_day": "fri",
        "weekly_review_hour": 16,
        "language": "en",
        "current_focus": None,
        "drafts_may_mention_health": None,
        "draft_notice": None,
        "paused_until": None,
        "created_at": "2026-11-26T09:00:00Z",
        "updated_at": "2026-11-26T09:00:00Z",
    }
    assert api.get("/me").body == reply.body  # created once


def test_settings_change_and_move_the_member_to_their_new_reminder_slot(api: ApiClient, aws: Stack) -> None:
    api.get("/me")
    shard = slot_shard(api.identity.member_id)
    assert members_in_slot(aws, "reminder-slot-index", "reminder_slot", f"UTC#08#{shard}") == [PK]
    reply = api.patch(
        "/me",
        {
            "time_zone": "Europe/London",
            "reminder_hour": 9,
            "phone": "+44 7911 123456",
            "reminder_channels": ["sms", "email", "sms"],
            "picks_per_day": 3,
            "weekly_review_day": "mon",
            "weekly_review_hour": 9,
            "current_focus": "teaching maths again",
            "paused_until": "2026-12-14",
        },
    )
    assert reply.status == 200
    me = reply.body
    assert me["phone"] == "+447911123456"
    assert me["reminder_channels"] == ["sms", "email"]
    assert me["paused_until"] == "2026-12-14"
    assert api.get("/me").body == me
    assert members_in_slot(aws, "reminder-slot-index", "reminder_slot", f"UTC#08#{shard}") == []
    assert members_in_slot(aws, "reminder-slot-index", "reminder_slot", f"Europe/London#09#{shard}") == [PK]
    assert members_in_slot(aws, "review-slot-index", "review_slot", f"Europe/London#mon#09#{shard}") == [PK]
    assert dynamo_repositories().members.time_zones() == {"UTC", "Europe/London"}


def test_drafts_leave_health_out_of_the_focus_until_the_member_chooses(
    api: ApiClient, clock: FixedClock
) -> None:
    # Given Sam's focus mentions treatment, and Ana is today's pick
    me = api.patch("/me", {"current_focus": "Getting back into UX research while I finish treatment"}).body
    api.post("/contacts", {"name": "Mr. Ana Lima", "last_contact_at": "2026-01-05T10:00:00Z"})
    # Then GET /me says what drafts leave out, and how to keep it
    assert me["drafts_may_mention_health"] is None
    assert '"while I finish treatment"' in me["draft_notice"]
    assert "drafts_may_mention_health to true" in me["draft_notice"]
    (pick,) = api.get("/picks/today").body["picks"]
    assert pick["draft"]["lapse"].startswith("Hi Ana,")
    assert " I'm getting back into UX research, and " in pick["draft"]["why_now"]
    assert "treatment" not in pick["draft"]["why_now"]
    # When Sam says drafts may mention it, the draft keeps it and the notice goes
    me = api.patch("/me", {"drafts_may_mention_health": True}).body
    assert (me["drafts_may_mention_health"], me["draft_notice"]) == (True, None)
    assert "while I finish treatment" in api.get("/picks/today").body["picks"][0]["draft"]["why_now"]
    assert api.patch("/me", {"drafts_may_mention_health": None}).status == 422  # a choice, not cleared
    assert api.get("/me").body == me


def test_turning_every_channel_off_takes_the_member_out_of_the_dispatch_index(
    api: ApiClient, aws: Stack
) -> None:
    api.get("/me")
    assert api.patch("/me", {"reminder_channels": []}).status == 200
    for shard in range(4):
        assert members_in_slot(aws, "reminder-slot-index", "reminder_slot", f"UTC#08#{shard}") == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "body.time_zone"),
        ({"time_zone": "../../etc/passwd"}, "body.time_zone"),
        ({"reminder_hour": 24}, "body.reminder_hour"),
        ({"picks_per_day": 4}, "body.picks_per_day"),
        ({"reminder_channels": ["pigeon"]}, "body.reminder_channels.0"),
        ({"weekly_review_day": "someday"}, "body.weekly_review_day"),
        ({"paused_until": "next week"}, "body.paused_until"),
        ({"phone": "12345"}, "body.phone"),
        ({"time_zone": None}, "body"),
        ({"language": "fr"}, "body.language"),
        ({"language": None}, "body"),
        ({"org_id": "stmarys"}, "body.org_id"),
        ({"id": "someone-else"}, "body.id"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(api: ApiClient, body: dict, field: str) -> None:
    before = api.get("/me").body
    reply = api.patch("/me", body)
    assert reply.status == 422
    assert field in [problem["field"] for problem in reply.error["details"]]
    assert api.get("/me").body == before


def test_sms_reminders_need_a_phone_number(api: ApiClient) -> None:
    reply = api.patch("/me", {"reminder_channels": ["sms"]})
    assert reply.status == 422
    assert reply.error["details"] == [
        {"field": "reminder_channels", "message": "reminder_channels: SMS reminders need a phone number"}
    ]


@pytest.mark.parametrize("hour", [0, 7, 21, 23])
def test_texts_are_refused_at_hours_people_sleep(api: ApiClient, hour: int) -> None:
    reply = api.patch("/me", {"phone": "+13125550142", "reminder_channels": ["sms"], "reminder_hour": hour})
    assert reply.status == 422
    assert reply.error["details"][0]["field"] == "reminder_hour"
    assert "between 08:00 and 21:00" in reply.error["message"]
    assert (
        api.patch("/me", {"phone": "+13125550142", "reminder_channels": ["sms"], "reminder_hour": 20}).status
        == 200
    )


def test_erasing_removes_every_item_of_the_member_and_nothing_else(
    api: ApiClient, other_api: ApiClient, aws: Stack
) -> None:
    contact = api.post("/contacts", {"name": "Ana"}).body
    api.post(f"/contacts/{contact['id']}/interactions", {"summary": "hi"})
    kept = other_api.post("/contacts", {"name": "Kept"}).body
    reply = api.delete("/me")
    assert reply.status == 200
    assert reply.body == {"erased_items": 4}  # profile, contact, conversation, the week's progress
    items = table_items(aws)
    assert [item["SK"]["S"] for item in items if item["PK"]["S"] == PK] == ["TOMBSTONE"]  # id and when
    assert other_api.get(f"/contacts/{kept['id']}").status == 200
    # The token outlives the erasure by up to an hour: it opens nothing and re-creates nothing
    assert (api.get("/contacts").status, api.get("/me").status) == (401, 401)
    assert len(table_items(aws)) == len(items)


def test_the_sample_event_changes_settings(member: Identity, clock: FixedClock) -> None:
    reply = invoke(load_event("api_patch_me"))
    assert reply.status == 200
    assert reply.body["time_zone"] == "America/Chicago"
    assert reply.body["reminder_hour"] == 7
    assert invoke(load_event("api_get_me")).body == reply.body


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/me", '{"reminder_hour": %s}'),
        ("POST", "/contacts", '{"name": "Ana", "cadence_days": %s}'),
        ("PUT", "/goals", '{"people": %s, "new_people": 0, "reconnects": 0}'),
        ("POST", "/picks/00000000-0000-4000-8000-000000000000/snooze", '{"days": %s}'),
    ],
)
def test_a_number_too_long_to_read_is_a_422_not_a_500(
    api: ApiClient, method: str, path: str, body: str
) -> None:
    # The probe's 4,301-digit number gave a 500 with a traceback in the log
    reply = api.call(method, path, raw_body=body % ("9" * 4301))
    assert (reply.status, reply.error["code"]) == (422, "validation_error")
    assert reply.error["details"] == [
        {"field": "body", "message": "a number in the body has too many digits"}
    ]


@pytest.mark.parametrize(
    "address",
    ["x,victim@target.example", "<a@b.co>", "a@[127.0.0.1]", "Sam <sam@example.org>", '"a b"@example.org'],
)
def test_an_address_we_would_mail_is_one_mailbox(api: ApiClient, address: str) -> None:
    # The probe's PATCH /me of a list, a bracketed address and an IP-literal domain got 200
    reply = api.patch("/me", {"email": address})
    assert reply.status == 422
    assert reply.error["details"][0]["field"] == "body.email"
    assert api.get("/me").body["email"] == "sam@example.org"


def test_an_address_keeps_its_mailbox_and_lowers_its_domain(api: ApiClient) -> None:
    reply = api.patch("/me", {"email": "Sam.Rivera+jobs@Example.ORG"})
    assert reply.body["pending_email"] == "Sam.Rivera+jobs@example.org"


def plain_text(mail: Any) -> str:
    message = email.message_from_string(mail.raw_data, policy=email.policy.default)
    return str(message.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]


def test_a_new_address_is_mailed_a_link_and_is_ours_only_once_opened(
    api: ApiClient, clock: FixedClock
) -> None:
    # The probe changed the address and reminders went straight to it, unconfirmed
    changed = api.patch("/me", {"email": "sam.new@example.org"}).body
    assert (changed["email"], changed["pending_email"]) == ("sam@example.org", "sam.new@example.org")
    (mail,) = sent_emails()
    assert "To: sam.new@example.org" in mail.raw_data
    (url,) = re.findall(r"https://\S+/email\?t=[\w.-]+", plain_text(mail))
    pages = PublicClient()
    # A GET (a link scanner) changes nothing; the page's button does
    shown = pages.get(url)
    assert (shown.status, "Use this email address?" in shown.text) == (200, True)
    assert api.get("/me").body["email"] == "sam@example.org"
    done = pages.post("/email", {"t": token_of(url)})
    assert (done.status, "Email address confirmed" in done.text) == (200, True)
    me = api.get("/me").body
    assert (me["email"], me["pending_email"]) == ("sam.new@example.org", None)
    # Used once: again it is no longer valid; and a day later any such link has expired
    assert pages.post("/email", {"t": token_of(url)}).status == 410
    api.patch("/me", {"email": "sam.third@example.org"})
    (third,) = re.findall(r"https://\S+/email\?t=[\w.-]+", plain_text(sent_emails()[-1]))
    clock.at = clock.at + timedelta(days=1, minutes=1)
    assert pages.post("/email", {"t": token_of(third)}).status == 410
    assert api.get("/me").body["email"] == "sam.new@example.org"


def test_a_member_chooses_spanish_and_a_program_may_start_its_members_in_it(api: ApiClient) -> None:
    # Given a program whose members start in Spanish
    dynamo_repositories().orgs.put(Org("bridges", "Puentes", default_language=Language.ES))
    # When a member first signs in, their profile is in Spanish; they can switch to English and back
    assert api.get("/me").body["language"] == "es"
    assert api.patch("/me", {"language": "en"}).body["language"] == "en"
    assert api.patch("/me", {"language": "es"}).body["language"] == "es"
    assert api.get("/me").body["language"] == "es"
