"""The local stack as one object: moto, the resources of template.yaml, demo data, HTTP on loopback."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import boto3
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

from local.auth import JwtAuthorizer
from local.functions import FunctionHost
from local.gateway import Gateway, HttpRequest, HttpResponse
from local.provision import Stack, provision
from local.seed import DEMO_PASSWORD, DemoUser, seed
from local.template import REGION, Template

_aws_lock = threading.RLock()
_original_stubber_call = BotocoreStubber.__call__


def _one_aws_call_at_a_time(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
    # Each DynamoDB (SQS, ...) call is atomic in AWS; moto's backends are plain Python objects
    # shared by every server thread, so each call holds the lock while moto runs it.
    with _aws_lock:
        return _original_stubber_call(self, event_name, request, **kwargs)


@dataclass
class LocalStack:
    """Start with `start()`; `url` then serves the API. `stop()` shuts everything down."""

    host: str = "127.0.0.1"
    port: int = 3000
    with_demo_data: bool = True
    access_log: bool = True
    users: list[DemoUser] = field(default_factory=list)

    def start(self) -> None:
        BotocoreStubber.__call__ = _one_aws_call_at_a_time  # type: ignore[method-assign]
        self._mock = mock_aws()
        self._mock.start()
        self.stack: Stack = provision(Template())
        self.functions = FunctionHost(self.stack)
        self.gateway = Gateway(
            self.stack.template.http_routes(),
            self.functions,
            JwtAuthorizer(self.stack.user_pool_id, self.stack.user_pool_client_id),
        )
        if self.with_demo_data:
            from tracker.api.deps import build_services
            from tracker.clock import SystemClock

            self.users = seed(self.stack.user_pool_id, build_services(SystemClock()), now=datetime.now(UTC))
        self._server = ThreadingHTTPServer((self.host, self.port), _handler_for(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-http", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def wait(self) -> None:
        self._thread.join()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._mock.stop()
        BotocoreStubber.__call__ = _original_stubber_call  # type: ignore[method-assign]

    # ------------------------------------------------------------ helpers

    def tokens(self) -> dict[str, Any]:
        cognito = boto3.client("cognito-idp", region_name=REGION)
        tokens = []
        for user in self.users:
            auth = cognito.admin_initiate_auth(
                UserPoolId=self.stack.user_pool_id,
                ClientId=self.stack.user_pool_client_id,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": user.email, "PASSWORD": DEMO_PASSWORD},
            )["AuthenticationResult"]
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
            "usage": f"curl -H 'Authorization: Bearer <token>' {self.url}/contacts",
        }

    def local_route(self, request: HttpRequest) -> HttpResponse | None:
        """The /_local/... helpers, which exist only in the local stack."""
        if request.path == "/_local/tokens" and request.method == "GET":
            return _json(HTTPStatus.OK, self.tokens())
        if request.path.startswith("/_local/"):
            return _json(
                HTTPStatus.NOT_FOUND,
                {"error": {"code": "not_found", "message": "No such helper", "details": []}},
            )
        return None


def _json(status: int, body: Any) -> HttpResponse:
    return HttpResponse(
        int(status), [("Content-Type", "application/json")], json.dumps(body, indent=2).encode()
    )


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

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

        def log_message(self, format: str, *args: Any) -> None:
            if local.access_log:
                super().log_message(format, *args)

    return Handler
