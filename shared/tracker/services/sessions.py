"""Signing in to the web app, and the sessions that follow (rules in domain/sessions.py).

A signed-in page costs one read for the session: the session item, the member's profile and
the tombstone come together (SessionRepository.open). Cognito is asked again only when the
access token has run out (about once an hour), and the session's idle clock moves on with a
write at most every few minutes.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tracker.domain.errors import Unauthorized
from tracker.domain.model import Identity, Member, MemberKey
from tracker.domain.sessions import (
    Challenge,
    SessionRef,
    SignInRefused,
    Tokens,
    WebSession,
    identity_from_claims,
)
from tracker.ports import Clock, Directory, SessionRepository, SignInProvider
from tracker.services.members import MemberService


@dataclass(frozen=True)
class Started:
    """Signed in: the reference the cookie carries, and the session it opens."""

    ref: SessionRef
    session: WebSession


@dataclass(frozen=True)
class Resumed:
    ref: SessionRef
    session: WebSession
    member: Member

    @property
    def identity(self) -> Identity:
        return self.session.identity


class SessionService:
    def __init__(
        self,
        sessions: SessionRepository,
        provider: Callable[[], SignInProvider],
        members: MemberService,
        clock: Clock,
        email_problem: Callable[[Member], str | None] = lambda member: None,
        directory: Callable[[], Directory] | None = None,
    ) -> None:
        self._sessions = sessions
        self._provider = provider
        self._directory = directory
        self._members = members
        self._clock = clock
        self._email_problem = email_problem  # one read (the suppression list), at each touch

    def sign_in(self, email: str, password: str) -> Started | Challenge:
        """Raises SignInRefused when the user pool says no."""
        answer = self._provider().password(email.strip().lower(), password)
        return answer if isinstance(answer, Challenge) else self._start(answer)

    def choose_password(self, challenge: Challenge, new_password: str) -> Started | Challenge:
        """An invited member's first sign-in: the password they chose replaces the temporary one."""
        answer = self._provider().new_password(challenge, new_password)
        return answer if isinstance(answer, Challenge) else self._start(answer)

    def app_code(self, challenge: Challenge, code: str) -> Started | Challenge:
        """Staff's second step: the code their authenticator app shows now."""
        answer = self._provider().app_code(challenge, code)
        return answer if isinstance(answer, Challenge) else self._start(answer)

    def forgot_password(self, email: str) -> None:
        """Ask for a code by email. Whether the address has an account is never told: an unknown
        one (or an invitation never taken up) is answered as if a code went. Raises SignInRefused
        only when the pool throttles."""
        try:
            self._provider().forgot_password(email.strip().lower())
        except SignInRefused as refused:
            if refused.reason != "credentials":
                raise

    def reset_password(self, email: str, code: str, new_password: str) -> Started | Challenge:
        """The emailed code and a new password; then every session the member had ends (whoever
        held one no longer can), and this browser signs in with the new password: a Challenge
        when the account asks for its authenticator app's code next. Raises SignInRefused
        (wrong_code, expired_code, weak_password, throttled)."""
        email = email.strip().lower()
        provider = self._provider()
        provider.reset_password(email, code, new_password)
        account = self._directory().account(email) if self._directory else None
        if account is not None and account.org_id:
            for ended in self._sessions.delete_all(MemberKey(account.org_id, account.member_id)):
                provider.revoke(ended.refresh_token)
        answer = provider.password(email, new_password)
        return answer if isinstance(answer, Challenge) else self._start(answer)

    def _start(self, tokens: Tokens) -> Started:
        identity = identity_from_claims(tokens.claims)
        if not tokens.refresh_token:  # pragma: no cover - a sign-in always gives one
            raise SignInRefused("credentials")
        try:
            # The profile, created on the first sign-in; an invited member now counts as signed in.
            member = self._members.profile(identity)
        except Unauthorized:  # removed or erased since the account was made
            raise SignInRefused("no_program") from None
        now = self._clock.now()
        ref = SessionRef(identity.member, secrets.token_urlsafe(32))
        session = WebSession(
            member=identity.member,
            secret_hash=ref.secret_hash,
            email=identity.email,
            groups=identity.groups,
            refresh_token=tokens.refresh_token,
            access_expires_at=now + timedelta(seconds=tokens.expires_in),
            created_at=now,
            last_seen_at=now,
            email_problem=self._email_problem(member),
        )
        self._sessions.add(session)
        return Started(ref, session)

    def resume(self, cookie: str) -> Resumed | None:
        """The session the cookie refers to, if it is still good; None sends the browser to sign in.
        An expired session, or one whose refresh the user pool refuses, is ended here."""
        ref = SessionRef.parse(cookie)
        if ref is None:
            return None
        opened = self._sessions.open(ref.member, ref.secret_hash)
        session = opened.session
        if session is None:
            return None
        now = self._clock.now()
        if opened.buried or session.expired(now):
            self._sessions.delete(ref.member, ref.secret_hash)
            return None
        seen = self._refreshed(session, now) if session.needs_refresh(now) else session
        if seen is None:
            self._sessions.delete(ref.member, ref.secret_hash)
            return None
        member = opened.member or self._members.profile(seen.identity)
        if seen.stale(now) or seen != session:  # a touch: what the pages say of email is renewed
            seen = replace(seen, last_seen_at=now, email_problem=self._email_problem(member))
        if seen != session and not self._sessions.update(seen):
            return None  # ended meanwhile
        return Resumed(ref, seen, member)

    def _refreshed(self, session: WebSession, now: datetime) -> WebSession | None:
        """The session with a new access token's expiry and groups; None if the pool refuses."""
        try:
            tokens = self._provider().refresh(session.refresh_token)
            identity = identity_from_claims(tokens.claims)
        except SignInRefused:
            return None
        if identity.member != session.member:  # pragma: no cover - a token of someone else
            return None
        return replace(
            session,
            last_seen_at=now,
            groups=identity.groups,
            access_expires_at=now + timedelta(seconds=tokens.expires_in),
        )

    def end(self, cookie: str) -> None:
        """Sign out: the session ends at once, and its refresh token is revoked."""
        ref = SessionRef.parse(cookie)
        if ref is None:
            return
        ended = self._sessions.delete(ref.member, ref.secret_hash)
        if ended is not None:
            self._provider().revoke(ended.refresh_token)
