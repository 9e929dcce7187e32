"""Every error leaves the API in one shape: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError, ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from tracker.domain import errors
from tracker.observability import logger

STATUS = {
    errors.NotFound: HTTPStatus.NOT_FOUND,
    errors.Conflict: HTTPStatus.CONFLICT,
    errors.InvalidInput: HTTPStatus.UNPROCESSABLE_ENTITY,
    errors.Unauthorized: HTTPStatus.UNAUTHORIZED,
    errors.Forbidden: HTTPStatus.FORBIDDEN,
    errors.PayloadTooLarge: HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
    errors.TooManyRequests: HTTPStatus.TOO_MANY_REQUESTS,
}


def error_body(code: str, message: str, details: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def error_response(
    status: int, code: str, message: str, details: list[dict[str, str]] | None = None
) -> Response[str]:
    return Response(
        status_code=status,
        content_type="application/json",
        body=json.dumps(error_body(code, message, details)),
    )


def _field(location: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in location) or "body"


def _problems(error: RequestValidationError) -> list[dict[str, str]]:
    problems = []
    for problem in error.errors():
        location = list(problem.get("loc") or ["body"])
        if problem.get("type") == "json_invalid":
            location = ["body"]
        message = str(problem.get("msg") or "is invalid")
        if problem.get("type") == "extra_forbidden":
            message = "is not a field you can set here (unknown or read-only)"
        message = message.removeprefix("Value error, ")
        problems.append({"field": _field(location), "message": message})
    return problems


def register(app: APIGatewayHttpResolver) -> None:
    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response[str]:
        if any(problem.get("type") == "json_invalid" for problem in error.errors()):
            return error_response(400, "invalid_json", "The request body is not valid JSON")
        problems = _problems(error)
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems[:3])
        return error_response(422, "validation_error", f"Invalid request: {summary}", problems)

    @app.exception_handler(RequestUnsupportedContentType)
    def unsupported_content_type(_: RequestUnsupportedContentType) -> Response[str]:
        return error_response(415, "unsupported_media_type", "Send the body as application/json")

    @app.exception_handler(UnicodeDecodeError)
    def not_utf8(_: UnicodeDecodeError) -> Response[str]:
        return error_response(400, "invalid_json", "The request body is not valid UTF-8 JSON")

    @app.exception_handler(RecursionError)
    def too_deep(_: RecursionError) -> Response[str]:
        return error_response(400, "invalid_json", "The request body is nested too deeply")

    @app.exception_handler(NotFoundError)
    def no_route(_: NotFoundError) -> Response[str]:
        return error_response(404, "not_found", "No such resource")

    @app.exception_handler(errors.TrackerError)
    def domain_error(error: errors.TrackerError) -> Response[str]:
        status = STATUS.get(type(error), HTTPStatus.BAD_REQUEST)
        details = [{"field": error.field, "message": error.message}] if error.field else []
        return error_response(status, error.code, error.message, details)

    @app.exception_handler(ServiceError)
    def service_error(error: ServiceError) -> Response[str]:
        return error_response(error.status_code, HTTPStatus(error.status_code).phrase.lower(), str(error.msg))

    @app.exception_handler(ValueError)
    def unparseable_number(error: ValueError) -> Response[str]:
        # json.loads refuses integers of over 4,300 digits (CPython's limit) with a ValueError
        if "integer string conversion" in str(error):
            message = "a number in the body has too many digits"
            problems = [{"field": "body", "message": message}]
            return error_response(422, "validation_error", f"Invalid request: {message}", problems)
        return _internal_error(error)

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response[str]:
        return _internal_error(error)


def _internal_error(error: Exception) -> Response[str]:
    logger.exception("Unhandled error", extra={"error_type": type(error).__name__})
    return error_response(500, "internal_error", "Something went wrong on our side; please try again")
