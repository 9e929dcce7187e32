"""The invitation Cognito emails a member an admin added, in the member's language (the
custom message trigger, functions/custom_message, asks for it). Cognito puts the address
and the temporary password where `username` and `code` stand (its own placeholders)."""

from __future__ import annotations

from tracker.rendering.i18n import DEFAULT_LANGUAGE, LANGUAGES, speaker


def invitation(language: str | None, *, username: str, code: str) -> tuple[str, str]:
    """(subject, message); English, as template.yaml's InviteMessageTemplate says it, for any
    language we have no catalog for."""
    words = speaker(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    subject = words.gettext("Your invitation to Networking Tracker")
    message = words.gettext(
        "Your program has invited you to Networking Tracker, where you keep your networking tracker. "
        "Sign in on the sign-in page (/app/sign-in) with your email address, {username}, and "
        "this temporary password: {code} . You then choose your own password. The temporary password "
        "works for 7 days."
    ).format(username=username, code=code)
    return subject, message
