"""Partial updates as typed values: each field of a change is a new value or KEEP."""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from typing import Any, Final


class Keep(Enum):
    """The value of a field a change leaves as it is."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


def chosen(change: Any) -> dict[str, Any]:
    """The fields of a change dataclass that set something (None included: it clears)."""
    return {f.name: getattr(change, f.name) for f in fields(change) if getattr(change, f.name) is not KEEP}
