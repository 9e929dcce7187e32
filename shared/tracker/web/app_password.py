"""A forgotten password (/app/forgot-password, /app/reset-password): the user pool emails a code,
the member types it with a new password, every session they had ends and this browser is signed
in. Before sign-in, so each form's token is bound to the browser's sign-in cookie, as the
sign-in form's is. Whether an address has an account is never told."""

from __future__ import annotations

import re

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.shared.cookies import Cookie

from tracker.domain.quicklog import FormData
from tracker.domain.sessions import SignInRefused
from tracker.rendering import app_password
from tracker.rendering.app_password import CODE_PROBLEMS
from tracker.rendering.reader import gettext
from tracker.runtime import services
from tracker.web.app_routes import after_challenge, password_errors, posted_by_this_browser, sign_in_value
from tracker.web.frame import form_key, posted_form, respond, safely
from tracker.web.sessions import HOME, sign_in_token

router = APIGatewayHttpRouter()

PAGES = frozenset({"/app/forgot-password", "/app/reset-password"})
_CODE = re.compile(r"^[0-9]{6}$")
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")


def _token() -> tuple[str, list[Cookie]]:
    value, to_set = sign_in_value()
    return sign_in_token(form_key(), value), to_set


def _email(form: FormData) -> tuple[str, dict[str, str]]:
    email = form.first("email").strip()[:320]
    if not email:
        return email, {"email": gettext("Enter the email address you sign in with.")}
    if not _ADDRESS.match(email):
        return email, {"email": gettext("Enter an email address like name@example.org.")}
    return email, {}


@router.get("/app/forgot-password", include_in_schema=False)
def forgot_password_page() -> Response[str]:
    def show() -> Response[str]:
        csrf, to_set = _token()
        return respond(app_password.forgot_password(csrf), to_set)

    return safely(show)


@router.post("/app/forgot-password", include_in_schema=False)
def forgot_password() -> Response[str]:
    return safely(_forgot_password)


def _forgot_password() -> Response[str]:
    form = posted_form()
    csrf, to_set = _token()
    email, errors = _email(form)
    if not posted_by_this_browser(form):
        return respond(app_password.forgot_password(csrf, email=email, problem="forged", status=403), to_set)
    if errors:
        return respond(app_password.forgot_password(csrf, email=email, errors=errors, status=422), to_set)
    try:
        services().sessions.forgot_password(email)
    except SignInRefused:  # only the pool's throttling gets here
        return respond(
            app_password.forgot_password(csrf, email=email, problem="throttled", status=429), to_set
        )
    return respond(app_password.reset_password(csrf, email=email, sent=True), to_set)


@router.get("/app/reset-password", include_in_schema=False)
def reset_password_page() -> Response[str]:
    def show() -> Response[str]:
        csrf, to_set = _token()
        return respond(app_password.reset_password(csrf), to_set)

    return safely(show)


@router.post("/app/reset-password", include_in_schema=False)
def reset_password() -> Response[str]:
    return safely(_reset_password)


def _reset_password() -> Response[str]:
    form = posted_form()
    csrf, to_set = _token()
    email, errors = _email(form)

    def again(errors: dict[str, str], status: int, problem: str | None = None) -> Response[str]:
        page = app_password.reset_password(csrf, email=email, errors=errors, problem=problem, status=status)
        return respond(page, to_set)

    if not posted_by_this_browser(form):
        return again({}, 403, "forged")
    code = re.sub(r"\s", "", form.first("code"))[:16]
    if not _CODE.match(code):
        errors["code"] = gettext("Type the six digits of the code from the email.")
    password, confirm = form.first("password")[:256], form.first("confirm")[:256]
    errors.update(password_errors(password, confirm))
    if errors:
        return again(errors, 422)
    try:
        answer = services().sessions.reset_password(email, code, password)
    except SignInRefused as refused:
        return again(*_refusal(refused))
    return after_challenge(HOME, email, answer)  # signed in, or the authenticator app's code next


def _refusal(refused: SignInRefused) -> tuple[dict[str, str], int, str | None]:
    """What the page says when the pool refuses: (errors by field, status, problem)."""
    if refused.reason in CODE_PROBLEMS or refused.reason == "credentials":
        return {"code": gettext(CODE_PROBLEMS.get(refused.reason, CODE_PROBLEMS["wrong_code"]))}, 422, None
    if refused.reason == "weak_password":
        detail = refused.detail or gettext("choose another.")
        return {"password": gettext("The password was not accepted:") + " " + detail}, 422, None
    return {}, 429 if refused.reason == "throttled" else 401, refused.reason
