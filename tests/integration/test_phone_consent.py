"""The outside probe's phone attack, over the API and two-way SMS as deployed: a member of one
program puts another member's number on their profile and turns texts on. Before the fix this
got 200 and the number: its replies acted for the claimant, its STOP turned off the claimant's
texts while the owner's still went, and turning SMS on again cleared the STOP and texted the
claimant's picks (first names of their contacts) to the owner's phone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from local.events import EventSources
from local.provision import Stack
from local.sms import inbound_payload
from tests.conftest import ApiClient, prove_phone, sent_emails, sent_sms
from tracker.domain.clock import FixedClock

PHONE = "+13125550142"  # Sam's
EIGHT_AM_CHICAGO = datetime(2026, 11, 27, 14, tzinfo=UTC)


def texts_to(phone: str) -> list[str]:
    return [text for to, text in sent_sms() if to == phone]


def reply(pipeline: EventSources, aws: Stack, body: str) -> list[str]:
    before = len(sent_sms())
    (delivery,) = pipeline.publish(aws.ref("SmsRepliesTopic"), inbound_payload(PHONE, body))
    assert delivery["error"] is None, delivery
    return [text for _, text in sent_sms()[before:]]


@pytest.fixture
def sam(api: ApiClient) -> ApiClient:
    """Sam (Bridges) gets picks by text at 08:00 Chicago time, on a number he proved."""
    settings = {
        "time_zone": "America/Chicago",
        "reminder_hour": 8,
        "phone": PHONE,
        "reminder_channels": ["sms"],
    }
    assert api.patch("/me", settings).status == 200
    prove_phone(api)
    assert (
        api.post("/contacts", {"name": "Ana Lima", "last_contact_at": "2025-01-15T12:00:00Z"}).status == 201
    )
    return api


def test_claiming_another_members_number_gets_nothing_from_it(
    sam: ApiClient, other_api: ApiClient, pipeline: EventSources, aws: Stack, clock: FixedClock
) -> None:
    # Priya (another program) claims Sam's number and turns texts on
    settings = {
        "time_zone": "America/Chicago",
        "reminder_hour": 8,
        "phone": PHONE,
        "reminder_channels": ["sms"],
    }
    claimed = other_api.patch("/me", settings)
    assert claimed.status == 200
    assert claimed.body["phone_status"] == "unverified"
    assert (
        other_api.post("/contacts", {"name": "Zed Secret", "last_contact_at": "2025-01-15T12:00:00Z"}).status
        == 201
    )
    # Sam's phone answers DONE 1 to his own picks: it acts for Sam, not for Priya
    pipeline.fire_schedules(EIGHT_AM_CHICAGO)
    pipeline.drain()
    clock.at = EIGHT_AM_CHICAGO + timedelta(minutes=5)
    assert reply(pipeline, aws, "DONE 1") == ["Networking Tracker: noted, you reached out to Ana. Well done!"]
    assert other_api.get("/picks/today").body["picks"][0]["status"] == "pending"
    # Nothing of Priya's reached the phone: the code only (which names no one), and Sam's own texts
    assert not any("Zed" in text for text in texts_to(PHONE))
    # Sam's phone says STOP (it never asked for Priya's code): nothing more goes to it, for anyone
    reply(pipeline, aws, "STOP")
    assert sam.get("/me").body["phone_status"] == "stopped"
    assert other_api.get("/me").body["phone_status"] == "stopped"
    before = len(texts_to(PHONE))
    refused = other_api.post("/me/phone/code")
    assert (refused.status, refused.error["code"]) == (409, "conflict")
    assert other_api.patch("/me", {"phone": None, "reminder_channels": ["email"]}).status == 200
    assert other_api.patch("/me", {"phone": PHONE, "reminder_channels": ["email", "sms"]}).status == 200
    assert sam.patch("/me", {"reminder_channels": ["sms"]}).status == 200  # Sam's app says texts: STOP holds
    pipeline.fire_schedules(EIGHT_AM_CHICAGO + timedelta(days=1))
    pipeline.drain()
    assert len(texts_to(PHONE)) == before


def test_the_code_has_five_tries_and_entering_it_moves_the_number(
    sam: ApiClient, other_api: ApiClient, clock: FixedClock
) -> None:
    assert other_api.patch("/me", {"phone": PHONE}).status == 200
    (code,) = re.findall(r"your code is (\d{6})", texts_to(PHONE)[-1])
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        refused = other_api.post("/me/phone/verify", {"code": wrong})
        assert refused.status == 422
        assert refused.error["details"] == [
            {
                "field": "code",
                "message": f"That is not the code we texted; {left} {'try' if left == 1 else 'tries'} left",
            }
        ]
    assert other_api.post("/me/phone/verify", {"code": wrong}).status == 422
    spent = other_api.post("/me/phone/verify", {"code": code})
    assert (spent.status, spent.error["code"]) == (429, "too_many_requests")
    assert other_api.post("/me/phone/verify", {"code": "12345"}).status == 422  # six digits
    # A new code, a minute later, entered: the number is Priya's, and Sam is told by email
    clock.at = clock.at + timedelta(minutes=2)
    assert other_api.post("/me/phone/code").status == 200
    (code,) = re.findall(r"your code is (\d{6})", texts_to(PHONE)[-1])
    proved = other_api.post("/me/phone/verify", {"code": code})
    assert (proved.status, proved.body["phone_status"]) == (200, "verified")
    me = sam.get("/me").body
    assert (me["phone_status"], me["reminder_channels"]) == ("unverified", [])
    (notice,) = [m for m in sent_emails() if "We no longer text your phone number" in m.raw_data]
    assert "ending in 42" in notice.raw_data
