"""ISO weeks in the member's own time zone: "2026-W48" runs Monday 00:00 to Sunday 24:00 local.

Text keys sort in time order (the week number is zero-padded), so a range of weeks is one
key-range Query.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def monday(week: str) -> date:
    """The Monday that starts `week`; ValueError if it is not an ISO week like 2026-W48."""
    found = _WEEK.match(week)
    if not found:
        raise ValueError("must be an ISO week like 2026-W48")
    year, number = int(found.group(1)), int(found.group(2))
    try:
        start = date.fromisocalendar(year, number, 1)
    except ValueError as error:
        raise ValueError(f"{year} has no week {number}") from error
    return start


def shift(week: str, weeks: int) -> str:
    return iso_week(monday(week) + timedelta(weeks=weeks))


def span(first: str, last: str) -> list[str]:
    """The weeks from `first` to `last`, both included (none if `last` is earlier)."""
    start, end = monday(first), monday(last)
    return [iso_week(start + timedelta(weeks=n)) for n in range((end - start).days // 7 + 1)]


def days(week: str) -> list[date]:
    start = monday(week)
    return [start + timedelta(days=n) for n in range(7)]


def week_of(instant: datetime, time_zone: str) -> str:
    """The ISO week an instant falls in, on the member's clock."""
    return iso_week(instant.astimezone(ZoneInfo(time_zone)).date())


def possible_weeks(instant: datetime) -> set[str]:
    """The weeks an instant can fall in, whatever the time zone (UTC-12 to UTC+14): usually one."""
    utc = instant.astimezone(UTC)
    return {iso_week((utc - timedelta(hours=12)).date()), iso_week((utc + timedelta(hours=14)).date())}


def starts_at(week: str, time_zone: str) -> datetime:
    """The instant the week begins (its Monday's local midnight), in UTC."""
    return datetime.combine(monday(week), time(0), tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def ends_at(week: str, time_zone: str) -> datetime:
    """The instant the week ends (the next Monday's local midnight), in UTC."""
    next_monday = monday(week) + timedelta(days=7)
    return datetime.combine(next_monday, time(0), tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def ends_everywhere(week: str) -> datetime:
    """The instant the week has ended in every time zone (at UTC-12: the next Monday, 12:00 UTC)."""
    return ends_at(week, "Etc/GMT+12")


def label(week: str) -> str:
    """ "24-30 Nov" or "29 Dec - 4 Jan": how a week reads in a message."""
    first, last = monday(week), monday(week) + timedelta(days=6)
    if first.month == last.month:
        return f"{first.day}-{last.day} {last:%b}"
    return f"{first.day} {first:%b} - {last.day} {last:%b}"


def reviewed_week(check_day: date) -> str:
    """The week a weekly check looks back on.

    A check late in the week (Thursday to Sunday) reviews that week; one early in the week
    (Monday to Wednesday) reviews the week just ended. The plan it makes is for the week after.
    """
    week = iso_week(check_day)
    return week if check_day.weekday() >= 3 else shift(week, -1)


def latest_check_day(weekday: int, hour: int, now: datetime, time_zone: str) -> date:
    """The local date of the latest weekly check slot at or before `now`."""
    local = now.astimezone(ZoneInfo(time_zone))
    day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    slot = datetime.combine(day, time(hour), tzinfo=ZoneInfo(time_zone))
    return day if slot <= local else day - timedelta(days=7)
