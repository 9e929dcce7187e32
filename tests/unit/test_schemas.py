"""Input rules for text a member types: tidy, single-line where it must be, valid addresses."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tracker.api.schemas.contacts import ContactCreate, ContactPatch, InteractionCreate
from tracker.api.schemas.me import MemberPatch
from tracker.domain.contacts import ContactChanges


def test_text_is_trimmed_and_normalised() -> None:
    contact = ContactCreate(name="  Zoe\u0308 García ", tags=[" design "])
    assert contact.name == "Zoë García"
    assert contact.tags == ["design"]


@pytest.mark.parametrize("name", ["Ana\nBcc: x@y.org", "Ana\rX", "Ana\x00", "Ana\u2028x", "\t"])
def test_names_cannot_smuggle_line_breaks_or_control_characters(name: str) -> None:
    with pytest.raises(ValidationError):
        ContactCreate(name=name)


def test_notes_keep_their_line_breaks() -> None:
    assert ContactCreate(name="Ana", notes="line one\r\nline two").notes == "line one\nline two"


@pytest.mark.parametrize("email", ["a@b.org", "ana.lima+work@example.co.uk", "jose@exämple.com"])
def test_good_emails(email: str) -> None:
    assert ContactCreate(name="A", email=email).email == email


@pytest.mark.parametrize(
    "email", ["a@b", "a@@b.org", "a b@c.org", "a@b..org", "@b.org", "a@b.org\nBcc: c@d.org"]
)
def test_bad_emails(email: str) -> None:
    with pytest.raises(ValidationError):
        ContactCreate(name="A", email=email)


@pytest.mark.parametrize(
    ("phone", "stored"), [("+1 (415) 555-0123", "+14155550123"), ("+447700900123", "+447700900123")]
)
def test_phones_are_stored_in_e164(phone: str, stored: str) -> None:
    assert ContactCreate(name="A", phone=phone).phone == stored


def test_unknown_fields_are_refused_everywhere() -> None:
    for model, body in (
        (ContactCreate, {"name": "A"}),
        (ContactPatch, {}),
        (InteractionCreate, {}),
        (MemberPatch, {}),
    ):
        with pytest.raises(ValidationError) as raised:
            model(**body, surprise=1)
        assert raised.value.errors()[0]["type"] == "extra_forbidden"


def test_patch_tells_apart_left_out_and_cleared() -> None:
    assert ContactPatch(company=None).changes() == ContactChanges(company=None)
    assert ContactPatch().changes() == ContactChanges()
    with pytest.raises(ValidationError, match="cadence_days cannot be null"):
        ContactPatch(cadence_days=None)


@pytest.mark.parametrize("zone", ["Europe/London", "America/Argentina/Buenos_Aires", "UTC", "Asia/Kolkata"])
def test_iana_time_zones_are_accepted(zone: str) -> None:
    assert MemberPatch(time_zone=zone).time_zone == zone


@pytest.mark.parametrize("zone", ["GMT+1", "Europe/Londn", "/etc/localtime", "", "Europe/ London"])
def test_other_time_zones_are_refused(zone: str) -> None:
    with pytest.raises(ValidationError):
        MemberPatch(time_zone=zone)
