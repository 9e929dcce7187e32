"""A note as a clause inside a draft's sentence, in any language: its first sentence, no full
stop, not too long (cut at a word, never ending on a word that leads on, such as "and"/"y")."""

from __future__ import annotations

import re
from collections.abc import Collection


def clause(text: str, limit: int, dangling: Collection[str], *, lower: bool = False) -> str:
    """With `lower`, a Title-case first word loses its capital ("Proof-read" -> "proof-read"),
    while names and acronyms ("LinkedIn", "UX") keep theirs."""
    text = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".!?,;:- ")
    if len(first) > limit:
        words = first[: limit + 1].split(" ")[:-1] or [first[:limit]]
        while len(words) > 1 and words[-1].lower().strip(",;:-") in dangling:
            words.pop()
        first = " ".join(words)
        if "," in first:  # "design roles, ideally in…" cut short reads "design roles", not "…, ideally"
            first = first.rsplit(",", 1)[0]
        first = first.rstrip(".!?,;:- ")
    word = first.split(" ", 1)[0]
    if lower and word[:1].isupper() and word[1:] == word[1:].lower():
        first = first[:1].lower() + first[1:]
    return first


def first_part(note: str | None) -> str | None:
    """A note of several parts ("coffee near your office; she is moving teams") by its first."""
    return re.split(r"(?<=;)\s", note, maxsplit=1)[0] if note else note
