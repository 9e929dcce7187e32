"""The weekly check end to end: schedule -> dispatch (review-slot index) -> SQS -> remind -> SES /
SNS, under moto; next week's plan, accepted by its signed link, becoming the daily picks."""

from __future__ import annotations

import email
import email.policy
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from local.events import EventSources
from tests.conftest import ApiClient, load_event, prove_phone, sent_emails, sent_sms
from tests.integration.test_reminders import dynamodb_calls, tick, write_contacts
from tracker.domain.clock import FixedClock

PHONE = "+13125550142"
FRIDAY_SLOT = datetime(2026, 11, 27, 22, tzinfo=UTC)  # Friday 16:00 in Chicago, week 2026-W48


def texts_to() -> list[tuple[str, tuple[str, str]]]:
    """(recipient, (subject, plain text)) of every email sent, oldest first."""
    recipients = [str(email.message_from_string(raw.raw_data)["To"]) for raw in sent_emails()]
    return list(zip(recipients, texts(), strict=True))


def texts() -> list[tuple[str, str]]:
    """(subject, plain text) of every email sent, oldest first."""
    found = []
    for raw in sent_emails():
        message = email.message_from_string(raw.raw_data, policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        found.append((str(message["Subject"]), body.get_content().replace("\r\n", "\n")))
    return found


def add(api: ApiClient, name: str, **fields: Any) -> str:
    reply = api.post("/contacts", {"name": name, **fields})
    assert reply.status == 201, reply.body
    return str(reply.body["id"])


def log(api: ApiClient, contact_id: str, when: datetime) -> None:
    reply = api.post(f"/contacts/{contact_id}/interactions", {"channel": "call", "when": when.isoformat()})
    assert reply.status == 201, reply.body


@pytest.fixture
def sam(api: ApiClient, clock: FixedClock) -> ApiClient:
    clock.at = datetime(2026, 11, 23, 15, tzinfo=UTC)  # Monday of week 48
    settings = {
        "time_zone": "America/Chicago",
        "display_name": "Sam Rivera",
        "phone": PHONE,
        "reminder_channels": ["email", "sms"],
    }
    assert api.patch("/me", settings).status == 200
    prove_phone(api)
    from tracker.runtime import services

    # Sam's first weekly check, the welcome, came last week: this week's is a score
    services().repositories.members.note_first_check(api.identity.member, "2026-W47")
    return api


@pytest.fixture
def sams_week(sam: ApiClient, clock: FixedClock) -> dict[str, str]:
    """Two people reached this week; someone overdue and a next step due next week for the plan."""
    people = {
        "ana": add(sam, "Ana Lima"),
        "dora": add(sam, "Dora Okafor", last_contact_at="2026-05-01T12:00:00Z"),
        "olive": add(sam, "Olive Haddad", last_contact_at="2025-10-01T12:00:00Z"),
        "sol": add(
            sam,
            "Sol Mensah",
            last_contact_at="2026-11-01T12:00:00Z",
            next_step={"text": "Send my CV", "due": "2026-12-02"},
        ),
    }
    clock.at = datetime(2026, 11, 26, 15, tzinfo=UTC)
    log(sam, people["ana"], clock.at - timedelta(days=1))
    log(sam, people["dora"], clock.at)
    clock.at = FRIDAY_SLOT
    return people


def test_the_review_slot_brings_one_weekly_check_with_progress_people_and_plan(
    sam: ApiClient, sams_week: dict[str, str], pipeline: EventSources
) -> None:
    assert tick(pipeline, FRIDAY_SLOT - timedelta(hours=1))["delivered"]["RemindFunction"]["received"] == 0
    tick(pipeline, FRIDAY_SLOT)
    ((subject, text),) = texts()
    assert subject == "Your week in review, and your plan for 30 Nov - 6 Dec"
    assert "Your week (23-29 Nov):" in text
    assert "- People you were in touch with: 2 of 3\n- New people: 1 of 1 ✓\n" in text
    assert "- Reconnections (3+ months): 1 of 1 ✓\n" in text
    assert "You were in touch with: Ana Lima, Dora Okafor." in text
    assert "1. Olive Haddad: Reconnect: last spoke 1 Oct 2025 (over a year ago)" in text
    assert "2. Sol Mensah: Next step (due Wed 2 Dec): Send my CV" in text
    assert "Plus 1 new person to meet" in text
    assert (
        "Accept this plan (they become your daily picks next week): https://tracker.example.org/plan?t="
        in text
    )
    (_code, (phone, sms)) = sent_sms()  # the code that proved the number, then the week's text
    assert phone == PHONE
    assert sms == (
        "Networking Tracker: this week 2 of 3 people, 1 of 1 new, 1 of 1 reconnects. "
        "Next week's plan: 2 people to reach, in your email."
    )
    # Exactly once: the same slot again (a duplicate schedule) and the next hour send nothing
    tick(pipeline, FRIDAY_SLOT)
    tick(pipeline, FRIDAY_SLOT + timedelta(hours=1))
    assert (len(sent_emails()), len(sent_sms())) == (1, 2)
    plan = sam.get("/goals/plan").body
    assert (plan["week"], [p["name"] for p in plan["people"]], plan["accepted"]) == (
        "2026-W49",
        ["Olive Haddad", "Sol Mensah"],
        False,
    )


def test_accepting_the_plan_by_its_link_makes_its_people_next_weeks_daily_picks(
    sam: ApiClient, sams_week: dict[str, str], pipeline: EventSources, clock: FixedClock
) -> None:
    from tracker.domain.links import InvalidLink
    from tracker.runtime import services

    add(sam, "Vera Nowak", last_contact_at="2025-12-01T12:00:00Z")  # overdue, but not in the plan
    tick(pipeline, FRIDAY_SLOT)
    ((_, text),) = texts()
    token = re.search(r"/plan\?t=([\w.-]+)", text)
    assert token is not None
    with pytest.raises(InvalidLink):
        services().plans.accept_by_link(token.group(1)[:-2] + "xx")
    accepted = services().plans.accept_by_link(token.group(1))
    assert [(p.contact.name, str(p.day)) for p in accepted.people] == [
        ("Olive Haddad", "2026-11-30"),
        ("Sol Mensah", "2026-12-02"),
    ]
    plan = sam.get("/goals/plan").body
    assert plan["accepted"] is True
    assert sam.post("/goals/plan/accept").body["people"] == plan["people"]  # accepting again changes nothing
    # Next Monday and Wednesday, the daily reminder (08:00 in Chicago) names that day's planned
    # person: on Wednesday that is Sol (not due for a reconnect), not Vera (overdue)
    for day, name in (("2026-11-30", "Olive Haddad"), ("2026-12-02", "Sol Mensah")):
        at = datetime.fromisoformat(f"{day}T14:00:00+00:00")
        clock.at = at
        tick(pipeline, at)
        assert texts()[-1][0] == "Today's reconnect pick: 1 person"
        assert f"1. {name}" in texts()[-1][1]
        clock.at = at + timedelta(hours=1)
        assert [pick["contact"]["name"] for pick in sam.get("/picks/today").body["picks"]] == [name]


def test_a_paused_week_sends_no_check_and_does_not_break_the_streak(
    api: ApiClient, pipeline: EventSources, clock: FixedClock
) -> None:
    clock.at = datetime(2026, 11, 2, 15, tzinfo=UTC)  # joined on Monday of week 45
    api.patch("/me", {"time_zone": "America/Chicago"})
    assert api.call("PUT", "/goals", {"people": 1, "new_people": 0, "reconnects": 0}).status == 200
    person = add(api, "Ana Lima")

    def week(number: int, *, talk: bool) -> None:
        friday = FRIDAY_SLOT - timedelta(weeks=48 - number)
        if talk:
            clock.at = friday - timedelta(days=1)
            log(api, person, clock.at)
        clock.at = friday
        tick(pipeline, friday)

    week(45, talk=True)
    week(46, talk=True)
    api.patch("/me", {"paused_until": "2026-11-23"})  # treatment: week 47
    week(47, talk=False)
    assert len(texts()) == 2
    week(48, talk=True)
    subject, text = texts()[-1]
    assert subject.startswith("Your week: goals met")
    assert "You met your goals this week: that's 3 weeks in a row. Well done." in text
    assert api.get("/goals/progress", week="2026-W47").body["paused"] is True


def test_after_two_quiet_weeks_the_check_kindly_offers_a_lighter_goal(
    api: ApiClient, pipeline: EventSources, clock: FixedClock
) -> None:
    clock.at = datetime(2026, 11, 9, 15, tzinfo=UTC)  # joined on Monday of week 46
    api.patch("/me", {"time_zone": "America/Chicago"})
    add(api, "Ana Lima")
    for at in (FRIDAY_SLOT - timedelta(weeks=2), FRIDAY_SLOT - timedelta(weeks=1), FRIDAY_SLOT):
        clock.at = at
        tick(pipeline, at)
    (_, welcome), (_, first), (_, second) = texts()  # the welcome's week is neither met nor missed
    assert "Welcome." in welcome
    assert "lighter goal" not in welcome + first
    assert "Would a lighter goal help for a while? For example 2 people a week" in second
    assert "A quiet week happens to everyone." in second
    for word in ("fail", "missed", "behind", "should have"):
        assert word not in second.lower()


def test_a_new_member_gets_no_check_until_someone_is_added_and_then_a_welcome(
    pipeline: EventSources, clock: FixedClock
) -> None:
    from tests.integration.test_program import ADMINS, as_member, invite
    from tracker.domain.model import Identity, Org
    from tracker.runtime import dynamo_repositories

    dynamo_repositories().orgs.put(Org("bridges", "Bridges to Work", default_time_zone="America/Chicago"))

    # The probe: right after POST /org/members, "0 of 3 ... quieter ... ask someone above"
    clock.at = datetime(2026, 11, 16, 15, tzinfo=UTC)
    admin = ApiClient(Identity("bridges", "aaaaaaaa-0000-4000-8000-00000000000a", "dana@bridges.org", ADMINS))
    nia = as_member("bridges", invite(admin, "nia@example.org", "Nia Member"))
    assert nia.get("/me").status == 200  # signed in: no longer just invited
    clock.at = FRIDAY_SLOT - timedelta(weeks=1)
    tick(pipeline, clock.at)
    assert [to for to, _ in texts_to()] == ["dana@bridges.org"]  # the admin's report only
    add(nia, "Ana Lima")
    clock.at = FRIDAY_SLOT
    tick(pipeline, FRIDAY_SLOT)
    ((subject, text),) = [(s, t) for to, (s, t) in texts_to() if to == "nia@example.org"]
    assert subject == "Welcome: your first weekly check, and your plan for 30 Nov - 6 Dec"
    for score in (" of 3", "quiet", "lighter goal", "someone above"):
        assert score not in text


def test_the_sample_weekly_message_sends_one_check_however_often_it_is_delivered(
    sam: ApiClient, sams_week: dict[str, str], pipeline: EventSources
) -> None:
    event = load_event("sqs_weekly_check")
    body = json.loads(event["Records"][0]["body"])
    body.update(org_id=sam.identity.org_id, member_id=sam.identity.member_id)
    event["Records"][0]["body"] = json.dumps(body)
    for _ in range(3):  # SQS delivers at least once
        assert pipeline.functions.invoke("RemindFunction", event) == {"batchItemFailures": []}
    assert [subject for subject, _ in texts()] == ["Your week in review, and your plan for 30 Nov - 6 Dec"]
    assert len(sent_sms()) == 2  # the code, and the week's one text


def test_a_text_at_a_review_hour_outside_8_to_21_is_refused(sam: ApiClient) -> None:
    reply = sam.patch("/me", {"weekly_review_hour": 22})
    assert reply.status == 422
    assert reply.error["details"][0]["field"] == "weekly_review_hour"
    assert sam.patch("/me", {"reminder_channels": ["email"], "weekly_review_hour": 22}).status == 200


@pytest.mark.parametrize("network", [20, 2_000])
def test_the_weekly_check_reads_the_same_whatever_the_network_size(
    api: ApiClient, clock: FixedClock, network: int
) -> None:
    from tracker.runtime import services

    api.patch("/me", {"time_zone": "America/Chicago"})
    write_contacts(api.identity.member, network)
    clock.at = FRIDAY_SLOT
    with dynamodb_calls() as calls:
        report = services().weekly.send_weekly(api.identity.member, FRIDAY_SLOT.date(), FRIDAY_SLOT)
    assert report.outcomes == {"email": "sent"}
    assert [name for name, _ in calls] == [
        "Query",  # next week's plan (not made yet) and the profile, one key range
        "Query",  # the last 26 weeks' progress (streak), one key range
        "Query",  # anyone added at all (Limit 1): no one reached this week
        "Query",  # due-date index, Limit 10
        "Query",  # next-step index, Limit 2
        "BatchGetItem",  # the planned people and the people reached; whether email is suppressed
        "PutItem",  # the plan, and the email's claim
        "UpdateItem",  # mark it sent (on the plan)
        "UpdateItem",  # the first check noted (a welcome): the next one is a score
    ]
    assert sum(items for _, items in calls) <= 1 + 1 + 26 + 10 + 2 + 2 + 10


def test_the_weekly_check_of_a_member_who_reached_people_takes_seven_dynamodb_calls(
    api: ApiClient, clock: FixedClock
) -> None:
    """Issue 16: the weekly check down from 11 DynamoDB calls (12 with a welcome's note)."""
    from tracker.runtime import services

    api.patch("/me", {"time_zone": "America/Chicago"})
    clock.at = FRIDAY_SLOT - timedelta(days=1)
    for name in ("Ana Lima", "Ben Okafor", "Chen Wei"):
        log(api, add(api, name), clock.at)
    clock.at = FRIDAY_SLOT
    with dynamodb_calls() as calls:
        report = services().weekly.send_weekly(api.identity.member, FRIDAY_SLOT.date(), FRIDAY_SLOT)
    assert report.outcomes == {"email": "sent"}
    (_, (_, text)), *_ = texts_to()
    assert "Ana Lima" in text  # the people reached this week
    operations = [name for name, _ in calls]
    assert "GetItem" not in operations  # the profile, the plan and the suppression list ride on others
    assert len(calls) <= 7 + 1, operations  # + 1: this first check is a welcome, noted once


def test_the_plan_link_opens_a_page_that_shows_the_plan_and_accepts_it_with_one_tap(
    sam: ApiClient, sams_week: dict[str, str], pipeline: EventSources
) -> None:
    from tests.public_pages import PublicClient

    tick(pipeline, FRIDAY_SLOT)
    ((_, text),) = texts()
    token = re.search(r"/plan\?t=([\w.-]+)", text)
    assert token is not None
    pages = PublicClient()
    shown = pages.get(f"/plan?t={token.group(1)}")
    assert shown.status == 200
    assert "Olive Haddad" in shown.text
    assert "Sol Mensah" in shown.text
    assert sam.get("/goals/plan").body["accepted"] is False  # opening the link changes nothing
    accepted = pages.submit(shown.form_with("Accept this plan"))
    assert accepted.status == 200
    assert "Plan accepted" in accepted.text
    assert sam.get("/goals/plan").body["accepted"] is True
    assert pages.get(f"/plan?t={token.group(1)[:-2]}xx").status in (400, 404, 410)
