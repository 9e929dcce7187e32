"""Cognito's invitation email, played locally.

AdminCreateUser without a temporary password makes Cognito choose one and email it to the new
member, in the pool's InviteMessageTemplate (template.yaml). moto does neither: its invited
account has no password at all, and nothing is sent. Here the account gets a temporary
password as Cognito would make one (the pool's policy), and the invitation, in the template's
words, lands in moto's SES record, so /_local/outbox shows it: invite, first sign-in and
choosing a password then work on one machine.

`installed()` patches moto's Cognito backend for as long as it is open; the local stack keeps
it open while it runs.
"""

from __future__ import annotations

import secrets
import string
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from moto.cognitoidp.models import CognitoIdpBackend
from moto.ses.models import RawMessage, ses_backends

SENDER = "no-reply@verificationemail.com"  # Cognito's own sender, unless the pool names SES
_original = CognitoIdpBackend.admin_create_user


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
    address = user.attribute_lookup.get("email") or user.username
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = address
    message["Subject"] = template.get("EmailSubject") or "Your temporary password"
    message["Date"] = formatdate(localtime=False)
    text = template.get("EmailMessage") or "Your username is {username} and temporary password is {####}. "
    message.set_content(text.replace("{username}", address).replace("{####}", password))
    ses = ses_backends[backend.account_id][backend.region_name]
    ses.sent_messages.append(RawMessage(str(uuid.uuid4()), SENDER, [address], message.as_string()))


@contextmanager
def installed() -> Iterator[None]:
    CognitoIdpBackend.admin_create_user = _admin_create_user  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        CognitoIdpBackend.admin_create_user = _original  # type: ignore[method-assign]
