"""Due dates and reminder slots: the rules the picks will rely on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tracker.domain import SLOT_SHARDS, Contact, Weekday, reminder_slot, review_slot, slot_shard

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def contact(**fields: object) -> Contact:
    return replace(Contact(contact_id="c", name="Ana", created_at=NOW, updated_at=NOW), **fields)  # type: ignore[arg-type]


def test_someone_never_logged_is_due_from_when_they_were_added() -> None:
    assert contact().due_at == NOW


def test_due_a_cadence_after_the_last_conversation() -> None:
    last = NOW - timedelta(days=100)
    assert contact(last_contact_at=last, cadence_days=90).due_at == last + timedelta(days=90)


def test_a_snooze_or_rotation_only_ever_pushes_the_due_date_later() -> None:
    last = NOW - timedelta(days=100)
    snoozed = contact(last_contact_at=last, snoozed_until=NOW + timedelta(days=30))
    assert snoozed.due_at == NOW + timedelta(days=30)
    rotated = contact(last_contact_at=last, rotation_until=NOW + timedelta(days=14))
    assert rotated.due_at == NOW + timedelta(days=14)
    expired = contact(last_contact_at=last, snoozed_until=last + timedelta(days=1))
    assert expired.due_at == last + timedelta(days=90)


def test_archived_contacts_are_never_due() -> None:
    assert contact(archived=True).due_at is None


def test_slots_name_zone_hour_and_shard() -> None:
    assert reminder_slot("Europe/London", 7, 2) == "Europe/London#07#2"
    assert review_slot("America/Chicago", Weekday.FRI, 16, 0) == "America/Chicago#fri#16#0"


def test_shards_are_stable_and_spread() -> None:
    shards = [slot_shard(f"member-{n}") for n in range(400)]
    assert shards == [slot_shard(f"member-{n}") for n in range(400)]
    assert set(shards) == set(range(SLOT_SHARDS))
    assert min(shards.count(s) for s in range(SLOT_SHARDS)) > 60


def test_weekday_numbers_follow_python() -> None:
    assert [day.number for day in Weekday] == list(range(7))
    assert Weekday.MON.number == datetime(2026, 11, 23, tzinfo=UTC).weekday()
