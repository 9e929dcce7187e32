"""A program's wording set, for its admins: read, checked, previewed on sample contacts and saved
(rendering/wording_sets.py says what a set may hold). Only the moves whose phrasings differ from
the default are kept; a set saved in this environment reaches its drafts at once, others within
rendering/program_wording.FRESH_FOR."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict

from tracker.domain.model import Identity
from tracker.domain.org import require_admin
from tracker.domain.wording import ENGLISH, WordingSet
from tracker.ports import Clock, WordingRepository
from tracker.rendering.drafts import Draft
from tracker.rendering.wording_preview import limit_problems, preview
from tracker.rendering.wording_sets import DEFAULT, program_wording
from tracker.rendering.wording_sets import problems as phrasing_problems

Phrasings = Mapping[str, Sequence[str]]
DEFAULT_PHRASINGS: dict[str, tuple[str, ...]] = {move: tuple(o) for move, o in asdict(DEFAULT).items()}


def own_moves(phrasings: Phrasings) -> dict[str, tuple[str, ...]]:
    """The moves whose phrasings are the program's own (not the default ones)."""
    return {
        move: tuple(options)
        for move, options in phrasings.items()
        if tuple(options) != DEFAULT_PHRASINGS.get(move)
    }


class WordingService:
    def __init__(self, wordings: WordingRepository, clock: Clock, saved: Callable[[str], None]) -> None:
        self._wordings = wordings
        self._clock = clock
        self._saved = saved  # the program's cached wording forgotten in this environment

    def own(self, identity: Identity) -> dict[str, tuple[str, ...]]:
        """The program's own phrasings, by move (the moves it does not override are left out)."""
        require_admin(identity)
        stored = self._wordings.get(identity.org_id, ENGLISH)
        return dict(stored.phrasings) if stored else {}

    def problems(self, identity: Identity, phrasings: Phrasings) -> dict[str, str]:
        """What is wrong with a set, by move ("" for the set as a whole); empty when nothing is."""
        require_admin(identity)
        return self._problems(phrasings)

    def preview(self, identity: Identity, phrasings: Phrasings) -> list[Draft]:
        """The sample contacts' drafts in a set (which has no problems): nothing is saved."""
        require_admin(identity)
        return preview(program_wording(own_moves(phrasings)), self._clock.now())

    def _problems(self, phrasings: Phrasings) -> dict[str, str]:
        return phrasing_problems(phrasings) or limit_problems(own_moves(phrasings), self._clock.now())

    def save(self, identity: Identity, phrasings: Phrasings) -> dict[str, str]:
        """Keep the set (its own moves only), unless it has problems: then nothing is saved and
        they are returned."""
        require_admin(identity)
        found = self._problems(phrasings)
        if found:
            return found
        own = own_moves(phrasings)
        self._wordings.put(WordingSet(identity.org_id, ENGLISH, own, self._clock.now(), identity.member_id))
        self._saved(identity.org_id)
        return {}
