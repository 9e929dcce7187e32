"""Per-member work of the daily job (dispatch + reminder), by network size, against a naive
Scan-and-filter baseline run in the same process.

    .venv/bin/python -m bench.daily_job [sizes...]      (default: 20 200 2000)

For each size: one member with that many overdue contacts gets the day's reminder (email)
through the real worker code; every AWS call is counted and DynamoDB capacity computed by
DynamoDB's rules (bench/meter.py). The baseline (bench/naive.py, never used by the app)
chooses the same picks by scanning. Prints tables; writes bench/results/daily_job.json.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from typing import Any

from bench.harness import AT, add_member, mocked, table, write_result
from bench.meter import item_size
from bench.naive import naive_dispatch, naive_picks
from tracker.domain.contacts import ContactFilter
from tracker.domain.conversations import NewConversation
from tracker.domain.model import Channel, Outcome

NEXT = AT + timedelta(days=1)
# The next day's reminder, by picks a day: AWS calls, RCU, WCU. EARLIER: before the rotation
# moved into the picks records (main at 724a3e9); BEFORE: before the profile, picks records and
# plan were read in one Query and the email claimed with the picks (main at 1279543, 2026-12-04).
EARLIER = {1: (12, 4.0, 6.0), 3: (14, 5.0, 12.0)}
BEFORE = {1: (11, 4.0, 3.0), 3: (11, 5.0, 3.0)}


def stored_bytes(bench: Any, member: Any) -> dict[str, int]:
    """What DynamoDB bills as storage for the member: items, plus every index entry, each with
    DynamoDB's 100 bytes of overhead per item and per index entry."""
    client = bench.meter.peek_client
    pk = f"ORG#{member.org_id}#MEMBER#{member.member_id}"
    items: list[dict[str, Any]] = []
    start: dict[str, Any] | None = None
    while True:
        page = client.query(
            TableName=bench.stack.table_name,
            KeyConditionExpression="PK = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
            **({"ExclusiveStartKey": start} if start else {}),
        )
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    table_bytes = sum(item_size(item) + 100 for item in items)
    index_bytes = sum(
        item_size(projected) + 100
        for item in items
        for index in bench.meter.indexes
        if (projected := index.projected(item, bench.meter.table_keys)) is not None
    )
    contacts = [item for item in items if item["SK"]["S"].startswith("CONTACT#")]
    conversations = [item for item in items if item["SK"]["S"].startswith("INTERACTION#")]
    return {
        "interaction_item_bytes": round(
            sum(item_size(c) + 100 for c in conversations) / max(len(conversations), 1)
        ),
        "items": len(items),
        "table_bytes": table_bytes,
        "index_bytes": index_bytes,
        "contact_item_bytes": round(sum(item_size(c) for c in contacts) / max(len(contacts), 1)),
    }


def measure(contacts: int, picks: int = 1) -> dict[str, Any]:
    with mocked() as bench:
        identity = add_member(bench, "member-1", contacts, picks_per_day=picks)
        warm = add_member(bench, "member-0", 20, picks_per_day=picks)
        # A warm worker: imports, time zones and the signing secret are loaded by a first member.
        bench.services.reminders.send_daily(warm.member, AT.date(), AT)
        clients = bench.clients()
        with bench.meter.watching(*clients) as dispatch:
            summary = bench.services.dispatcher.run(AT)
        assert summary.queued == 2, summary
        with bench.meter.watching(*clients) as reminder:
            started = time.perf_counter()
            report = bench.services.reminders.send_daily(identity.member, AT.date(), AT)
            reminder_ms = (time.perf_counter() - started) * 1000
        assert report.outcomes == {"email": "sent"}, report.outcomes
        # The next day: the one-time asks are behind, yesterday's pick rests (the steady state)
        with bench.meter.watching(*clients) as next_day:
            report = bench.services.reminders.send_daily(identity.member, NEXT.date(), NEXT)
        assert report.outcomes == {"email": "sent"}, report.outcomes
        # One typical conversation, to know what a stored conversation weighs
        some_contact = next(
            iter(bench.services.contacts.list(identity.member, ContactFilter(), None, 1).items)
        )
        bench.services.conversations.log(
            identity.member,
            some_contact.contact_id,
            NewConversation(
                channel=Channel.CALL,
                summary="Coffee near her office; she is moving to the data team, offered an introduction.",
                outcomes=(Outcome.INTRODUCTION,),
            ),
        )
        storage = stored_bytes(bench, identity.member)
    # Only the reads that choose the picks, on a fresh account, beside the baseline doing the same
    with mocked() as fresh:
        fresh_identity = add_member(fresh, "member-1", contacts, picks_per_day=picks)
        with fresh.meter.watching(*fresh.clients()) as ours:
            member = fresh.services.repositories.members.get(fresh_identity.member)
            fresh.services.picks.for_day(member, AT.date(), AT)
        baseline = fresh.meter.peek_client
        with fresh.meter.watching(baseline) as naive:
            chosen = naive_picks(baseline, fresh.stack.table_name, fresh_identity.member, AT, picks)
        with fresh.meter.watching(baseline) as naive_dispatching:
            due = naive_dispatch(baseline, fresh.stack.table_name, AT)
        assert len(chosen) == picks
        assert len(due) == 1, due
    return {
        "contacts": contacts,
        "picks_per_day": picks,
        "dispatch": dispatch.as_dict(),
        "reminder": {
            **reminder.as_dict(),
            "in_process_ms": round(reminder_ms, 1),
            "compute_ms": round(reminder_ms - reminder.aws_seconds * 1000, 1),
        },
        "next_day": next_day.as_dict(),
        "storage": storage,
        "picks": ours.as_dict(),
        "naive_picks": naive.as_dict(),
        "naive_dispatch": naive_dispatching.as_dict(),
    }


def wording_reads(members_per_program: int = 10) -> dict[str, Any]:
    """The daily job's reads of programs' wording sets: members of two programs, each program
    with its own set, get their reminders in one warm environment. Drafts read each set through
    the environment's cache (rendering/program_wording.py), not once per member."""
    from tracker.domain.wording import ENGLISH, WordingSet

    with mocked() as bench:
        repos = bench.services.repositories
        why = ("I'm getting back in touch with people I've missed.",)
        members = []
        for org in ("bridges", "stmarys"):
            repos.wordings.put(WordingSet(org, ENGLISH, {"WHY_GENERAL": why}, AT))
            members += [add_member(bench, f"{org}-{n}", 5, org=org) for n in range(members_per_program)]
        reads: list[str] = []
        stored = repos.wordings.get

        def counted(org_id: str, language: str) -> WordingSet | None:
            reads.append(org_id)
            return stored(org_id, language)

        repos.wordings.get = counted  # type: ignore[method-assign]  # the bench counts, nothing else
        warm = add_member(bench, "warm", 5, org="other")
        bench.services.reminders.send_daily(warm.member, AT.date(), AT)
        reads.clear()
        with bench.meter.watching(*bench.clients()) as sends:
            for identity in members:
                report = bench.services.reminders.send_daily(identity.member, AT.date(), AT)
                assert report.outcomes == {"email": "sent"}, report.outcomes
    return {
        "members": len(members),
        "programs": 2,
        "wording_reads": len(reads),
        "calls_per_member": round(sends.as_dict()["requests"] / len(members), 2),
        "read_units_per_member": round(sends.as_dict()["read_units"] / len(members), 2),
    }


def main(sizes: list[int]) -> None:
    rows = [measure(size) for size in sizes] + [measure(200, picks=3)]
    wording = wording_reads()
    print(f"Daily job per member (reminder by email), {AT:%Y-%m-%d %H:%M} UTC\n")
    print(
        table(
            [
                [
                    r["contacts"],
                    r["picks_per_day"],
                    r["reminder"]["requests"],
                    r["reminder"]["read_units"],
                    r["reminder"]["write_units"],
                    r["dispatch"]["requests"],
                ]
                for r in rows
            ],
            ["contacts", "picks", "first day: AWS calls", "RCU", "WCU", "dispatch calls"],
        )
    )
    print("\nA day after (the steady state): earlier -> before -> now (issue 16: 7 calls, 3 RCU, 3 WCU)\n")

    def steps(r: dict[str, Any], n: int, now: Any) -> str:
        picks = r["picks_per_day"]
        return f"{EARLIER[picks][n]} -> {BEFORE[picks][n]} -> {now}"

    print(
        table(
            [
                [
                    r["contacts"],
                    r["picks_per_day"],
                    steps(r, 0, r["next_day"]["requests"]),
                    r["next_day"]["calls"].get("dynamodb:Query", 0),
                    r["next_day"]["items_read"],
                    steps(r, 1, r["next_day"]["read_units"]),
                    steps(r, 2, r["next_day"]["write_units"]),
                ]
                for r in rows
            ],
            ["contacts", "picks", "AWS calls", "Queries", "items read", "RCU", "WCU"],
        )
    )
    print("\nChoosing the picks: ours (indexes, Limit) against the Scan-and-filter baseline\n")
    print(
        table(
            [
                [
                    r["contacts"],
                    r["picks"]["read_units"],
                    r["naive_picks"]["read_units"],
                    f"{r['naive_picks']['read_units'] / r['picks']['read_units']:.1f}x",
                    r["picks"]["items_read"],
                    r["naive_picks"]["items_read"],
                    r["naive_dispatch"]["read_units"],
                ]
                for r in rows
            ],
            ["contacts", "ours RCU", "naive RCU", "ratio", "ours items", "naive items", "naive dispatch RCU"],
        )
    )
    print(
        f"\nPrograms' wording sets: {wording['members']} members of {wording['programs']} programs (each "
        f"with its own set) in one warm environment read them {wording['wording_reads']} times "
        f"(a GetItem each, once per program every 5 minutes); {wording['calls_per_member']} AWS calls, "
        f"{wording['read_units_per_member']} RCU a member"
    )
    print(f"\nwrote {write_result('daily_job', rows)}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [20, 200, 2000])
