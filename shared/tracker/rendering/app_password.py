"""The forgotten-password pages: ask for a code by email, then the code and a new password."""

from __future__ import annotations

from tracker.rendering.app_pages import Chrome, Field, Page, message, render_page
from tracker.rendering.reader import N_, gettext

# What the user pool's refusals mean on these pages, beside the field they are about.
CODE_PROBLEMS = {
    "wrong_code": N_("That is not the code we sent. Check the latest email from us, or ask for a new code."),
    "expired_code": N_("That code has expired or was already used. Ask for a new code below."),
}


def forgot_password(
    csrf: str,
    *,
    email: str = "",
    errors: dict[str, str] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Page:
    errors = errors or {}
    fields = {"email": Field("email", email, errors.get("email"))}
    return render_page(
        "forgot_password",
        status,
        Chrome(),
        title=gettext("Forgotten your password?"),
        csrf=csrf,
        fields=fields,
        problems=[field for field in fields.values() if field.error],
        problem=message(problem),
    )


def reset_password(
    csrf: str,
    *,
    email: str = "",
    sent: bool = False,
    errors: dict[str, str] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Page:
    errors = errors or {}
    order = ("email", "code", "password", "confirm")
    fields = {name: Field(name, email if name == "email" else "", errors.get(name)) for name in order}
    return render_page(
        "reset_password",
        status,
        Chrome(),
        title=gettext("Choose a new password"),
        csrf=csrf,
        sent=sent,
        fields=fields,
        problems=[fields[name] for name in order if name in errors],
        problem=message(problem),
    )
