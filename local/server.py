"""The local stack as one object: moto, the resources of template.yaml, demo data, HTTP on loopback."""

from __future__ import annotations

import json
import os
import re
import threading
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

from local import invitations, moto_speedup
from local.auth import JwtAuthorizer
from local.events import EventSources
from local.functions import FunctionHost
from local.gateway import Gateway, HttpRequest, HttpResponse
from local.outbox import Outbox, as_message
from local.provision import Stack, provision
from local.seed import DEMO_PASSWORD, DemoUser, seed
from local.sms import simulate_reply
from local.template import REGION, Template

_aws_lock = threading.RLock()

# Query values that grant something: the signed link of the public pages (`t`), and anything
# named like a token, signature or code. The access log keeps their names, never their values.
_SECRET_QUERY_VALUE = re.compile(
    r"(?P<name>(?:^|[?&;])(?:t|[^=&;\s#]*(?:token|sig|signature|secret|code|key)[^=&;\s#]*)=)[^&;\s#]*",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """`text` (a request line, or an error that quotes one) without the values of secret query fields."""
    return _SECRET_QUERY_VALUE.sub(r"\g<name>[redacted]", text)


_original_stubber_call = BotocoreStubber.__call__


def _one_aws_call_at_a_time(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
    # Each DynamoDB (SQS, ...) call is atomic in AWS; moto's backends are plain Python objects
    # shared by every server thread, so each call holds the lock while moto runs it.
    with _aws_lock:
        return _original_stubber_call(self, event_name, request, **kwargs)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # a burst of new clients waits to be served instead of retrying SYNs


@dataclass
class LocalStack:
    """Start with `start()`; `url` then serves the API. `stop()` shuts everything down."""

    host: str = "127.0.0.1"
    port: int = 3000
    with_demo_data: bool = True
    access_log: bool = True
    # Fire the hourly schedules on the real clock too (tests turn this off and tick instead).
    clock_schedules: bool = True
    users: list[DemoUser] = field(default_factory=list)

    def start(self) -> None:
        BotocoreStubber.__call__ = _one_aws_call_at_a_time  # type: ignore[method-assign]
        self._mock = mock_aws()
        self._mock.start()
        moto_speedup.install()
        self._patches = ExitStack()
        self._patches.enter_context(invitations.installed())  # Cognito's invitation email, into the outbox
        self.stack: Stack = provision(Template())
        self.functions = FunctionHost(self.stack)
        self.events = EventSources(self.stack, self.functions)
        self.outbox = Outbox()
        self.gateway = Gateway(
            self.stack.template.http_routes(),
            self.functions,
            JwtAuthorizer(self.stack.user_pool_id, self.stack.user_pool_client_id),
        )
        self._server = _Server((self.host, self.port), _handler_for(self))
        self.port = self._server.server_address[1]
        # Links in reminders point at this server.
        os.environ["PUBLIC_BASE_URL"] = self.url
        from tracker.config import settings

        settings.cache_clear()
        if self.with_demo_data:
            from tracker.domain.clock import SystemClock
            from tracker.runtime import build_services

            self.users = seed(self.stack.user_pool_id, build_services(SystemClock()), now=datetime.now(UTC))
        self._stopping = threading.Event()
        self._tick_lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._server.serve_forever, name="local-http", daemon=True),
            threading.Thread(target=self._poll_queues, name="local-sqs", daemon=True),
        ]
        if self.clock_schedules:
            self._threads.append(threading.Thread(target=self._hourly, name="local-scheduler", daemon=True))
        for thread in self._threads:
            thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def sign_in_url(self) -> str:
        return f"{self.url}/app/sign-in"

    def wait(self) -> None:
        self._threads[0].join()

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads[1:]:
            thread.join(timeout=10)
        self._mock.stop()
        self._patches.close()
        BotocoreStubber.__call__ = _original_stubber_call  # type: ignore[method-assign]

    # ------------------------------------------------------------ schedules and queues

    def tick(self, at: datetime) -> dict[str, Any]:
        """Run the schedules as of `at`, then deliver everything they queued (and retries)."""
        with self._tick_lock:
            schedules = self.events.fire_schedules(at)
            delivered = self.events.drain()
            feedback = self._simulate_feedback()
            return {
                "at": at.astimezone(UTC).isoformat(),
                "schedules": schedules,
                "delivered": delivered,
                "feedback": feedback,
                "dead_letters": self._dead_letters(),
                "outbox": {"emails": len(self.outbox.emails()), "sms": len(self.outbox.sms())},
            }

    def _hourly(self) -> None:
        while not self._stopping.is_set():
            now = datetime.now(UTC)
            next_hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            if self._stopping.wait((next_hour - now).total_seconds()):
                return
            self.tick(next_hour)

    def _poll_queues(self) -> None:
        while not self._stopping.wait(1.0):
            with self._tick_lock:
                self.events.drain()
                self._simulate_feedback()

    def _simulate_feedback(self) -> int:
        notifications = self.outbox.simulated_feedback()
        for notification in notifications:
            for topic_arn in self.stack.feedback_topics():
                self.events.publish(topic_arn, as_message(notification))
        return len(notifications)

    def _dead_letters(self) -> dict[str, int]:
        """Messages waiting in queues that nothing consumes: the dead-letter queues."""
        sqs = boto3.client("sqs", region_name=REGION)
        consumed = {source.queue_url for source in self.events.sqs}
        counts = {}
        for logical_id, kind in self.stack.types.items():
            if kind != "AWS::SQS::Queue" or self.stack.ref(logical_id) in consumed:
                continue
            attributes = sqs.get_queue_attributes(
                QueueUrl=self.stack.ref(logical_id), AttributeNames=["ApproximateNumberOfMessages"]
            )["Attributes"]
            counts[logical_id] = int(attributes["ApproximateNumberOfMessages"])
        return counts

    # ------------------------------------------------------------ helpers

    def tokens(self) -> dict[str, Any]:
        cognito = boto3.client("cognito-idp", region_name=REGION)
        tokens = []
        removed = []
        for user in self.users:
            try:
                auth = cognito.admin_initiate_auth(
                    UserPoolId=self.stack.user_pool_id,
                    ClientId=self.stack.user_pool_client_id,
                    AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                    AuthParameters={"USERNAME": user.email, "PASSWORD": DEMO_PASSWORD},
                )["AuthenticationResult"]
            except cognito.exceptions.UserNotFoundException:  # removed by an admin, or erased
                removed.append(user.email)
                continue
            tokens.append(
                {
                    "name": user.name,
                    "email": user.email,
                    "org_id": user.org_id,
                    "role": "admin" if user.admin else "member",
                    "token": auth["IdToken"],
                    "expires_in": auth["ExpiresIn"],
                }
            )
        return {
            "tokens": tokens,
            "removed": removed,
            "usage": f"curl -H 'Authorization: Bearer <token>' {self.url}/contacts",
        }

    def _token_for(self, body: bytes) -> HttpResponse:
        """A dev token for any account, by its email and password (an invited member's, say,
        once they have chosen one): POST /_local/tokens {"email": ..., "password": ...}."""
        try:
            wanted = json.loads(body or b"{}")
            email, password = str(wanted["email"]), str(wanted["password"])
        except (ValueError, KeyError, TypeError):
            return _error(
                HTTPStatus.UNPROCESSABLE_ENTITY, "validation_error", 'Send {"email": ..., "password": ...}'
            )
        cognito = boto3.client("cognito-idp", region_name=REGION)
        try:
            auth = cognito.initiate_auth(
                ClientId=self.stack.user_pool_client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        except cognito.exceptions.ClientError:
            return _error(HTTPStatus.UNAUTHORIZED, "unauthorized", "No account with that email and password")
        if "AuthenticationResult" not in auth:
            return _error(
                HTTPStatus.CONFLICT,
                "conflict",
                f"Sign in at {self.sign_in_url} first ({auth['ChallengeName']})",
            )
        return _json(HTTPStatus.OK, {"email": email, "token": auth["AuthenticationResult"]["IdToken"]})

    def local_route(self, request: HttpRequest) -> HttpResponse | None:  # noqa: PLR0911 - one branch per helper
        """The /_local/... helpers, which exist only in the local stack."""
        if request.path == "/_local/tokens" and request.method == "GET":
            return _json(HTTPStatus.OK, self.tokens())
        if request.path == "/_local/tokens" and request.method == "POST":
            return self._token_for(request.body)
        if request.path == "/_local/tick":
            if request.method != "POST":
                return _error(
                    HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "POST /_local/tick?at=<ISO time>"
                )
            raw = (parse_qs(request.query).get("at") or [""])[0]
            try:
                at = datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else datetime.now(UTC)
            except ValueError:
                return _error(
                    HTTPStatus.UNPROCESSABLE_ENTITY, "validation_error", "at must be an ISO 8601 time"
                )
            return _json(HTTPStatus.OK, self.tick(at if at.tzinfo else at.replace(tzinfo=UTC)))
        if request.path == "/_local/sms":
            if request.method != "POST":
                return _error(
                    HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "POST /_local/sms?from=<number>"
                )
            with self._tick_lock:
                status, result = simulate_reply(
                    self.stack, self.events, self.outbox, request.query, request.body
                )
            return _json(status, result)
        if request.path == "/_local/outbox.json" and request.method == "GET":
            return _json(HTTPStatus.OK, self.outbox.as_json())
        if request.path == "/_local/outbox" and request.method == "GET":
            return _html(self.outbox.page())
        if request.path.startswith("/_local/outbox/") and request.method == "GET":
            number = request.path.rsplit("/", 1)[-1]
            page = self.outbox.email_page(int(number)) if number.isdigit() else None
            if page is not None:
                return _html(page)
        if request.path.startswith("/_local/"):
            return _error(HTTPStatus.NOT_FOUND, "not_found", "No such helper")
        return None


def _json(status: int, body: Any) -> HttpResponse:
    return HttpResponse(
        int(status), [("Content-Type", "application/json")], json.dumps(body, indent=2, default=str).encode()
    )


def _error(status: int, code: str, message: str) -> HttpResponse:
    return _json(status, {"error": {"code": code, "message": message, "details": []}})


def _html(page: str) -> HttpResponse:
    return HttpResponse(200, [("Content-Type", "text/html; charset=utf-8")], page.encode())


def _handler_for(local: LocalStack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "networking-tracker-local"

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = HttpRequest(
                method=self.command,
                path=parts.path,
                query=parts.query,
                headers=list(self.headers.items()),
                body=self.rfile.read(length) if length else b"",
                source_ip=self.client_address[0],
            )
            response = local.local_route(request) or local.gateway.handle(request)
            self.send_response(response.status)
            names = {name.lower() for name, _ in response.headers}
            for name, value in response.headers:
                self.send_header(name, value)
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)

        def __getattr__(self, name: str) -> Any:
            # Every method (TRACE, QUERY, ...) reaches the gateway, which answers 404 where no route
            # has it, as API Gateway does; http.server alone would answer 501.
            if name.startswith("do_"):
                return self._serve
            raise AttributeError(name)

        def log_message(self, format: str, *args: Any) -> None:
            if local.access_log:
                super().log_message(format, *(redact(arg) if isinstance(arg, str) else arg for arg in args))

    return Handler
