"""Opaque pagination cursors. They only ever name a position inside the caller's own data:
the partition comes from the verified token, so a forged cursor cannot reach anyone else's."""

from __future__ import annotations

import base64
import binascii
import json

from tracker.domain.errors import InvalidInput


def encode(position: str) -> str:
    raw = json.dumps({"after": position}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, *, prefix: str = "") -> str:
    """The position inside a cursor from `encode`; it must start with `prefix`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)["after"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        position = None
    if not isinstance(position, str) or not position.startswith(prefix) or len(position) > 300:
        raise InvalidInput("cursor is not one this API returned; start again without it", field="cursor")
    return position
