"""Making a send exactly once per member, period, kind and channel, whatever the retries.

Each send (`kind#period#channel`, e.g. daily#2026-11-27#email) is claimed with a conditional
write before the provider is called and marked sent after; a duplicate schedule, a redelivered
message or a racing worker finds the claim and sends nothing. The claim is a lease, so a
holder that crashed does not block the send for ever.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from datetime import datetime

from aws_lambda_powertools.metrics import MetricUnit

from tracker.domain.messages import OutgoingEmail
from tracker.domain.model import Member, MemberKey, ReminderChannel
from tracker.domain.rates import is_late
from tracker.domain.sending import (
    KEEP_SEND_RECORDS,
    SEND_LEASE,
    HeldSend,
    Rejected,
    ReminderReport,
    SendClaim,
    SendFailed,
    SendInFlight,
    SendOutcome,
    sms_allowed_at,
)
from tracker.domain.sms import Texted
from tracker.observability import logger, metrics
from tracker.ports import Clock, Mailer, MemberRepository, PhoneRepository, SendRepository, Texter
from tracker.services.pacing import Pacer

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
        self._sends: dict[tuple[MemberKey, str], tuple[str, str, tuple[Texted, ...] | None]] = {}
        self._lock = threading.Lock()

    def remember(
        self, key: MemberKey, send: str, claim: str, message_id: str, texted: tuple[Texted, ...] | None = None
    ) -> None:
        with self._lock:
            if len(self._sends) < self.LIMIT:
                self._sends[key, send] = (claim, message_id, texted)

    def recall(self, key: MemberKey, send: str) -> tuple[str, str, tuple[Texted, ...] | None] | None:
        with self._lock:
            return self._sends.get((key, send))

    def forget(self, key: MemberKey, send: str) -> None:
        with self._lock:
            self._sends.pop((key, send), None)

    def clear(self) -> None:
        with self._lock:
            self._sends.clear()


unrecorded_sends = UnrecordedSends()

# Sends made (or, for a text, skipped for quiet hours) after the member's hour had passed.
LATE_METRIC = {ReminderChannel.EMAIL: "LateEmails", ReminderChannel.SMS: "LateTexts"}


class Sender:
    """Email and texts to members, each made exactly once (the send records of `SendRepository`),
    never to a suppressed address, an unproved number or one that said STOP, or outside texting
    hours (the member's and the number's own)."""

    def __init__(
        self,
        sends: SendRepository,
        members: MemberRepository,
        phones: PhoneRepository,
        mailer: Mailer,
        texter: Texter,
        clock: Clock,
        *,
        sms_enabled: bool = True,
        pacer: Pacer | None = None,
    ) -> None:
        self._sends = sends
        self._members = members
        self._phones = phones
        self._mailer = mailer
        self._texter = texter
        self._clock = clock
        self._sms_enabled = sms_enabled
        self._pacer = pacer

    def deliver(  # noqa: PLR0911 - one early return per reason a channel is skipped
        self,
        member: Member,
        channel: ReminderChannel,
        send: str,
        at: datetime,
        *,
        email: Callable[[], OutgoingEmail],
        text: Callable[[], str],
        texted: tuple[Texted, ...] | None = None,
        suppressed: bool | None = None,
        held: HeldSend | None = None,
    ) -> SendOutcome:
        """Send on one channel (`send` is `kind#period`; the channel is added), rendering the
        message only if it goes out. A text's record keeps what it numbered (`texted`). Whether
        the email address is `suppressed` is read unless known; `held`: the email's claim,
        taken already (`hold`)."""
        if channel is ReminderChannel.EMAIL:
            if not member.email:
                return SendOutcome.NO_ADDRESS
            if member.email_paused:
                return SendOutcome.EMAIL_PAUSED
            if suppressed if suppressed is not None else self._sends.is_suppressed(member.email):
                return SendOutcome.SUPPRESSED
            message = email()
            self._wait_turn(channel, at)
            try:
                return self.once(member.key, f"{send}#email", lambda: self._mailer.send(message), held=held)
            except Rejected as rejected:  # again would be refused again: no retry, no dead letter
                reason = f"{rejected.code} on {at.date().isoformat()}"
                self._members.pause_email(member.key, reason)
                logger.warning(
                    "Email refused for good; the member's email is paused", extra={"code": rejected.code}
                )
                return SendOutcome.REJECTED
        if not self._sms_enabled:
            return SendOutcome.SMS_OFF
        if not member.phone:
            return SendOutcome.NO_ADDRESS
        if not member.phone_verified:
            return SendOutcome.UNVERIFIED
        if not sms_allowed_at(member, at):
            return SendOutcome.OUTSIDE_SMS_HOURS
        # The number's own STOP record first (kept whoever holds the number), then the provider's.
        if self._phones.stop(member.phone) is not None or self._texter.is_opted_out(member.phone):
            return SendOutcome.OPTED_OUT
        body, phone = text(), member.phone
        self._wait_turn(channel, at)
        if not sms_allowed_at(member, max(at, self._clock.now())):
            return SendOutcome.OUTSIDE_SMS_HOURS  # the wait (or the queue) ran into quiet hours
        return self.once(member.key, f"{send}#sms", lambda: self._texter.send(phone, body), texted)

    @staticmethod
    def may_email(member: Member) -> bool:
        """Whether the member's reminders go by email and could (suppression aside)."""
        return (
            ReminderChannel.EMAIL in member.reminder_channels
            and bool(member.email)
            and not member.email_paused
        )

    def hold(self, send: str) -> HeldSend:
        """A claim of `send` (kind#period#channel) for another write to take with its own (the
        day's picks record takes the daily email's); `once(..., held=)` then makes the send."""
        now = int(self._clock.now().timestamp())
        return HeldSend(send, secrets.token_hex(8), now + int(SEND_LEASE.total_seconds()))

    def _wait_turn(self, channel: ReminderChannel, at: datetime) -> None:
        """Wait for the channel's next free instant under the send rate (services/pacing.py);
        a send now past the member's hour is said in the logs and a metric."""
        if self._pacer is not None:
            self._pacer.wait(channel)
        now = self._clock.now()
        if not is_late(at, now):
            return
        late = int((now - at).total_seconds() // 60)
        logger.warning(
            "Reminder past the member's hour: more were due than the send rate lets through",
            extra={"channel": channel.value, "minutes_after_hour_start": late},
        )
        metrics.add_metric(name=LATE_METRIC[channel], unit=MetricUnit.Count, value=1)

    @staticmethod
    def each_channel(
        member: Member, send: Callable[[ReminderChannel], SendOutcome], report: ReminderReport, failed: str
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

    def once(
        self,
        key: MemberKey,
        send: str,
        deliver: Callable[[], str],
        texted: tuple[Texted, ...] | None = None,
        *,
        held: HeldSend | None = None,
    ) -> SendOutcome:
        """Make one send (`kind#period#channel`, e.g. weekly#2026-W48#email) exactly once;
        `texted` goes into its record with it. `held`: claimed already, with another write."""
        if self._recorded_from_memory(key, send):
            return SendOutcome.ALREADY_SENT
        if held is not None and held.send == send:
            claim = held.claim
        else:
            claim = secrets.token_hex(8)
            result = self._sends.claim(
                key,
                send,
                claim,
                now=int(self._clock.now().timestamp()),
                lease=int(SEND_LEASE.total_seconds()),
                keep=int(KEEP_SEND_RECORDS.total_seconds()),
            )
            if result is SendClaim.ALREADY_SENT:
                return SendOutcome.ALREADY_SENT
            if result is SendClaim.IN_FLIGHT:
                raise SendInFlight(send)
        try:
            message_id = deliver()
        except Exception:
            self._sends.release(key, send, claim)
            raise
        if not self._record_sent(key, send, claim, message_id, texted):
            unrecorded_sends.remember(key, send, claim, message_id, texted)
        return SendOutcome.SENT

    def _recorded_from_memory(self, key: MemberKey, send: str) -> bool:
        """Whether this environment made the send without recording it; if so, record it now
        (the claim may have passed to another attempt meanwhile: then its record stands)."""
        remembered = unrecorded_sends.recall(key, send)
        if remembered is None:
            return False
        claim, message_id, texted = remembered
        try:
            self._sends.complete(key, send, claim, message_id=message_id, at=self._clock.now(), texted=texted)
        except Exception as error:
            logger.warning(
                "Sent earlier; the send record still cannot be written",
                extra={"send": send, "error": getattr(error, "code", type(error).__name__)},
            )
        else:
            unrecorded_sends.forget(key, send)
        return True

    def _record_sent(
        self, key: MemberKey, send: str, claim: str, message_id: str, texted: tuple[Texted, ...] | None
    ) -> bool:
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
                self._sends.complete(
                    key, send, claim, message_id=message_id, at=self._clock.now(), texted=texted
                )
            except Exception as error:
                failure = error
            else:
                return True
        logger.error(
            "Sent, but the send record could not be written",
            extra={"send": send, "error": getattr(failure, "code", type(failure).__name__)},
        )
        return False
