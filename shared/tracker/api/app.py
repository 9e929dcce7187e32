"""The API resolver: routers, error shape, OpenAPI at /openapi.json and Swagger UI at /docs."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer, Server

from tracker.api import errors
from tracker.api.routes import contacts, form_link, goals, interactions, me, org, picks, transfer
from tracker.api.schemas.org import one_invite, parse_roster
from tracker.api.schemas.transfer import ExportOut
from tracker.config import settings
from tracker.web import (
    app_contact,
    app_goals,
    app_import,
    app_network,
    app_password,
    app_program,
    app_routes,
    app_settings,
)
from tracker.web import routes as pages
from tracker.web.forms import MAX_FORM_BYTES

# The HTML pages with forms: a body too large gets a friendly page there, not JSON.
FORM_PAGES = (
    pages.PAGE_PATHS
    | app_routes.PAGES
    | app_password.PAGES
    | app_network.PAGES
    | app_contact.PAGES
    | app_goals.PAGES
    | app_settings.PAGES
    | app_program.PAGES
    | app_import.PAGES
)

TITLE = "Networking Tracker API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Keep your contacts, log conversations, and get daily reconnect picks.\n\n"
    "Every route except this documentation needs `Authorization: Bearer <Cognito ID token>`; "
    "your member and program come from that token only. Errors are always "
    '`{"error": {"code", "message", "details": [{"field", "message"}]}}`.'
)


def create_app() -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True)
    for router in (
        me.router,
        contacts.router,
        interactions.router,
        picks.router,
        form_link.router,
        transfer.router,
        goals.router,
        org.router,
    ):
        app.include_router(router)
    app.configure_openapi(
        title=TITLE,
        version=VERSION,
        description=DESCRIPTION,
        servers=[Server(url="/")],
        security_schemes={"cognito": HTTPBearer(bearerFormat="JWT", description="Cognito ID token")},
        security=[{"cognito": []}],
    )
    app.enable_swagger(path="/docs", title=TITLE, version=VERSION)
    app.include_router(pages.router)  # public HTML pages behind signed links (not in the schema)
    app.include_router(app_routes.router)  # the web app, signed in with a session cookie (not in the schema)
    app.include_router(app_password.router)  # a forgotten password
    app.include_router(app_network.router)  # before app_contact: /app/contacts/new is not a contact id
    app.include_router(app_contact.router)
    app.include_router(app_goals.router)  # the web app's Goals and the plan's Accept
    app.include_router(app_settings.router)  # the web app's Settings and download
    app.include_router(app_program.router)  # the program pages, for admins
    app.include_router(app_import.router)  # the web app's Import
    app_settings.exporter.json = lambda network: ExportOut.of(network).model_dump_json()
    app_program.rules.one, app_program.rules.roster = one_invite, parse_roster

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_document() -> Response[Any]:
        return Response(200, "application/json", app.get_openapi_json_schema())

    errors.register(app)
    return app


app = create_app()


def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Resolve one HTTP API event. Oversized bodies are refused before anything parses them."""
    body = event.get("body") or ""
    limit = body_limit(event)
    # A base64 body is 4/3 of its bytes; compare like with like.
    size = len(body) * 3 // 4 if event.get("isBase64Encoded") else len(body.encode("utf-8", "surrogatepass"))
    path = str(event.get("routeKey") or "").partition(" ")[2]
    if path in app_import.UPLOAD_PAGES:  # a file: the import limit, and the page says it is too large
        if size > settings().max_import_body_bytes:
            event = app_import.refuse_body(event)
    elif path in FORM_PAGES:
        if size > MAX_FORM_BYTES:  # the public forms are small; a friendly page, not JSON
            return pages.form_too_large()
    elif size > limit:
        return _refusal(413, "payload_too_large", f"The request body is larger than {_size(limit)}")
    elif wanted := _media_types_wanted_instead(event):
        return _refusal(415, "unsupported_media_type", "Send the body as " + " or ".join(sorted(wanted)))
    return app.resolve(_media_type_in_lower_case(event), context)


def _refusal(status: int, code: str, message: str) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(errors.error_body(code, message)),
        "isBase64Encoded": False,
    }


def _media_type(event: dict[str, Any]) -> str:
    headers = event.get("headers") or {}
    value = next((str(v) for k, v in headers.items() if str(k).lower() == "content-type"), "")
    return value.split(";")[0].strip().lower()


def _media_types_wanted_instead(event: dict[str, Any]) -> frozenset[str]:
    """The types the route's documentation names, if the body is of another (none reads as JSON).

    Powertools would otherwise try its form and multipart parsers on a JSON route, and failed
    (500) on a multipart type without a boundary.
    """
    media_type = _media_type(event) or "application/json"
    if media_type == "application/json":  # every documented body may be JSON
        return frozenset()
    accepted = documented_media_types().get(str(event.get("routeKey")), frozenset())
    return accepted if accepted and media_type not in accepted else frozenset()


def _media_type_in_lower_case(event: dict[str, Any]) -> dict[str, Any]:
    """Media types are case-insensitive; Powertools only knows application/json in lower case."""
    headers = event.get("headers") or {}
    for name, value in headers.items():
        if str(name).lower() == "content-type":
            media_type, semicolon, parameters = str(value).partition(";")
            if media_type.strip().lower() == "application/json":
                headers[name] = f"application/json{semicolon}{parameters}"
    return event


@cache
def documented_media_types() -> dict[str, frozenset[str]]:
    """The request media types of each route with a documented body (read on the first non-JSON one).

    Imports take a file of any type, as documented; they are left to the importer.
    """
    document = json.loads(app.get_openapi_json_schema())
    return {
        f"{method.upper()} {path}": frozenset(operation["requestBody"].get("content", {}))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation and f"{method.upper()} {path}" != transfer.IMPORT_ROUTE
    }


def body_limit(event: dict[str, Any]) -> int:
    """Import files may be larger than the JSON bodies of every other route."""
    config = settings()
    return (
        config.max_import_body_bytes
        if event.get("routeKey") == transfer.IMPORT_ROUTE
        else config.max_json_body_bytes
    )


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
