"""Hot keys: how a program's conversations spread over its week's items, before and after the
week was sharded, and what the program report's 12 weeks cost to read.

    .venv/bin/python -m bench.hot_keys [members...]      (default: 100 1000)

N members of one program each log a conversation in the same week through the real service
(ConversationService.log); every write the data layer sends is recorded by partition key. Before
is the same run with one shard (ORG_WEEK_SHARDS = 1: every member on `ORG#<org>`, the key the
program's week was kept under before). The members log one after the other: which key a write
goes to does not depend on timing. From the busiest key's share, the WCU it takes when the whole
program logs at its design peak (keys.py: 500 transactional writes a second, 2 WCU each).

The report's read (OrgRepository.weeks for 12 weeks) is metered (bench/meter.py) on a program
whose every shard of all 12 weeks holds counters (a large program); before, the Query the
unsharded weeks were read with. Writes bench/results/hot_keys.json.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from bench.harness import mocked, table, write_result

THURSDAY = datetime(2026, 11, 26, 15, tzinfo=UTC)  # week 2026-W48 everywhere
WEEK = "2026-W48"
PEAK_WRITES_PER_SECOND = 500  # keys.py: a 100,000-member program's busiest ten minutes
PARTITION_WCU = 1000  # what one item (one partition key) takes a second


@contextmanager
def shards(count: int) -> Iterator[None]:
    from tracker.adapters.dynamo import keys

    saved = keys.ORG_WEEK_SHARDS
    keys.ORG_WEEK_SHARDS = count
    try:
        yield
    finally:
        keys.ORG_WEEK_SHARDS = saved


def program_week_writes(members: int, shard_count: int) -> dict[str, Any]:
    from tracker.adapters.dynamo.models import bound_connection
    from tracker.domain.contacts import NewContact
    from tracker.domain.conversations import NewConversation
    from tracker.domain.model import Identity
    from tracker.runtime import dynamo_repositories

    written: Counter[str] = Counter()

    def record(params: dict[str, Any], **_: Any) -> None:
        for entry in params.get("TransactItems", []):
            ((kind, body),) = entry.items()
            pk = body["Key"]["PK"]["S"] if kind == "Update" else ""
            if pk.startswith("ORG#") and "#MEMBER#" not in pk and body["Key"]["SK"]["S"] == f"WEEK#{WEEK}":
                written[pk] += 1

    with shards(shard_count), mocked(THURSDAY) as bench:
        app = bench.services
        bench.clients()
        repositories = dynamo_repositories()
        client = bound_connection().connection.client
        client.meta.events.register("before-parameter-build.dynamodb.TransactWriteItems", record)
        for n in range(members):
            identity = Identity("bridges", f"{n:08d}-0000-4000-8000-000000000000", email=f"m{n}@example.org")
            contact = app.contacts.create(identity, NewContact(name="Ana Lima"))
            app.conversations.log(identity.member, contact.contact_id, NewConversation())
        summed = repositories.orgs.weeks("bridges", WEEK, WEEK)[WEEK]
        client.meta.events.unregister("before-parameter-build.dynamodb.TransactWriteItems", record)
    total = sum(written.values())
    busiest = max(written.values())
    return {
        "members": members,
        "shards": shard_count,
        "writes": total,
        "keys": len(written),
        "max_per_key": busiest,
        "peak_wcu_busiest_key": round(PEAK_WRITES_PER_SECOND * 2 * busiest / total),
        "program_week": {"members_active": summed.members_active, "conversations": summed.conversations},
    }


def report_read() -> dict[str, Any]:
    from tracker.adapters.dynamo.keys import ORG_WEEK_SHARDS, org_pk, org_week_pk, week_sk
    from tracker.adapters.dynamo.models import OrgWeekItem
    from tracker.domain import weeks
    from tracker.runtime import dynamo_repositories

    first = weeks.shift(WEEK, -11)
    figures = {"conversations": 480, "people": 400, "new_people": 90, "reconnects": 60, "members_active": 150}
    figures |= {"members_met": 70, "members_counted": 140, "outcome_job_lead": 12, "outcome_advice": 30}
    with mocked(THURSDAY) as bench:
        repositories = dynamo_repositories()
        with OrgWeekItem.batch_write() as batch:
            for n in range(12):
                for shard in range(ORG_WEEK_SHARDS):
                    batch.save(
                        OrgWeekItem(org_week_pk("bridges", shard), week_sk(weeks.shift(first, n)), **figures)
                    )
        clients = bench.clients()
        with bench.meter.watching(*clients) as before:  # the unsharded read: one Query of 12 items
            list(OrgWeekItem.query(org_pk("bridges"), OrgWeekItem.sk.between(week_sk(first), week_sk(WEEK))))
        with bench.meter.watching(*clients) as after:
            found = repositories.orgs.weeks("bridges", first, WEEK)
    assert len(found) == 12, found
    assert found[WEEK].conversations == 480 * ORG_WEEK_SHARDS, found[WEEK]
    return {"before": before.as_dict(), "after": after.as_dict(), "keys": 12 * ORG_WEEK_SHARDS}


def main(sizes: list[int]) -> None:
    from tracker.adapters.dynamo.keys import ORG_WEEK_SHARDS

    rows = [program_week_writes(size, count) for size in sizes for count in (1, ORG_WEEK_SHARDS)]
    for row in rows:  # every conversation counted once, whatever the shards
        assert row["program_week"] == {"members_active": row["members"], "conversations": row["members"]}, row
    read = report_read()
    print(f"Hot keys: N members of one program each log a conversation in week {WEEK}\n")
    print(
        table(
            [
                [
                    row["members"],
                    "before" if row["shards"] == 1 else f"after ({row['shards']} shards)",
                    row["writes"],
                    row["keys"],
                    row["max_per_key"],
                    f"{row['peak_wcu_busiest_key']} / {PARTITION_WCU}",
                ]
                for row in rows
            ],
            ["members", "", "writes", "keys written", "max writes/key", "busiest key's WCU/s at peak"],
        )
    )
    print(
        f"\nPeak: {PEAK_WRITES_PER_SECOND} transactional writes a second to one program week "
        "(a 100,000-member program, 3 conversations each within ten minutes of 08:00)"
    )
    print("\nProgram report, 12 weeks of a program whose every shard holds counters\n")
    print(
        table(
            [
                [
                    label,
                    part["requests"],
                    ", ".join(f"{k} {v}" for k, v in sorted(part["calls"].items())),
                    part["items_read"],
                    part["read_units"],
                ]
                for label, part in (("before (one Query)", read["before"]), ("after", read["after"]))
            ],
            ["", "AWS calls", "by operation", "items read", "RCU"],
        )
    )
    print(f"\nwrote {write_result('hot_keys', {'writes': rows, 'report': read})}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 1000])
