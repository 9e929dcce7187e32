"""The API resolver: routers, error shape, OpenAPI at /openapi.json and Swagger UI at /docs.

The resolver is made at import, with the error shape; each group of routes (a router module
and the schemas it validates with) is included on the first request for one of its paths. A
function's cold start so pays only for what every request needs (Powertools, pydantic), and its
first request for the routes in hand: the API function never loads the web app's pages, and no
function loads the OpenAPI models until the document is asked for (bench/cold_start.py). With
SnapStart, the groups a function serves load before the snapshot instead (`prime`,
tracker/runtime/snapshot.py).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response

from tracker.api import errors
from tracker.api.routes import IMPORT_ROUTE
from tracker.config import settings

if TYPE_CHECKING:
    from tracker.domain.org import Invite, InviteProblem
    from tracker.services.exports import Network


# Route groups: the modules whose routers serve the paths under each first path segment, in the
# order they are included (app_network before app_contact: /app/contacts/new is not a contact id).
API_GROUPS: dict[str, tuple[str, ...]] = {
    "me": ("tracker.api.routes.me", "tracker.api.routes.form_link"),
    "contacts": ("tracker.api.routes.contacts", "tracker.api.routes.interactions"),
    "picks": ("tracker.api.routes.picks",),
    "transfer": ("tracker.api.routes.transfer",),
    "goals": ("tracker.api.routes.goals",),
    "org": ("tracker.api.routes.org",),
}
PAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "pages": ("tracker.web.routes",),  # public HTML pages behind signed links (not in the schema)
    "web": (  # the web app, signed in with a session cookie (not in the schema)
        "tracker.web.app_routes",
        "tracker.web.app_password",
        "tracker.web.app_network",
        "tracker.web.app_contact",
        "tracker.web.app_conversation",
        "tracker.web.app_goals",
        "tracker.web.app_settings",
        "tracker.web.app_program",
        "tracker.web.app_wording",
        "tracker.web.app_import",
    ),
}
GROUPS = {**API_GROUPS, **PAGE_GROUPS}
DOCUMENT = "document"  # the OpenAPI document and Swagger UI: every API group and the models
SEGMENTS = {
    "me": "me",
    "contacts": "contacts",
    "picks": "picks",
    "imports": "transfer",
    "export": "transfer",
    "goals": "goals",
    "org": "org",
    "log": "pages",
    "unsubscribe": "pages",
    "plan": "pages",
    "email": "pages",
    "app": "web",
    "openapi.json": DOCUMENT,
    "docs": DOCUMENT,
}

TITLE = "Networking Tracker API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Keep your contacts, log conversations, and get daily reconnect picks.\n\n"
    "Every route except this documentation needs `Authorization: Bearer <Cognito ID token>`; "
    "your member and program come from that token only. Errors are always "
    '`{"error": {"code", "message", "details": [{"field", "message"}]}}`.'
)

resolver = APIGatewayHttpResolver(enable_validation=True)
errors.register(resolver)
_loaded: dict[str, list[ModuleType]] = {}
_form_pages: set[str] = set()  # the HTML pages with forms loaded so far: too large a body gets a page
_loading = threading.RLock()  # the document loads the API groups within


def group_of(path: str) -> str | None:
    """The route group serving a path ("/contacts/{contact_id}" -> "contacts"), if any."""
    return SEGMENTS.get(path.lstrip("/").partition("/")[0])


def load(*groups: str) -> None:
    """Include the groups' routers in the resolver, each once, in a fixed order within a group
    (static routes match before dynamic ones whatever the order groups come in)."""
    with _loading:
        for group in groups:
            if group in _loaded:
                continue
            if group == DOCUMENT:
                _load_document()
                continue
            modules = [import_module(name) for name in GROUPS[group]]
            if group == "web":
                _hand_in_api_rules(modules)
            for module in modules:
                resolver.include_router(module.router)
                _form_pages.update(getattr(module, "PAGES", ()), getattr(module, "PAGE_PATHS", ()))
            _loaded[group] = modules


def prime(groups: Iterable[str]) -> None:
    """Load the groups now (before a snapshot is taken): imports and route tables only, no
    connection, secret or clock reading."""
    load(*groups)


def everything() -> APIGatewayHttpResolver:
    """The resolver with every route and the document loaded (tests, the OpenAPI checks)."""
    load(*GROUPS, DOCUMENT)
    return resolver


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole resolver, as before routes loaded on demand
        return everything()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load_document() -> None:
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer, Server

    load(*API_GROUPS)
    resolver.configure_openapi(
        title=TITLE,
        version=VERSION,
        description=DESCRIPTION,
        servers=[Server(url="/")],
        security_schemes={"cognito": HTTPBearer(bearerFormat="JWT", description="Cognito ID token")},
        security=[{"cognito": []}],
    )
    resolver.enable_swagger(path="/docs", title=TITLE, version=VERSION)

    @resolver.get("/openapi.json", include_in_schema=False)
    def openapi_document() -> Response[Any]:
        return Response(200, "application/json", resolver.get_openapi_json_schema())

    _loaded[DOCUMENT] = []


def _hand_in_api_rules(web: list[ModuleType]) -> None:
    """The web pages use the API's own rules for a download and an invitation (the web layer sits
    below the API's schemas); the schemas load when a page first needs them."""
    modules = {module.__name__.rpartition(".")[2]: module for module in web}
    modules["app_settings"].exporter.json = _export_json
    rules = modules["app_program"].rules
    rules.one, rules.roster = _one_invite, _parse_roster


def _export_json(network: Network) -> str:
    from tracker.api.schemas.transfer import ExportOut

    return ExportOut.of(network).model_dump_json()


def _one_invite(email: str, name: str | None) -> tuple[Invite | None, list[InviteProblem]]:
    from tracker.api.schemas.org import one_invite

    return one_invite(email, name)


def _parse_roster(text: str) -> tuple[list[Invite], list[InviteProblem]]:
    from tracker.api.schemas.org import parse_roster

    return parse_roster(text)


def _groups(event: dict[str, Any]) -> list[str]:
    """The groups of the route (its key, as the template declares it) and of the path asked for."""
    paths = (str(event.get("routeKey") or "").partition(" ")[2], str(event.get("rawPath") or ""))
    return [group for group in dict.fromkeys(group_of(path) for path in paths if path) if group]


def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Resolve one HTTP API event. Oversized bodies are refused before anything parses them."""
    load(*_groups(event))
    body = event.get("body") or ""
    limit = body_limit(event)
    # A base64 body is 4/3 of its bytes; compare like with like.
    size = len(body) * 3 // 4 if event.get("isBase64Encoded") else len(body.encode("utf-8", "surrogatepass"))
    path = str(event.get("routeKey") or "").partition(" ")[2]
    uploads = import_module("tracker.web.app_import") if "web" in _loaded else None
    if uploads and path in uploads.UPLOAD_PAGES:  # a file: the import limit; the page says it is too large
        if size > settings().max_import_body_bytes:
            event = uploads.refuse_body(event)
    elif path in _form_pages:
        from tracker.web.forms import MAX_FORM_BYTES

        if size > MAX_FORM_BYTES:  # the public forms are small; a friendly page, not JSON
            from tracker.web.routes import form_too_large

            return form_too_large()
    elif size > limit:
        return _refusal(413, "payload_too_large", f"The request body is larger than {_size(limit)}")
    elif wanted := _media_types_wanted_instead(event):
        return _refusal(415, "unsupported_media_type", "Send the body as " + " or ".join(sorted(wanted)))
    return resolver.resolve(_media_type_in_lower_case(event), context)


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
    accepted = _documented(str(event.get("routeKey")))
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


_media_types: dict[str, frozenset[str]] = {}


def _documented(route_key: str) -> frozenset[str]:
    """A route's documented request media types, from the document of the groups loaded so far
    (the route's own is among them); made on the first non-JSON body, then kept."""
    if route_key not in _media_types:
        with _loading:
            _media_types.update(_request_media_types())
            _media_types.setdefault(route_key, frozenset())
    return _media_types[route_key]


@cache
def documented_media_types() -> dict[str, frozenset[str]]:
    """The request media types of each route with a documented body.

    Imports take a file of any type, as documented; they are left to the importer.
    """
    load(*API_GROUPS)
    return _request_media_types()


def _request_media_types() -> dict[str, frozenset[str]]:
    document = json.loads(resolver.get_openapi_json_schema())
    return {
        f"{method.upper()} {path}": frozenset(operation["requestBody"].get("content", {}))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation and f"{method.upper()} {path}" != IMPORT_ROUTE
    }


def body_limit(event: dict[str, Any]) -> int:
    """Import files may be larger than the JSON bodies of every other route."""
    config = settings()
    if event.get("routeKey") == IMPORT_ROUTE:
        return config.max_import_body_bytes
    return config.max_json_body_bytes


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
