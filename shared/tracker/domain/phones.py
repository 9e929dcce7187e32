"""A member's phone number: proved by a code before anything is texted to it or acted on from it.

A new or changed number gets one text with a six-digit code, good for CODE_LIFETIME and
CODE_TRIES tries; until the member enters it, no reminder goes to the number and no reply from
it acts for them. The number's own STOP record (kept per number, not per member) is checked
before every text, codes included, and only START, UNSTOP or YES from the number ends it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from tracker.domain.model import MemberKey

CODE_LIFETIME = timedelta(minutes=15)
CODE_TRIES = 5
CODES_PER_DAY = 5  # texts a member may have sent to numbers they have not proved yet
RESEND_AFTER = timedelta(minutes=1)
CODE_DIGITS = 6


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(key: MemberKey, phone: str, code: str) -> str:
    """What is stored of a code: never the code itself."""
    return hashlib.sha256(f"{key.org_id}#{key.member_id}#{phone}#{code}".encode()).hexdigest()


@dataclass(frozen=True)
class PhoneCheck:
    """A code on its way to a number the member has not proved yet."""

    phone: str
    digest: str
    sent_at: datetime
    expires_at: datetime
    tries_left: int
    day: date  # the UTC day `codes_today` counts
    codes_today: int

    @classmethod
    def first(
        cls, key: MemberKey, phone: str, code: str, now: datetime, earlier: PhoneCheck | None
    ) -> PhoneCheck:
        """A fresh code, counted with the codes sent today before it (whatever the number)."""
        today = now.date()
        sent_today = earlier.codes_today if earlier and earlier.day == today else 0
        return cls(
            phone=phone,
            digest=code_digest(key, phone, code),
            sent_at=now,
            expires_at=now + CODE_LIFETIME,
            tries_left=CODE_TRIES,
            day=today,
            codes_today=sent_today + 1,
        )

    def matches(self, key: MemberKey, code: str) -> bool:
        return hmac.compare_digest(self.digest, code_digest(key, self.phone, code.strip()))

    def spent(self) -> PhoneCheck:
        return replace(self, tries_left=self.tries_left - 1)

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def out_of_codes(self, now: datetime) -> bool:
        """The member had CODES_PER_DAY codes texted today (UTC), to whatever numbers."""
        return self.day == now.date() and self.codes_today >= CODES_PER_DAY

    def may_send_again(self, now: datetime) -> bool:
        return now - self.sent_at >= RESEND_AFTER and not self.out_of_codes(now)

    def resend_at(self, now: datetime) -> datetime:
        """When another code may go: after RESEND_AFTER, or tomorrow once the day's are spent."""
        if self.out_of_codes(now):
            return datetime.combine(self.day + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
        return self.sent_at + RESEND_AFTER


def number_ending(phone: str) -> str:
    """How messages name a number: its last two digits only."""
    return f"ending in {phone[-2:]}"


@dataclass(frozen=True)
class Stop:
    """A number said STOP (`by`: the inbound message that did, when known)."""

    by: str | None = None
