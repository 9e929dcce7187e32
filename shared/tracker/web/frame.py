"""The frame of every signed-in page of the web app (/app): the request's parts, the session the
browser's cookie opens, the form token every POST must carry, and a friendly page instead of a
stack trace. A page is a function of `SignedIn`; `signed_in_page` and `signed_in_post` open the
session (or send the browser to sign in, coming back to `back_to`), check a POST's form token
and where it came from (or answer 403), and catch what fails. `admin_page` and `admin_post`
are the same for the program's pages, which answer any member who is not an admin with 403.

Served by the web function (functions/web): who is signed in comes only from the session
cookie, looked up server-side (tracker/services/sessions.py), never from anything the page sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.shared.cookies import Cookie

from tracker.domain.model import Identity
from tracker.domain.quicklog import FormData
from tracker.observability import logger
from tracker.rendering import app_pages, app_program, pages, reader
from tracker.runtime import services
from tracker.services.sessions import Resumed
from tracker.web.forms import form_in_request
from tracker.web.sessions import (
    SESSION_COOKIE,
    cleared,
    cookies,
    from_this_site,
    safe_next,
    session_token,
    sign_in_url,
    token_matches,
)

# The request being answered (Powertools keeps it on every router alike).
router = APIGatewayHttpRouter()


@dataclass(frozen=True)
class SignedIn:
    """A signed-in request: its session, the token its forms carry, and a POST's checked form."""

    resumed: Resumed
    csrf: str
    form: FormData = field(default_factory=FormData)

    @property
    def identity(self) -> Identity:
        return self.resumed.identity


Page = Callable[[SignedIn], Response[str]]


def signed_in_page(back_to: str | Callable[[], str], page: Page) -> Response[str]:
    """A GET: the page for the session's member, or to sign-in (then back to `back_to`)."""

    def checked() -> Response[str]:
        resumed, clear = open_session()
        if resumed is None:
            return to_sign_in(back_to() if callable(back_to) else back_to, clear)
        return page(SignedIn(resumed, csrf_of(resumed)))

    return safely(checked)


def signed_in_post(back_to: str | Callable[[], str], page: Page) -> Response[str]:
    """A POST: as a GET, and first of all its form token and origin checked (403 if either is
    wrong), before the page does anything."""

    def checked() -> Response[str]:
        resumed, clear = open_session()
        if resumed is None:
            return to_sign_in(back_to() if callable(back_to) else back_to, clear)
        csrf = csrf_of(resumed)
        form = posted_form()
        if not posted_by_session(resumed, form):
            return respond(app_pages.refused("forged", 403, csrf=csrf))
        return page(SignedIn(resumed, csrf, form))

    return safely(checked)


def admin_page(back_to: str | Callable[[], str], page: Page) -> Response[str]:
    """`signed_in_page` for the admins of the session's program only (as the API's authoriser
    requires the `admins` group of a token): any other member gets a 403 page."""
    return signed_in_page(back_to, _admins_only(page))


def admin_post(back_to: str | Callable[[], str], page: Page) -> Response[str]:
    """`signed_in_post` (the form token checked first) for the program's admins only."""
    return signed_in_post(back_to, _admins_only(page))


def _admins_only(page: Page) -> Page:
    def checked(seen: SignedIn) -> Response[str]:
        if not seen.identity.is_admin:
            return respond(app_program.forbidden(seen.csrf))
        return page(seen)

    return checked


def csrf_of(resumed: Resumed) -> str:
    """The form token of the session's pages."""
    return session_token(form_key(), resumed.session.secret_hash)


def respond(page: app_pages.Page, cookies_to_set: list[Cookie] | None = None) -> Response[str]:
    return Response(
        page.status,
        app_pages.CONTENT_TYPE,
        page.html,
        headers=dict(app_pages.HEADERS),
        cookies=cookies_to_set,
    )


def redirect(location: str, cookies_to_set: list[Cookie] | None = None) -> Response[str]:
    headers = {**app_pages.HEADERS, "Location": location}
    return Response(303, app_pages.CONTENT_TYPE, "", headers=headers, cookies=cookies_to_set)


def safely(handle: Callable[[], Response[str]]) -> Response[str]:
    # Until the session says who reads, the language the browser asks for (or the sign-in
    # pages' switch, ?lang=es).
    reader.reset(request_headers().get("accept-language", ""), query_value("lang"))
    try:
        return handle()
    except Exception as error:  # a friendly page, never a stack trace
        logger.exception("App page failed", extra={"error_type": type(error).__name__})
        page = pages.unexpected_error()
        return Response(page.status, pages.CONTENT_TYPE, page.html, headers=dict(app_pages.HEADERS))


def request_cookies() -> dict[str, str]:
    return cookies(router.current_event.cookies)


def request_headers() -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in (router.current_event.headers or {}).items()}


def query_value(name: str) -> str:
    return router.current_event.get_query_string_value(name) or ""


def posted_form() -> FormData:
    event = router.current_event
    return form_in_request(event.body, event.is_base64_encoded, request_headers().get("content-type") or "")


def current_path() -> str:
    event = router.current_event
    query = event.raw_event.get("rawQueryString") or ""
    return event.path + ("?" + query if query else "")


def form_key() -> bytes:
    return services().form_key()


def open_session() -> tuple[Resumed | None, list[Cookie]]:
    """The session the browser's cookie opens, or None (and the cookie to clear, if it sent one)."""
    app_pages.reader(admin=False)
    cookie = request_cookies().get(SESSION_COOKIE)
    if not cookie:
        return None, []
    resumed = services().sessions.resume(cookie)
    app_pages.reader(admin=resumed is not None and resumed.identity.is_admin)
    if resumed is not None:
        reader.read_by(resumed.member)
    return resumed, [] if resumed else [cleared(SESSION_COOKIE)]


def to_sign_in(next_path: str, clear: list[Cookie]) -> Response[str]:
    return redirect(sign_in_url(safe_next(next_path), "expired" if clear else None), clear)


def posted_by_session(resumed: Resumed, form: FormData) -> bool:
    expected = session_token(form_key(), resumed.session.secret_hash)
    return from_this_site(request_headers()) and token_matches(expected, form.first("csrf"))
