"""How fast a large LinkedIn import runs and how many DynamoDB requests it makes.

    .venv/bin/python bench/import_bench.py [rows] [--again]     (default 20,000 rows)

Runs the API function's handler in-process against moto (tables from template.yaml), so the
seconds include moto's own work, which is most of them: they are an upper bound for parsing
and matching, while the request counts are exactly what the function sends to DynamoDB.
`--again` also imports the same file a second time (everyone unchanged: one paginated Query
of the network, no writes); moto's Query slows down with the partition's size, so that part
takes minutes at 20,000 rows.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "shared"), str(Path(__file__).resolve().parents[1])]

FIRST = ["Ana", "Bo", "Chen", "Dara", "Emeka", "Farah", "Gus", "Hana", "Ines", "José", "Kofi", "Lena", "Mía"]
LAST = ["Lima", "Okafor", "Sato", "Nguyen", "Müller", "Kowalski", "Haddad", "Rossi", "Silva", "Ødegård"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises"]


def linkedin_export(rows: int, seed: int = 6) -> bytes:
    """A Connections.csv as LinkedIn writes it: preamble, CRLF, mostly empty emails, newest first."""
    chooser = random.Random(seed)
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    day = date(2026, 11, 1)
    for number in range(rows):
        first, last = chooser.choice(FIRST), chooser.choice(LAST)
        slug = f"{first}-{last}-{number}".lower()
        email = f"{slug}@example.org" if chooser.random() < 0.2 else ""
        company = chooser.choice(COMPANIES)
        role = chooser.choice(["Engineer", "Manager", '"Director, Operations"', "Recruiter"])
        connected = day - timedelta(days=number // 7)
        lines.append(
            f"{first},{last},https://www.linkedin.com/in/{slug},{email},{company},{role},{connected:%d %b %Y}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@dataclass
class Measurement:
    rows: int
    seconds: float
    requests: Counter[str]

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    @property
    def per_thousand_rows(self) -> float:
        return self.total * 1000 / self.rows

    def line(self, label: str) -> str:
        calls = ", ".join(f"{name} {count}" for name, count in sorted(self.requests.items()))
        return (
            f"{label}: {self.rows} rows in {self.seconds:.1f} s = {self.rows / self.seconds:,.0f} rows/s; "
            f"{self.total} DynamoDB requests = {self.per_thousand_rows:.1f} per 1,000 rows ({calls})"
        )


@contextmanager
def counted_requests() -> Iterator[Counter[str]]:
    """Every request the data layer's one botocore client sends, by operation."""
    from tracker.adapters.dynamo.models import bound_connection
    from tracker.runtime import dynamo_repositories

    dynamo_repositories()
    client = bound_connection().connection.client
    counts: Counter[str] = Counter()

    def record(model: object, **_: object) -> None:
        counts[str(getattr(model, "name", model))] += 1

    client.meta.events.register("before-call.dynamodb.*", record)
    try:
        yield counts
    finally:
        client.meta.events.unregister("before-call.dynamodb.*", record)


def import_measured(client: object, data: bytes, rows: int) -> tuple[dict[str, object], Measurement]:
    from tests.imports.helpers import post_file

    with counted_requests() as counts:
        started = time.perf_counter()
        reply = post_file(client, data)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
    assert reply.status == 200, reply.body
    return reply.body, Measurement(rows, seconds, Counter(counts))


def main() -> None:
    numbers = [argument for argument in sys.argv[1:] if argument.isdigit()]
    rows = int(numbers[0]) if numbers else 20_000
    import os
    import warnings

    warnings.filterwarnings("ignore", "No application metrics to publish")

    from moto import mock_aws

    from local.provision import provision
    from local.template import Template
    from tests.conftest import ApiClient  # sets a fake AWS environment before boto3 loads
    from tracker.config import settings
    from tracker.domain.model import Identity
    from tracker.runtime import dynamo_repositories

    data = linkedin_export(rows)
    print(f"LinkedIn export: {rows} rows, {len(data) / 1e6:.1f} MB")
    with mock_aws():
        stack = provision(Template())
        os.environ.update(stack.function_environment("ApiFunction"))
        settings.cache_clear()
        dynamo_repositories.cache_clear()
        client = ApiClient(Identity("bench", "33333333-cccc-4ccc-8ccc-333333333333", "bench@example.org"))
        report, first = import_measured(client, data, rows)
        print(f"  new {report['new']}, skipped {report['skipped']}, failed {report['failed']}")
        print(first.line("first import (all new)"))
        if "--again" not in sys.argv:
            return
        report, second = import_measured(client, data, rows)
        print(f"  unchanged {report['unchanged']}, new {report['new']}, updated {report['updated']}")
        print(second.line("same file again (all unchanged)"))


if __name__ == "__main__":
    main()
