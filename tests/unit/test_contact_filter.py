from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain import Contact
from tracker.domain.contacts import ContactFilter, unique

NOW = datetime(2026, 11, 26, tzinfo=UTC)
ANA = Contact(
    contact_id="a",
    name="Ana Lima",
    company="Northwind",
    role="Designer",
    tags=("Mentor",),
    starred=True,
    created_at=NOW,
    updated_at=NOW,
)


def test_every_word_must_appear_somewhere() -> None:
    assert ContactFilter(q="ana north").matches(ANA)
    assert ContactFilter(q="ANA designer").matches(ANA)
    assert ContactFilter(q="mentor").matches(ANA)
    assert not ContactFilter(q="ana acme").matches(ANA)


def test_tag_star_and_archive() -> None:
    assert ContactFilter(tag="mentor").matches(ANA)
    assert not ContactFilter(tag="ment").matches(ANA)
    assert not ContactFilter(starred=False).matches(ANA)
    archived = Contact(contact_id="b", name="Old", archived=True, created_at=NOW, updated_at=NOW)
    assert not ContactFilter().matches(archived)
    assert ContactFilter(include_archived=True).matches(archived)


def test_unique_keeps_the_first_spelling() -> None:
    assert unique(["Design", "design", "UX", "ux ", "DESIGN"]) == ("Design", "UX", "ux ")


def test_search_ignores_case_and_the_accents_of_latin_letters() -> None:
    # The probe: q=victor did not find Víctor
    victor = Contact(contact_id="v", name="Víctor Muñoz", company="Zoë & Co", created_at=NOW, updated_at=NOW)
    assert ContactFilter(q="victor munoz").matches(victor)
    assert ContactFilter(q="VÍCTOR").matches(victor)
    assert ContactFilter(q="zoe").matches(victor)
    assert not ContactFilter(q="vector").matches(victor)
