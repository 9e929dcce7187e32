"""Event sources, locally: what Lambda, SQS, SNS and EventBridge Scheduler do between functions.

- SQS event source mappings: messages are received in batches (the function's BatchSize),
  handed over as an SQS event; ids in `batchItemFailures` (or every id, if the function
  raises) stay on the queue and come back; after the queue's maxReceiveCount they move to its
  dead-letter queue, as the redrive policy says. Locally a failed message is visible again
  at once instead of after the visibility timeout.
- SNS subscriptions and schedules invoke functions asynchronously: a failure is retried
  (EventInvokeConfig's MaximumRetryAttempts, default 2) and then sent to the OnFailure
  destination if there is one.
- Schedules fire on `fire_schedules(at)`, with `<aws.scheduler.scheduled-time>` in their
  input replaced by `at`, as Scheduler does.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3

from local.functions import FunctionHost
from local.provision import Stack
from local.template import ACCOUNT_ID, REGION


@dataclass(frozen=True)
class SqsSource:
    function_id: str
    queue_arn: str
    queue_url: str
    batch_size: int
    reports_failures: bool


@dataclass(frozen=True)
class SnsSource:
    function_id: str
    topic_arn: str


@dataclass(frozen=True)
class Schedule:
    function_id: str
    expression: str
    input: str | None


@dataclass
class Delivery:
    received: int = 0
    failed: int = 0
    invocations: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"received": self.received, "failed": self.failed, "invocations": self.invocations}


@dataclass
class EventSources:
    stack: Stack
    functions: FunctionHost
    sqs: list[SqsSource] = field(default_factory=list)
    sns: list[SnsSource] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue_locks: dict[str, threading.Lock] = {}
        resolve = self.stack.resolver
        for function_id, spec in self.stack.template.of_type("AWS::Serverless::Function").items():
            for event in (spec["Properties"].get("Events") or {}).values():
                properties = resolve(event.get("Properties") or {})
                if event["Type"] == "SQS":
                    queue_arn = properties["Queue"]
                    self.sqs.append(
                        SqsSource(
                            function_id=function_id,
                            queue_arn=queue_arn,
                            queue_url=self.stack.queue_url(queue_arn),
                            batch_size=int(properties.get("BatchSize", 10)),
                            reports_failures="ReportBatchItemFailures"
                            in properties.get("FunctionResponseTypes", []),
                        )
                    )
                elif event["Type"] == "SNS":
                    self.sns.append(SnsSource(function_id, properties["Topic"]))
                elif event["Type"] in ("ScheduleV2", "Schedule"):
                    expression = properties.get("ScheduleExpression") or properties.get("Schedule")
                    self.schedules.append(Schedule(function_id, str(expression), properties.get("Input")))
        for source in self.sqs:
            self._queue_locks[source.queue_url] = threading.Lock()

    # ------------------------------------------------------------ schedules

    def fire_schedules(self, at: datetime) -> list[dict[str, Any]]:
        """Run every schedule as of `at` (each is hourly in this template)."""
        stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        results = []
        for schedule in self.schedules:
            raw = (schedule.input or "{}").replace("<aws.scheduler.scheduled-time>", stamp)
            event = json.loads(raw)
            result, error = self.invoke_async(schedule.function_id, event)
            results.append({"function": schedule.function_id, "result": result, "error": error})
        return results

    # ------------------------------------------------------------ SNS

    def publish(self, topic_arn: str, message: str, subject: str | None = None) -> list[dict[str, Any]]:
        """Deliver a message published to a topic to the functions subscribed to it."""
        record = {
            "EventSource": "aws:sns",
            "EventVersion": "1.0",
            "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
            "Sns": {
                "Type": "Notification",
                "MessageId": str(uuid.uuid4()),
                "TopicArn": topic_arn,
                "Subject": subject,
                "Message": message,
                "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                "SignatureVersion": "1",
                "Signature": "local",
                "SigningCertUrl": "https://sns.local/cert.pem",
                "UnsubscribeUrl": "https://sns.local/unsubscribe",
                "MessageAttributes": {},
            },
        }
        results = []
        for source in self.sns:
            if source.topic_arn == topic_arn:
                result, error = self.invoke_async(source.function_id, {"Records": [record]})
                results.append({"function": source.function_id, "result": result, "error": error})
        return results

    # ------------------------------------------------------------ asynchronous invocation

    def invoke_async(self, function_id: str, event: dict[str, Any]) -> tuple[Any, str | None]:
        """Invoke as Lambda's async path does: retries, then the OnFailure destination."""
        config = self.stack.template.function_property(function_id, "EventInvokeConfig") or {}
        attempts = 1 + int(config.get("MaximumRetryAttempts", 2))
        error: Exception | None = None
        for _ in range(attempts):
            try:
                return self.functions.invoke(function_id, event), None
            except Exception as failure:
                error = failure
        destination = ((config.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
        if destination is not None:
            queue_url = self.stack.queue_url(self.stack.resolver(destination))
            boto3.client("sqs", region_name=REGION).send_message(
                QueueUrl=queue_url,
                MessageBody=json.dumps(
                    {
                        "requestContext": {
                            "functionArn": self.stack.attribute(function_id, "Arn"),
                            "condition": "RetriesExhausted",
                            "approximateInvokeCount": attempts,
                        },
                        "requestPayload": event,
                        "responseContext": {"functionError": "Unhandled"},
                        "responsePayload": {"errorType": type(error).__name__, "errorMessage": str(error)},
                    },
                    default=str,
                ),
            )
        return None, f"{type(error).__name__}: {error}"

    # ------------------------------------------------------------ SQS

    def drain(self) -> dict[str, dict[str, int]]:
        """Deliver every queued message (and every retry) until the queues are empty."""
        report = {}
        for source in self.sqs:
            report[source.function_id] = self._drain_queue(source).as_dict()
        return report

    def _drain_queue(self, source: SqsSource) -> Delivery:
        sqs = boto3.client("sqs", region_name=REGION)
        delivery = Delivery()
        with self._queue_locks[source.queue_url]:
            while True:
                messages = sqs.receive_message(
                    QueueUrl=source.queue_url,
                    MaxNumberOfMessages=min(source.batch_size, 10),
                    VisibilityTimeout=0,
                    WaitTimeSeconds=0,
                    MessageSystemAttributeNames=["All"],
                    MessageAttributeNames=["All"],
                ).get("Messages", [])
                if not messages:
                    return delivery
                delivery.received += len(messages)
                delivery.invocations += 1
                failed = self._deliver_batch(source, messages)
                delivery.failed += len(failed)
                done = [m for m in messages if m["MessageId"] not in failed]
                for start in range(0, len(done), 10):
                    sqs.delete_message_batch(
                        QueueUrl=source.queue_url,
                        Entries=[
                            {"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]}
                            for n, m in enumerate(done[start : start + 10])
                        ],
                    )

    def _deliver_batch(self, source: SqsSource, messages: list[dict[str, Any]]) -> set[str]:
        event = {"Records": [_sqs_record(source.queue_arn, message) for message in messages]}
        try:
            response = self.functions.invoke(source.function_id, event)
        except Exception:
            return {m["MessageId"] for m in messages}
        if not source.reports_failures or not isinstance(response, dict):
            return set()
        return {str(item["itemIdentifier"]) for item in response.get("batchItemFailures") or []}


def _sqs_record(queue_arn: str, message: dict[str, Any]) -> dict[str, Any]:
    attributes = message.get("Attributes") or {}
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {
            "ApproximateReceiveCount": attributes.get("ApproximateReceiveCount", "1"),
            "SentTimestamp": attributes.get("SentTimestamp", "0"),
            "SenderId": attributes.get("SenderId", ACCOUNT_ID),
            "ApproximateFirstReceiveTimestamp": attributes.get("ApproximateFirstReceiveTimestamp", "0"),
        },
        "messageAttributes": message.get("MessageAttributes") or {},
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": REGION,
    }
