"""Cognito's emails, played locally: the invitation, and a forgotten password's code.

AdminCreateUser without a temporary password makes Cognito choose one and email it to the new
member, in the pool's InviteMessageTemplate (template.yaml). moto does neither: its invited
account has no password at all, and nothing is sent. Here the account gets a temporary
password as Cognito would make one (the pool's policy), and the invitation lands in moto's SES
record, so /_local/outbox shows it: invite, first sign-in and choosing a password then work on
one machine. Its words come, as Cognito's do, from the pool's custom message trigger
(functions/custom_message: in the member's language, their `locale` attribute), else from the
pool's template.

ForgotPassword makes Cognito email a six-digit code (the pool's VerificationMessageTemplate)
that ConfirmForgotPassword then requires, for an hour. moto emails nothing and takes any code;
here the code goes to the outbox and only that code, within the hour, sets the password.
Cognito refuses to reset an invitation never taken up (the temporary password still works);
so does this.

`installed()` patches moto's Cognito backend for as long as it is open; the local stack keeps
it open while it runs.
"""

from __future__ import annotations

import secrets
import string
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from moto.cognitoidp.exceptions import CodeMismatchException, ExpiredCodeException, NotAuthorizedError
from moto.cognitoidp.models import CognitoIdpBackend
from moto.ses.models import RawMessage, ses_backends

SENDER = "no-reply@verificationemail.com"  # Cognito's own sender, unless the pool names SES
_original = CognitoIdpBackend.admin_create_user
_original_forgot = CognitoIdpBackend.forgot_password
_original_confirm = CognitoIdpBackend.confirm_forgot_password
CODE_LIFETIME_S = 3600


def temporary_password() -> str:
    """Twelve letters and digits, with a lower-case letter, a capital and a digit: any pool
    policy of ours accepts it."""
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _ in range(9))
    return (
        body
        + secrets.choice(string.ascii_lowercase)
        + secrets.choice(string.ascii_uppercase)
        + str(secrets.randbelow(10))
    )


def _admin_create_user(
    self: CognitoIdpBackend,
    user_pool_id: str,
    username: str,
    message_action: str,
    temporary_password_given: str,
    attributes: list[dict[str, str]],
) -> Any:
    invite = not temporary_password_given and message_action != "SUPPRESS"
    password = temporary_password() if invite else temporary_password_given
    user = _original(self, user_pool_id, username, message_action, password, attributes)
    if invite:
        _send_invitation(self, user_pool_id, user, password)
    return user


def _send_invitation(backend: CognitoIdpBackend, user_pool_id: str, user: Any, password: str) -> None:
    pool = backend.describe_user_pool(user_pool_id)
    template = (pool.extended_config.get("AdminCreateUserConfig") or {}).get("InviteMessageTemplate") or {}
    subject = template.get("EmailSubject") or "Your temporary password"
    text = template.get("EmailMessage") or "Your username is {username} and temporary password is {####}. "
    subject, text = _custom_message(user, subject, text)
    _mail(backend, user, subject, text, password)


def _custom_message(user: Any, subject: str, text: str) -> tuple[str, str]:
    """What the pool's custom message trigger (template.yaml: LambdaConfig.CustomMessage) says
    instead, given the event Cognito would send it."""
    from functions.custom_message.app import lambda_handler
    from local.functions import LocalContext

    event = {
        "version": "1",
        "triggerSource": "CustomMessage_AdminCreateUser",
        "region": "us-east-1",
        "userPoolId": "local",
        "userName": user.username,
        "request": {
            "userAttributes": dict(user.attribute_lookup),
            "codeParameter": "{####}",
            "usernameParameter": "{username}",
        },
        "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    }
    context: Any = LocalContext(  # Lambda's context, as far as handlers read it
        "CustomMessageFunction",
        128,
        "arn:aws:lambda:us-east-1:123456789012:function:local",
        str(uuid.uuid4()),
    )
    response = lambda_handler(event, context)["response"]
    return response.get("emailSubject") or subject, response.get("emailMessage") or text


def _mail(backend: CognitoIdpBackend, user: Any, subject: str, text: str, secret: str) -> None:
    address = user.attribute_lookup.get("email") or user.username
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = address
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message.set_content(text.replace("{username}", address).replace("{####}", secret))
    ses = ses_backends[backend.account_id][backend.region_name]
    ses.sent_messages.append(RawMessage(str(uuid.uuid4()), SENDER, [address], message.as_string()))


def _pool_and_user(backend: CognitoIdpBackend, client_id: str, username: str) -> tuple[Any, Any]:
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            try:
                return pool, pool._get_user(username)
            except Exception:  # moto: no such user
                return pool, None
    return None, None


def _forgot_password(self: CognitoIdpBackend, client_id: str, username: str) -> Any:
    pool, user = _pool_and_user(self, client_id, username)
    if user is not None and user.status == "FORCE_CHANGE_PASSWORD":
        raise NotAuthorizedError("User password cannot be reset in the current state.")
    answer = _original_forgot(self, client_id, username)
    if user is not None:
        code = f"{secrets.randbelow(1_000_000):06d}"
        user.confirmation_code = code
        user.local_code_issued_at = time.time()
        template = pool.extended_config.get("VerificationMessageTemplate") or {}
        text = template.get("EmailMessage") or "Your verification code is {####}. "
        _mail(self, user, template.get("EmailSubject") or "Your verification code", text, code)
    return answer


def _confirm_forgot_password(
    self: CognitoIdpBackend, client_id: str, username: str, password: str, confirmation_code: str
) -> None:
    _, user = _pool_and_user(self, client_id, username)
    expected = getattr(user, "confirmation_code", None) if user is not None else None
    if not expected or not secrets.compare_digest(str(expected), str(confirmation_code)):
        raise CodeMismatchException("Invalid verification code provided, please try again.")
    if time.time() - getattr(user, "local_code_issued_at", 0) > CODE_LIFETIME_S:
        user.confirmation_code = None
        raise ExpiredCodeException("Invalid code provided, please request a code again.")
    _original_confirm(self, client_id, username, password, confirmation_code)


@contextmanager
def installed() -> Iterator[None]:
    CognitoIdpBackend.admin_create_user = _admin_create_user  # type: ignore[method-assign,assignment]
    CognitoIdpBackend.forgot_password = _forgot_password  # type: ignore[method-assign]
    CognitoIdpBackend.confirm_forgot_password = _confirm_forgot_password  # type: ignore[method-assign]
    try:
        yield
    finally:
        CognitoIdpBackend.admin_create_user = _original  # type: ignore[method-assign]
        CognitoIdpBackend.forgot_password = _original_forgot  # type: ignore[method-assign]
        CognitoIdpBackend.confirm_forgot_password = _original_confirm  # type: ignore[method-assign]
