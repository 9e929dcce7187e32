"""The web app's cookies, form tokens (CSRF) and where a page may send the browser next.

Cookies: `__Host-session` (the session reference; HttpOnly, Secure, SameSite=Lax, Path=/, no
Domain) and `__Host-signin` (a random value the sign-in forms' tokens are bound to, before
there is a session). Chromium and Firefox accept Secure and `__Host-` cookies from
http://127.0.0.1 and localhost, so the local stack sets them exactly as AWS does.

Every form carries a token: HMAC of the session's hash (or of the sign-in cookie) under a key
derived from the link signing secret. A post is refused unless its token matches, and unless
the browser says it came from this site where it says anything (Sec-Fetch-Site, Origin).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from tracker.domain.sessions import ABSOLUTE

SESSION_COOKIE = "__Host-session"
SIGN_IN_COOKIE = "__Host-signin"
SIGN_IN_MAX_AGE = 3600
HOME = "/app"

_SIGN_IN_VALUE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f\\]")


def cookies(raw: list[str] | None) -> dict[str, str]:
    """The request's cookies by name (the first of each name: the most specific path)."""
    found: dict[str, str] = {}
    for entry in raw or []:
        name, _, value = entry.strip().partition("=")
        found.setdefault(name.strip(), value.strip())
    return found


def _cookie(name: str, value: str, max_age: int) -> Cookie:
    return Cookie(
        name, value, path="/", secure=True, http_only=True, max_age=max_age, same_site=SameSite.LAX_MODE
    )


def session_cookie(value: str) -> Cookie:
    return _cookie(SESSION_COOKIE, value, int(ABSOLUTE.total_seconds()))


def sign_in_cookie(value: str) -> Cookie:
    return _cookie(SIGN_IN_COOKIE, value, SIGN_IN_MAX_AGE)


def cleared(name: str) -> Cookie:
    return _cookie(name, "", 0)


def new_sign_in_value() -> str:
    return secrets.token_urlsafe(32)


def usable_sign_in_value(value: str | None) -> str | None:
    return value if value and _SIGN_IN_VALUE.match(value) else None


def _mac(key: bytes, purpose: str, value: str) -> str:
    digest = hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def session_token(key: bytes, secret_hash: str) -> str:
    return _mac(key, "session", secret_hash)


def sign_in_token(key: bytes, sign_in_value: str) -> str:
    return _mac(key, "sign-in", sign_in_value)


def token_matches(expected: str, given: str) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def from_this_site(headers: Mapping[str, str]) -> bool:
    """False if the browser says the post comes from another site. Browsers that say nothing
    (older ones, or a privacy setting that sends `Origin: null`) rely on the token alone."""
    site = (headers.get("sec-fetch-site") or "").lower()
    if site and site not in ("same-origin", "none"):
        return False
    origin = (headers.get("origin") or "").strip()
    if origin and origin != "null":
        host = (headers.get("host") or "").strip().lower()
        return urlsplit(origin).netloc.lower() == host
    return True


def safe_next(value: str | None) -> str:
    """A path of this app to return to after signing in; anything else (another site,
    `//evil`, `/\\evil`, a path outside /app) is the home page."""
    if not value or _UNSAFE_IN_PATH.search(value):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("//"):
        return HOME
    if parts.path != HOME and not parts.path.startswith(HOME + "/"):
        return HOME
    return value


def sign_in_url(next_path: str, notice: str | None = None) -> str:
    query = {"next": next_path} if next_path != HOME else {}
    if notice:
        query["notice"] = notice
    return "/app/sign-in" + ("?" + urlencode(query) if query else "")
