"""What can go wrong in the member's terms. The API turns these into HTTP responses in one place."""

from __future__ import annotations


class TrackerError(Exception):
    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(TrackerError):
    code = "not_found"


class Conflict(TrackerError):
    code = "conflict"


class InvalidInput(TrackerError):
    code = "invalid_input"


class Unauthorized(TrackerError):
    code = "unauthorized"


class Forbidden(TrackerError):
    code = "forbidden"


class PayloadTooLarge(TrackerError):
    code = "payload_too_large"


class TooManyRequests(TrackerError):
    code = "too_many_requests"


class ConcurrentUpdate(Exception):
    """A conditional write lost a race; the caller re-reads and tries again."""
