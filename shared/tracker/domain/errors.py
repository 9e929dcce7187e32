"""What can go wrong in the member's terms. The API turns these into HTTP responses in one place."""

from __future__ import annotations


def N_(message: str) -> str:
    """A message a person may read, marked for the catalogs (Babel extracts `N_`): the API
    says it in English, a page in its reader's language (tracker/rendering/reader.said)."""
    return message


class TrackerError(Exception):
    """`message` may hold `{name}` places filled from `values`: the catalogs translate the
    message as written, then fill them (so "ask again after {time}" reads in any language)."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None, **values: object) -> None:
        self.template = message
        self.values = values
        self.message = message.format(**values) if values else message
        super().__init__(self.message)
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
