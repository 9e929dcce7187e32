"""Each program's wording: its own set (kept in DynamoDB, edited by its admins on
/app/program/wording) over the default phrasings, read through a cache kept for each Lambda
environment. A member's drafts are in their program's set, in the email, `GET /picks/today` and
the Today page alike.

The cache costs one GetItem per program (and language) every FRESH_FOR in each environment,
never one per member: the daily job renders thousands of drafts on a handful of reads. A saved
set reaches every draft within FRESH_FOR (the environment that saved it forgets its copy at
once; the preview reads nothing from here). A program without a set is remembered as such.
rendering/wording_sets.py says what a set may hold; one that has problems is never used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tracker.domain.clock import Clock
from tracker.domain.wording import ENGLISH, WordingSet
from tracker.observability import logger
from tracker.rendering.wording_sets import DEFAULT, Wording, problems, program_wording

FRESH_FOR = timedelta(minutes=5)
RETRY_AFTER = timedelta(minutes=1)  # a failed read: the last wording known (or the default) meanwhile

Source = Callable[[str, str], WordingSet | None]  # (org id, language) -> the program's stored set


def wording_of(stored: WordingSet | None) -> Wording:
    """A stored set over the default wording (the default if there is none, or it has problems)."""
    if stored is None or not stored.phrasings or problems(stored.phrasings):
        return DEFAULT
    return program_wording(stored.phrasings)


@dataclass(frozen=True)
class _Kept:
    wording: Wording
    until: datetime


class ProgramWordings:
    """The programs' wordings, each read at most once every FRESH_FOR."""

    def __init__(self, source: Source, clock: Clock) -> None:
        self._source = source
        self._clock = clock
        self._kept: dict[tuple[str, str], _Kept] = {}

    def __call__(self, org_id: str, language: str = ENGLISH) -> Wording:
        key = (org_id, language)
        now = self._clock.now()
        kept = self._kept.get(key)
        if kept is not None and now < kept.until:
            return kept.wording
        try:
            wording, until = wording_of(self._source(org_id, language)), now + FRESH_FOR
        except Exception as error:  # drafts in the last wording known, rather than no reminder
            logger.warning("Wording set not read", extra={"error_type": type(error).__name__})
            wording, until = (kept.wording if kept else DEFAULT), now + RETRY_AFTER
        self._kept[key] = _Kept(wording, until)
        return wording

    def forget(self, org_id: str) -> None:
        """Read the program's set again next time (it was just saved in this environment)."""
        for key in [key for key in self._kept if key[0] == org_id]:
            del self._kept[key]


_current: list[ProgramWordings | None] = [None]


def use_source(source: Source, clock: Clock) -> ProgramWordings:
    """Read programs' sets from `source` from now on, with a new, empty cache (the composition
    root calls it; tests and the local stack get a fresh cache with each fresh set of services)."""
    wordings = ProgramWordings(source, clock)
    _current[0] = wordings
    return wordings


def wording_for(org_id: str, language: str = ENGLISH) -> Wording:
    """The wording of a program's drafts: its own set over the default one."""
    wordings = _current[0]
    return DEFAULT if wordings is None else wordings(org_id, language)
