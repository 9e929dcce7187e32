"""Proving a phone number before anything is texted to it or acted on from it.

PATCH /me with a new number keeps it unproved and texts it a code (unless the number said
STOP); the member enters the code (POST /me/phone/verify) within CODE_LIFETIME and CODE_TRIES
tries, and only then do reminders go to the number and replies from it act for them. A number
another member had proved moves to the one who proves it now; the other is told by email.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from tracker.domain.errors import N_, Conflict, InvalidInput, TooManyRequests
from tracker.domain.links import LinkSigner
from tracker.domain.model import Member, MemberKey, ReminderChannel
from tracker.domain.phones import PhoneCheck, new_code
from tracker.observability import logger
from tracker.ports import Clock, Mailer, MemberRepository, PhoneRepository, SendRepository, Texter
from tracker.rendering.labels import speaker_of
from tracker.rendering.sms import phone_code


class PhoneService:
    def __init__(
        self,
        members: MemberRepository,
        phones: PhoneRepository,
        sends: SendRepository,
        texter: Texter,
        mailer: Mailer,
        signer: Callable[[], LinkSigner],
        clock: Clock,
        *,
        sms_enabled: bool = True,
    ) -> None:
        self._members = members
        self._phones = phones
        self._sends = sends
        self._texter = texter
        self._mailer = mailer
        self._signer = signer
        self._clock = clock
        self._sms_enabled = sms_enabled

    def stopped(self, member: Member) -> bool:
        """The member's number said STOP (its own record, whoever holds it)."""
        return bool(member.phone) and self._phones.stop(member.phone or "") is not None

    def may_text(self, phone: str) -> bool:
        """The number's own STOP record (and the provider's list) allow a text to it."""
        return self._phones.stop(phone) is None and not self._texter.is_opted_out(phone)

    def send_code(self, member: Member, *, first: bool = False) -> PhoneCheck | None:
        """Text a code to the member's unproved number. None when nothing could be sent (no
        number, already proved, SMS off, or the number said STOP: GET /me says which)."""
        if (
            not member.phone
            or member.phone_verified
            or not self._sms_enabled
            or not self.may_text(member.phone)
        ):
            return None
        now = self._clock.now()
        earlier = self._phones.check(member.key)
        if earlier is not None and earlier.out_of_codes(now):
            if first:  # the number changes all the same; it waits for tomorrow's code
                return None
            raise TooManyRequests(
                N_("No more codes today; ask again after {time}"), time=_clock_time(earlier, now)
            )
        if earlier is not None and not first and not earlier.may_send_again(now):
            raise TooManyRequests(
                N_("A code was sent a moment ago; ask again after {time}"), time=_clock_time(earlier, now)
            )
        code = new_code()
        check = PhoneCheck.first(member.key, member.phone, code, now, earlier)
        self._phones.put_check(member.key, check)
        self._texter.send(member.phone, phone_code(code, speaker_of(member)))
        return check

    def resend(self, member: Member) -> PhoneCheck:
        if not member.phone:
            raise Conflict(N_("Add a phone number first"), field="phone")
        if member.phone_verified:
            raise Conflict(N_("Your phone number is already confirmed"), field="phone")
        if not self.may_text(member.phone):
            raise Conflict(N_("This number replied STOP: text START to us from it first"), field="phone")
        check = self.send_code(member)
        if check is None:
            raise Conflict(N_("Texts are turned off for this deployment"), field="phone")
        return check

    def verify(self, member: Member, code: str) -> Member:
        """The member entered `code`: the number is theirs (taken from whoever had proved it)."""
        if member.phone_verified:
            return member
        check = self._phones.check(member.key)
        now = self._clock.now()
        if check is None or not member.phone or check.phone != member.phone:
            raise Conflict(N_("No code is on its way to your number; ask for one"), field="code")
        if check.tries_left <= 0:
            raise TooManyRequests(N_("That code has no tries left; ask for a new one"), field="code")
        if check.expired(now):
            raise Conflict(N_("That code has expired; ask for a new one"), field="code")
        if not self._phones.spend_try(member.key, check):
            raise Conflict(N_("Another try was made at the same time; try again"), field="code")
        if not check.matches(member.key, code):
            left = check.tries_left - 1
            raise InvalidInput(
                N_("That is not the code we texted; 1 try left")
                if left == 1
                else N_("That is not the code we texted; {left} tries left")
                if left
                else N_("That is not the code we texted, and it has no tries left; ask for a new one"),
                field="code",
                left=left,
            )
        self._phones.end_check(member.key, check)
        proved = replace(member, phone_verified=True, updated_at=now)
        self._members.save(proved)
        previous = self._phones.move(member.key, old=None, new=member.phone)
        if previous is not None:
            self._taken_from(previous, member.phone, now)
        return proved

    def forget(self, member: Member, old: str | None) -> None:
        """The member dropped or changed their number: texts from it no longer reach them."""
        if old:
            self._phones.move(member.key, old=old, new=None)

    def _taken_from(self, key: MemberKey, phone: str, now: datetime) -> None:
        """Another member proved the number: it is no longer this one's, and they are told."""
        holder = self._members.get(key)
        if holder is None or holder.phone != phone:
            return
        channels = tuple(
            channel for channel in holder.reminder_channels if channel is not ReminderChannel.SMS
        )
        self._members.save(replace(holder, phone_verified=False, reminder_channels=channels, updated_at=now))
        if holder.email and not self._sends.is_suppressed(holder.email):
            from tracker.rendering.emails import phone_taken_email  # Jinja2 only when it comes to it

            try:
                self._mailer.send(phone_taken_email(holder, phone, self._signer(), now))
            except Exception as error:  # the move stands; the notice is best effort, and logged
                logger.warning(
                    "Could not tell a member their number was taken",
                    extra={"error": getattr(error, "code", type(error).__name__)},
                )


def _clock_time(check: PhoneCheck, now: datetime) -> str:
    return check.resend_at(now).strftime("%H:%M UTC")
