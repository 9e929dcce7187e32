"""A program's wording set as it is kept: the phrasings the program gives some moves of a draft
(rendering/wording_sets.py names the moves and says what a phrasing may hold), in one language.
Only the moves the program overrides are kept; the others keep the default phrasings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

ENGLISH = "en"
LANGUAGES = frozenset({ENGLISH})  # one set per program and language (Spanish is coming)


@dataclass(frozen=True)
class WordingSet:
    org_id: str
    language: str
    phrasings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # by move
    updated_at: datetime | None = None
    updated_by: str | None = None  # the admin's member id
