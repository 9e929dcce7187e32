"""The daily reminder end to end: schedule -> dispatch -> SQS -> remind -> SES / SNS, as wired in
template.yaml (local/events plays Scheduler, SQS and SNS), under moto."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from local.events import EventSources
from local.provision import Stack
from local.server import _one_aws_call_at_a_time
from tests.conftest import ApiClient, load_event, prove_phone, sent_emails, sent_sms
from tests.faults import faults, throttled, unavailable
from tracker.adapters import aws as adapters
from tracker.config import settings
from tracker.domain import MemberKey
from tracker.domain.clock import FixedClock

SAM_HOUR = datetime(2026, 11, 27, 14, tzinfo=UTC)  # 08:00 in Chicago
SAM_PHONE = "+13125550142"
PEOPLE = ("Ana Lima", "Ben Okafor", "Cleo Park", "Dev Rao")  # the most overdue first


def set_up_member(api: ApiClient, *, prove: bool = True, **settings_: Any) -> None:
    me = {"time_zone": "America/Chicago", "reminder_hour": 8, "reminder_channels": ["email"], **settings_}
    reply = api.patch("/me", me)
    assert reply.status == 200, reply.body
    if prove and "phone" in settings_:
        prove_phone(api)  # the code texted to the number, entered
    for n, name in enumerate(PEOPLE):  # overdue since early 2025
        reply = api.post("/contacts", {"name": name, "last_contact_at": f"2025-0{n + 1}-15T12:00:00Z"})
        assert reply.status == 201


def tick(pipeline: EventSources, at: datetime) -> dict[str, Any]:
    schedules = pipeline.fire_schedules(at)
    return {"schedules": schedules, "delivered": pipeline.drain()}


def queue_depth(stack: Stack, logical_id: str) -> int:
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=stack.ref(logical_id), AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"])


def parsed(raw: Any) -> email.message.EmailMessage:
    message = email.message_from_string(raw.raw_data, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_the_reminder_hour_brings_one_email_and_one_text(
    api: ApiClient, pipeline: EventSources, clock: FixedClock
) -> None:
    set_up_member(api, reminder_channels=["email", "sms"], phone=SAM_PHONE, picks_per_day=2)
    assert tick(pipeline, SAM_HOUR - timedelta(hours=1))["schedules"][0]["result"]["queued"] == 0
    result = tick(pipeline, SAM_HOUR)
    assert result["schedules"][0]["result"]["queued"] == 1
    assert result["delivered"]["RemindFunction"] == {"received": 1, "failed": 0, "invocations": 1}
    (mail,) = sent_emails()
    message = parsed(mail)
    assert message["To"] == "sam@example.org"
    assert message["Subject"] == "Today's reconnect picks: 2 people"
    assert message["List-Unsubscribe"].startswith("<https://tracker.example.org/unsubscribe?t=")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "1. Ana Lima" in text  # the most overdue first
    assert "2. Ben Okafor" in text
    assert "A message you could send" in html
    assert (
        SAM_PHONE,
        "Networking Tracker: 2 people to reconnect with today: 1 Ana, 2 Ben. "
        "Reply DONE 1 once you've reached out, SNOOZE 1 to skip, HELP for help.",
    ) in sent_sms()
    # The same picks are what the API shows for that day
    clock.at = SAM_HOUR + timedelta(hours=1)
    assert [p["contact"]["name"] for p in api.get("/picks/today").body["picks"]] == [
        "Ana Lima",
        "Ben Okafor",
    ]
    # A second run for the same hour (a duplicate schedule) sends nothing new
    tick(pipeline, SAM_HOUR)
    tick(pipeline, SAM_HOUR + timedelta(minutes=30))
    assert len(sent_emails()) == 1
    assert len(sent_sms()) == 2  # the code that proved the number, and the day's one text


def test_paused_members_get_nothing_until_the_pause_ends(api: ApiClient, pipeline: EventSources) -> None:
    set_up_member(api, paused_until="2026-11-29")
    tick(pipeline, SAM_HOUR)
    tick(pipeline, SAM_HOUR + timedelta(days=1))
    assert sent_emails() == []
    tick(pipeline, SAM_HOUR + timedelta(days=2))
    assert len(sent_emails()) == 1


def test_nothing_is_sent_to_members_with_reminders_off_or_nobody_due(
    api: ApiClient, other_api: ApiClient, pipeline: EventSources
) -> None:
    set_up_member(api)
    assert api.patch("/me", {"reminder_channels": []}).status == 200
    other_api.patch("/me", {"time_zone": "America/Chicago", "reminder_hour": 8})
    other_api.post("/contacts", {"name": "Just met", "last_contact_at": "2026-11-20T10:00:00Z"})
    result = tick(pipeline, SAM_HOUR)
    assert result["schedules"][0]["result"]["queued"] == 1  # the other member; not the one who opted out
    assert sent_emails() == []


def test_texts_skip_opted_out_numbers_and_can_be_switched_off(
    api: ApiClient, pipeline: EventSources, monkeypatch: pytest.MonkeyPatch
) -> None:
    # moto's SNS says this number opted out: not even the code goes to it
    set_up_member(api, reminder_channels=["email", "sms"], phone="+13125550199", prove=False)
    tick(pipeline, SAM_HOUR)
    assert len(sent_emails()) == 1
    assert sent_sms() == []
    api.patch("/me", {"phone": SAM_PHONE})
    prove_phone(api)
    texts = len(sent_sms())
    monkeypatch.setenv("SMS_ENABLED", "false")
    settings.cache_clear()
    from tracker.runtime import services

    services.cache_clear()
    tick(pipeline, SAM_HOUR + timedelta(days=1))
    assert len(sent_emails()) == 2
    assert len(sent_sms()) == texts


def test_a_bounce_suppresses_the_address_for_good(api: ApiClient, pipeline: EventSources, aws: Stack) -> None:
    set_up_member(api, reminder_channels=["email", "sms"], phone=SAM_PHONE)
    bounce = json.loads(load_event("sns_ses_bounce")["Records"][0]["Sns"]["Message"])
    bounce["bounce"]["bouncedRecipients"][0]["emailAddress"] = "SAM@example.org"
    (delivery,) = pipeline.publish(aws.ref("EmailFeedbackTopic"), json.dumps(bounce))
    assert delivery == {"function": "FeedbackFunction", "result": {"suppressed": 1}, "error": None}
    tick(pipeline, SAM_HOUR)
    assert sent_emails() == []
    assert len(sent_sms()) == 2  # the code, then the reminder: texts still go out
    # The member is told (the probe: emails just stopped, and /me still showed ["email"])
    assert api.get("/me").body["email_problem"] == (
        "bounced: the address does not take our email; enter another address to get email again"
    )


def test_feedback_samples(pipeline: EventSources) -> None:
    from tracker.runtime import dynamo_repositories

    invoke_function = pipeline.functions.invoke
    assert invoke_function("FeedbackFunction", load_event("sns_ses_bounce")) == {"suppressed": 1}
    assert dynamo_repositories().sends.is_suppressed("sam@bridges.example.org")
    assert not dynamo_repositories().sends.is_suppressed("someone@else.org")
    assert invoke_function("FeedbackFunction", load_event("sns_ses_complaint")) == {"suppressed": 1}
    transient = load_event("sns_ses_bounce")
    message = json.loads(transient["Records"][0]["Sns"]["Message"])
    message["bounce"]["bounceType"] = "Transient"
    message["bounce"]["bouncedRecipients"][0]["emailAddress"] = "full.mailbox@example.org"
    transient["Records"][0]["Sns"]["Message"] = json.dumps(message)
    assert invoke_function("FeedbackFunction", transient) == {"suppressed": 0}
    assert not dynamo_repositories().sends.is_suppressed("full.mailbox@example.org")


def test_the_same_message_delivered_twice_sends_once(
    api: ApiClient, pipeline: EventSources, aws: Stack
) -> None:
    set_up_member(api)
    event = load_event("sqs_reminder")
    body = json.loads(event["Records"][0]["body"])
    body.update(org_id=api.identity.org_id, member_id=api.identity.member_id)
    event["Records"][0]["body"] = json.dumps(body)
    for _ in range(3):
        assert pipeline.functions.invoke("RemindFunction", event) == {"batchItemFailures": []}
    assert len(sent_emails()) == 1


@pytest.fixture
def serialised_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's backends are plain objects: make each AWS call atomic, as it is in AWS."""
    from moto.core.botocore_stubber import BotocoreStubber

    monkeypatch.setattr(BotocoreStubber, "__call__", _one_aws_call_at_a_time)


def test_concurrent_workers_send_once(api: ApiClient, serialised_aws: None) -> None:
    set_up_member(api)
    from tracker.domain.sending import SendFailed, SendInFlight
    from tracker.runtime import services

    outcomes: list[str] = []

    def worker() -> None:
        try:
            report = services().reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
            outcomes.extend(report.outcomes.values())
        except SendFailed as failure:  # another worker holds the send: SQS will retry this one
            outcomes.append("in_flight" if isinstance(failure.__cause__, SendInFlight) else "failed")

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent_emails()) == 1
    assert outcomes.count("sent") == 1
    assert set(outcomes) <= {"sent", "already_sent", "in_flight"}


@pytest.fixture
def fewer_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    adapters.reset()


def test_a_throttled_send_is_retried_and_sent_once(
    api: ApiClient, pipeline: EventSources, fewer_retries: None
) -> None:
    set_up_member(api)
    ses = adapters.client("sesv2")
    with faults(ses, "SendEmail", lambda request, n: throttled() if n <= 4 else None) as calls:
        result = tick(pipeline, SAM_HOUR)
    assert len(calls) == 5  # two attempts per delivery: two deliveries fail, the third succeeds
    assert result["delivered"]["RemindFunction"] == {"received": 3, "failed": 2, "invocations": 3}
    assert len(sent_emails()) == 1


def test_a_send_that_keeps_failing_ends_in_the_dead_letter_queue_and_spares_the_batch(
    api: ApiClient, other_api: ApiClient, pipeline: EventSources, aws: Stack, fewer_retries: None
) -> None:
    set_up_member(api)
    set_up_member(other_api)

    def fail_for_sam(request: Any, n: int) -> Any:
        return unavailable() if b"sam@example.org" in (request.body or b"") else None

    with faults(adapters.client("sesv2"), "SendEmail", fail_for_sam) as calls:
        result = tick(pipeline, SAM_HOUR)
    # The other member of the batch got theirs; Sam's was tried on every delivery, then parked.
    assert [parsed(m)["To"] for m in sent_emails()] == ["priya@example.org"]
    attempts_for_sam = [call for call in calls if b"sam@example.org" in (call.body or b"")]
    assert len(attempts_for_sam) == 2 * 4  # 2 attempts per delivery, maxReceiveCount 4
    assert result["delivered"]["RemindFunction"]["failed"] == 4
    assert queue_depth(aws, "ReminderDeadLetters") == 1
    assert queue_depth(aws, "ReminderQueue") == 0
    # Nothing was recorded as sent, so a redrive from the DLQ sends it.
    dead = boto3.client("sqs").receive_message(QueueUrl=aws.ref("ReminderDeadLetters"))["Messages"][0]
    assert json.loads(dead["Body"])["member_id"] == api.identity.member_id


def test_an_address_refused_for_good_pauses_email_and_never_reaches_the_logs(
    api: ApiClient, pipeline: EventSources, caplog: pytest.LogCaptureFixture
) -> None:
    set_up_member(api, reminder_channels=["email", "sms"], phone=SAM_PHONE)
    event = load_event("sqs_reminder")
    body = json.loads(event["Records"][0]["body"])
    body.update(org_id=api.identity.org_id, member_id=api.identity.member_id)
    event["Records"][0]["body"] = json.dumps(body)

    def rejected(request: Any, n: int) -> Any:
        body = {"message": f"Email address is not verified: sam@example.org, {SAM_PHONE}"}
        return 400, {"x-amzn-ErrorType": "MessageRejected"}, json.dumps(body).encode()

    with faults(adapters.client("sesv2"), "SendEmail", rejected) as calls:
        answer = pipeline.functions.invoke("RemindFunction", event)
        # Refused for good: not retried into the dead-letter queue; recorded, email paused
        assert answer == {"batchItemFailures": []}
        assert (
            api.get("/me").body["email_problem"]
            == "refused by the mail provider (MessageRejected on 2026-11-27): enter another address "
            "to get email again"
        )
        assert pipeline.functions.invoke("RemindFunction", event) == {"batchItemFailures": []}
    assert len(calls) == 1  # the redelivery did not try SES again
    assert len(sent_sms()) == 2  # the code, and the day's text all the same
    # What Lambda would log: every field of the function's log records, tracebacks included.
    formatter = logging.Formatter()
    logs = " ".join(
        json.dumps(record.__dict__, default=str) + formatter.format(record) for record in caplog.records
    )
    assert "MessageRejected" in logs
    assert "sam@example.org" not in logs
    assert SAM_PHONE not in logs


def test_a_send_that_cannot_be_recorded_counts_as_sent_and_the_next_delivery_records_it(
    api: ApiClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up_member(api)
    from tracker.runtime import services
    from tracker.services import sending as reminders_module

    reminders = services().reminders
    store = services().repositories.sends
    attempts: list[str] = []

    def table_down(*args: Any, **kwargs: Any) -> None:
        attempts.append("complete_send")
        raise RuntimeError("DynamoDB unavailable")

    pauses: list[float] = []
    monkeypatch.setattr(reminders_module, "pause_for", pauses.append)
    monkeypatch.setattr(store, "complete", table_down)
    # The provider took it: the worker reports it sent (a retry of the message would send again).
    report = reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    assert report.outcomes == {"email": "sent"}
    assert len(attempts) == 3
    assert pauses == list(reminders_module.RECORD_RETRY_PAUSES)
    send = "daily#2026-11-27#email"
    assert reminders_module.unrecorded_sends.recall(api.identity.member, send) is not None
    monkeypatch.undo()
    assert len(sent_emails()) == 1
    # A redelivery to the same execution environment writes the record instead of sending
    again = reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    assert again.outcomes == {"email": "already_sent"}
    clock.advance(minutes=3)
    reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    assert len(sent_emails()) == 1
    assert reminders_module.unrecorded_sends.recall(api.identity.member, send) is None


def test_an_unrecorded_send_repeats_at_most_once_in_another_environment(
    api: ApiClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up_member(api)
    from tracker.runtime import services
    from tracker.services import sending as reminders_module

    reminders = services().reminders

    def table_down(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("DynamoDB unavailable")

    monkeypatch.setattr(reminders_module, "pause_for", lambda seconds: None)
    monkeypatch.setattr(services().repositories.sends, "complete", table_down)
    reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    monkeypatch.undo()
    reminders_module.unrecorded_sends.clear()  # the next deliveries land in another environment
    # Within the lease the claim holds the duplicate back, and SQS retries it ...
    with pytest.raises(reminders_module.SendFailed):
        reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    clock.advance(minutes=3)  # ... after it: one more email, then never again
    reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    assert len(sent_emails()) == 2


def test_one_email_per_local_date_across_a_dst_change(
    api: ApiClient, pipeline: EventSources, clock: FixedClock
) -> None:
    # 02:00 does not exist in New York on 8 March 2026: that day's reminder comes at 03:00 EDT.
    set_up_member(api, time_zone="America/New_York", reminder_hour=2)
    start = datetime(2026, 3, 7, 0, tzinfo=UTC)
    sent_at: list[datetime] = []
    for hour in range(72):
        at = start + timedelta(hours=hour)
        before = len(sent_emails())
        tick(pipeline, at)
        sent_at += [at] * (len(sent_emails()) - before)
    assert sent_at == [
        datetime(2026, 3, 7, 7, tzinfo=UTC),  # 02:00 EST
        datetime(2026, 3, 8, 7, tzinfo=UTC),  # 03:00 EDT, right after the gap
        datetime(2026, 3, 9, 6, tzinfo=UTC),  # 02:00 EDT
    ]


@contextmanager
def dynamodb_calls() -> Iterator[list[tuple[str, int]]]:
    """Record every DynamoDB call of the data layer with the number of items it returned."""
    from tracker.adapters.dynamo.models import bound_connection
    from tracker.runtime import dynamo_repositories

    dynamo_repositories()
    client = bound_connection().connection.client  # type: ignore[union-attr]
    calls: list[tuple[str, int]] = []

    def record(http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        items = parsed.get("Count")
        if items is None:
            items = 1 if "Item" in parsed else sum(len(v) for v in (parsed.get("Responses") or {}).values())
        calls.append((model.name, int(items)))

    client.meta.events.register("after-call.dynamodb.*", record)
    try:
        yield calls
    finally:
        client.meta.events.unregister("after-call.dynamodb.*", record)


def write_contacts(member: MemberKey, count: int) -> None:
    from tracker.adapters.dynamo.mappers import contact_to_item as _contact_to_item
    from tracker.adapters.dynamo.models import ContactItem
    from tracker.domain import Contact
    from tracker.domain.ids import new_id

    old = datetime(2025, 1, 1, tzinfo=UTC)
    with ContactItem.batch_write() as batch:
        for n in range(count):
            contact = Contact(
                contact_id=new_id(),
                name=f"Person {n}",
                created_at=old,
                updated_at=old,
                last_contact_at=old + timedelta(hours=n),
                next_step=None,
            )
            batch.save(_contact_to_item(member, contact))


@pytest.mark.parametrize("network", [20, 2_000])
def test_the_worker_reads_the_same_whatever_the_network_size(api: ApiClient, network: int) -> None:
    from tracker.rendering.program_wording import wording_for
    from tracker.runtime import services

    api.patch("/me", {"time_zone": "America/Chicago", "picks_per_day": 3})
    write_contacts(api.identity.member, network)
    # The program's wording set is read once per environment every few minutes, not per member
    # (rendering/program_wording.py; tests/unit/test_wording_sets.py counts it): read it first.
    wording_for(api.identity.member.org_id)
    with dynamodb_calls() as calls:
        report = services().reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    assert report.outcomes == {"email": "sent"}
    operations = [name for name, _ in calls]
    items = sum(count for _, count in calls)
    assert operations == [
        "Query",  # the last 14 days' picks (today's not chosen yet, who rests), the plans, the profile
        "Query",  # due-date index, Limit 12 (+ those resting)
        "Query",  # next-step index, Limit 5
        "BatchGetItem",  # the chosen people, and whether the email address is suppressed
        "PutItem",  # the day's picks (who rests: the people picked are not written) and the email's claim
        "UpdateItem",  # mark it sent
        "UpdateItem",  # the email asked for a current focus (once: the member has none)
    ]
    assert items <= 3 + 12 + 3  # profile, candidates, chosen: never the whole network


def picked_in(mail: Any) -> set[str]:
    """The people a daily email lists ("1. Person 7")."""
    text = parsed(mail).get_body(preferencelist=("plain",)).get_content()
    return {line.split(". ", 1)[1] for line in text.splitlines() if re.match(r"\d\. Person \d+$", line)}


def test_the_next_days_reminder_names_new_people_in_at_most_six_dynamodb_calls(api: ApiClient) -> None:
    """The steady state of the daily job (issue 16): yesterday's picks rest without a write to
    them, and a member's day costs at most 6 DynamoDB calls and one send, with 3 picks."""
    from tracker.runtime import services

    api.patch("/me", {"time_zone": "America/Chicago", "picks_per_day": 3, "current_focus": "design roles"})
    write_contacts(api.identity.member, 40)
    reminders = services().reminders
    first = reminders.send_daily(api.identity.member, SAM_HOUR.date(), SAM_HOUR)
    yesterday = picked_in(sent_emails()[-1])
    next_day = SAM_HOUR + timedelta(days=1)
    with dynamodb_calls() as calls:
        report = reminders.send_daily(api.identity.member, next_day.date(), next_day)
    assert (first.outcomes, report.outcomes) == ({"email": "sent"}, {"email": "sent"})
    today = picked_in(sent_emails()[-1])
    assert len(today) == len(yesterday) == 3
    assert not today & yesterday  # yesterday's picks rest
    assert len(calls) <= 6, [name for name, _ in calls]


def test_the_sample_schedule_event_dispatches(api: ApiClient, aws: Stack, pipeline: EventSources) -> None:
    set_up_member(api)
    assert pipeline.functions.invoke("DispatchFunction", load_event("schedule_hourly")) == {
        "at": "2026-11-27T14:00:00+00:00",
        "slots": 2,  # 14:00 in UTC (every profile starts there) and 08:00 in Chicago
        "queued": 1,
        "pages": 16,  # each slot's 4 shards of the reminder and the review index, one Query each
        "handed_on": 0,
    }
    assert queue_depth(aws, "ReminderQueue") == 1
