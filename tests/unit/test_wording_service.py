"""A program's wording set as its admins save it (services/wording.py), on the in-memory
repositories: only the moves that differ from the default are kept, a set with problems (or
drafts too long for a channel) is refused whole, and only the program's admins may save it."""

from __future__ import annotations

import pytest

from tests.fakes.services import MemoryServices
from tracker.domain.errors import Forbidden
from tracker.domain.model import Identity
from tracker.services.wording import DEFAULT_PHRASINGS

ADMIN = Identity("stmarys", "m-helen", "helen@stmarys.org", frozenset({"admins"}))
MEMBER = Identity("stmarys", "m-priya", "priya@stmarys.org")
ASK = ("No need to reply quickly: how are you?",)


def test_only_the_moves_that_differ_from_the_default_are_kept_and_drafts_use_them_at_once() -> None:
    app = MemoryServices()
    every_move = {**DEFAULT_PHRASINGS, "OFFER_ASK": ASK}
    assert DEFAULT_PHRASINGS["OFFER_ASK"] == app.program_wordings("stmarys").OFFER_ASK  # kept a while
    assert app.wording.save(ADMIN, every_move) == {}
    assert app.wording.own(ADMIN) == {"OFFER_ASK": ASK}
    assert app.program_wordings("stmarys").OFFER_ASK == ASK  # this environment forgot its copy
    assert DEFAULT_PHRASINGS["OFFER_ASK"] == app.program_wordings("bridges").OFFER_ASK
    assert app.wording.save(ADMIN, DEFAULT_PHRASINGS) == {}
    assert app.wording.own(ADMIN) == {}
    assert app.repositories.wordings.get("stmarys", "en") is None


def test_a_set_with_a_problem_or_too_long_a_draft_is_refused_whole() -> None:
    app = MemoryServices()
    found = app.wording.save(ADMIN, {"OFFER_ASK": ASK, "FOLLOW_WILL": ("Did you {do!r}?",)})
    assert found == {
        "FOLLOW_WILL": '"{do!r}" is not a placeholder: placeholders are a name in braces, like {idea}'
    }
    wordy = {
        "WHY_FOCUS": ("So " * 40 + "{focus}.",),
        "WHY_GENERAL": ("Oh " + "so " * 42 + "glad.",),
        "OFFER_ASK": ("Oh " + "so " * 42 + "keen.",),
    }
    found = app.wording.save(ADMIN, wordy)  # each phrasing is fine; the drafts are not
    assert found
    assert all("too long (an email has at most 90 words" in problem for problem in found.values())
    assert app.wording.own(ADMIN) == {}


def test_only_the_programs_admins_read_preview_or_save_its_set() -> None:
    app = MemoryServices()
    for attempt in (
        lambda: app.wording.own(MEMBER),
        lambda: app.wording.preview(MEMBER, {}),
        lambda: app.wording.problems(MEMBER, {}),
        lambda: app.wording.save(MEMBER, {"OFFER_ASK": ASK}),
    ):
        with pytest.raises(Forbidden):
            attempt()
    assert app.repositories.wordings.get("stmarys", "en") is None
