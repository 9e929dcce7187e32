"""The HTTP API, locally: route by template.yaml's events, authorize, build v2.0 events, reply.

What API Gateway would do before a function runs happens here too: an unknown route is a
404, a protected route without a valid token a 401, and neither reaches a function.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote

from local.auth import AuthError, JwtAuthorizer
from local.functions import FunctionHost
from local.template import ACCOUNT_ID, HttpRoute

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/x-www-form-urlencoded",
    "application/xml",
    "+json",
    "+xml",
)
MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's own limit


@dataclass
class HttpRequest:
    method: str
    path: str
    query: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    source_ip: str = "127.0.0.1"

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return ",".join(values) if values else None


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def _gateway_error(status: int, message: str, code: str, detail: str) -> HttpResponse:
    # API Gateway's own body is {"message": ...}; "error" adds the project's shape so that
    # clients can treat every error alike (see README: on AWS only "message" is present).
    body = {"message": message, "error": {"code": code, "message": detail, "details": []}}
    return HttpResponse(status, [("Content-Type", "application/json")], json.dumps(body).encode())


class Gateway:
    def __init__(self, routes: list[HttpRoute], functions: FunctionHost, authorizer: JwtAuthorizer) -> None:
        self.routes = routes
        self.functions = functions
        self.authorizer = authorizer

    def handle(self, request: HttpRequest) -> HttpResponse:
        # An HTTP API routes on the decoded path, and the event carries it decoded (rawPath and
        # pathParameters alike): /contacts/caf%C3%A9 reaches the function as /contacts/café.
        request = replace(request, path=unquote(request.path))
        if len(request.body) > MAX_BODY_BYTES:
            return _gateway_error(
                413, "Request Entity Too Large", "payload_too_large", "The body is too large"
            )
        matched = self._route(request)
        if matched is None:
            return _gateway_error(404, "Not Found", "not_found", "No such route")
        route, path_parameters = matched
        claims: dict[str, str] | None = None
        if not route.public:
            try:
                claims = self.authorizer.claims(request.header("authorization"))
            except AuthError:
                return _gateway_error(
                    401,
                    "Unauthorized",
                    "unauthorized",
                    "A valid bearer token is required (see GET /_local/tokens)",
                )
        event = build_event(request, route, path_parameters, claims)
        try:
            result = self.functions.invoke(route.function_id, event)
        except Exception:
            return _gateway_error(500, "Internal Server Error", "internal_error", "The function failed")
        return _response(result)

    def _route(self, request: HttpRequest) -> tuple[HttpRoute, dict[str, str]] | None:
        for route in self.routes:
            parameters = route.match(request.method, request.path)
            if parameters is not None:
                return route, parameters
        return None


def build_event(
    request: HttpRequest, route: HttpRoute, path_parameters: dict[str, str], claims: dict[str, str] | None
) -> dict[str, Any]:
    """An HTTP API payload format 2.0 event, as API Gateway builds it."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        if name.lower() == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    query: dict[str, str] = {}
    for name, value in parse_qsl(request.query, keep_blank_values=True):
        query[name] = f"{query[name]},{value}" if name in query else value
    content_type = (headers.get("content-type") or "").lower()
    body, is_base64 = _event_body(request.body, content_type)
    now = datetime.now(UTC)
    request_id = str(uuid.uuid4())
    context: dict[str, Any] = {
        "accountId": ACCOUNT_ID,
        "apiId": "local",
        "domainName": headers.get("host", "127.0.0.1"),
        "domainPrefix": "local",
        "http": {
            "method": request.method,
            "path": request.path,
            "protocol": "HTTP/1.1",
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": request_id,
        "routeKey": route.route_key,
        "stage": "$default",
        "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "timeEpoch": int(time.time() * 1000),
    }
    if claims is not None:
        context["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.route_key,
        "rawPath": request.path,
        "rawQueryString": request.query,
        "headers": headers,
        "requestContext": context,
        "isBase64Encoded": is_base64,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if body is not None:
        event["body"] = body
    return event


def _event_body(raw: bytes, content_type: str) -> tuple[str | None, bool]:
    if not raw:
        return None, False
    if any(marker in content_type for marker in TEXT_TYPES):
        try:
            return raw.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(raw).decode(), True


def _response(result: Any) -> HttpResponse:
    """Turn a function's return value into HTTP, as payload format 2.0 specifies."""
    if not isinstance(result, dict) or "statusCode" not in result:
        # A bare value: API Gateway replies 200 with it as JSON.
        return HttpResponse(200, [("Content-Type", "application/json")], json.dumps(result).encode())
    headers = [(str(name), str(value)) for name, value in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((str(name), str(value)) for value in values)
    headers.extend(("Set-Cookie", cookie) for cookie in result.get("cookies") or [])
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode("utf-8")
    return HttpResponse(int(result["statusCode"]), headers, raw)
