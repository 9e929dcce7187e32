"""Shared fixtures: moto with the resources of template.yaml, and an API client that calls the
function's handler with events shaped like the HTTP API's (events/*.json)."""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest

# Before anything imports boto3: fake credentials, one region, quiet Powertools.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SECURITY_TOKEN="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    POWERTOOLS_METRICS_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="NetworkingTracker",
    POWERTOOLS_LOG_LEVEL="WARNING",
    POWERTOOLS_SERVICE_NAME="networking-tracker-tests",
)
for _name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
    os.environ.pop(_name, None)

from moto.core.botocore_stubber import BotocoreStubber
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

from local import moto_speedup
from local.events import EventSources
from local.functions import FunctionHost
from local.provision import Stack
from local.server import _one_aws_call_at_a_time
from local.template import ACCOUNT_ID, REGION, Template
from tests import summary
from tests.local_stack import Running, start
from tests.shared_stack import SharedStack
from tracker import runtime as deps
from tracker.adapters import aws as adapters
from tracker.config import settings
from tracker.domain import Identity
from tracker.domain.clock import FixedClock
from tracker.runtime import dynamo_repositories
from tracker.services import sending as reminders

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"
moto_speedup.install()  # one table snapshot per transaction, as the local stack (local/moto_speedup.py)
# Each AWS call atomic, as in AWS and the local stack: workers handle messages in threads.
BotocoreStubber.__call__ = _one_aws_call_at_a_time  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def english_reader() -> None:
    """Each test starts with no page reader (English), as each request of the web function does
    (tracker/web/frame.py resets it): a page a test drove in-process before must not leave its
    reader's language to the next test's words."""
    from tracker.rendering import reader

    reader.reset()


def load_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def template() -> Template:
    return Template()


_shared: dict[str, SharedStack] = {}


@contextmanager
def fresh_stack(template: Template) -> Iterator[Stack]:
    """A clean mocked account with every resource of template.yaml and the functions' env
    applied: the process's one account, emptied (tests/shared_stack.py)."""
    shared = _shared.setdefault("stack", SharedStack(template))
    with shared.running() as stack:
        _forget_cached_clients()
        try:
            yield stack
        finally:
            _forget_cached_clients()


@pytest.fixture
def aws(template: Template) -> Iterator[Stack]:
    with fresh_stack(template) as stack:
        yield stack


def _forget_cached_clients() -> None:
    settings.cache_clear()
    dynamo_repositories.cache_clear()
    deps.services.cache_clear()
    adapters.reset()
    reminders.unrecorded_sends.clear()


@pytest.fixture
def clock(aws: Stack) -> Iterator[FixedClock]:
    fixed = FixedClock()
    deps.use_clock(fixed)
    yield fixed
    from tracker.domain.clock import SystemClock

    deps.use_clock(SystemClock())


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any

    @property
    def error(self) -> dict[str, Any]:
        error: dict[str, Any] = self.body["error"]
        return error


@dataclass
class ApiClient:
    """Calls functions/api's lambda_handler the way the HTTP API would, as one member."""

    identity: Identity
    base_event: dict[str, Any] = field(default_factory=lambda: load_event("api_create_contact"))
    extra_claims: dict[str, str] = field(default_factory=dict)

    def event(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: dict[str, Any] | None = None,
        raw_body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        event = copy.deepcopy(self.base_event)
        event["rawPath"] = path
        event["requestContext"]["http"].update(method=method, path=path)
        route, parameters = _route_of(method, path)
        event["routeKey"] = event["requestContext"]["routeKey"] = route
        claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
        claims.update(
            sub=self.identity.member_id,
            **{"cognito:username": self.identity.member_id, "custom:org_id": self.identity.org_id},
            email=self.identity.email or "",
            **{"cognito:groups": "[" + " ".join(sorted(self.identity.groups)) + "]"},
        )
        claims.update(self.extra_claims)
        event.pop("queryStringParameters", None)
        event["rawQueryString"] = ""
        if query:
            event["queryStringParameters"] = {
                k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in query.items()
            }
            event["rawQueryString"] = urlencode(event["queryStringParameters"])
        event.pop("body", None)
        event["headers"].pop("content-length", None)
        if raw_body is not None or body is not None:
            event["body"] = raw_body if raw_body is not None else json.dumps(body, default=str)
            event["headers"]["content-type"] = "application/json"
        else:
            event["headers"].pop("content-type", None)
        event["headers"].update(headers or {})
        if parameters:
            event["pathParameters"] = parameters
        else:
            event.pop("pathParameters", None)
        return event

    def call(self, method: str, path: str, body: Any = None, **options: Any) -> Reply:
        return invoke(self.event(method, path, body, **options))

    def get(self, path: str, **query: Any) -> Reply:
        return self.call("GET", path, query=query or None)

    def post(self, path: str, body: Any = None, **options: Any) -> Reply:
        return self.call("POST", path, body, **options)

    def patch(self, path: str, body: Any = None, **options: Any) -> Reply:
        return self.call("PATCH", path, body, **options)

    def delete(self, path: str) -> Reply:
        return self.call("DELETE", path)


ROUTES = Template().http_routes()


def _route_of(method: str, path: str) -> tuple[str, dict[str, str]]:
    """The route key and path parameters the HTTP API would pass (`$default` if none serves)."""
    for route in ROUTES:
        parameters = route.match(method, path)
        if parameters is not None:
            return route.route_key, parameters
    return "$default", {}


class _Context:
    function_name = "networking-tracker-api"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:networking-tracker-api"
    aws_request_id = "test-request"

    def get_remaining_time_in_millis(self) -> int:
        return 15_000


def invoke(event: dict[str, Any]) -> Reply:
    from functions.api.app import lambda_handler

    result = lambda_handler(event, _Context())
    raw = result.get("body")
    headers = {str(k).lower(): str(v) for k, v in (result.get("headers") or {}).items()}
    body = json.loads(raw) if raw and headers.get("content-type", "").startswith("application/json") else raw
    return Reply(result["statusCode"], headers, body)


@pytest.fixture
def member(aws: Stack) -> Identity:
    return Identity(
        org_id="bridges", member_id="11111111-aaaa-4aaa-8aaa-111111111111", email="sam@example.org"
    )


@pytest.fixture
def api(member: Identity, clock: FixedClock) -> ApiClient:
    return ApiClient(member)


@pytest.fixture
def other_member(aws: Stack) -> Identity:
    return Identity(
        org_id="stmarys", member_id="22222222-bbbb-4bbb-8bbb-222222222222", email="priya@example.org"
    )


@pytest.fixture
def other_api(other_member: Identity, clock: FixedClock) -> ApiClient:
    return ApiClient(other_member)


@pytest.fixture
def pipeline(aws: Stack) -> EventSources:
    """Schedules, queues and topics wired to the functions as template.yaml says (local/events)."""
    sources = EventSources(aws, FunctionHost(aws))
    os.environ["PUBLIC_BASE_URL"] = "https://tracker.example.org"  # FunctionHost applied the template's
    settings.cache_clear()
    return sources


def sent_emails() -> list[Any]:
    return [
        message for message in ses_backends[ACCOUNT_ID][REGION].sent_messages if hasattr(message, "raw_data")
    ]


def sent_sms() -> list[tuple[str, str]]:
    return list(sns_backends[ACCOUNT_ID][REGION].sms_messages.values())


@pytest.fixture(scope="module")
def stack() -> Iterator[Running]:
    """The local stack, as `make run` starts it (on a free port), for one module's tests over HTTP."""
    running = start()
    yield running
    running.stop()


def table_items(stack: Stack) -> list[dict[str, Any]]:
    """Every item of the stack's table, in key order (a test may Scan; the app never does)."""
    pages = (
        boto3.client("dynamodb")
        .get_paginator("scan")
        .paginate(TableName=stack.table_name, ConsistentRead=True)
    )
    items = [item for page in pages for item in page["Items"]]
    return sorted(items, key=lambda item: (item["PK"]["S"], item["SK"]["S"]))


# The longest files, measured (about 15 to 45 s each): `make test` runs files on two workers
# (pytest-xdist, --dist loadfile), and handing these out first keeps the workers even.
LONGEST_FIRST = (
    "tests/reliability/test_tenant_isolation.py",
    "tests/reliability/test_delivery_under_faults.py",
    "tests/reliability/test_api_fuzz.py",
    "tests/reliability/test_local_stack_under_load.py",
    "tests/imports/test_import_requests.py",
    "tests/browser/test_quick_log_browser.py",
    "tests/browser/test_web_app_browser.py",
    "tests/e2e/test_local_stack.py",
    "tests/e2e/test_import_local_stack.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first (above). And schemathesis names each operation's test after it
    (`test_x[GET /me]`) but gives them all one node id, while pytest-xdist schedules tests by
    node id (it would run one of them): each gets its own."""
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))
    for item in items:
        original = getattr(item, "originalname", None)
        if original and item.name != original and item.nodeid.endswith(f"::{original}") and item.parent:
            item._id = item.parent.id.child(item.name)  # how pytest names every other parametrized test


def _through(call: Any) -> Any:
    return call()


# CPython keeps Python frames on a stack of 16 KB chunks and frees a chunk as soon as its last
# frame returns. A hot call that straddles a chunk boundary then maps and unmaps 16 KB on every
# call: seen here as a 20,000-row import taking 45 s instead of 11 under pytest-xdist, whose
# workers call tests a few frames deeper than a plain run. Calling each test from a frame that
# reserves a 512 KB chunk (31,760 unused locals: 254 KB) leaves the test 258 KB of frame room in
# that one chunk, so no boundary falls in its hot loops.
_ROOMY_NAMES = ("call", *(f"_{n}" for n in range(31_760)))
_in_roomy_frame = type(_through)(
    _through.__code__.replace(co_varnames=_ROOMY_NAMES, co_nlocals=len(_ROOMY_NAMES)), {}
)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> object:
    from _pytest.python import pytest_pyfunc_call as call_test

    return _in_roomy_frame(lambda: call_test(pyfuncitem))


# The figure lines tests report (tests/summary.py). Last, so every other conftest's
# session-finish hook has reported its lines before a worker hands them over.
@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller prints them
        workeroutput["summary"] = json.dumps(summary.SECTIONS)


def pytest_testnodedown(node: Any, error: object) -> None:
    """A pytest-xdist worker finished: keep its lines for the controller's summary."""
    summary.merge(json.loads(getattr(node, "workeroutput", {}).get("summary", "{}")))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for section, lines in summary.SECTIONS.items():
        terminalreporter.section(section)
        for line in lines:
            terminalreporter.write_line(line)


def prove_phone(api: ApiClient) -> dict[str, Any]:
    """The member enters the code last texted to their number (POST /me/phone/verify)."""
    phone = api.get("/me").body["phone"]
    (code,) = re.findall(r"your code is (\d{6})", [text for to, text in sent_sms() if to == phone][-1])
    reply = api.post("/me/phone/verify", {"code": code})
    assert reply.status == 200, reply.body
    assert reply.body["phone_status"] == "verified"
    return dict(reply.body)
