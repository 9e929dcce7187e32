"""Texting back: DONE 1, 1, SNOOZE 2, HELP, STOP and START, delivered as two-way SMS does
(SNS -> the sms_inbound function, wired by template.yaml), answered by one short text."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from local.events import EventSources
from local.provision import Stack
from local.sms import inbound_payload
from tests.conftest import ApiClient, load_event, prove_phone, sent_sms
from tracker.domain.clock import FixedClock

SAM_PHONE = "+13125550142"
SAM_HOUR = datetime(2026, 11, 27, 14, tzinfo=UTC)  # 08:00 in Chicago
NO_RECENT_TEXT = (
    "Networking Tracker: I couldn't find a recent reminder to match. Your picks are in your reminder email."
)


@pytest.fixture
def sam(api: ApiClient, clock: FixedClock, pipeline: EventSources) -> ApiClient:
    """Sam gets his three picks by email and text at 08:00 Chicago time; it is 08:05 there."""
    me = {
        "time_zone": "America/Chicago",
        "reminder_hour": 8,
        "phone": SAM_PHONE,
        "reminder_channels": ["email", "sms"],
        "picks_per_day": 3,
    }
    assert api.patch("/me", me).status == 200
    prove_phone(api)
    names = ["Ana Lima", "Ben Okafor", "Chloé Dubois", *(f"Person{n} Surname" for n in range(6))]
    for n, name in enumerate(names):  # the longest silence first; enough people for three days
        when = f"2025-0{n + 1}-15T12:00:00Z"
        assert api.post("/contacts", {"name": name, "last_contact_at": when}).status == 201
    clock.at = SAM_HOUR  # the schedule fires on the hour
    pipeline.fire_schedules(SAM_HOUR)
    pipeline.drain()
    clock.at = SAM_HOUR + timedelta(minutes=5)
    assert len(sent_sms()) == 2  # the code that proved the number, then the day's reminder
    return api


def text(
    pipeline: EventSources, aws: Stack, body: str, phone: str = SAM_PHONE, message_id: str | None = None
) -> list[str]:
    """Sam texts `body`; returns the texts sent back."""
    before = len(sent_sms())
    (delivery,) = pipeline.publish(aws.ref("SmsRepliesTopic"), inbound_payload(phone, body, message_id))
    assert delivery["error"] is None, delivery
    return [message for _, message in sent_sms()[before:]]


def picks(api: ApiClient) -> list[tuple[str, str]]:
    return [(p["contact"]["name"], p["status"]) for p in api.get("/picks/today").body["picks"]]


def test_done_and_snooze_act_on_the_numbered_picks_and_answer_once(
    sam: ApiClient, pipeline: EventSources, aws: Stack
) -> None:
    assert picks(sam) == [("Ana Lima", "pending"), ("Ben Okafor", "pending"), ("Chloé Dubois", "pending")]
    assert text(pipeline, aws, "done 1") == ["Networking Tracker: noted, you reached out to Ana. Well done!"]
    assert text(pipeline, aws, "  SNOOZE   2 ") == ["Networking Tracker: snoozed Ben for 30 days."]
    assert text(pipeline, aws, "3") == ["Networking Tracker: noted, you reached out to Chloé. Well done!"]
    assert picks(sam) == [("Ana Lima", "done"), ("Ben Okafor", "snoozed"), ("Chloé Dubois", "done")]
    ana = sam.get("/contacts", q="Ana").body["items"][0]
    assert ana["last_contact_at"] == "2026-11-27T14:05:00Z"
    assert (
        sam.get(f"/contacts/{ana['id']}/interactions").body["items"][0]["summary"]
        == "Reached out (daily pick)"
    )
    ben = sam.get("/contacts", q="Ben").body["items"][0]
    assert ben["snoozed_until"] == "2026-12-27T14:05:00Z"
    # Again: nothing logged twice
    assert text(pipeline, aws, "Done 1.") == ["Networking Tracker: Ana is already marked done."]
    assert len(sam.get(f"/contacts/{ana['id']}/interactions").body["items"]) == 1


def test_help_unknown_text_and_numbers_out_of_range_get_the_help(
    sam: ApiClient, pipeline: EventSources, aws: Stack
) -> None:
    (help_text,) = text(pipeline, aws, "help")
    assert "DONE 1" in help_text
    assert "STOP" in help_text
    (confused,) = text(pipeline, aws, "who is this?")
    assert confused.startswith("Networking Tracker: sorry, I didn't get that. Reply DONE 1")
    assert text(pipeline, aws, "DONE 7") == [
        "Networking Tracker: your last text had no pick 7. Reply DONE 1 to 3."
    ]
    assert text(pipeline, aws, "done") == [
        "Networking Tracker: which one? Reply DONE with its number, e.g. DONE 1."
    ]
    assert picks(sam) == [("Ana Lima", "pending"), ("Ben Okafor", "pending"), ("Chloé Dubois", "pending")]


def test_stop_turns_texts_off_with_exactly_one_confirmation_until_start(
    sam: ApiClient, pipeline: EventSources, aws: Stack, clock: FixedClock
) -> None:
    assert text(pipeline, aws, "Stop") == [
        "Networking Tracker: you won't get any more texts from us. Reply START to turn them back on."
    ]
    assert sam.get("/me").body["reminder_channels"] == ["email"]
    for anything in ("STOP", "done 1", "hello?", "unsubscribe"):
        assert text(pipeline, aws, anything) == []
    # HELP is answered always (the carriers require it), and says how to come back
    assert text(pipeline, aws, "help") == [
        "Networking Tracker: you get no texts from us. Reply START to turn them back on."
    ]
    assert picks(sam)[0] == ("Ana Lima", "pending")
    clock.at = SAM_HOUR + timedelta(days=1)
    before = len(sent_sms())
    pipeline.fire_schedules(SAM_HOUR + timedelta(days=1))
    pipeline.drain()
    assert len(sent_sms()) == before  # no reminder by text either
    assert text(pipeline, aws, "start") == [
        "Networking Tracker: texts are back on. Your picks come at 08:00. Reply HELP for help."
    ]
    assert sam.get("/me").body["reminder_channels"] == ["email", "sms"]
    assert text(pipeline, aws, "start") == ["Networking Tracker: texts are already on. Reply HELP for help."]
    pipeline.fire_schedules(SAM_HOUR + timedelta(days=2))
    pipeline.drain()
    assert len(sent_sms()) == before + 3  # two answers to START and the next day's reminder


def test_start_keeps_texts_off_when_the_reminder_hour_is_outside_texting_hours(
    sam: ApiClient, pipeline: EventSources, aws: Stack
) -> None:
    text(pipeline, aws, "STOP")
    assert sam.patch("/me", {"reminder_hour": 7}).status == 200
    (answer,) = text(pipeline, aws, "START")
    assert "your reminder hour is 07:00" in answer
    assert sam.get("/me").body["reminder_channels"] == ["email"]
    assert text(pipeline, aws, "help") != []  # replies are back on


def test_choosing_sms_again_in_the_app_does_not_end_a_stop(
    sam: ApiClient, pipeline: EventSources, aws: Stack
) -> None:
    # The number's STOP is its own: only START (UNSTOP, YES) from it ends it (CTIA)
    text(pipeline, aws, "STOP")
    assert sam.patch("/me", {"reminder_channels": ["email", "sms"]}).status == 200
    assert sam.get("/me").body["phone_status"] == "stopped"
    assert text(pipeline, aws, "1") == []
    assert text(pipeline, aws, "yes") != []
    assert sam.get("/me").body["phone_status"] == "verified"
    assert text(pipeline, aws, "1") == ["Networking Tracker: noted, you reached out to Ana. Well done!"]


def test_a_redelivered_text_is_acted_on_and_answered_once(
    sam: ApiClient, pipeline: EventSources, aws: Stack
) -> None:
    assert len(text(pipeline, aws, "DONE 2", message_id="inbound-1")) == 1
    assert text(pipeline, aws, "DONE 2", message_id="inbound-1") == []
    assert text(pipeline, aws, "STOP", message_id="inbound-2") != []
    assert text(pipeline, aws, "STOP", message_id="inbound-2") == []  # SNS redelivery
    ben = sam.get("/contacts", q="Ben").body["items"][0]
    assert len(sam.get(f"/contacts/{ben['id']}/interactions").body["items"]) == 1


def test_numbers_we_do_not_know_act_for_no_one(sam: ApiClient, pipeline: EventSources, aws: Stack) -> None:
    stranger = "+14155550123"
    assert text(pipeline, aws, "DONE 1", phone=stranger) == []
    # Their STOP is kept (for the number, whoever claims it later) and confirmed once
    assert text(pipeline, aws, "STOP", phone=stranger) == [
        "Networking Tracker: you won't get any more texts from us. Reply START to turn them back on."
    ]
    assert text(pipeline, aws, "STOP", phone=stranger) == []
    assert text(pipeline, aws, "HELP", phone=stranger) == [
        "Networking Tracker: this number isn't linked to a member. Ask your program for help."
    ]
    assert picks(sam)[0] == ("Ana Lima", "pending")


def test_a_new_phone_number_moves_the_replies_with_it(
    sam: ApiClient, pipeline: EventSources, aws: Stack
) -> None:
    assert sam.patch("/me", {"phone": "+13125550177"}).status == 200
    assert text(pipeline, aws, "DONE 1") == []  # the old number is nobody's now
    assert text(pipeline, aws, "DONE 1", phone="+13125550177") == []  # nor the new one, until proved
    prove_phone(sam)
    assert text(pipeline, aws, "DONE 1", phone="+1 (312) 555-0177") == [
        "Networking Tracker: noted, you reached out to Ana. Well done!"
    ]
    assert sam.delete("/me").status == 200
    assert text(pipeline, aws, "HELP", phone="+13125550177") == [
        "Networking Tracker: this number isn't linked to a member. Ask your program for help."
    ]


def test_a_reply_before_any_text_says_where_the_picks_are(
    api: ApiClient, pipeline: EventSources, aws: Stack
) -> None:
    assert api.patch("/me", {"phone": SAM_PHONE}).status == 200
    prove_phone(api)
    assert text(pipeline, aws, "done 1") == [NO_RECENT_TEXT]


def test_a_reply_after_midnight_acts_on_the_text_it_answers_for_36_hours(
    sam: ApiClient, pipeline: EventSources, aws: Stack, clock: FixedClock
) -> None:
    # Given Friday's 08:00 text (1 Ana, 2 Ben, 3 Chloé) and, at 01:00 on Saturday, Saturday's
    # picks already chosen in the app: someone else is first there
    (friday,) = [message for _, message in sent_sms()[-1:]]
    assert friday.startswith("Networking Tracker: 3 people to reconnect with today: 1 Ana, 2 Ben, 3 Chloé.")
    clock.at = SAM_HOUR + timedelta(hours=17)
    saturday = picks(sam)
    assert saturday == [
        ("Person0 Surname", "pending"),
        ("Person1 Surname", "pending"),
        ("Person2 Surname", "pending"),
    ]
    # When Sam answers Friday's text, Then Friday's pick 1 is logged, Saturday's are left alone
    assert text(pipeline, aws, "DONE 1") == ["Networking Tracker: noted, you reached out to Ana. Well done!"]
    ana = sam.get("/contacts", q="Ana").body["items"][0]
    assert ana["last_contact_at"] == "2026-11-28T07:00:00Z"
    assert picks(sam) == saturday
    # A day and a half after it went, the text is no longer acted on
    clock.at = SAM_HOUR + timedelta(hours=36, minutes=1)
    assert text(pipeline, aws, "SNOOZE 2") == [NO_RECENT_TEXT]
    assert sam.get("/contacts", q="Ben").body["items"][0]["snoozed_until"] is None


def test_the_sample_event_and_a_malformed_one(sam: ApiClient, pipeline: EventSources) -> None:
    event = load_event("sns_sms_inbound")
    assert pipeline.functions.invoke("SmsInboundFunction", event) == {"answered": 1}
    assert picks(sam)[0] == ("Ana Lima", "done")
    event["Records"][0]["Sns"]["Message"] = "not json"
    assert pipeline.functions.invoke("SmsInboundFunction", event) == {"answered": 0}
    payload: dict[str, Any] = json.loads(inbound_payload(SAM_PHONE, "DONE 1"))
    del payload["originationNumber"]
    event["Records"][0]["Sns"]["Message"] = json.dumps(payload)
    assert pipeline.functions.invoke("SmsInboundFunction", event) == {"answered": 0}


def test_logs_never_carry_the_number_or_the_text(
    sam: ApiClient, pipeline: EventSources, aws: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    from tracker.observability import logger

    level = logger.log_level
    logger.setLevel(logging.INFO)  # what a deployed function logs
    try:
        text(pipeline, aws, "done 1 secret-words")
        text(pipeline, aws, "DONE 1")
    finally:
        logger.setLevel(level)
    ours = [record for record in caplog.records if record.name == logger.name]
    logged = " ".join(json.dumps(record.__dict__, default=str) for record in ours)
    assert [(r.__dict__["keyword"], r.__dict__["answer"]) for r in ours] == [
        ("unknown", "not_understood"),
        ("done", "done"),
    ]
    assert SAM_PHONE not in logged
    assert "5550142" not in logged
    assert "secret-words" not in logged
