"""Identifiers: time-ordered (so lists come back oldest first) and unguessable."""

from __future__ import annotations

import re
import secrets
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
_ID = re.compile(rf"^[{_ALPHABET}]{{26}}$")


def new_id() -> str:
    """48 bits of milliseconds then 80 random bits, as 26 base32 characters (a ULID)."""
    value = (int(time.time() * 1000) << 80) | secrets.randbits(80)
    chars = []
    for _ in range(26):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def is_id(text: str) -> bool:
    return bool(_ID.match(text))
