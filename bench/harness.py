"""What every benchmark needs: a mocked account built from template.yaml, the services under a
fixed clock, members with networks of a given size, and the clients to meter."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path[:0] = [str(ROOT / "shared"), str(ROOT)]
for _name, _value in {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "ERROR",
}.items():
    os.environ[_name] = _value

from moto import mock_aws  # noqa: E402

from bench.meter import Meter  # noqa: E402

AT = datetime(2026, 11, 27, 14, tzinfo=UTC)  # 08:00 in Chicago, a member's reminder hour


@dataclass
class Bench:
    stack: Any
    services: Any
    meter: Meter

    def clients(self) -> list[Any]:
        """The data layer's botocore client and every adapter client (SES, SNS, SQS, ...)."""
        from tracker.adapters import aws
        from tracker.adapters.dynamo.models import bound_connection
        from tracker.runtime import dynamo_repositories

        dynamo_repositories()
        clients = [bound_connection().connection.client]
        clients += [aws.client(service) for service in ("sesv2", "sns", "sqs", "secretsmanager")]
        return clients


@contextmanager
def mocked(clock_at: datetime = AT) -> Iterator[Bench]:
    from local import moto_speedup
    from local.functions import FunctionHost
    from local.provision import provision
    from local.template import Template
    from tracker.adapters import aws
    from tracker.config import settings
    from tracker.domain.clock import FixedClock
    from tracker.runtime import build_services, dynamo_repositories

    with mock_aws():
        moto_speedup.install()  # as the local stack and the tests: one table snapshot per transaction
        template = Template()
        stack = provision(template)
        FunctionHost(stack)  # applies every function's environment, as the local stack does
        os.environ["PUBLIC_BASE_URL"] = "https://tracker.example.org"
        for cached in (settings, dynamo_repositories, aws.client):
            cached.cache_clear()
        yield Bench(stack, build_services(FixedClock(clock_at)), Meter(stack.table_name, template))


def add_member(
    bench: Bench, member_id: str, contacts: int, *, org: str = "bridges", picks_per_day: int = 1
) -> Any:
    """A member in Chicago with `contacts` people, all overdue, written in batches (not metered)."""
    from tracker.adapters.dynamo.mappers import contact_to_item
    from tracker.adapters.dynamo.models import ContactItem
    from tracker.domain.ids import new_id
    from tracker.domain.members import ProfileChanges
    from tracker.domain.model import Contact, Identity

    # Real member ids are Cognito subs (UUIDs): keys as long as in production.
    identity = Identity(org, str(uuid.uuid5(uuid.NAMESPACE_URL, member_id)), email=f"{member_id}@example.org")
    bench.services.members.update(
        identity, ProfileChanges(time_zone="America/Chicago", picks_per_day=picks_per_day)
    )
    old = datetime(2025, 1, 1, tzinfo=UTC)
    with ContactItem.batch_write() as batch:
        for n in range(contacts):
            contact = Contact(
                contact_id=new_id(),
                name=f"Person {n} Example",
                company="Northwind Health",
                role="Design Lead",
                how_we_met="We sat together at the Monday stand-ups and always talked football",
                last_summary="Coffee near her office; she is moving to the data team.",
                help_ideas=("Proof-read her grant applications",),
                tags=("design", "mentor"),
                created_at=old,
                updated_at=old,
                last_contact_at=old + timedelta(hours=n),
                conversation_count=3,
            )
            batch.save(contact_to_item(identity.member, contact))
    return identity


def table(rows: list[list[Any]], header: list[str]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    lines = ["  ".join(str(cell).rjust(width) for cell, width in zip(header, widths, strict=True))]
    lines += [
        "  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)) for row in rows
    ]
    return "\n".join(lines)


def write_result(name: str, data: Any) -> Path:
    import json

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    return path
