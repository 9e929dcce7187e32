"""A member's profile and reminder settings: what changing them means, and what must hold."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from tracker.domain.changes import KEEP, Keep, chosen
from tracker.domain.errors import InvalidInput
from tracker.domain.model import (
    SMS_EARLIEST_HOUR,
    SMS_LATEST_HOUR,
    Language,
    Member,
    ReminderChannel,
    Weekday,
)


@dataclass(frozen=True)
class ProfileChanges:
    """A change to the profile: each field a new value (None clears an optional one) or KEEP."""

    email: str | Keep | None = KEEP
    phone: str | Keep | None = KEEP
    display_name: str | Keep | None = KEEP
    time_zone: str | Keep = KEEP
    reminder_hour: int | Keep = KEEP
    reminder_channels: tuple[ReminderChannel, ...] | Keep = KEEP
    picks_per_day: int | Keep = KEEP
    default_cadence_days: int | Keep = KEEP
    weekly_review_day: Weekday | Keep = KEEP
    weekly_review_hour: int | Keep = KEEP
    current_focus: str | Keep | None = KEEP
    language: Language | Keep = KEEP
    drafts_may_mention_health: bool | Keep = KEEP
    paused_until: date | Keep | None = KEEP

    def apply(self, member: Member, now: datetime) -> Member:
        values = chosen(self)
        if isinstance(self.reminder_channels, tuple):
            values["reminder_channels"] = tuple(dict.fromkeys(self.reminder_channels))
        if "email" in values:
            # A new address is mailed a link to confirm it; until then mail goes where it went
            new = values.pop("email")
            if new is None or new == member.email:
                values.update(email=new, pending_email=None)
            else:
                values["pending_email"] = new
        if "phone" in values and values["phone"] != member.phone:
            values["phone_verified"] = False  # a new number is texted a code to prove it
        return replace(member, **values, updated_at=now)


def check_reachable(member: Member) -> None:
    if ReminderChannel.SMS in member.reminder_channels and not member.phone:
        raise InvalidInput("reminder_channels: SMS reminders need a phone number", field="reminder_channels")
    texts = ReminderChannel.SMS in member.reminder_channels
    for name in ("reminder_hour", "weekly_review_hour"):
        if texts and not SMS_EARLIEST_HOUR <= getattr(member, name) < SMS_LATEST_HOUR:
            raise InvalidInput(
                f"{name}: texts are only sent between {SMS_EARLIEST_HOUR:02d}:00 and "
                f"{SMS_LATEST_HOUR:02d}:00 your time; choose an hour from {SMS_EARLIEST_HOUR} to "
                f"{SMS_LATEST_HOUR - 1} or turn SMS off",
                field=name,
            )
    if ReminderChannel.EMAIL in member.reminder_channels and not member.email:
        raise InvalidInput(
            "reminder_channels: email reminders need an email address", field="reminder_channels"
        )
