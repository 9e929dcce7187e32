"""A program's wording set: `ORG#<org>` / `WORDING#<language>`, one GetItem to read."""

from __future__ import annotations

import json

from tracker.domain.wording import WordingSet

from .base import Repository
from .keys import org_pk, wording_sk
from .models import WordingItem


class DynamoWordings(Repository):
    def get(self, org_id: str, language: str) -> WordingSet | None:
        try:
            item = WordingItem.get(org_pk(org_id), wording_sk(language))
        except WordingItem.DoesNotExist:
            return None
        phrasings = json.loads(item.phrasings)
        return WordingSet(
            org_id=org_id,
            language=language,
            phrasings={move: tuple(options) for move, options in phrasings.items()},
            updated_at=item.updated_at,
            updated_by=item.updated_by,
        )

    def put(self, wording: WordingSet) -> None:
        key = (org_pk(wording.org_id), wording_sk(wording.language))
        if not wording.phrasings:
            WordingItem(*key).delete()
            return
        phrasings = {move: list(options) for move, options in sorted(wording.phrasings.items())}
        WordingItem(
            *key,
            phrasings=json.dumps(phrasings, ensure_ascii=False),
            updated_at=wording.updated_at,
            updated_by=wording.updated_by,
        ).save()
