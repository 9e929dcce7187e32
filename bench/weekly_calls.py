"""DynamoDB calls and items read per weekly check (by network size) and per program report (by
number of members), and per logged conversation.

    .venv/bin/python bench/weekly_calls.py [contacts...] [--members N ...]
    (default: 20 200 2000 contacts; 5 50 members)

Runs the real code (WeeklyCheckService.send_weekly, ProgramService.report, InteractionService.log)
against moto with the table built from template.yaml, counting every DynamoDB request the data
layer makes (botocore event hooks) and the items each returned. Prints tables; writes
bench/results/weekly_calls.json.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT)]
os.environ.update(
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",
    AWS_DEFAULT_REGION="us-east-1",
    POWERTOOLS_METRICS_DISABLED="true",
    POWERTOOLS_LOG_LEVEL="ERROR",
)

from moto import mock_aws  # noqa: E402

FRIDAY_SLOT = datetime(2026, 11, 27, 22, tzinfo=UTC)  # 16:00 in Chicago, week 2026-W48


@contextmanager
def counting() -> Iterator[list[tuple[str, int]]]:
    from tracker.dal.models import _Binding

    client = _Binding.connection.connection.client  # type: ignore[union-attr]
    calls: list[tuple[str, int]] = []

    def record(parsed: dict[str, Any], model: Any, **_: Any) -> None:
        items = parsed.get("Count")
        if items is None:
            items = 1 if "Item" in parsed else sum(len(v) for v in (parsed.get("Responses") or {}).values())
        calls.append((model.name, int(items)))

    client.meta.events.register("after-call.dynamodb.*", record)
    try:
        yield calls
    finally:
        client.meta.events.unregister("after-call.dynamodb.*", record)


def summary(calls: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "requests": len(calls),
        "items_read": sum(items for _, items in calls),
        "by_operation": dict(Counter(name for name, _ in calls)),
    }


def in_a_fresh_account(work: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    from local import moto_speedup
    from local.functions import FunctionHost
    from local.provision import provision
    from tracker import adapters
    from tracker.clock import FixedClock
    from tracker.config import settings
    from tracker.dal import get_store
    from tracker.services import build_services

    with mock_aws():
        moto_speedup.install()
        FunctionHost(provision())  # applies every function's environment, as the local stack does
        for cached in (settings, get_store, adapters.client):
            cached.cache_clear()
        return work(build_services(FixedClock(FRIDAY_SLOT - timedelta(days=1))))


def weekly_check(network: int) -> dict[str, Any]:
    from tracker.contacts import ContactFilter
    from tracker.dal.models import ContactItem
    from tracker.dal.store import _contact_to_item
    from tracker.domain import Contact, Identity
    from tracker.ids import new_id

    def work(app: Any) -> dict[str, Any]:
        identity = Identity("bench", "member-1", email="member@example.org")
        app.members.update(identity, {"time_zone": "America/Chicago"})
        old = datetime(2025, 1, 1, tzinfo=UTC)
        with ContactItem.batch_write() as batch:
            for n in range(network):
                contact = Contact(new_id(), f"Person {n}", old, old, last_contact_at=old + timedelta(hours=n))
                batch.save(_contact_to_item(identity.member, contact))
        first = app.contacts.list(identity.member, ContactFilter(), None, 3)
        for contact in first.items:  # three people reached this week
            app.interactions.log(identity.member, contact.contact_id, {})
        with counting() as logging_calls:
            app.interactions.log(identity.member, first.items[0].contact_id, {})
        app.clock.at = FRIDAY_SLOT
        with counting() as calls:
            report = app.weekly.send_weekly(identity.member, FRIDAY_SLOT.date(), FRIDAY_SLOT)
        with counting() as again:
            app.weekly.send_weekly(identity.member, FRIDAY_SLOT.date(), FRIDAY_SLOT)
        return {
            "contacts": network,
            "outcome": dict(report.outcomes),
            "check": summary(calls),
            "check_again": summary(again),
            "log_a_conversation": summary(logging_calls),
        }

    return in_a_fresh_account(work)


def org_report(members: int) -> dict[str, Any]:
    from tracker.domain import Identity

    def work(app: Any) -> dict[str, Any]:
        for n in range(members):
            identity = Identity("bench", f"member-{n}", email=f"m{n}@example.org")
            contact = app.contacts.create(identity, {"name": "Ana Lima"})
            app.interactions.log(identity.member, contact.contact_id, {"outcomes": ["job_lead"]})
        admin = Identity("bench", "admin", email="admin@example.org", groups=frozenset({"admins"}))
        with counting() as calls:
            report = app.program.report(admin, "2026-W48")
        return {
            "members": members,
            "members_active": report.week.figures.members_active,
            "report": summary(calls),
        }

    return in_a_fresh_account(work)


def main(arguments: list[str]) -> None:
    split = arguments.index("--members") if "--members" in arguments else len(arguments)
    networks = [int(arg) for arg in arguments[:split]] or [20, 200, 2000]
    cohorts = [int(arg) for arg in arguments[split + 1 :]] or [5, 50]
    checks = [weekly_check(size) for size in networks]
    reports = [org_report(size) for size in cohorts]
    print("Weekly check (first send, then a redelivery of the same message):")
    print(f"{'contacts':>9} {'requests':>9} {'items read':>11}  by operation  | again | log one")
    for row in checks:
        check, again, log = row["check"], row["check_again"], row["log_a_conversation"]
        operations = ", ".join(f"{name} {count}" for name, count in check["by_operation"].items())
        print(
            f"{row['contacts']:>9} {check['requests']:>9} {check['items_read']:>11}  {operations}"
            f"  | {again['requests']} | {log['requests']} ({', '.join(log['by_operation'])})"
        )
    print("\nProgram report (this week and the 11 before):")
    print(f"{'members':>9} {'requests':>9} {'items read':>11}  by operation")
    for row in reports:
        report = row["report"]
        operations = ", ".join(f"{name} {count}" for name, count in report["by_operation"].items())
        print(f"{row['members']:>9} {report['requests']:>9} {report['items_read']:>11}  {operations}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "weekly_calls.json").write_text(json.dumps({"weekly_check": checks, "report": reports}, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
