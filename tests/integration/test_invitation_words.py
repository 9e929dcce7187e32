"""The invitation Cognito emails, worded by the custom message trigger in the invited member's
language; its English is the pool's own template (template.yaml), word for word."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from local.functions import LocalContext
from local.template import Template

EVENT: dict[str, Any] = {
    "version": "1",
    "triggerSource": "CustomMessage_AdminCreateUser",
    "region": "us-east-1",
    "userPoolId": "us-east-1_x",
    "userName": "nia",
    "request": {
        "userAttributes": {"email": "nia@example.org", "locale": "es"},
        "codeParameter": "{####}",
        "usernameParameter": "{username}",
    },
    "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
}
CONTEXT = LocalContext("CustomMessageFunction", 128, "arn:aws:lambda:us-east-1:1:function:x", "r-1")


@pytest.fixture(autouse=True)
def _configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABLE_NAME", "networking-tracker")  # as the template gives every function


def worded(locale: str | None, source: str = "CustomMessage_AdminCreateUser") -> dict[str, Any]:
    from functions.custom_message.app import lambda_handler

    event = copy.deepcopy(EVENT)
    event["triggerSource"] = source
    if locale is None:
        del event["request"]["userAttributes"]["locale"]
    else:
        event["request"]["userAttributes"]["locale"] = locale
    response: dict[str, Any] = lambda_handler(event, CONTEXT)["response"]
    return response


def test_a_member_invited_in_spanish_gets_the_invitation_in_spanish() -> None:
    response = worded("es")
    assert response["emailSubject"] == "Tu invitación a Networking Tracker"
    message = response["emailMessage"]
    assert message.startswith("Tu programa te invita a Networking Tracker")
    # Cognito needs both of its placeholders in the message, and fills them in
    assert "{username}" in message
    assert "contraseña temporal: {####} ." in message


def test_english_is_the_pools_own_template_word_for_word() -> None:
    pool = Template().resources["UserPool"]["Properties"]["AdminCreateUserConfig"]["InviteMessageTemplate"]
    for locale in ("en", None, "fr"):  # no locale, or one we have no catalog for: English
        assert worded(locale) == {
            "smsMessage": None,
            "emailSubject": pool["EmailSubject"],
            "emailMessage": pool["EmailMessage"],
        }


def test_other_messages_are_left_to_the_pools_templates() -> None:
    assert worded("es", "CustomMessage_ForgotPassword") == EVENT["response"]
