"""Signed links for reminders: "I reached out", "Snooze 30 days", "Log a conversation",
"Unsubscribe". No login is needed to follow one, so each link says exactly what it allows.
A link is a password for as long as it lives: reminder links live 3 days, the personal form
link a year (revocable), an undo link a day, unsubscribe a year, plan accept to the week's end.

A token is `<payload>.<signature>`: the payload names the purpose, org, member, optional
contact and expiry; the signature is HMAC-SHA256 over it with a secret kept in Secrets
Manager. A token for one purpose never works for another; expired or altered ones fail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlencode

from tracker.domain.model import MemberKey


class Purpose(StrEnum):
    REACHED_OUT = "reached_out"
    SNOOZE = "snooze"
    LOG = "log"
    UNSUBSCRIBE = "unsubscribe"
    FORM = "form"  # the member's personal quick-log link (long-lived, revocable by version)
    UNDO = "undo"  # takes back one quick-log action (`ref` names it)
    PLAN_ACCEPT = "plan_accept"  # accept next week's plan (the weekly check); names the week
    EMAIL_CONFIRM = "email_confirm"  # a new address, confirmed from its inbox (`ref`: its digest)


PICK_LINK_LIFETIME = timedelta(days=3)
UNSUBSCRIBE_LINK_LIFETIME = timedelta(days=365)
EMAIL_CONFIRM_LINK_LIFETIME = timedelta(days=1)


class InvalidLink(Exception):
    """Expired, altered, for another purpose, or not a link of ours."""


class ExpiredLink(InvalidLink):
    """Genuine, but past its expiry."""


class WrongPurpose(InvalidLink):
    """Genuine, but made for something else."""


@dataclass(frozen=True)
class LinkClaims:
    purpose: Purpose
    member: MemberKey
    contact_id: str | None
    expires_at: int
    version: int = 0
    ref: str | None = None
    week: str | None = None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LinkSigner:
    def __init__(self, secret: bytes, base_url: str) -> None:
        if len(secret) < 32:
            raise ValueError("the link signing secret must be at least 32 bytes")
        self._secret = secret
        self.base_url = base_url.rstrip("/")

    def token(
        self,
        purpose: Purpose,
        member: MemberKey,
        *,
        expires: datetime,
        contact_id: str | None = None,
        version: int = 0,
        ref: str | None = None,
        week: str | None = None,
    ) -> str:
        payload: dict[str, object] = {
            "p": purpose.value,
            "o": member.org_id,
            "m": member.member_id,
            "e": int(expires.timestamp()),
        }
        if contact_id:
            payload["c"] = contact_id
        if version:
            payload["v"] = version
        if ref:
            payload["r"] = ref
        if week:
            payload["w"] = week
        body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
        return f"{body}.{self._signature(body)}"

    def verify(self, token: str, purpose: Purpose | Collection[Purpose], *, now: datetime) -> LinkClaims:
        """The token's claims if it is ours, unaltered, unexpired and for `purpose` (or one of them)."""
        allowed = {purpose} if isinstance(purpose, Purpose) else set(purpose)
        if not token.isascii():
            raise InvalidLink("not a valid link")
        body, _, signature = token.partition(".")
        if not body or not signature or not hmac.compare_digest(signature, self._signature(body)):
            raise InvalidLink("not a valid link")
        try:
            payload = json.loads(_unb64(body))
            claims = LinkClaims(
                purpose=Purpose(payload["p"]),
                member=MemberKey(str(payload["o"]), str(payload["m"])),
                contact_id=str(payload["c"]) if "c" in payload else None,
                expires_at=int(payload["e"]),
                version=int(payload.get("v", 0)),
                ref=str(payload["r"]) if "r" in payload else None,
                week=str(payload["w"]) if "w" in payload else None,
            )
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidLink("not a valid link") from error
        if claims.purpose not in allowed:
            raise WrongPurpose("this link is for something else")
        if claims.expires_at < now.timestamp():
            raise ExpiredLink("this link has expired")
        return claims

    def form_id(self, token: str) -> str:
        """A fresh id for one rendered quick-log form of the link `token`, signed by us: posted
        back, it names that one action (a second post with it is a repeat, not a new one)."""
        nonce = _b64(secrets.token_bytes(12))
        return f"{nonce}.{self._form_signature(token, nonce)}"

    def is_form_id(self, token: str, form_id: str) -> bool:
        """Whether `form_id` is one we issued for a form of the link `token`."""
        nonce, _, signature = form_id.partition(".")
        if not (nonce and signature and form_id.isascii()):
            return False
        return hmac.compare_digest(signature, self._form_signature(token, nonce))

    def url(self, path: str, token: str) -> str:
        return f"{self.base_url}{path}?{urlencode({'t': token})}"

    def _signature(self, body: str) -> str:
        return _b64(hmac.new(self._secret, body.encode(), hashlib.sha256).digest())

    def _form_signature(self, token: str, nonce: str) -> str:
        # Domain-separated from link signatures (a link body never starts with "form-id").
        return self._signature(f"form-id\n{token}\n{nonce}")


@dataclass(frozen=True)
class PickLinks:
    reached_out: str
    snooze: str
    log: str


def pick_links(signer: LinkSigner, member: MemberKey, contact_id: str, now: datetime) -> PickLinks:
    """The three links under each pick; they open the public quick-log pages."""
    expires = now + PICK_LINK_LIFETIME

    def link(purpose: Purpose) -> str:
        return signer.url("/log", signer.token(purpose, member, expires=expires, contact_id=contact_id))

    return PickLinks(link(Purpose.REACHED_OUT), link(Purpose.SNOOZE), link(Purpose.LOG))


def unsubscribe_url(signer: LinkSigner, member: MemberKey, now: datetime) -> str:
    token = signer.token(Purpose.UNSUBSCRIBE, member, expires=now + UNSUBSCRIBE_LINK_LIFETIME)
    return signer.url("/unsubscribe", token)


def address_digest(address: str) -> str:
    """How a confirmation link names the address it confirms (not the address itself)."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]


def email_confirm_url(signer: LinkSigner, member: MemberKey, address: str, now: datetime) -> str:
    """The link mailed to a new address: opening it from that inbox makes it the member's."""
    expires = now + EMAIL_CONFIRM_LINK_LIFETIME
    token = signer.token(Purpose.EMAIL_CONFIRM, member, expires=expires, ref=address_digest(address))
    return signer.url("/email", token)


def plan_accept_url(signer: LinkSigner, member: MemberKey, week: str, expires: datetime) -> str:
    """The one-tap link in the weekly check; the public page at /plan?t= accepts the plan."""
    return signer.url("/plan", signer.token(Purpose.PLAN_ACCEPT, member, expires=expires, week=week))
