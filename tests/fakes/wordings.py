"""Each program's wording set, by org and language, as DynamoWordings keeps it."""

from __future__ import annotations

from dataclasses import replace

from tracker.domain.wording import WordingSet

from .table import MemoryTable, org


class MemoryWordings:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def get(self, org_id: str, language: str) -> WordingSet | None:
        found: WordingSet | None = self._table.get(org(org_id), ("wording", language))
        return found

    def put(self, wording: WordingSet) -> None:
        key = ("wording", wording.language)
        if not wording.phrasings:
            self._table.delete(org(wording.org_id), key)
            return
        kept = {move: tuple(options) for move, options in wording.phrasings.items()}  # a copy
        self._table.put(org(wording.org_id), key, replace(wording, phrasings=kept))
