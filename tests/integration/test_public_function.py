"""The public function (functions/public): the pages behind signed links and the API's
description, and nothing else, whatever event reaches it. Likewise the web function
(functions/web): the web app's pages under /app, and nothing else."""

from __future__ import annotations

import json
from typing import Any

from local.provision import Stack
from local.template import Template
from tests.conftest import ApiClient, _Context, load_event


def _event(method: str, path: str, claims: dict[str, str] | None = None) -> dict[str, Any]:
    event = load_event("api_get_me")
    event["routeKey"] = event["requestContext"]["routeKey"] = f"{method} {path}"
    event["rawPath"] = path
    event["rawQueryString"] = ""
    event.pop("queryStringParameters", None)
    event["requestContext"]["http"].update(method=method, path=path)
    if claims is None:
        event["requestContext"].pop("authorizer", None)
    else:
        event["requestContext"]["authorizer"]["jwt"]["claims"].update(claims)
    return event


def _public(event: dict[str, Any]) -> dict[str, Any]:
    from functions.public.app import lambda_handler

    result: dict[str, Any] = lambda_handler(event, _Context())
    return result


def _web(event: dict[str, Any]) -> dict[str, Any]:
    from functions.web.app import lambda_handler

    result: dict[str, Any] = lambda_handler(event, _Context())
    return result


def test_it_serves_exactly_the_routes_the_template_gives_it(aws: Stack, template: Template) -> None:
    from functions.public.app import PUBLIC_ROUTES
    from functions.web.app import serves

    routes = template.http_routes()
    assert {route.route_key for route in routes if route.function_id == "PublicFunction"} == PUBLIC_ROUTES
    assert not any(serves(key) for key in PUBLIC_ROUTES)
    web = {route.route_key for route in routes if route.function_id == "WebFunction"}
    assert web
    assert all(serves(key) for key in web)
    assert not any(serves(route.route_key) for route in routes if route.function_id != "WebFunction")


def test_the_web_function_refuses_the_member_api_and_the_signed_link_pages_unresolved(
    aws: Stack, api: ApiClient
) -> None:
    claims = {"sub": api.identity.member_id, "custom:org_id": api.identity.org_id}
    for method, path in (("DELETE", "/me"), ("GET", "/contacts"), ("GET", "/log"), ("GET", "/application")):
        refused = _web(_event(method, path, claims))
        assert refused["statusCode"] == 404, (method, path)
        assert json.loads(refused["body"])["error"]["code"] == "not_found"
    assert api.get("/me").status == 200  # still there: DELETE /me was never resolved
    signed_out = _web(_event("GET", "/app"))  # its own pages: no session, so to sign-in
    assert signed_out["statusCode"] == 303
    assert signed_out["headers"]["Location"].startswith("/app/sign-in")


def test_it_serves_the_signed_link_pages_and_the_api_description(aws: Stack) -> None:
    page = _public(_event("GET", "/log"))  # a link without its token: a friendly page
    assert page["headers"]["Content-Type"].startswith("text/html")
    assert "<html" in page["body"].lower()
    document = _public(_event("GET", "/openapi.json"))
    assert document["statusCode"] == 200
    assert "/contacts" in json.loads(document["body"])["paths"]


def test_a_member_route_that_reaches_it_is_refused_unresolved(aws: Stack, api: ApiClient) -> None:
    assert api.get("/me").status == 200
    claims = {"sub": api.identity.member_id, "custom:org_id": api.identity.org_id}
    for method, path in (("DELETE", "/me"), ("GET", "/contacts"), ("GET", "/org/members")):
        refused = _public(_event(method, path, claims))
        assert refused["statusCode"] == 404, (method, path)
        assert json.loads(refused["body"])["error"]["code"] == "not_found"
    assert api.get("/me").status == 200  # still there: DELETE /me was never resolved
