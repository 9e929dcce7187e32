"""DynamoDB calls and items read by the daily reminder worker, per member, by network size.

    .venv/bin/python bench/reminder_calls.py [sizes...]     (default: 20 200 2000)

Runs the real worker code (ReminderService.send_daily) against moto with the table built from
template.yaml, counting every DynamoDB request the data layer makes (botocore event hooks) and
the items each returned. Prints a table; writes bench/results/reminder_calls.json.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
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

AT = datetime(2026, 11, 27, 14, tzinfo=UTC)


def measure(network: int) -> dict[str, Any]:
    from local.functions import FunctionHost
    from local.provision import provision
    from tracker import adapters
    from tracker.clock import FixedClock
    from tracker.config import settings
    from tracker.dal import get_store
    from tracker.dal.models import ContactItem, _Binding
    from tracker.dal.store import _contact_to_item
    from tracker.domain import Contact, Identity
    from tracker.ids import new_id
    from tracker.services import build_services

    with mock_aws():
        stack = provision()
        FunctionHost(stack)  # applies every function's environment, as the local stack does
        for cached in (settings, get_store, adapters.client):
            cached.cache_clear()
        app = build_services(FixedClock(AT))
        identity = Identity("bench", "member-1", email="member@example.org")
        app.members.update(identity, {"time_zone": "America/Chicago", "picks_per_day": 3})
        old = datetime(2025, 1, 1, tzinfo=UTC)
        with ContactItem.batch_write() as batch:
            for n in range(network):
                contact = Contact(
                    contact_id=new_id(),
                    name=f"Person {n}",
                    created_at=old,
                    updated_at=old,
                    last_contact_at=old + timedelta(hours=n),
                )
                batch.save(_contact_to_item(identity.member, contact))
        client = _Binding.connection.connection.client  # type: ignore[union-attr]
        calls: list[tuple[str, int]] = []

        def record(parsed: dict[str, Any], model: Any, **_: Any) -> None:
            items = parsed.get("Count")
            if items is None:
                items = (
                    1 if "Item" in parsed else sum(len(v) for v in (parsed.get("Responses") or {}).values())
                )
            calls.append((model.name, int(items)))

        client.meta.events.register("after-call.dynamodb.*", record)
        report = app.reminders.send_daily(identity.member, AT.date(), AT)
        client.meta.events.unregister("after-call.dynamodb.*", record)
    return {
        "contacts": network,
        "outcome": dict(report.outcomes),
        "requests": len(calls),
        "items_read": sum(items for _, items in calls),
        "by_operation": dict(Counter(name for name, _ in calls)),
    }


def main(sizes: list[int]) -> None:
    rows = [measure(size) for size in sizes]
    print(f"{'contacts':>9} {'requests':>9} {'items read':>11}  by operation")
    for row in rows:
        operations = ", ".join(f"{name} {count}" for name, count in row["by_operation"].items())
        print(f"{row['contacts']:>9} {row['requests']:>9} {row['items_read']:>11}  {operations}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "reminder_calls.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [20, 200, 2000])
