"""Sending at scale (issue 16, parts 1 and 2): one hourly dispatch with 1,000 and 10,000 members
due in the same hour, and what the send rates make of a program's 08:00.

    .venv/bin/python -m bench.dispatch_scale [members...]      (default: 1000 10000)

Dispatch: N members of one program, all in Chicago at 08:00, are written straight into the
table (not metered); the hourly run and then every slot page it handed on (bench.harness: moto,
the real Dispatcher on the real adapters) are metered: requests by operation, Query pages of
the slot indexes, SendMessageBatch calls, invocations and the most one invocation queued. From
those, 100,000: requests scale with members (a Query per 1,000, a SendMessageBatch per 10);
an invocation's time at the latencies below stays bounded by the per-invocation budget, a
single run's would not (the 15-minute Lambda limit, the function's 120 s timeout).

Send rates: the remind workers' pacing (services/pacing.py) on a simulated clock for a
program's 08:00, against spreading each member over a stable minute with SQS DelaySeconds
(at most 900 s), which spreads but does not cap. Writes bench/results/dispatch_scale.json.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.harness import AT, mocked, table, write_result

SQS_CALL_MS = 20  # SendMessageBatch in-region, a conservative p50
QUERY_PAGE_MS = 30  # a keys-only Query page of 1,000 entries
LAMBDA_LIMIT_S = 15 * 60
DISPATCH_TIMEOUT_S = 120  # template.yaml
SQS_DELAY_LIMIT_S = 900


def add_members(count: int) -> None:
    from tracker.adapters.dynamo.mappers import member_to_item
    from tracker.adapters.dynamo.models import MemberItem
    from tracker.domain.model import Member, MemberKey
    from tracker.runtime import dynamo_repositories

    repositories = dynamo_repositories()  # binds the models to the stack's table
    joined = AT - timedelta(days=30)
    with MemberItem.batch_write() as batch:
        for n in range(count):
            key = MemberKey("national", str(uuid.uuid5(uuid.NAMESPACE_URL, f"member-{n}")))
            member = Member(
                key=key,
                email=f"member-{n}@example.org",
                created_at=joined,
                updated_at=joined,
                time_zone="America/Chicago",
                reminder_hour=8,
            )
            batch.save(member_to_item(member))
    repositories.members.register_time_zone("America/Chicago")


class Arrived:
    """The reminder queue as the dispatch sees it, a fresh moto queue for every 500 sends (moto's
    SQS slows down as a queue grows; Lambda would be draining it meanwhile): what arrived is
    counted."""

    def __init__(self, sqs: Any) -> None:
        self._sqs, self.count, self._made = sqs, 0, 0

    def send_all(self, requests: list[Any]) -> None:
        from tracker.adapters.aws import SqsQueue

        self._made += 1
        url = self._sqs.create_queue(QueueName=f"bench-reminders-{self._made}")["QueueUrl"]
        SqsQueue(url).send_all(requests)
        attributes = self._sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
        )
        self.count += int(attributes["Attributes"]["ApproximateNumberOfMessages"])
        self._sqs.delete_queue(QueueUrl=url)


def measure_dispatch(members: int) -> dict[str, Any]:
    import boto3

    from tracker.adapters.aws import SqsQueue
    from tracker.domain.dispatch import MEMBERS_PER_INVOCATION, SlotPage
    from tracker.observability import logger
    from tracker.services.dispatch import Dispatcher

    with mocked(AT) as bench:
        add_members(members)
        pages_url = bench.stack.queue_url(bench.stack.resolver({"Fn::GetAtt": ["DispatchPages", "Arn"]}))
        sqs = boto3.client("sqs", region_name="us-east-1")
        arrived = Arrived(sqs)
        dispatcher = Dispatcher(bench.services.repositories.members, arrived, SqsQueue(pages_url))
        logger.setLevel("ERROR")  # the function's own level (INFO) logs every page
        clients = bench.clients()
        queued, invocations, most = 0, 0, 0
        started = time.perf_counter()
        with bench.meter.watching(*clients) as usage:
            summary = dispatcher.run(AT)
        invocations, queued, most = 1, summary.queued, summary.queued
        while True:  # the dispatch function, one handed-on page per invocation
            got = sqs.receive_message(QueueUrl=pages_url, MaxNumberOfMessages=1).get("Messages", [])
            if not got:
                break
            with bench.meter.watching(*clients) as more:
                page = dispatcher.go_on(SlotPage.from_json(got[0]["Body"]))
            usage.calls.update(more.calls)
            usage.read_units += more.read_units
            usage.aws_seconds += more.aws_seconds
            sqs.delete_message(QueueUrl=pages_url, ReceiptHandle=got[0]["ReceiptHandle"])
            invocations += 1
            queued += page.queued
            most = max(most, page.queued)
        seconds = time.perf_counter() - started
        depth = arrived.count
    assert queued == members == depth, (queued, members, depth)
    assert most <= MEMBERS_PER_INVOCATION
    calls = Counter(usage.calls)
    return {
        "members_due": members,
        "requests": sum(calls.values()),
        "query_pages": calls["dynamodb:Query"],
        "send_message_batch": calls["sqs:SendMessageBatch"],
        "invocations": invocations,
        "most_queued_in_one_invocation": most,
        "read_units": round(usage.read_units, 1),
        "calls": dict(calls),
        "moto_seconds": round(seconds, 2),
    }


def projected(members: int) -> dict[str, Any]:
    """A run's figures at `members`, from how they grow (a Query page per 1,000, a batch per 10)."""
    from tracker.domain.dispatch import MEMBERS_PER_INVOCATION, SLOT_PAGE
    from tracker.domain.model import SLOT_SHARDS

    pages = -(-members // SLOT_PAGE) + 8  # + the empty review-slot shards and the shards' last pages
    batches = -(-members // 10)
    single_run_s = (pages * QUERY_PAGE_MS + batches * SQS_CALL_MS) / 1000
    per_invocation_s = (
        -(-MEMBERS_PER_INVOCATION // SLOT_PAGE) * QUERY_PAGE_MS + MEMBERS_PER_INVOCATION // 10 * SQS_CALL_MS
    ) / 1000
    return {
        "members_due": members,
        "query_pages": pages,
        "send_message_batch": batches,
        # past the budget, each slot shard's remainder is a page message of its own: 8 more at most
        "invocations": 1
        if members <= MEMBERS_PER_INVOCATION
        else -(-members // MEMBERS_PER_INVOCATION) + 2 * SLOT_SHARDS,
        "single_run_s": round(single_run_s, 1),
        "single_run_share_of_15_min": f"{single_run_s / LAMBDA_LIMIT_S:.0%}",
        "per_invocation_s": round(min(per_invocation_s, single_run_s), 1),
        "per_invocation_share_of_timeout": f"{min(per_invocation_s, single_run_s) / DISPATCH_TIMEOUT_S:.0%}",
    }


def paced(members: int, emails_per_second: float, texts_per_second: float) -> dict[str, Any]:
    """The remind workers' pacing for `members` due at 08:00, on a simulated clock: the busiest
    second and when the last email and text leave, against the member's hour."""
    from tracker.domain.clock import FixedClock
    from tracker.domain.model import ReminderChannel
    from tracker.domain.rates import SendRates
    from tracker.services.pacing import Pacer

    rates = SendRates(emails_per_second, texts_per_second, environments=2)
    result: dict[str, Any] = {"members": members}
    for channel, label in ((ReminderChannel.EMAIL, "emails"), (ReminderChannel.SMS, "texts")):
        clock = FixedClock(AT)
        workers = [Pacer(clock, rates), Pacer(clock, rates)]
        # Both environments wait their turns side by side: always move the one due first.
        sent: list[float] = []
        turns = [AT.timestamp(), AT.timestamp()]
        for _ in range(members):
            worker = min(range(2), key=lambda w: turns[w])
            clock.at = datetime.fromtimestamp(turns[worker], UTC)
            workers[worker].wait(channel)
            sent.append(clock.now().timestamp())
            turns[worker] = clock.now().timestamp() + 1e-6
        busiest = max(Counter(int(at) for at in sent).values())
        last = max(sent) - AT.timestamp()
        late = sum(1 for at in sent if at - AT.timestamp() >= 3600)
        result[label] = {
            "rate": emails_per_second if channel is ReminderChannel.EMAIL else texts_per_second,
            "busiest_second": busiest,
            "last_after_s": round(last),
            "late": late,
        }
    # SQS DelaySeconds alone: a stable minute in the first 15 spreads arrivals, does not cap them
    result["delays_only_per_second"] = round(members / SQS_DELAY_LIMIT_S, 1)
    return result


def main(sizes: list[int]) -> None:
    measured = [measure_dispatch(size) for size in sizes]
    print("Dispatch, one hour's members (moto, metered)")
    print(
        table(
            [
                [
                    m["members_due"],
                    m["requests"],
                    m["query_pages"],
                    m["send_message_batch"],
                    m["invocations"],
                    m["most_queued_in_one_invocation"],
                    m["read_units"],
                    m["moto_seconds"],
                ]
                for m in measured
            ],
            [
                "members",
                "requests",
                "Query pages",
                "SendMessageBatch",
                "invocations",
                "most/invocation",
                "RCU",
                "moto s",
            ],
        )
    )
    plans = [projected(size) for size in (*sizes, 100_000)]
    print(f"\nProjected at AWS latencies (Query page {QUERY_PAGE_MS} ms, SendMessageBatch {SQS_CALL_MS} ms)")
    print(
        table(
            [
                [
                    p["members_due"],
                    p["query_pages"],
                    p["send_message_batch"],
                    p["single_run_s"],
                    p["single_run_share_of_15_min"],
                    p["invocations"],
                    p["per_invocation_s"],
                    p["per_invocation_share_of_timeout"],
                ]
                for p in plans
            ],
            [
                "members",
                "Query pages",
                "batches",
                "one run s",
                "of 15 min",
                "invocations",
                "each s",
                "of 120 s",
            ],
        )
    )
    rates = [paced(n, 14, 3) for n in (1_000, 20_000, 100_000)]
    print("\nSend rates at 08:00 (EmailsPerSecond 14, TextsPerSecond 3, 2 workers; simulated clock)")
    print(
        table(
            [
                [
                    r["members"],
                    r["emails"]["busiest_second"],
                    round(r["emails"]["last_after_s"] / 60, 1),
                    r["emails"]["late"],
                    r["texts"]["busiest_second"],
                    round(r["texts"]["last_after_s"] / 60, 1),
                    r["texts"]["late"],
                    r["delays_only_per_second"],
                ]
                for r in rates
            ],
            [
                "members",
                "emails/s max",
                "last email min",
                "late emails",
                "texts/s max",
                "last text min",
                "late texts",
                "delays only/s",
            ],
        )
    )
    path = write_result("dispatch_scale", {"measured": measured, "projected": plans, "send_rates": rates})
    print(f"\nwritten to {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000])
