"""Fuzz the API from its own OpenAPI document with schemathesis, over HTTP against the local stack.

Every documented operation gets schema examples, schemathesis' coverage cases (boundaries, missing
and wrong-typed fields, other methods) and FUZZ_EXAMPLES random cases, valid and invalid, each
checked by schemathesis' full set of checks: no 5xx, only documented status codes, content types
and headers, bodies that match their schemas, invalid input refused, valid input accepted, a
token required. Two are narrowed, each with the reason where it is done.
Figures go to tests/artifacts/reliability-fuzz.json. `make soak` runs it with more examples.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import schemathesis.checks
from hypothesis import HealthCheck, settings

from tests import summary
from tests.e2e.test_local_stack import Running, call, start

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = ROOT / "tests" / "artifacts" / "reliability-fuzz.json"
STACK_LOG = ARTIFACT.with_name("reliability-fuzz-stack.log")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
# A soak run explores new inputs every time; the gate replays the same ones so it cannot flake.
RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"

# Rules of the API that a JSON Schema cannot state: a schema-valid request may be refused (422)
# for these fields, and for nothing else.
BEYOND_THE_SCHEMA = {
    "email": "an address mail can reach (a dotted domain, no '..'): more than a portable pattern says",
    "phone": "a number that exists in its country's plan (libphonenumber)",
    "linkedin_url": "a LinkedIn profile address, however it is written",
    "time_zone": "a zone the runtime's IANA database has",
    "cursor": "opaque: only a next_cursor the API gave is one",
    "week": "week 53 exists in some years only",
    "when": "from 1900 up to now, by the server's clock",
    "last_contact_at": "from 1900 up to now, by the server's clock",
    "reminder_channels": "SMS needs a phone and email an address, on the profile as stored",
    "reminder_hour": "texts go out between 08:00 and 21:00 only, when SMS is chosen",
    "weekly_review_hour": "texts go out between 08:00 and 21:00 only, when SMS is chosen",
    "code": "only the six digits last texted to the member's number",
}
# Rules about a whole body, per operation.
WHOLE_BODY_RULES = {
    "PUT /goals": "new_people and reconnects together may not exceed people",
    "POST /imports": "the body must be a contacts file the importer recognises",
    "POST /org/members": "a CSV must have a header line naming an email column",
}

cases: Counter[str] = Counter()
failures: dict[str, list[str]] = defaultdict(list)


def _document() -> dict[str, Any]:
    from tracker.api.app import app

    document: dict[str, Any] = json.loads(app.get_openapi_json_schema())
    return document


# The document is built from the code at import (schemathesis needs it to collect the tests) and is
# checked below to be the one the running stack serves at /openapi.json.
schema = schemathesis.openapi.from_dict(_document())
# A roster may come as application/csv; it is text, sent as schemathesis sends text/csv.
schemathesis.serializer.alias("application/csv", "text/plain")


@pytest.fixture(scope="module")
def stack() -> Iterator[Running]:
    running = start()
    started = time.monotonic()
    yield running
    log = running.stop()  # the tail of what it printed (its functions' error logs)
    summary.report("reliability", _write_figures(time.monotonic() - started))
    STACK_LOG.write_text(log, encoding="utf-8")


# Who each operation is called as. Cases are built before the stack runs (some at collection), so
# schemathesis' auth puts a role in the Authorization header and the call swaps in its token.
ROLES = {
    "admin": "dana.admin@bridges.example.org",
    "member": "sam@bridges.example.org",
    "eraser": "jordan@bridges.example.org",  # DELETE /me erases someone the others don't use
}


@schema.auth(refresh_interval=None)
class DevTokens:
    """Through schemathesis' auth, so that it also knows to send requests without a token."""

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> str:
        if case.path.startswith("/org/"):
            return "admin"
        return "eraser" if case.operation.label == "DELETE /me" else "member"

    def set(self, case: schemathesis.Case, role: str, ctx: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {role}"}


@pytest.fixture(scope="module")
def tokens(stack: Running) -> dict[str, str]:
    status, body = call(f"{stack.url}/_local/tokens")
    assert status == 200
    by_email = {entry["email"]: entry["token"] for entry in body["tokens"]}
    return {f"Bearer {role}": f"Bearer {by_email[email]}" for role, email in ROLES.items()}


def test_the_fuzzed_document_is_the_served_one(stack: Running) -> None:
    status, served = call(f"{stack.url}/openapi.json")
    assert status == 200
    assert served == _document()


def _refused_fields(response: schemathesis.Response) -> list[str]:
    try:
        details = response.json()["error"]["details"]
    except (ValueError, KeyError, TypeError):
        return []
    return [str(detail.get("field") or "body") for detail in details]


def valid_data_accepted_unless_beyond_the_schema(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """positive_data_acceptance, except for a 422 naming only rules the document cannot state."""
    if response.status_code == 422:
        fields = _refused_fields(response)
        label = case.operation.label
        if fields and all(
            field.rsplit(".", 1)[-1] in BEYOND_THE_SCHEMA or (field == "body" and label in WHOLE_BODY_RULES)
            for field in fields
        ):
            return None
    return schemathesis.checks.positive_data_acceptance(ctx, response, case)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, suppress_health_check=list(HealthCheck)
)
def test_every_operation_holds_to_the_document(
    case: schemathesis.Case, stack: Running, tokens: dict[str, str]
) -> None:
    label = case.operation.label  # coverage cases may try another method on the same path
    cases[label] += 1
    if case.headers and case.headers.get("Authorization") in tokens:
        case.headers["Authorization"] = tokens[case.headers["Authorization"]]
    try:
        case.call_and_validate(
            base_url=stack.url,
            excluded_checks=[
                # An HTTP API answers 404 for a method no route has, and cannot be made to say 405.
                schemathesis.checks.unsupported_method,
                # Replaced by the narrower check below.
                schemathesis.checks.positive_data_acceptance,
            ],
            additional_checks=[valid_data_accepted_unless_beyond_the_schema],
        )
    except BaseException as error:  # schemathesis' FailureGroup is a BaseExceptionGroup
        found = getattr(error, "exceptions", [error])
        failures[label].extend(str(getattr(f, "title", type(f).__name__)) for f in found)
        raise


def _write_figures(seconds: float) -> str:
    figures = {
        "schemathesis": schemathesis.__version__,
        "max_examples": EXAMPLES,
        "random": RANDOM,
        "seconds": round(seconds, 1),
        "operations": len(cases),
        "cases_total": sum(cases.values()),
        "cases_per_operation": dict(sorted(cases.items())),
        "failures_total": sum(len(set(found)) for found in failures.values()),
        "failures": {label: sorted(set(found)) for label, found in sorted(failures.items())},
    }
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return (
        f"fuzz: {figures['cases_total']} cases over {figures['operations']} operations "
        f"({EXAMPLES} random examples each, plus examples and coverage cases) in {seconds:.0f} s; "
        f"{figures['failures_total']} failures -> {ARTIFACT.relative_to(ROOT)}"
    )
