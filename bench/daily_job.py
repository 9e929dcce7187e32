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
from typing import Any

from bench.harness import AT, add_member, mocked, table, write_result
from bench.naive import naive_dispatch, naive_picks


def measure(contacts: int) -> dict[str, Any]:
    with mocked() as bench:
        identity = add_member(bench, "member-1", contacts)
        clients = bench.clients()
        with bench.meter.watching(*clients) as dispatch:
            summary = bench.services.dispatcher.run(AT)
        assert summary.queued == 1, summary
        with bench.meter.watching(*clients) as reminder:
            report = bench.services.reminders.send_daily(identity.member, AT.date(), AT)
        assert report.outcomes == {"email": "sent"}, report.outcomes
    # Only the reads that choose the picks, on a fresh account, beside the baseline doing the same
    with mocked() as fresh:
        fresh_identity = add_member(fresh, "member-1", contacts)
        with fresh.meter.watching(*fresh.clients()) as ours:
            member = fresh.services.store.get_member(fresh_identity.member)
            fresh.services.picks.for_day(member, AT.date(), AT)
        baseline = fresh.meter.peek_client
        with fresh.meter.watching(baseline) as naive:
            chosen = naive_picks(baseline, fresh.stack.table_name, fresh_identity.member, AT, 3)
        with fresh.meter.watching(baseline) as naive_dispatching:
            due = naive_dispatch(baseline, fresh.stack.table_name, AT)
        assert len(chosen) == 3
        assert len(due) == 1
    return {
        "contacts": contacts,
        "dispatch": dispatch.as_dict(),
        "reminder": reminder.as_dict(),
        "picks": ours.as_dict(),
        "naive_picks": naive.as_dict(),
        "naive_dispatch": naive_dispatching.as_dict(),
    }


def main(sizes: list[int]) -> None:
    rows = [measure(size) for size in sizes]
    print(f"Daily job per member (reminder by email, 3 picks), {AT:%Y-%m-%d %H:%M} UTC\n")
    print(
        table(
            [
                [
                    r["contacts"],
                    r["reminder"]["requests"],
                    r["reminder"]["calls"].get("dynamodb:Query", 0),
                    r["reminder"]["items_read"],
                    r["reminder"]["read_units"],
                    r["reminder"]["write_units"],
                    r["dispatch"]["requests"],
                ]
                for r in rows
            ],
            ["contacts", "AWS calls", "Queries", "items read", "RCU", "WCU", "dispatch calls"],
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
    print(f"\nwrote {write_result('daily_job', rows)}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [20, 200, 2000])
