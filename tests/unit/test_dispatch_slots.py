"""Each member's reminder hour comes due in exactly one hourly run per local date, DST or not."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.dispatch import DueSlot, due_slots, fire_time, scheduled_instant

ZONES = [
    "America/New_York",
    "America/Chicago",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "America/Santiago",
    "Asia/Kolkata",  # +05:30, no DST
    "Asia/Kathmandu",  # +05:45
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/St_Johns",  # -03:30 with DST
    "UTC",
]


def runs(start: datetime, hours: int) -> list[datetime]:
    return [start + timedelta(hours=n) for n in range(hours)]


def fires_for(zone: str, hour: int, start: datetime, hours: int) -> list[tuple[datetime, DueSlot]]:
    return [(run, slot) for run in runs(start, hours) for slot in due_slots(run, [zone]) if slot.hour == hour]


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    hour=st.integers(min_value=0, max_value=23),
    start_day=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 25)),
)
def test_exactly_one_reminder_per_local_date_at_the_chosen_hour(
    zone: str, hour: int, start_day: date
) -> None:
    start = datetime(start_day.year, start_day.month, start_day.day, tzinfo=UTC)
    fired = fires_for(zone, hour, start, 24 * 5)
    per_date = Counter(slot.local_date for _, slot in fired)
    # Every local date fully inside the window fires once; none ever fires twice.
    assert max(per_date.values()) == 1
    local_days = {(start + timedelta(hours=n)).astimezone(ZoneInfo(zone)).date() for n in range(24, 24 * 4)}
    assert local_days <= set(per_date)
    tz = ZoneInfo(zone)
    for run, slot in fired:
        fire = fire_time(tz, slot.local_date, slot.hour)
        local = fire.astimezone(tz)
        wall = datetime.combine(slot.local_date, time(hour))
        assert run - timedelta(hours=1) < fire <= run
        if local.replace(tzinfo=None) != wall:
            # The wall time did not exist (a DST gap): the fire is the first instant after it.
            assert (
                (fire - timedelta(seconds=1)).astimezone(tz).replace(tzinfo=None)
                < wall
                < local.replace(tzinfo=None)
            )


def test_a_spring_forward_gap_fires_with_the_next_hour() -> None:
    # 8 March 2026 in Chicago: 02:00 CST jumps to 03:00 CDT (08:00 UTC).
    fired = fires_for("America/Chicago", 2, datetime(2026, 3, 7, 0, tzinfo=UTC), 72)
    assert [(run, slot.local_date) for run, slot in fired] == [
        (datetime(2026, 3, 7, 8, tzinfo=UTC), date(2026, 3, 7)),
        (datetime(2026, 3, 8, 8, tzinfo=UTC), date(2026, 3, 8)),  # the first instant after the gap
        (datetime(2026, 3, 9, 7, tzinfo=UTC), date(2026, 3, 9)),
    ]


def test_a_repeated_hour_fires_only_the_first_time() -> None:
    # 1 November 2026 in Chicago: 01:00-02:00 happens twice (CDT, then CST).
    fired = fires_for("America/Chicago", 1, datetime(2026, 10, 31, 0, tzinfo=UTC), 72)
    assert [run for run, _ in fired] == [
        datetime(2026, 10, 31, 6, tzinfo=UTC),
        datetime(2026, 11, 1, 6, tzinfo=UTC),
        datetime(2026, 11, 2, 7, tzinfo=UTC),
    ]


def test_half_hour_zones_fire_in_the_run_after_their_local_hour() -> None:
    fired = fires_for("Asia/Kolkata", 8, datetime(2026, 6, 1, 0, tzinfo=UTC), 24)
    assert [run for run, _ in fired] == [datetime(2026, 6, 1, 3, tzinfo=UTC)]  # 08:30 local


def test_unknown_zones_in_the_registry_are_skipped() -> None:
    assert list(due_slots(datetime(2026, 6, 1, 12, tzinfo=UTC), ["Not/AZone", "UTC"])) == [
        DueSlot("UTC", date(2026, 6, 1), 12)
    ]


def test_the_schedule_time_decides_not_the_invocation_time() -> None:
    now = datetime(2026, 6, 1, 12, 17, tzinfo=UTC)
    assert scheduled_instant({"scheduled_time": "2026-06-01T12:00:00Z"}, now) == datetime(
        2026, 6, 1, 12, tzinfo=UTC
    )
    assert scheduled_instant({}, now) == now
    assert scheduled_instant({"scheduled_time": "<aws.scheduler.scheduled-time>"}, now) == now
