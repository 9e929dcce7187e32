"""Sending a reminder, a weekly check or an answer exactly once: what a claim can answer,
what became of each channel, and when texts may go out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from tracker.domain.model import SMS_EARLIEST_HOUR, SMS_LATEST_HOUR, Member

SEND_LEASE = timedelta(minutes=2)  # shorter than the queue's visibility timeout
KEEP_SEND_RECORDS = timedelta(days=7)  # Lambda and Scheduler retry for up to a day


class SendClaim(StrEnum):
    """The answer to "may I make this send?"."""

    CLAIMED = "claimed"
    ALREADY_SENT = "already_sent"
    IN_FLIGHT = "in_flight"


class SendOutcome(StrEnum):
    """What became of one channel of one send (a conversation's outcomes are `Outcome`)."""

    SENT = "sent"
    ALREADY_SENT = "already_sent"
    NO_PROFILE = "no_profile"
    PAUSED = "paused"
    OPTED_OUT = "opted_out"
    NOTHING_DUE = "nothing_due"
    SUPPRESSED = "suppressed"
    NO_ADDRESS = "no_address"
    SMS_OFF = "sms_off"
    OUTSIDE_SMS_HOURS = "outside_sms_hours"


class SendInFlight(Exception):
    """Another attempt holds this send right now; retry later."""


class SendFailed(Exception):
    """At least one channel failed; the message is retried (and lands in the DLQ in the end)."""


@dataclass
class ReminderReport:
    outcomes: dict[str, SendOutcome] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return sum(outcome is SendOutcome.SENT for outcome in self.outcomes.values())


def not_sending(member: Member | None, day: date) -> SendOutcome | None:
    """Why nothing goes to this member on their local `day` (no profile, paused, every channel
    off), or None: then each channel decides for itself."""
    if member is None:
        return SendOutcome.NO_PROFILE
    if member.paused_until and day < member.paused_until:
        return SendOutcome.PAUSED
    if not member.reminder_channels:
        return SendOutcome.OPTED_OUT
    return None


def sms_allowed_at(member: Member, at: datetime) -> bool:
    hour = at.astimezone(ZoneInfo(member.time_zone)).hour
    return SMS_EARLIEST_HOUR <= hour < SMS_LATEST_HOUR
