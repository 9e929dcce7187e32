"""The API resolver: routers, error shape, OpenAPI at /openapi.json and Swagger UI at /docs."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer, Server

from tracker.api import errors
from tracker.api.routes import contacts, form_link, goals, interactions, me, org, pages, picks, transfer
from tracker.config import settings
from tracker.web.forms import MAX_FORM_BYTES

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
    if str(event.get("routeKey") or "").partition(" ")[2] in pages.PAGE_PATHS:
        if size > MAX_FORM_BYTES:  # the public forms are small; a friendly page, not JSON
            return pages.form_too_large()
    elif size > limit:
        message = f"The request body is larger than {_size(limit)}"
        return {
            "statusCode": 413,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(errors.error_body("payload_too_large", message)),
            "isBase64Encoded": False,
        }
    return app.resolve(event, context)


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
