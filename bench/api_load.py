"""The API over real HTTP on the local stack: requests per second and p50/p99 latency.

    .venv/bin/python -m bench.api_load [--clients 8] [--seconds 10]

Starts `python -m local` (moto, the functions in-process, demo data) on a free loopback
port and drives it with concurrent clients, one operation at a time: create contact, list
contacts, log interaction. The figures are the local stack's (moto behind a lock, one Python
process), useful for comparing changes, not a forecast of AWS latency. AWS calls per request
come from bench.api_requests (in-process). Writes bench/results/api_load.json.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from bench.harness import RESULTS, ROOT, table, write_result


def start() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "local", "--port", "0", "--quiet", "--no-clock"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"at (http://127\.0\.0\.1:\d+)", line)
        if found:
            return process, found.group(1)
    raise SystemExit("the local stack did not start")


def call(url: str, method: str, token: str, body: Any = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def run(operation: Any, clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        count = 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status = operation(number, count)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status >= 400:
                    errors[0] += 1
            count += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors[0],
        "rps": round(len(ordered) / wall, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    options = parser.parse_args()
    process, url = start()
    try:
        tokens = json.loads(urllib.request.urlopen(f"{url}/_local/tokens").read())["tokens"]
        token = next(entry["token"] for entry in tokens if entry["email"] == "jordan@bridges.example.org")
        targets = [call(f"{url}/contacts", "POST", token, {"name": f"Target {n}"})[1]["id"] for n in range(8)]
        operations = {
            "create contact": lambda n, i: call(f"{url}/contacts", "POST", token, {"name": f"Load {n}-{i}"})[
                0
            ],
            "list contacts (25)": lambda n, i: call(f"{url}/contacts?limit=25", "GET", token)[0],
            "log interaction": lambda n, i: call(
                f"{url}/contacts/{targets[n % len(targets)]}/interactions", "POST", token, {"channel": "call"}
            )[0],
        }
        rows = []
        for name, operation in operations.items():
            rows.append(
                {
                    "operation": name,
                    "clients": options.clients,
                    **run(operation, options.clients, options.seconds),
                }
            )
    finally:
        process.terminate()
        process.wait(timeout=20)
    per_request = {}
    if (RESULTS / "api_requests.json").exists():
        per_request = {
            row["request"]: row["requests"] for row in json.loads((RESULTS / "api_requests.json").read_text())
        }
    print(
        f"Local stack over HTTP, {options.clients} concurrent clients, "
        f"{options.seconds:.0f} s per operation\n"
    )
    print(
        table(
            [
                [
                    r["operation"],
                    r["requests"],
                    r["rps"],
                    r["p50_ms"],
                    r["p99_ms"],
                    r["errors"],
                    per_request.get(r["operation"], "?"),
                ]
                for r in rows
            ],
            ["operation", "requests", "req/s", "p50 ms", "p99 ms", "errors", "AWS calls/request"],
        )
    )
    print(f"\nwrote {write_result('api_load', rows)}")


if __name__ == "__main__":
    main()
