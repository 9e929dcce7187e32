"""AWS calls and DynamoDB capacity per API request, in-process under moto.

    .venv/bin/python -m bench.api_requests

Each request goes through functions/api's lambda_handler with an HTTP API event (the sample
in events/), for a member whose profile exists and who has 200 contacts. Prints a table and
writes bench/results/api_requests.json. (The same requests over HTTP: bench.api_load.)
"""

from __future__ import annotations

import copy
import json
import time
from typing import Any

from bench.harness import ROOT, Bench, add_member, mocked, table, write_result

BASE_EVENT = json.loads((ROOT / "events" / "api_create_contact.json").read_text())


class Caller:
    def __init__(self, member_id: str, org_id: str) -> None:
        self.member_id = member_id
        self.org_id = org_id

    def __call__(self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None) -> Any:
        from functions.api.app import lambda_handler

        event = copy.deepcopy(BASE_EVENT)
        event["rawPath"] = path
        event["routeKey"] = f"{method} {path}"
        event["requestContext"]["http"].update(method=method, path=path)
        claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
        claims.update({"sub": self.member_id, "custom:org_id": self.org_id})
        event.pop("body", None)
        if body is not None:
            event["body"] = json.dumps(body)
        if query:
            event["queryStringParameters"] = query
        parts = path.strip("/").split("/")
        if len(parts) >= 2:
            event["pathParameters"] = {"contact_id": parts[1]}
        response = lambda_handler(event, _Context())
        assert response["statusCode"] < 300, response
        return json.loads(response["body"]) if response.get("body") else None


class _Context:
    function_name = "api"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:api"
    aws_request_id = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 15_000


def measure(bench: Bench) -> list[dict[str, Any]]:
    identity = add_member(bench, "member-1", 200)
    call = Caller(identity.member_id, identity.org_id)
    from tracker.runtime import use_clock

    use_clock(bench.services.clock)
    contact = call("POST", "/contacts", {"name": "Warm Up"})
    call("GET", "/picks/today")  # the day's picks exist, as after the morning reminder
    requests = [
        ("create contact", "POST", "/contacts", {"name": "Ana Lima", "company": "Northwind"}, None),
        ("list contacts (25)", "GET", "/contacts", None, {"limit": "25"}),
        ("get contact", "GET", f"/contacts/{contact['id']}", None, None),
        # the week's first conversation also moves the profile's last active week
        ("log interaction (first of the week)", "POST", f"/contacts/{contact['id']}/interactions", {}, None),
        ("log interaction", "POST", f"/contacts/{contact['id']}/interactions", {"channel": "call"}, None),
        ("list interactions", "GET", f"/contacts/{contact['id']}/interactions", None, None),
        ("get profile", "GET", "/me", None, None),
        ("today's picks", "GET", "/picks/today", None, None),
    ]
    rows = []
    clients = bench.clients()
    for name, method, path, body, query in requests:
        with bench.meter.watching(*clients) as usage:
            started = time.perf_counter()
            call(method, path, body, query)
            elapsed = time.perf_counter() - started
        compute_ms = elapsed * 1000 - usage.aws_seconds * 1000
        rows.append(
            {
                "request": name,
                **usage.as_dict(),
                "in_process_ms": round(elapsed * 1000, 1),
                "compute_ms": round(compute_ms, 1),
            }
        )
    return rows


def main() -> None:
    with mocked() as bench:
        rows = measure(bench)
    print("AWS calls and DynamoDB capacity per API request (member with 200 contacts)\n")
    print(
        table(
            [
                [r["request"], r["requests"], r["read_units"], r["write_units"], r["compute_ms"], r["aws_ms"]]
                for r in rows
            ],
            ["request", "AWS calls", "RCU", "WCU", "code ms", "ms in AWS calls (moto)"],
        )
    )
    print(f"\nwrote {write_result('api_requests', rows)}")


if __name__ == "__main__":
    main()
