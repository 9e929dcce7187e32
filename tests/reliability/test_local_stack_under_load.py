"""The local stack under concurrent clients, over real HTTP on loopback (issue 8, properties 2
and 7): every write answered, every write found again afterwards.

LOAD_CLIENTS and LOAD_SECONDS size the load test (`make soak` runs 200 clients for 60 s);
figures go to tests/artifacts/reliability-load.json.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests import summary
from tests.local_stack import Running, call

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "200"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "5"))
PARALLEL_POSTS = 50


@pytest.fixture(scope="module")
def members(stack: Running) -> list[dict[str, Any]]:
    status, body = call(f"{stack.url}/_local/tokens")
    assert status == 200
    return [entry for entry in body["tokens"] if entry["role"] == "member"]


def test_fifty_parallel_conversations_with_one_contact_are_all_kept_and_counted(
    stack: Running, members: list[dict[str, Any]]
) -> None:
    token = members[0]["token"]
    status, contact = call(f"{stack.url}/contacts", "POST", {"name": "Parallel Person"}, token)
    assert status == 201
    before = call(f"{stack.url}/goals/progress", token=token)[1]
    zone = call(f"{stack.url}/me", token=token)[1]["time_zone"]
    # Fifty distinct moments of the last hour, posted in a shuffled order by fifty threads.
    now = datetime.now(UTC).replace(microsecond=0)
    whens = [(now - timedelta(seconds=71 * n)).strftime("%Y-%m-%dT%H:%M:%SZ") for n in range(PARALLEL_POSTS)]
    order = whens[1::2] + whens[::2]
    outcomes = ["referral", "advice"]

    def post(n: int) -> tuple[int, Any]:
        body = {"when": order[n], "channel": "call", "summary": f"talk {n}", "outcomes": [outcomes[n % 2]]}
        return call(f"{stack.url}/contacts/{contact['id']}/interactions", "POST", body, token, timeout=120)

    with ThreadPoolExecutor(max_workers=PARALLEL_POSTS) as pool:
        replies = list(pool.map(post, range(PARALLEL_POSTS)))
    assert [status for status, _ in replies] == [201] * PARALLEL_POSTS, replies

    after = call(f"{stack.url}/contacts/{contact['id']}", token=token)[1]
    assert after["interaction_count"] == PARALLEL_POSTS
    assert after["last_contact_at"] == max(whens)
    listed = call(f"{stack.url}/contacts/{contact['id']}/interactions?limit=100", token=token)[1]["items"]
    assert sorted(item["when"] for item in listed) == sorted(whens)
    assert sorted(item["summary"] for item in listed) == sorted(f"talk {n}" for n in range(PARALLEL_POSTS))
    # The week's counters moved by exactly what was logged: one person, fifty conversations
    # (those of last week, should the hour straddle Monday in the member's zone, count there).
    progress = call(f"{stack.url}/goals/progress", token=token)[1]
    this_week = [n for n in range(PARALLEL_POSTS) if iso_week(order[n], zone) == progress["week"]]
    assert progress["progress"]["conversations"] - before["progress"]["conversations"] == len(this_week)
    assert progress["progress"]["people"] - before["progress"]["people"] == (1 if this_week else 0)
    for outcome in outcomes:
        logged = sum(1 for n in this_week if outcomes[n % 2] == outcome)
        assert progress["outcomes"].get(outcome, 0) - before["outcomes"].get(outcome, 0) == logged


def iso_week(when: str, zone: str) -> str:
    year, week, _ = datetime.fromisoformat(when).astimezone(ZoneInfo(zone)).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Ledger:
    """What one client wrote, to be found again afterwards."""

    member: dict[str, Any]
    tag: str
    conversations: dict[str, int] = field(default_factory=dict)  # contact id -> conversations
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    requests: int = 0


def requests_of(url: str, ledger: Ledger, n: int) -> dict[str, tuple[Callable[[], tuple[int, Any]], int]]:
    """A member's mixed traffic: name -> (request, the status it must get)."""
    token = ledger.member["token"]

    def create() -> tuple[int, Any]:
        body = {"name": f"Load {n}", "tags": [ledger.tag]}
        status, answer = call(f"{url}/contacts", "POST", body, token, timeout=120)
        if status == 201:
            ledger.conversations[answer["id"]] = 0
        return status, answer

    def target() -> str:
        contacts = list(ledger.conversations)
        return contacts[ledger.requests % len(contacts)]

    def log() -> tuple[int, Any]:
        contact_id = target()
        body = {"channel": "email", "summary": "caught up"}
        status, answer = call(f"{url}/contacts/{contact_id}/interactions", "POST", body, token, timeout=120)
        if status == 201:
            ledger.conversations[contact_id] += 1
        return status, answer

    def profile() -> tuple[int, Any]:
        status, body = call(f"{url}/me", token=token, timeout=120)
        if status == 200 and body["email"] != ledger.member["email"]:  # requests must never cross
            return 0, f"{ledger.member['email']} was shown {body['email']}'s profile"
        return status, body

    def get_contact() -> tuple[int, Any]:
        return call(f"{url}/contacts/{target()}", token=token, timeout=120)

    def get(path: str) -> Callable[[], tuple[int, Any]]:
        return lambda: call(f"{url}{path}", token=token, timeout=120)

    return {
        "log conversation": (log, 201),
        "get contact": (get_contact, 200),
        "list by tag": (get(f"/contacts?tag={ledger.tag}&limit=10"), 200),
        "create contact": (create, 201),
        "get profile": (profile, 200),
        "week progress": (get("/goals/progress"), 200),
        "today's picks": (get("/picks/today"), 200),
    }


# Each client goes round these, starting at a different place: logging weighs double.
ROUND = (
    "log conversation",
    "get contact",
    "list by tag",
    "create contact",
    "log conversation",
    "get profile",
    "week progress",
    "today's picks",
)


def test_the_local_stack_holds_many_clients_with_no_errors_and_nothing_lost(
    stack: Running, members: list[dict[str, Any]]
) -> None:
    ledgers = [Ledger(members[n % len(members)], f"load-{n}") for n in range(CLIENTS)]
    began = [0.0]  # when every client is ready; the run lasts SECONDS from there
    go = threading.Barrier(CLIENTS, action=lambda: began.__setitem__(0, time.monotonic()))

    def run(n: int) -> None:
        ledger = ledgers[n]
        requests = requests_of(stack.url, ledger, n)
        assert requests["create contact"][0]()[0] == 201  # something to log against from the start
        go.wait()
        step = n
        while time.monotonic() < began[0] + SECONDS:
            name = ROUND[step % len(ROUND)]
            step += 1
            request, expected = requests[name]
            started = time.perf_counter()
            try:
                status, body = request()
            except Exception as error:  # a refused or dropped connection counts as an error
                status, body = 0, repr(error)
            ledger.latencies[name].append(time.perf_counter() - started)
            ledger.requests += 1
            if status != expected:
                ledger.errors.append(f"{name}: {status} {str(body)[:200]}")

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(run, range(CLIENTS)))
    wall = time.monotonic() - began[0]

    # Count every write back: every member's contacts, page by page, against the clients' ledgers.
    def stored(token: str) -> dict[str, int]:
        found: dict[str, int] = {}
        cursor = ""
        while True:
            status, page = call(f"{stack.url}/contacts?limit=100{cursor}", token=token, timeout=120)
            assert status == 200, page
            found |= {item["id"]: item["interaction_count"] for item in page["items"]}
            if not page["next_cursor"]:
                return found
            cursor = f"&cursor={page['next_cursor']}"

    tokens = {ledger.member["token"] for ledger in ledgers}
    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        by_token = dict(zip(tokens, pool.map(stored, tokens), strict=True))
    lost = []
    for ledger in ledgers:
        found = by_token[ledger.member["token"]]
        lost += [
            f"{contact_id}: {count} conversations logged, {found.get(contact_id)} stored"
            for contact_id, count in ledger.conversations.items()
            if found.get(contact_id) != count
        ]

    latencies = [value for ledger in ledgers for values in ledger.latencies.values() for value in values]
    by_request: dict[str, list[float]] = defaultdict(list)
    for ledger in ledgers:
        for name, values in ledger.latencies.items():
            by_request[name] += values
    errors = [error for ledger in ledgers for error in ledger.errors]
    figures = {
        "clients": CLIENTS,
        "seconds": SECONDS,
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000),
        "p99_ms": round(sorted(latencies)[int(len(latencies) * 0.99)] * 1000),
        "errors": len(errors),
        "contacts_written": sum(len(ledger.conversations) for ledger in ledgers),
        "conversations_written": sum(sum(ledger.conversations.values()) for ledger in ledgers),
        "writes_lost": len(lost),
        "by_request": {
            name: {"requests": len(values), "p50_ms": round(statistics.median(values) * 1000)}
            for name, values in sorted(by_request.items())
        },
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reliability-load.json").write_text(json.dumps(figures, indent=2))
    summary.report(
        "reliability",
        f"load: {CLIENTS} clients x {SECONDS:.0f} s, {figures['requests']} requests "
        f"({figures['requests_per_second']}/s, p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms), "
        f"{figures['errors']} errors, {figures['contacts_written']} contacts and "
        f"{figures['conversations_written']} conversations written, {figures['writes_lost']} lost",
    )
    assert errors == [], errors[:10]
    assert lost == [], lost[:10]
    assert figures["contacts_written"] >= CLIENTS  # every client got at least one write through
