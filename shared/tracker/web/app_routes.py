"""The web app's routes (/app): sign-in, choosing a password, sign-out, Today and its actions.

Served by the web function (functions/web; no JWT authorizer in front): who is signed in comes
only from the session cookie, looked up server-side (tracker/services/sessions.py). Every POST
checks its form token and where it came from before anything else (tracker/web/sessions.py).
Pages call the same services as the API and the reminder; they never call the API over HTTP.

To add a page: a route here (and in PAGES), a renderer in tracker/rendering/app_pages.py with
its template, and the route in template.yaml's WebFunction events (any path under /app reaches
functions/web; the template decides which exist).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.shared.cookies import Cookie

from tracker.domain.errors import NotFound
from tracker.domain.quicklog import FormData
from tracker.domain.sessions import Challenge, SignInRefused
from tracker.rendering import app_pages
from tracker.rendering.reader import N_, gettext, said_problem
from tracker.runtime import services
from tracker.services.sessions import Started
from tracker.web.frame import (
    SignedIn,
    csrf_of,
    current_path,
    form_key,
    open_session,
    posted_by_session,
    posted_form,
    query_value,
    redirect,
    request_cookies,
    request_headers,
    respond,
    safely,
    signed_in_page,
    signed_in_post,
)
from tracker.web.sessions import (
    HOME,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    cleared,
    from_this_site,
    new_sign_in_value,
    safe_next,
    session_cookie,
    sign_in_cookie,
    sign_in_token,
    sign_in_url,
    token_matches,
    usable_sign_in_value,
)

router = APIGatewayHttpRouter()

PAGES = frozenset(
    {"/app", "/app/sign-in", "/app/sign-in/code", "/app/new-password", "/app/sign-out", "/app/picks"}
)
APP_CODE = "SOFTWARE_TOKEN_MFA"
MIN_PASSWORD = 10  # the user pool's policy (template.yaml), said before the pool is asked


# ---------------------------------------------------------------- signing in


def sign_in_value() -> tuple[str, list[Cookie]]:
    """The browser's sign-in cookie value, or a new one (with the cookie to set)."""
    value = usable_sign_in_value(request_cookies().get(SIGN_IN_COOKIE))
    if value:
        return value, []
    value = new_sign_in_value()
    return value, [sign_in_cookie(value)]


def posted_by_this_browser(form: FormData) -> bool:
    value = usable_sign_in_value(request_cookies().get(SIGN_IN_COOKIE))
    if not value:
        return False
    return from_this_site(request_headers()) and token_matches(
        sign_in_token(form_key(), value), form.first("csrf")
    )


def _sign_in_form(next_path: str, **options: Any) -> Response[str]:
    value, to_set = sign_in_value()
    page = app_pages.sign_in(sign_in_token(form_key(), value), next_path, **options)
    return respond(page, to_set)


@router.get("/app/sign-in", include_in_schema=False)
def sign_in_page() -> Response[str]:
    def show() -> Response[str]:
        next_path = safe_next(query_value("next"))
        resumed, clear = open_session()
        if resumed is not None:
            return redirect(next_path)
        notice = query_value("notice")
        value, to_set = sign_in_value()
        page = app_pages.sign_in(
            sign_in_token(form_key(), value),
            next_path,
            notice=notice if notice in ("expired", "signed_out") else None,
        )
        return respond(page, clear + to_set)

    return safely(show)


@router.post("/app/sign-in", include_in_schema=False)
def sign_in() -> Response[str]:
    return safely(_sign_in)


def _sign_in() -> Response[str]:
    form = posted_form()
    next_path = safe_next(form.first("next"))
    email = form.first("email").strip()[:320]
    if not posted_by_this_browser(form):
        return _sign_in_form(next_path, email=email, problem="forged", status=403)
    password = form.first("password")
    errors = {}
    if not email:
        errors["email"] = gettext("Enter your email address.")
    if not password:
        errors["password"] = gettext("Enter your password.")
    if errors:
        return _sign_in_form(next_path, email=email, errors=errors, status=422)
    try:
        answer = services().sessions.sign_in(email, password[:256])
    except SignInRefused as refused:
        status = 429 if refused.reason == "throttled" else 401
        return _sign_in_form(next_path, email=email, problem=refused.reason, status=status)
    if isinstance(answer, Challenge):
        value, to_set = sign_in_value()
        ask = app_pages.app_code if answer.name == APP_CODE else app_pages.new_password
        page = ask(
            sign_in_token(form_key(), value),
            next_path,
            email=email,
            challenge=answer.session,
            username=answer.username,
        )
        return respond(page, to_set)
    return redirect(next_path, [session_cookie(answer.ref.text()), cleared(SIGN_IN_COOKIE)])


@router.post("/app/new-password", include_in_schema=False)
def new_password() -> Response[str]:
    return safely(_new_password)


def password_errors(password: str, confirm: str) -> dict[str, str]:
    errors = {}
    if (
        len(password) < MIN_PASSWORD
        or not any(c.islower() for c in password)
        or not any(c.isdigit() for c in password)
    ):
        errors["password"] = gettext("Use at least 10 characters, with a lower-case letter and a number.")
    if password != confirm:
        errors["confirm"] = gettext("The two passwords are different: type the same one twice.")
    return errors


def _new_password() -> Response[str]:
    form = posted_form()
    next_path = safe_next(form.first("next"))
    email = form.first("email").strip()[:320]
    if not posted_by_this_browser(form):
        return _sign_in_form(next_path, email=email, problem="forged", status=403)
    challenge = Challenge(
        "NEW_PASSWORD_REQUIRED", form.first("challenge")[:4096], form.first("username")[:128]
    )
    password, confirm = form.first("password")[:256], form.first("confirm")[:256]

    def again(errors: dict[str, str], status: int) -> Response[str]:
        token = sign_in_token(form_key(), usable_sign_in_value(request_cookies().get(SIGN_IN_COOKIE)) or "")
        page = app_pages.new_password(
            token,
            next_path,
            email=email,
            challenge=challenge.session,
            username=challenge.username,
            errors=errors,
            status=status,
        )
        return respond(page)

    errors = password_errors(password, confirm)
    if errors:
        return again(errors, 422)
    try:
        answer = services().sessions.choose_password(challenge, password)
    except SignInRefused as refused:
        if refused.reason == "weak_password":
            return again(
                {
                    "password": gettext("The password was not accepted:")
                    + " "
                    + (refused.detail or gettext("choose another."))
                },
                422,
            )
        return _sign_in_form(next_path, email=email, problem=refused.reason, status=401)
    return after_challenge(next_path, email, answer)


def after_challenge(next_path: str, email: str, answer: Started | Challenge) -> Response[str]:
    """Signed in; or, for staff, their authenticator app's code next; any other step, refused."""
    if isinstance(answer, Challenge):
        if answer.name == APP_CODE:
            return _app_code_form(next_path, email, answer)
        return _sign_in_form(next_path, email=email, problem="not_supported", status=401)
    return redirect(next_path, [session_cookie(answer.ref.text()), cleared(SIGN_IN_COOKIE)])


def _app_code_form(
    next_path: str, email: str, challenge: Challenge, errors: dict[str, str] | None = None, status: int = 200
) -> Response[str]:
    token = sign_in_token(form_key(), usable_sign_in_value(request_cookies().get(SIGN_IN_COOKIE)) or "")
    page = app_pages.app_code(
        token,
        next_path,
        email=email,
        challenge=challenge.session,
        username=challenge.username,
        errors=errors,
        status=status,
    )
    return respond(page)


@router.post("/app/sign-in/code", include_in_schema=False)
def app_code() -> Response[str]:
    return safely(_app_code)


def _app_code() -> Response[str]:
    """Program staff's second step (the pool asks for it once TOTP is on: functions/pre_token
    gives their tokens the admins group only then)."""
    form = posted_form()
    next_path = safe_next(form.first("next"))
    email = form.first("email").strip()[:320]
    if not posted_by_this_browser(form):
        return _sign_in_form(next_path, email=email, problem="forged", status=403)
    challenge = Challenge(APP_CODE, form.first("challenge")[:4096], form.first("username")[:128])
    code = "".join(form.first("code").split())[:16]
    if not (len(code) == 6 and code.isdigit()):
        errors = {"code": gettext("Enter the six digits your authenticator app shows.")}
        return _app_code_form(next_path, email, challenge, errors, 422)
    try:
        answer = services().sessions.app_code(challenge, code)
    except SignInRefused as refused:
        status = 429 if refused.reason == "throttled" else 401
        return _sign_in_form(next_path, email=email, problem=refused.reason, status=status)
    if isinstance(answer, Challenge):  # a second code is never asked for
        return _sign_in_form(next_path, email=email, problem="not_supported", status=401)
    return redirect(next_path, [session_cookie(answer.ref.text()), cleared(SIGN_IN_COOKIE)])


@router.post("/app/sign-out", include_in_schema=False)
def sign_out() -> Response[str]:
    """Not `signed_in_post`: without a session there is nothing to end, and the browser is
    told it is signed out rather than asked to sign in."""

    def leave() -> Response[str]:
        resumed, clear = open_session()
        if resumed is None:
            return redirect(sign_in_url(HOME, "signed_out"), clear)
        if not posted_by_session(resumed, posted_form()):
            return respond(app_pages.refused("forged", 403, csrf=csrf_of(resumed)))
        services().sessions.end(request_cookies()[SESSION_COOKIE])
        return redirect(sign_in_url(HOME, "signed_out"), [cleared(SESSION_COOKIE)])

    return safely(leave)


# ---------------------------------------------------------------- Today

NOTICES = {
    "done": N_("Logged: you reached out to {name} today. Nice work!"),
    "snoozed": N_("{name} won't come up as a reconnect pick for 30 days."),
    "missing": N_("That person is not among today's picks any more, so nothing was changed."),
}


@router.get("/app", include_in_schema=False)
def today_page() -> Response[str]:
    return signed_in_page(current_path, _today)


def _today(seen: SignedIn) -> Response[str]:
    resumed = seen.resumed
    app = services()
    day = app.picks.today(resumed.member)
    did, contact_id = query_value("did"), query_value("contact")
    people = {pick.contact.contact_id: pick.contact.name for pick in day.picks}
    people.update({contact.contact_id: contact.name for contact in day.next_steps})
    notice = None
    if did == "missing" or (did in NOTICES and contact_id in people):
        notice = gettext(NOTICES[did]).format(name=people.get(contact_id, ""))
    view = app_pages.TodayView(
        day,
        app.clock.now(),
        seen.csrf,
        notice,
        email_problem=said_problem(resumed.session.email_problem),
    )
    return respond(app_pages.today(view))


@router.post("/app/picks", include_in_schema=False)
def act_on_pick() -> Response[str]:
    return signed_in_post(HOME, _act_on_pick)


def _act_on_pick(seen: SignedIn) -> Response[str]:
    resumed, form = seen.resumed, seen.form
    contact_id, action = form.first("contact")[:64], form.first("action")
    picks = services().picks
    try:
        if action == "done":
            picks.done(resumed.member, contact_id)
            did = "done"
        elif action == "snooze":
            picks.snooze(resumed.member, contact_id)
            did = "snoozed"
        else:
            did = "missing"
    except NotFound:
        did = "missing"
    return redirect(f"{HOME}?{urlencode({'did': did, 'contact': contact_id})}")
