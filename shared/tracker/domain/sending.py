"""Sending a reminder, a weekly check or an answer exactly once: what a claim can answer,
what became of each channel, and when texts may go out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

from tracker.domain.errors import N_
from tracker.domain.model import SMS_EARLIEST_HOUR, SMS_LATEST_HOUR, Member

SEND_LEASE = timedelta(minutes=2)  # shorter than the queue's visibility timeout
KEEP_SEND_RECORDS = timedelta(days=7)  # Lambda and Scheduler retry for up to a day


@dataclass(frozen=True)
class HeldSend:
    """A send's claim taken in the same write as what the send is about (the daily email's,
    with the day's picks record): the sender then sends without claiming again."""

    send: str  # kind#period#channel, e.g. daily#2026-11-27#email
    claim: str
    lease_until: int  # epoch seconds, as SendRepository.claim's


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
    NOT_SIGNED_IN = "not_signed_in"  # invited by their program, never signed in: nothing to tell yet
    PAUSED = "paused"
    OPTED_OUT = "opted_out"
    NOTHING_DUE = "nothing_due"
    NO_CONTACTS = "no_contacts"  # signed in, nobody added yet: a score of nothing would say nothing
    SUPPRESSED = "suppressed"
    NO_ADDRESS = "no_address"
    SMS_OFF = "sms_off"
    OUTSIDE_SMS_HOURS = "outside_sms_hours"
    REJECTED = "rejected"  # the provider refused the message for good: the channel is paused
    EMAIL_PAUSED = "email_paused"  # paused after a rejection, until the member changes the address
    UNVERIFIED = "unverified"  # the member has not entered the code texted to the number yet


class Rejected(Exception):
    """The provider refused this message for good (SES MessageRejected, InvalidParameterValue):
    trying again would be refused again. Carries the provider's error code only."""

    def __init__(self, code: str) -> None:
        super().__init__(f"rejected: {code}")
        self.code = code


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
    """Why nothing goes to this member on their local `day` (no profile, invited but never
    signed in, paused, every channel off), or None: then each channel decides for itself."""
    if member is None:
        return SendOutcome.NO_PROFILE
    if member.invited:
        return SendOutcome.NOT_SIGNED_IN
    if member.paused_until and day < member.paused_until:
        return SendOutcome.PAUSED
    if not member.reminder_channels:
        return SendOutcome.OPTED_OUT
    return None


def sms_allowed_at(member: Member, at: datetime) -> bool:
    """Inside texting hours both where the member lives and wherever the number's own region may
    be (a number with several zones, as a US number may have, must be inside all of them)."""
    zones = {member.time_zone, *number_time_zones(member.phone)} if member.phone else {member.time_zone}
    return all(SMS_EARLIEST_HOUR <= at.astimezone(ZoneInfo(zone)).hour < SMS_LATEST_HOUR for zone in zones)


@cache
def number_time_zones(phone: str) -> tuple[str, ...]:
    """The time zones libphonenumber gives for the number's region (none when it cannot tell)."""
    import phonenumbers
    from phonenumbers import timezone

    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return ()
    found = timezone.time_zones_for_number(number)
    return tuple(sorted(zone for zone in found if zone in _known_zones()))


@cache
def _known_zones() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


# What a member (and their program's admin) is told when email stops reaching them: kept as
# words on the session and in GET /me; a page says them in its reader's language
# (rendering/reader.said_problem).
REFUSED = N_("refused by the mail provider ({reason}): enter another address to get email again")
UNDELIVERABLE = {
    "bounce": N_("bounced: the address does not take our email; enter another address to get email again"),
    "complaint": N_(
        "marked as spam: we no longer email this address; enter another address to get email again"
    ),
}
