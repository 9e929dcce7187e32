"""Signed links: a token does exactly what it says, for whom it says, until it expires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain import MemberKey
from tracker.domain.links import ExpiredLink, InvalidLink, LinkSigner, Purpose, pick_links, unsubscribe_url

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
SAM = MemberKey("bridges", "7b7f5602-b194-4a89-a507-7cd5afb4bb03")
SIGNER = LinkSigner(b"k" * 48, "https://tracker.example.org/")


def test_a_token_round_trips_with_what_it_allows() -> None:
    token = SIGNER.token(Purpose.SNOOZE, SAM, expires=NOW + timedelta(days=7), contact_id="c1")
    claims = SIGNER.verify(token, Purpose.SNOOZE, now=NOW)
    assert (claims.purpose, claims.member, claims.contact_id) == (Purpose.SNOOZE, SAM, "c1")


def test_a_token_for_one_purpose_never_works_for_another() -> None:
    token = SIGNER.token(Purpose.REACHED_OUT, SAM, expires=NOW + timedelta(days=7), contact_id="c1")
    for other in set(Purpose) - {Purpose.REACHED_OUT}:
        with pytest.raises(InvalidLink):
            SIGNER.verify(token, other, now=NOW)


def test_expired_tokens_fail() -> None:
    token = SIGNER.token(Purpose.LOG, SAM, expires=NOW + timedelta(days=7))
    SIGNER.verify(token, Purpose.LOG, now=NOW + timedelta(days=6))
    with pytest.raises(InvalidLink, match="expired"):
        SIGNER.verify(token, Purpose.LOG, now=NOW + timedelta(days=7, seconds=1))


def test_another_secret_does_not_verify() -> None:
    token = SIGNER.token(Purpose.LOG, SAM, expires=NOW + timedelta(days=7))
    with pytest.raises(InvalidLink):
        LinkSigner(b"x" * 48, "https://tracker.example.org").verify(token, Purpose.LOG, now=NOW)


@settings(max_examples=300)
@given(position=st.integers(min_value=0), replacement=st.characters(codec="ascii"))
def test_any_altered_character_breaks_the_token(position: int, replacement: str) -> None:
    token = SIGNER.token(Purpose.UNSUBSCRIBE, SAM, expires=NOW + timedelta(days=365))
    index = position % len(token)
    if token[index] == replacement:
        return
    altered = token[:index] + replacement + token[index + 1 :]
    with pytest.raises(InvalidLink):
        SIGNER.verify(altered, Purpose.UNSUBSCRIBE, now=NOW)


@settings(max_examples=200)
@given(garbage=st.text(max_size=300))
def test_garbage_never_verifies(garbage: str) -> None:
    with pytest.raises(InvalidLink):
        SIGNER.verify(garbage, Purpose.LOG, now=NOW)


def test_reminder_links_point_at_the_public_pages() -> None:
    links = pick_links(SIGNER, SAM, "c1", NOW)
    assert links.reached_out.startswith("https://tracker.example.org/log?t=")
    assert len({links.reached_out, links.snooze, links.log}) == 3
    token = links.snooze.split("t=", 1)[1]
    assert SIGNER.verify(token, Purpose.SNOOZE, now=NOW + timedelta(days=2)).contact_id == "c1"
    assert unsubscribe_url(SIGNER, SAM, NOW).startswith("https://tracker.example.org/unsubscribe?t=")


def test_reminder_links_live_three_days() -> None:
    # Given the three links under a pick, made now
    links = pick_links(SIGNER, SAM, "c1", NOW)
    for url, purpose in (
        (links.reached_out, Purpose.REACHED_OUT),
        (links.snooze, Purpose.SNOOZE),
        (links.log, Purpose.LOG),
    ):
        token = url.split("t=", 1)[1]
        # Then each works until three days are up, and not a minute longer
        SIGNER.verify(token, purpose, now=NOW + timedelta(days=3, minutes=-1))
        with pytest.raises(ExpiredLink):
            SIGNER.verify(token, purpose, now=NOW + timedelta(days=3, minutes=1))


def test_a_form_id_is_ours_only_for_the_link_it_was_made_for() -> None:
    ana = SIGNER.token(Purpose.LOG, SAM, expires=NOW + timedelta(days=3), contact_id="c1")
    ben = SIGNER.token(Purpose.LOG, SAM, expires=NOW + timedelta(days=3), contact_id="c2")
    form_id = SIGNER.form_id(ana)
    assert SIGNER.is_form_id(ana, form_id)
    assert SIGNER.form_id(ana) != form_id  # one form, one id
    assert not SIGNER.is_form_id(ben, form_id)  # another link's form
    assert not LinkSigner(b"x" * 48, "https://x").is_form_id(ana, form_id)
    for forged in (
        "",
        "tamper",
        "abc.def",
        form_id[:-1] + ("A" if form_id[-1] != "A" else "B"),
        "é." + form_id,
    ):
        assert not SIGNER.is_form_id(ana, forged)


def test_short_secrets_are_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        LinkSigner(b"short", "https://x")
