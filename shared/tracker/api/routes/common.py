"""What every router shares: the caller's identity and the documented error responses."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.api.identity import identity_from_event
from tracker.api.schemas.common import ErrorBody
from tracker.domain.model import Identity
from tracker.runtime import services

_DESCRIPTIONS = {
    400: "The body is not valid JSON",
    401: "No valid sign-in token",
    403: "The token does not allow this",
    404: "No such resource (or not yours)",
    409: "Changed by another request at the same time; try again",
    413: "The body is too large",
    429: "Too many tries or requests; the message says when to try again",
    415: "The body is not JSON",
    422: "A field is invalid; details name it",
}


def error_responses(*statuses: int, **successes: str | OpenAPIResponse) -> dict[int, OpenAPIResponse]:
    """OpenAPI entries for a route's answers: its success and the errors, all in the ErrorBody shape.

    `successes` names the success answers: ok (200, the default), created (201) or no_content (204),
    each a description (the body's schema then comes from the route's return type) or a whole entry.
    Powertools documents no success once a route gives `responses`, and documents 422 in its own
    validation-error shape, which the API never sends; both are set here.
    """
    chosen = sorted({401, 403, 422, *statuses})
    responses: dict[int, OpenAPIResponse] = {
        status: {
            "description": _DESCRIPTIONS[status],
            "content": {"application/json": {"model": ErrorBody}},
        }
        for status in chosen
    }
    codes = {"ok": 200, "created": 201, "no_content": 204}
    for name, entry in (successes or {"ok": "OK"}).items():
        if not isinstance(entry, str):
            responses[codes[name]] = entry
        elif name == "no_content":
            responses[codes[name]] = {"description": entry, "content": {}}
        else:  # Powertools fills in the body's schema from the route's return type
            responses[codes[name]] = {"description": entry}
    return responses


def caller(router: APIGatewayHttpRouter) -> Identity:
    """The verified token's member, unless they were removed or erased since it was issued."""
    identity = identity_from_event(router.current_event.raw_event)
    services().members.require_current(identity)
    return identity
