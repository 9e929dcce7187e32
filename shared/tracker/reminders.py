"""Sending the daily reminder: once per member, local date and channel, whatever retries.

Email and SMS go out through ports (`Mailer`, `Texter`); production passes SES and SNS
adapters, tests pass moto-backed ones or recording fakes.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from tracker.clock import Clock
from tracker.domain import SMS_EARLIEST_HOUR, SMS_LATEST_HOUR, Member, MemberKey, ReminderChannel, SendClaim
from tracker.links import LinkSigner
from tracker.messages import OutgoingEmail, daily_email, daily_sms
from tracker.observability import logger
from tracker.picks import DailyPicks, PickService

if TYPE_CHECKING:
    from tracker.dal import DynamoStore

SEND_LEASE = timedelta(minutes=2)  # shorter than the queue's visibility timeout
KEEP_SEND_RECORDS = timedelta(days=7)  # Lambda and Scheduler retry for up to a day
# After the provider accepted: botocore's own retries, then these pauses (seconds) and again.
RECORD_RETRY_PAUSES = (0.5, 2.0)
pause_for = time.sleep


class UnrecordedSends:
    """Sends the provider accepted whose record could not be written, as this execution
    environment remembers them: a redelivery of the same reminder that lands here writes the
    record instead of sending again. (One landing in another environment may still send once
    more: the crash-after-send case.)"""

    LIMIT = 10_000  # more would mean the table is gone; stop remembering rather than grow

    def __init__(self) -> None:
        self._sends: dict[tuple[MemberKey, str], tuple[str, str]] = {}
        self._lock = threading.Lock()

    def remember(self, key: MemberKey, send: str, claim: str, message_id: str) -> None:
        with self._lock:
            if len(self._sends) < self.LIMIT:
                self._sends[key, send] = (claim, message_id)

    def recall(self, key: MemberKey, send: str) -> tuple[str, str] | None:
        with self._lock:
            return self._sends.get((key, send))

    def forget(self, key: MemberKey, send: str) -> None:
        with self._lock:
            self._sends.pop((key, send), None)

    def clear(self) -> None:
        with self._lock:
            self._sends.clear()


unrecorded_sends = UnrecordedSends()


class Mailer(Protocol):
    def send(self, email: OutgoingEmail) -> str:
        """Hand the email to the provider; returns its message id."""
        ...


class Texter(Protocol):
    def send(self, phone: str, text: str) -> str: ...

    def is_opted_out(self, phone: str) -> bool: ...


class Outcome(StrEnum):
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
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return sum(outcome is Outcome.SENT for outcome in self.outcomes.values())


def sms_allowed_at(member: Member, at: datetime) -> bool:
    hour = at.astimezone(ZoneInfo(member.time_zone)).hour
    return SMS_EARLIEST_HOUR <= hour < SMS_LATEST_HOUR


class ReminderService:
    def __init__(
        self,
        store: DynamoStore,
        picks: PickService,
        mailer: Mailer,
        texter: Texter,
        signer: Callable[[], LinkSigner],
        clock: Clock,
        *,
        sms_enabled: bool = True,
    ) -> None:
        self._store = store
        self._picks = picks
        self._mailer = mailer
        self._texter = texter
        self._signer = signer
        self._clock = clock
        self._sms_enabled = sms_enabled

    def send_daily(self, key: MemberKey, day: date, at: datetime) -> ReminderReport:
        """The day's reminder for one member, as of the scheduled instant `at`."""
        report = ReminderReport()
        member = self._store.get_member(key)
        if member is None:
            report.outcomes["all"] = Outcome.NO_PROFILE
            return report
        if member.paused_until and day < member.paused_until:
            report.outcomes["all"] = Outcome.PAUSED
            return report
        if not member.reminder_channels:
            report.outcomes["all"] = Outcome.OPTED_OUT
            return report
        picks = self._picks.for_day(member, day, at)
        if picks.empty:
            report.outcomes["all"] = Outcome.NOTHING_DUE
            return report
        return self.each_channel(
            member,
            lambda channel: self._send_channel(member, channel, day, at, picks),
            report,
            "Reminder send failed",
        )

    @staticmethod
    def each_channel(
        member: Member, send: Callable[[ReminderChannel], Outcome], report: ReminderReport, failed: str
    ) -> ReminderReport:
        """`send` on every channel the member chose: one failing does not stop the other, and
        any failure is raised once all were tried (SQS retries the message; sends already made
        are claimed, so the retry makes only the missing ones)."""
        failures: list[Exception] = []
        for channel in member.reminder_channels:
            try:
                report.outcomes[channel.value] = send(channel)
            except Exception as error:
                logger.warning(
                    failed,
                    extra={"channel": channel.value, "error": getattr(error, "code", type(error).__name__)},
                )
                failures.append(error)
        if failures:
            raise SendFailed(f"{len(failures)} channel(s) failed") from failures[0]
        return report

    def _send_channel(  # noqa: PLR0911 - one early return per reason a channel is skipped
        self, member: Member, channel: ReminderChannel, day: date, at: datetime, picks: DailyPicks
    ) -> Outcome:
        if channel is ReminderChannel.EMAIL:
            if not member.email:
                return Outcome.NO_ADDRESS
            if self._store.is_suppressed(member.email):
                return Outcome.SUPPRESSED
            email = daily_email(picks, self._signer(), at)
            return self._once(member.key, f"daily#{day.isoformat()}#email", lambda: self._mailer.send(email))
        if not self._sms_enabled:
            return Outcome.SMS_OFF
        if not member.phone:
            return Outcome.NO_ADDRESS
        if not sms_allowed_at(member, at):
            return Outcome.OUTSIDE_SMS_HOURS
        if self._texter.is_opted_out(member.phone):
            return Outcome.OPTED_OUT
        text = daily_sms(picks)
        phone = member.phone
        return self._once(member.key, f"daily#{day.isoformat()}#sms", lambda: self._texter.send(phone, text))

    def once(self, key: MemberKey, send: str, deliver: Callable[[], str]) -> Outcome:
        """Make one send (`kind#period#channel`, e.g. weekly#2026-W48#email) exactly once."""
        return self._once(key, send, deliver)

    def _once(self, key: MemberKey, send: str, deliver: Callable[[], str]) -> Outcome:
        if self._recorded_from_memory(key, send):
            return Outcome.ALREADY_SENT
        claim = secrets.token_hex(8)
        now = self._clock.now()
        result = self._store.claim_send(
            key,
            send,
            claim,
            now=int(now.timestamp()),
            lease=int(SEND_LEASE.total_seconds()),
            keep=int(KEEP_SEND_RECORDS.total_seconds()),
        )
        if result is SendClaim.ALREADY_SENT:
            return Outcome.ALREADY_SENT
        if result is SendClaim.IN_FLIGHT:
            raise SendInFlight(send)
        try:
            message_id = deliver()
        except Exception:
            self._store.release_send(key, send, claim)
            raise
        if not self._record_sent(key, send, claim, message_id):
            unrecorded_sends.remember(key, send, claim, message_id)
        return Outcome.SENT

    def _recorded_from_memory(self, key: MemberKey, send: str) -> bool:
        """Whether this environment made the send without recording it; if so, record it now
        (the claim may have passed to another attempt meanwhile: then its record stands)."""
        remembered = unrecorded_sends.recall(key, send)
        if remembered is None:
            return False
        claim, message_id = remembered
        try:
            self._store.complete_send(key, send, claim, message_id=message_id, at=self._clock.now())
        except Exception as error:
            logger.warning(
                "Sent earlier; the send record still cannot be written",
                extra={"send": send, "error": getattr(error, "code", type(error).__name__)},
            )
        else:
            unrecorded_sends.forget(key, send)
        return True

    def _record_sent(self, key: MemberKey, send: str, claim: str, message_id: str) -> bool:
        """The provider has the message: record it, trying harder than botocore alone would.

        Failing here must not fail the send: a retry of this SQS message would send again.
        If the record cannot be written at all, this environment remembers the send (see
        `UnrecordedSends`); the claim's lease runs out unrecorded, and a later delivery of the
        same reminder to another environment could send once more (the crash-after-send case).
        """
        failure: Exception | None = None
        for pause in (0.0, *RECORD_RETRY_PAUSES):
            if failure is not None:
                pause_for(pause)
            try:
                self._store.complete_send(key, send, claim, message_id=message_id, at=self._clock.now())
            except Exception as error:
                failure = error
            else:
                return True
        logger.error(
            "Sent, but the send record could not be written",
            extra={"send": send, "error": getattr(failure, "code", type(failure).__name__)},
        )
        return False
