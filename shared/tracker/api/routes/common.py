"""What every router shares: the caller's identity and the documented error responses."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.api.identity import identity_from_event
from tracker.api.schemas import ErrorBody
from tracker.domain import Identity

_DESCRIPTIONS = {
    400: "The body is not valid JSON",
    401: "No valid sign-in token",
    403: "The token does not allow this",
    404: "No such resource (or not yours)",
    409: "Changed by another request at the same time; try again",
    413: "The body is too large",
    415: "The body is not JSON",
    422: "A field is invalid; details name it",
}


def error_responses(*statuses: int, **successes: str) -> dict[int, OpenAPIResponse]:
    """OpenAPI entries for the errors a route can answer with, all in the ErrorBody shape.

    `successes` documents non-200 successes, e.g. created="Added" for a 201.
    """
    chosen = sorted({401, 403, *statuses})
    responses: dict[int, OpenAPIResponse] = {
        status: {
            "description": _DESCRIPTIONS[status],
            "content": {"application/json": {"model": ErrorBody}},
        }
        for status in chosen
    }
    codes = {"created": 201, "no_content": 204}
    for name, description in successes.items():
        responses[codes[name]] = {"description": description}
    return responses


def caller(router: APIGatewayHttpRouter) -> Identity:
    return identity_from_event(router.current_event.raw_event)
