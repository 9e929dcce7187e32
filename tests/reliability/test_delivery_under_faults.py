"""No duplicate, no loss: the daily reminder from schedule to inbox under fault schedules that
Hypothesis draws (issue 8, property 1).

Faults, each answered by a botocore `before-send` handler registered first on the app's own
clients (tests/faults.py): DynamoDB, SES, SNS and SQS throttling, 5xx and connection
timeouts, for the first calls of each operation; a worker that dies after the provider
accepted a message; an answer lost after the provider accepted it (botocore sends again);
the same SQS batch delivered twice, at once; the same schedule fired twice.

What must hold:
- while the faults last, a reminder that has not gone out is parked, never dropped: its
  message is in the dead-letter queue or its dispatch run in the failure destination;
- after an operator's redrive of both, every member due has exactly one message per
  channel for the local date, and one more at most for each message the provider accepted
  that the worker never recorded (the crash-after-send case: the worker died, or the table
  would not take the record through all its retries). Every delivery is played in a new
  execution environment, so none remembers a send it could not record (the worst case).

Figures (faults, retries, redeliveries, duplicates, losses) go to
tests/artifacts/reliability-faults.json. FAULT_EXAMPLES sets how many schedules are drawn.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import quote

import boto3
import pytest
from botocore.awsrequest import AWSPreparedRequest
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError
from botocore.retries import standard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto.core.models import botocore_stubber

from local.events import EventSources
from local.functions import FunctionHost
from local.provision import Stack
from local.template import Template
from tests import summary
from tests.conftest import ApiClient, fresh_stack, sent_emails, sent_sms
from tests.faults import Answer, faults, server_error, throttled_by
from tracker import runtime as deps
from tracker.adapters import aws as adapters
from tracker.adapters.dynamo.models import bound_connection
from tracker.domain import Identity
from tracker.domain.clock import FixedClock
from tracker.services import sending as reminders

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
EXAMPLES = int(os.environ.get("FAULT_EXAMPLES", "12"))
AT = datetime(2026, 11, 27, 14, tzinfo=UTC)  # 08:00 in Chicago, 09:00 in New York


@dataclass(frozen=True)
class Person:
    identity: Identity
    zone: str
    hour: int
    channels: tuple[str, ...]
    phone: str | None = None

    @property
    def addresses(self) -> list[tuple[str, str]]:
        """(channel, address) for every message this member is due."""
        found = []
        for channel in self.channels:
            address = self.identity.email if channel == "email" else self.phone
            assert address is not None
            found.append((channel, address))
        return found


PEOPLE = (
    Person(Identity("bridges", "11111111-aaaa-4aaa-8aaa-111111111111", email="sam@example.org"),
           "America/Chicago", 8, ("email", "sms"), "+13125550142"),
    Person(Identity("bridges", "33333333-cccc-4ccc-8ccc-333333333333", email="lee@example.org"),
           "America/New_York", 9, ("sms",), "+12125550177"),
    Person(Identity("stmarys", "22222222-bbbb-4bbb-8bbb-222222222222", email="priya@example.org"),
           "America/Chicago", 8, ("email",)),
    Person(Identity("stmarys", "44444444-dddd-4ddd-8ddd-444444444444", email="ana@example.org"),
           "America/New_York", 9, ("email", "sms"), "+16175550123"),
)  # fmt: skip
DUE = [(channel, address) for person in PEOPLE for channel, address in person.addresses]

OPERATIONS = (
    ("dynamodb", "Query"),
    ("dynamodb", "GetItem"),
    ("dynamodb", "BatchGetItem"),
    ("dynamodb", "PutItem"),
    ("dynamodb", "UpdateItem"),
    ("dynamodb", "DeleteItem"),
    ("dynamodb", "TransactWriteItems"),
    ("sesv2", "SendEmail"),
    ("sns", "Publish"),
    ("sns", "CheckIfPhoneNumberIsOptedOut"),
    ("sqs", "SendMessageBatch"),
)
FAULT_KINDS = ("throttled", "server_error", "timeout")


class WorkerDied(BaseException):
    """The Lambda process ended mid-message: no handler of ours can catch it."""


@dataclass(frozen=True)
class Afterwards:
    """What happens after the provider accepted the message for `address`."""

    kind: str  # "crash": the worker dies; "lost_answer": the answer times out, botocore resends
    channel: str
    address: str


@dataclass(frozen=True)
class Scenario:
    faults: dict[tuple[str, str], list[str | None]]  # the answers to each operation's first calls
    afterwards: Afterwards | None
    schedule_fired_twice: bool
    batches_delivered_twice: bool


scenarios = st.builds(
    Scenario,
    faults=st.dictionaries(
        st.sampled_from(OPERATIONS),
        # runs of answers: a few good calls, a burst of one kind of fault, an outage...
        st.lists(st.tuples(st.sampled_from((None, *FAULT_KINDS)), st.integers(1, 16)), max_size=4).map(
            lambda runs: [kind for kind, length in runs for _ in range(length)]
        ),
        max_size=6,
    ),
    afterwards=st.one_of(
        st.none(),
        st.builds(
            lambda kind, due: Afterwards(kind, *due),
            st.sampled_from(("crash", "lost_answer")),
            st.sampled_from(DUE),
        ),
    ),
    schedule_fired_twice=st.booleans(),
    batches_delivered_twice=st.booleans(),
)

FIGURES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_figures() -> Iterator[None]:
    yield
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reliability-faults.json").write_text(json.dumps(dict(sorted(FIGURES.items())), indent=2))
    summary.report(
        "reliability",
        f"faults: {FIGURES['examples']} schedules, {FIGURES['faults injected']} faults injected, "
        f"{FIGURES['botocore retries']} botocore retries, {FIGURES['sqs redeliveries']} SQS redeliveries, "
        f"{FIGURES['parked in the dead-letter queue']} dead-lettered, "
        f"{FIGURES['dispatch runs parked']} dispatch runs parked, {FIGURES['duplicates']} duplicates "
        f"({FIGURES['accepted but unrecorded']} accepted-but-unrecorded), {FIGURES['losses']} losses",
    )


@contextmanager
def unrecorded_sends() -> Iterator[Counter[tuple[str, str]]]:
    """(channel, address) of each send the provider accepted that the worker could not record,
    counted: each may be made once more, by a later delivery after the claim's lease."""
    found: Counter[tuple[str, str]] = Counter()
    record_sent = reminders.Sender._record_sent
    by_member = {person.identity.member_id: person for person in PEOPLE}

    def spy(self: reminders.Sender, key: Any, send: str, claim: str, message_id: str, texted: Any) -> bool:
        recorded = record_sent(self, key, send, claim, message_id, texted)
        if not recorded:
            channel = send.rsplit("#", 1)[1]
            found[next(due for due in by_member[key.member_id].addresses if due[0] == channel)] += 1
        return recorded

    with mock.patch.object(reminders.Sender, "_record_sent", spy):
        yield found


@contextmanager
def no_waiting() -> Iterator[None]:
    """botocore's backoff and our own pauses take no time, and every retry is counted."""

    def no_delay(self: Any, context: Any) -> float:
        FIGURES["botocore retries"] += 1
        return 0.0

    with (
        mock.patch.object(standard.ExponentialBackoff, "delay_amount", no_delay),
        mock.patch.object(reminders, "pause_for", return_value=None),
    ):
        yield


def answer_for(service: str, kind: str, request: AWSPreparedRequest) -> Answer:
    if kind == "timeout":
        raise ConnectTimeoutError(endpoint_url=request.url)
    if kind == "throttled":
        return throttled_by(service)
    return server_error(service)


def client_for(service: str) -> Any:
    if service == "dynamodb":
        return bound_connection().connection.client
    return adapters.client(service)


def carries(request: AWSPreparedRequest, address: str) -> bool:
    body = request.body or b""
    text = body.decode() if isinstance(body, bytes) else str(body)
    return address in text or quote(address, safe="") in text


@contextmanager
def injected(scenario: Scenario) -> Iterator[None]:
    with ExitStack() as stack:
        for (service, operation), answers in scenario.faults.items():

            def answer(
                request: AWSPreparedRequest, n: int, service: str = service, answers: list = answers
            ) -> Any:
                kind = answers[n - 1] if n <= len(answers) else None
                if kind is None:
                    return None
                FIGURES["faults injected"] += 1
                FIGURES[f"faults injected: {service} {kind}"] += 1
                return answer_for(service, kind, request)

            stack.enter_context(faults(client_for(service), operation, answer))
        if scenario.afterwards is not None:
            stack.enter_context(after_acceptance(scenario.afterwards))
        yield


@contextmanager
def after_acceptance(afterwards: Afterwards) -> Iterator[None]:
    """moto takes the message (it is sent), then the worker dies or the answer is lost."""
    service, operation = ("sesv2", "SendEmail") if afterwards.channel == "email" else ("sns", "Publish")
    done = False

    def answer(request: AWSPreparedRequest, n: int) -> Answer | None:
        nonlocal done
        if done or not carries(request, afterwards.address):
            return None
        done = True
        botocore_stubber(event_name=f"before-send.{service}.{operation}", request=request)
        if afterwards.kind == "crash":
            raise WorkerDied
        raise ReadTimeoutError(endpoint_url=request.url)

    with faults(adapters.client(service), operation, answer):
        yield


def run_as_lambda(pipeline: EventSources, clock: FixedClock, scenario: Scenario) -> None:
    """The worker as SQS and Lambda run it: a message that failed comes back after the queue's
    visibility timeout; duplicate deliveries run side by side; a dead worker fails its batch."""
    visibility = int(pipeline.stack.template.resources["ReminderQueue"]["Properties"]["VisibilityTimeout"])
    invoke = pipeline.functions.invoke

    def worker(function_id: str, event: dict[str, Any]) -> Any:
        if function_id != "RemindFunction":
            return invoke(function_id, event)
        receives = [int(record["attributes"]["ApproximateReceiveCount"]) for record in event["Records"]]
        if max(receives) > 1:
            FIGURES["sqs redeliveries"] += sum(count > 1 for count in receives)
            clock.advance(seconds=visibility)
        copies = 2 if scenario.batches_delivered_twice else 1
        # Each delivery lands in a new execution environment, which remembers no send it made
        # (the worst case: a warm one would record a send it could not record before).
        reminders.unrecorded_sends.clear()
        with ThreadPoolExecutor(copies) as pool:
            # A second copy runs alongside, in another execution environment, as SQS may do.
            runs = [pool.submit(invoke, function_id, event, second_environment=n > 0) for n in range(copies)]
            failed: set[str] = set()
            for run in runs:
                try:
                    answer = run.result()
                except WorkerDied:
                    raise RuntimeError("the worker died; SQS hands its batch out again") from None
                failed |= {item["itemIdentifier"] for item in answer["batchItemFailures"]}
        return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in sorted(failed)]}

    pipeline.functions.invoke = worker  # type: ignore[method-assign]


def set_up(person: Person) -> None:
    api = ApiClient(person.identity)
    me: dict[str, Any] = {
        "time_zone": person.zone,
        "reminder_hour": person.hour,
        "reminder_channels": list(person.channels),
    }
    if person.phone:
        me["phone"] = person.phone
    assert api.patch("/me", me).status == 200
    for n in range(3):
        reply = api.post(
            "/contacts", {"name": f"Person{n} Lapsed", "last_contact_at": f"2025-0{n + 1}-15T12:00:00Z"}
        )
        assert reply.status == 201


def take_all(stack: Stack, queue: str) -> list[dict[str, Any]]:
    sqs, url, taken = boto3.client("sqs"), stack.ref(queue), []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=600).get(
        "Messages", []
    ):
        taken += batch
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return taken


def delivered() -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for raw in sent_emails():
        message = email.message_from_string(raw.raw_data, policy=email.policy.default)
        counts["email", str(message["To"])] += 1
    for phone, _text in sent_sms():
        counts["sms", phone] += 1
    return counts


def redrive(pipeline: EventSources, stack: Stack) -> None:
    """What the runbook says: re-run the failed dispatch runs, move dead letters back."""
    for failure in take_all(stack, "AsyncFailures"):
        pipeline.invoke_async("DispatchFunction", json.loads(failure["Body"])["requestPayload"])
    sqs = boto3.client("sqs")
    for dead in take_all(stack, "ReminderDeadLetters"):
        sqs.send_message(QueueUrl=stack.ref("ReminderQueue"), MessageBody=dead["Body"])
    pipeline.drain()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios)
def test_every_member_due_gets_one_reminder_per_channel_whatever_fails(
    template: Template, scenario: Scenario
) -> None:
    with fresh_stack(template) as stack, no_waiting(), unrecorded_sends() as unrecorded:
        clock = FixedClock(AT)
        deps.use_clock(clock)
        for person in PEOPLE:
            set_up(person)
        pipeline = EventSources(stack, FunctionHost(stack))
        run_as_lambda(pipeline, clock, scenario)
        FIGURES["examples"] += 1

        with injected(scenario):
            pipeline.fire_schedules(AT)
            if scenario.schedule_fired_twice:
                pipeline.fire_schedules(AT)
            pipeline.drain()

        # Nothing dropped: whoever is still owed a message is parked where an operator looks.
        parked_dispatches = take_all(stack, "AsyncFailures")
        dead = take_all(stack, "ReminderDeadLetters")
        FIGURES["dispatch runs parked"] += len(parked_dispatches)
        FIGURES["parked in the dead-letter queue"] += len(dead)
        parked_members = {json.loads(message["Body"])["member_id"] for message in dead}
        sent = delivered()
        for person in PEOPLE:
            owed = [due for due in person.addresses if not sent[due]]
            if owed and not parked_dispatches and person.identity.member_id not in parked_members:
                FIGURES["losses"] += len(owed)
                pytest.fail(f"{owed} neither sent nor parked")
        sqs = boto3.client("sqs")
        for message in parked_dispatches:  # back where they were, for the redrive below
            sqs.send_message(QueueUrl=stack.ref("AsyncFailures"), MessageBody=message["Body"])
        for message in dead:
            sqs.send_message(QueueUrl=stack.ref("ReminderDeadLetters"), MessageBody=message["Body"])

        clock.advance(minutes=10)  # the faults have passed, every lease has run out
        redrive(pipeline, stack)

        sent = delivered()
        FIGURES["duplicates"] += sum(count - 1 for count in sent.values() if count > 1)
        FIGURES["losses"] += sum(1 for due in DUE if not sent[due])
        if scenario.afterwards:
            unrecorded[scenario.afterwards.channel, scenario.afterwards.address] += 1
        FIGURES["accepted but unrecorded"] += sum(unrecorded.values())
        allowed = {due: 1 + unrecorded[due] for due in DUE}
        assert set(sent) == set(DUE), f"sent to {sorted(sent)}"
        for due in DUE:
            assert 1 <= sent[due] <= allowed[due], f"{due}: {sent[due]} messages"
        assert take_all(stack, "ReminderQueue") == []
        assert take_all(stack, "ReminderDeadLetters") == []
        assert take_all(stack, "AsyncFailures") == []
