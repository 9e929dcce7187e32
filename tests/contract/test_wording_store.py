"""The wording-set repository's contract, against DynamoDB (moto) and the in-memory fake alike:
a program's set is kept whole, by org and language, and no other program's reads it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fakes import memory_repositories
from tracker.domain.model import Org
from tracker.domain.wording import WordingSet
from tracker.ports import Repositories

NOW = datetime(2026, 11, 26, 15, 30, 12, 345000, tzinfo=UTC)
LAPSE = (
    "{hello} it's been {since}, and I've been thinking of you.",
    "{hello} I know it's been {since} since we last spoke.",
    "{hello} how lovely to write to you after {since}, café included.",
)


@pytest.fixture(params=["dynamo", "memory"])
def repos(request: pytest.FixtureRequest) -> Repositories:
    if request.param == "dynamo":
        request.getfixturevalue("aws")  # a clean mocked account with template.yaml's table
        from tracker.runtime import dynamo_repositories

        return dynamo_repositories()
    return memory_repositories()


def test_a_programs_set_is_kept_whole_by_language_and_no_one_elses(repos: Repositories) -> None:
    assert repos.wordings.get("stmarys", "en") is None
    phrasings = {"LAPSE_SINCE": LAPSE, "OFFER_ASK": ("Is there anything I could do for you?",)}
    repos.wordings.put(WordingSet("stmarys", "en", phrasings, NOW, "m-admin"))
    kept = repos.wordings.get("stmarys", "en")
    assert kept == WordingSet("stmarys", "en", phrasings, NOW.replace(microsecond=0), "m-admin")
    assert repos.wordings.get("stmarys", "es") is None
    assert repos.wordings.get("bridges", "en") is None


def test_a_set_sits_beside_the_programs_settings_and_changes_neither(repos: Repositories) -> None:
    stmarys = Org("stmarys", "St Mary's", default_time_zone="Europe/London")
    repos.orgs.put(stmarys)
    repos.wordings.put(WordingSet("stmarys", "en", {"OFFER_ASK": ("How are you?",)}, NOW))
    assert repos.orgs.get("stmarys") == stmarys
    repos.orgs.put(stmarys)
    assert repos.wordings.get("stmarys", "en") is not None


def test_a_set_saved_again_is_replaced_and_one_with_no_moves_is_gone(repos: Repositories) -> None:
    repos.wordings.put(WordingSet("stmarys", "en", {"LAPSE_SINCE": LAPSE, "OFFER_ASK": ("Hi?",)}, NOW))
    repos.wordings.put(WordingSet("stmarys", "en", {"OFFER_ASK": ("How are you?",)}, NOW))
    kept = repos.wordings.get("stmarys", "en")
    assert kept is not None
    assert kept.phrasings == {"OFFER_ASK": ("How are you?",)}
    repos.wordings.put(WordingSet("stmarys", "en", {}, NOW))
    assert repos.wordings.get("stmarys", "en") is None
    repos.wordings.put(WordingSet("stmarys", "en", {}, NOW))  # already gone: still no set
    assert repos.wordings.get("stmarys", "en") is None
