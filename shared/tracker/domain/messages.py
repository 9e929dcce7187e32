"""A message on its way out, whatever renders it and whichever provider sends it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str
    unsubscribe_url: str
    tags: dict[str, str] = field(default_factory=dict)
