"""A browser's sign-in to the web app: the server-side session and its rules.

The browser holds only a reference: the member's org and id (where the record lives, so that
one read finds it, and erasing the member's partition deletes it) and a random secret, of which
the record keeps only a SHA-256 hash. The refresh token stays in the record; the browser never
sees a Cognito token.

A session ends after 2 hours without a page (idle) and 12 hours after sign-in (absolute),
whichever comes first; at sign-out, at once; and when the member is removed or erased (their
partition goes, the tombstone is read with the session). Cognito's own word is asked each
time the hour-long access token has run out: a refused refresh (the account signed out
everywhere, disabled or deleted) ends the session too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tracker.domain.model import Identity, Member, MemberKey

IDLE = timedelta(hours=2)
ABSOLUTE = timedelta(hours=12)
# The idle clock is moved on by a write, at most this often: not one write for every page.
TOUCH_EVERY = timedelta(minutes=5)

_ORG_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_MEMBER_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{40,64}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class SessionRef:
    """What the session cookie carries: where the record is, and the secret that opens it."""

    member: MemberKey
    secret: str

    def text(self) -> str:
        return f"{self.member.org_id}.{self.member.member_id}.{self.secret}"

    @property
    def secret_hash(self) -> str:
        return secret_hash(self.secret)

    @staticmethod
    def parse(text: str) -> SessionRef | None:
        parts = text.strip().split(".")
        if len(parts) != 3:
            return None
        org_id, member_id, secret = parts
        if not (_ORG_ID.match(org_id) and _MEMBER_ID.match(member_id) and _SECRET.match(secret)):
            return None
        return SessionRef(MemberKey(org_id, member_id), secret)


@dataclass(frozen=True)
class WebSession:
    member: MemberKey
    secret_hash: str
    email: str | None
    groups: frozenset[str]
    refresh_token: str
    access_expires_at: datetime
    created_at: datetime
    last_seen_at: datetime
    # Why email no longer reaches the member, as of the session's last touch (sign-in, then at
    # most every TOUCH_EVERY): the pages say it without a read of their own.
    email_problem: str | None = None

    @property
    def identity(self) -> Identity:
        return Identity(self.member.org_id, self.member.member_id, self.email, self.groups)

    @property
    def expires_at(self) -> datetime:
        return min(self.last_seen_at + IDLE, self.created_at + ABSOLUTE)

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def needs_refresh(self, now: datetime) -> bool:
        return now >= self.access_expires_at

    def stale(self, now: datetime) -> bool:
        return now - self.last_seen_at >= TOUCH_EVERY


@dataclass(frozen=True)
class OpenedSession:
    """What one read of the member's partition says about a session reference."""

    session: WebSession | None
    member: Member | None
    buried: bool


# ---------------------------------------------------------------- what the user pool answers


@dataclass(frozen=True)
class Tokens:
    """A sign-in or refresh that succeeded: the ID token's claims, and the refresh token (a
    refresh gives none: the one used stays)."""

    claims: dict[str, Any]
    refresh_token: str | None
    expires_in: int


@dataclass(frozen=True)
class Challenge:
    """The user pool asks for more before it signs the member in: an invited member's first
    sign-in (NEW_PASSWORD_REQUIRED), or the code of the account's authenticator app
    (SOFTWARE_TOKEN_MFA: program staff). `session` is the user pool's, valid for a few minutes."""

    name: str
    session: str
    username: str


class SignInRefused(Exception):
    """The user pool said no. `reason` is one of REASONS; the pages say each in neutral words
    (never whether the address has an account)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


REASONS = (
    "credentials",  # wrong password, unknown address, disabled account: one answer for all
    "throttled",  # the user pool's own limits on tries
    "weak_password",  # a new password the pool's policy refuses (detail says why)
    "challenge_expired",  # the few minutes to choose a password are over
    "not_supported",  # a step this app cannot do (a challenge other than the two it answers)
    "no_program",  # an account that belongs to no program, or was removed
    "wrong_code",  # a forgotten password's emailed code that is not the one sent
    "expired_code",  # that code, too old (or already used)
    "wrong_app_code",  # an authenticator app's code that is not the one the pool expects
)


def identity_from_claims(claims: dict[str, Any]) -> Identity:
    """The member and program of an ID token the user pool has just issued to us."""
    member_id = claims.get("sub")
    org_id = claims.get("custom:org_id")
    if not isinstance(member_id, str) or not _MEMBER_ID.match(member_id):
        raise SignInRefused("no_program")
    if not isinstance(org_id, str) or not _ORG_ID.match(org_id):
        raise SignInRefused("no_program")
    email = claims.get("email")
    groups = claims.get("cognito:groups") or []
    if isinstance(groups, str):
        groups = groups.strip("[]").split()
    return Identity(
        org_id=org_id,
        member_id=member_id,
        email=email.strip().lower() if isinstance(email, str) and _EMAIL.match(email.strip()) else None,
        groups=frozenset(str(group) for group in groups),
    )
