"""Fault injection for AWS calls under moto: answer a call with an error instead of moto.

A botocore `before-send` handler registered first answers the call. moto's own handler runs
after ours whatever we return, so the request is pointed at a host moto does not serve:
moto then leaves it alone and our answer is the one botocore sees (and retries, as it would).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from moto.core.botocore_stubber import MockRawResponse

Answer = tuple[int, dict[str, str], bytes]

NOWHERE = "https://fault-injection.invalid/"


def throttled(service_error: str = "TooManyRequestsException") -> Answer:
    return 429, {"x-amzn-ErrorType": service_error}, json.dumps({"message": "Rate exceeded"}).encode()


def unavailable() -> Answer:
    return (
        503,
        {"x-amzn-ErrorType": "ServiceUnavailable"},
        json.dumps({"message": "Service unavailable"}).encode(),
    )


def dynamodb_throttled() -> Answer:
    body = {"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "Rate exceeded"}
    return 400, {"x-amzn-ErrorType": "ThrottlingException"}, json.dumps(body).encode()


@contextmanager
def faults(
    client: Any, operation: str, answer: Callable[[AWSPreparedRequest, int], Answer | None]
) -> Iterator[list[AWSPreparedRequest]]:
    """While active, `answer(request, call_number)` may replace moto's answer to `operation`.

    Yields the requests seen (every attempt, retries included).
    """
    seen: list[AWSPreparedRequest] = []
    event = f"before-send.{client.meta.service_model.service_id.hyphenize()}.{operation}"

    def handler(request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        seen.append(request)
        replacement = answer(request, len(seen))
        if replacement is None:
            return None
        status, headers, body = replacement
        request.url = NOWHERE
        return AWSResponse(NOWHERE, status, headers, MockRawResponse(body))  # type: ignore[arg-type]

    client.meta.events.register_first(event, handler)
    try:
        yield seen
    finally:
        client.meta.events.unregister(event, handler)


def server_error(service: str) -> Answer:
    """A 500 as each protocol spells it (botocore retries it as a transient error)."""
    if service in ("sns",):
        return 500, {"Content-Type": "text/xml"}, _query_error("InternalError", "Internal failure")
    body = {"__type": "InternalServerError", "message": "Internal failure"}
    return 500, {"x-amzn-ErrorType": "InternalServerError"}, json.dumps(body).encode()


def throttled_by(service: str) -> Answer:
    """Throttling as each service answers it."""
    if service == "dynamodb":
        return dynamodb_throttled()
    if service == "sns":
        return 400, {"Content-Type": "text/xml"}, _query_error("Throttling", "Rate exceeded")
    if service == "sqs":
        body = {"__type": "com.amazonaws.sqs#ThrottlingException", "message": "Rate exceeded"}
        return 400, {"x-amzn-ErrorType": "ThrottlingException"}, json.dumps(body).encode()
    return throttled()


def _query_error(code: str, message: str) -> bytes:
    return (
        "<ErrorResponse><Error><Type>Receiver</Type>"
        f"<Code>{code}</Code><Message>{message}</Message></Error>"
        "<RequestId>fault-injection</RequestId></ErrorResponse>"
    ).encode()
