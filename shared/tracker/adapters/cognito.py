"""Sign-in accounts (the Cognito user pool) behind the `Directory` port: invite a member, find
one, remove one; and signing in with a password behind the `SignInProvider` port (the web app).

The user pool signs members in by email; an account's id is its `sub`, which is the member id
everywhere else, and its org is the immutable `custom:org_id` attribute.
"""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from typing import Any

from botocore.exceptions import ClientError

from tracker.adapters.aws import client
from tracker.domain.org import Account, AccountExists, AccountRefused
from tracker.domain.sessions import Challenge, SignInRefused, Tokens
from tracker.observability import logger


def _attributes(user: dict[str, Any]) -> dict[str, str]:
    listed = user.get("Attributes") or user.get("UserAttributes") or []
    return {attribute["Name"]: attribute["Value"] for attribute in listed}


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class CognitoDirectory:
    def __init__(self, user_pool_id: str) -> None:
        self._pool = user_pool_id

    def invite(self, email: str, name: str | None, org_id: str, language: str = "en") -> str:
        attributes = [
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:org_id", "Value": org_id},
            # Cognito's standard attribute: the custom message trigger words the invitation in it.
            {"Name": "locale", "Value": language},
        ]
        if name:
            attributes.append({"Name": "name", "Value": name})
        try:
            # No MessageAction: Cognito emails the invitation with a temporary password.
            created = client("cognito-idp").admin_create_user(
                UserPoolId=self._pool,
                Username=email,
                UserAttributes=attributes,
                DesiredDeliveryMediums=["EMAIL"],
            )
        except ClientError as error:
            if _code(error) == "UsernameExistsException":
                raise AccountExists(self.account(email)) from None
            if _code(error) == "InvalidParameterException":  # an address the pool will not take
                raise AccountRefused(_code(error)) from None
            raise
        return _attributes(created["User"])["sub"]

    def remove(self, member_id: str, org_id: str) -> bool:
        account = self.account(member_id)
        if account is None:
            return True
        if account.org_id != org_id:
            return False
        cognito = client("cognito-idp")
        try:
            # Refresh tokens die now; ID tokens until they expire (the API's tombstone check).
            cognito.admin_user_global_sign_out(UserPoolId=self._pool, Username=member_id)
            cognito.admin_delete_user(UserPoolId=self._pool, Username=member_id)
        except ClientError as error:
            if _code(error) != "UserNotFoundException":
                raise
        return True

    def account(self, username: str) -> Account | None:
        try:
            user = client("cognito-idp").admin_get_user(UserPoolId=self._pool, Username=username)
        except ClientError as error:
            if _code(error) == "UserNotFoundException":
                return None
            raise
        attributes = _attributes(user)
        return Account(member_id=attributes.get("sub", ""), org_id=attributes.get("custom:org_id"))


# ---------------------------------------------------------------- signing in (the web app)

# What the user pool answers when it says no, as the reasons the pages put in neutral words.
_REFUSALS = {
    # A wrong password; an unknown address too, as the app client has PreventUserExistenceErrors.
    "NotAuthorizedException": "credentials",
    "UserNotFoundException": "credentials",  # without PreventUserExistenceErrors (moto)
    "UserNotConfirmedException": "credentials",
    "PasswordResetRequiredException": "credentials",
    "TooManyRequestsException": "throttled",
    "TooManyFailedAttemptsException": "throttled",
    "LimitExceededException": "throttled",
    "InvalidPasswordException": "weak_password",
    "CodeMismatchException": "challenge_expired",
    "ExpiredCodeException": "challenge_expired",
    "ResourceNotFoundException": "challenge_expired",  # moto: an unknown challenge session
}


# Setting a new password with the emailed code: the code's own answers.
_RESET_REFUSALS = {
    **_REFUSALS,
    "CodeMismatchException": "wrong_code",
    "ExpiredCodeException": "expired_code",
}


# The challenges the web app answers: a first sign-in's new password, and an authenticator
# app's code (staff must have one: functions/pre_token). SMS codes are not enabled on the pool.
ANSWERED = ("NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA")

# An authenticator app's code: a wrong one is said as such; an expired challenge session (the
# pool answers NotAuthorized) means signing in again.
_APP_CODE_REFUSALS = {
    **_REFUSALS,
    "CodeMismatchException": "wrong_app_code",
    "NotAuthorizedException": "challenge_expired",
}


def _claims(id_token: str) -> dict[str, Any]:
    """The ID token's claims. Not verified here: the token comes straight from the user pool's
    endpoint over TLS, in answer to our own call (OpenID Connect's rule for a token response)."""
    payload = id_token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return decoded


def _answer(response: dict[str, Any]) -> Tokens | Challenge:
    result = response.get("AuthenticationResult")
    if result:
        return Tokens(
            _claims(result["IdToken"]), result.get("RefreshToken"), int(result.get("ExpiresIn") or 3600)
        )
    name = str(response.get("ChallengeName") or "")
    parameters = response.get("ChallengeParameters") or {}
    username = str(parameters.get("USER_ID_FOR_SRP") or parameters.get("USERNAME") or "")
    if name not in ANSWERED:
        raise SignInRefused("not_supported", name)
    return Challenge(name, str(response.get("Session") or ""), username)


class CognitoSignIn:
    """InitiateAuth and RespondToAuthChallenge with the app client (no secret; the pool's public
    endpoints: no IAM permission is involved). Passwords pass through, never kept or logged."""

    def __init__(self, client_id: str) -> None:
        self._client_id = client_id

    def _call(self, operation: str, refusals: dict[str, str] = _REFUSALS, **arguments: Any) -> dict[str, Any]:
        try:
            response: dict[str, Any] = getattr(client("cognito-idp"), operation)(
                ClientId=self._client_id, **arguments
            )
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            reason = refusals.get(_code(error)) or ("throttled" if status == 429 else None)
            if reason is None:
                raise
            message = str(error.response.get("Error", {}).get("Message", ""))
            raise SignInRefused(reason, message if reason == "weak_password" else "") from None
        return response

    def password(self, email: str, password: str) -> Tokens | Challenge:
        answer = _answer(
            self._call(
                "initiate_auth",
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        )
        if isinstance(answer, Challenge) and not answer.username:  # the pool named no one: the address
            return replace(answer, username=email)
        return answer

    def app_code(self, challenge: Challenge, code: str) -> Tokens | Challenge:
        return _answer(
            self._call(
                "respond_to_auth_challenge",
                _APP_CODE_REFUSALS,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=challenge.session,
                ChallengeResponses={"USERNAME": challenge.username, "SOFTWARE_TOKEN_MFA_CODE": code},
            )
        )

    def new_password(self, challenge: Challenge, new_password: str) -> Tokens | Challenge:
        return _answer(
            self._call(
                "respond_to_auth_challenge",
                ChallengeName=challenge.name,
                Session=challenge.session,
                ChallengeResponses={"USERNAME": challenge.username, "NEW_PASSWORD": new_password},
            )
        )

    def refresh(self, refresh_token: str) -> Tokens:
        answer = _answer(
            self._call(
                "initiate_auth",
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token},
            )
        )
        if not isinstance(answer, Tokens):  # pragma: no cover - a refresh asks no questions
            raise SignInRefused("credentials")
        return answer

    def forgot_password(self, email: str) -> None:
        # An invited account that never signed in is "not authorized" to reset: "credentials",
        # like an unknown address (the pages say the same either way).
        self._call("forgot_password", Username=email)

    def reset_password(self, email: str, code: str, new_password: str) -> None:
        self._call(
            "confirm_forgot_password",
            _RESET_REFUSALS,
            Username=email,
            ConfirmationCode=code,
            Password=new_password,
        )

    def revoke(self, refresh_token: str) -> None:
        try:
            client("cognito-idp").revoke_token(Token=refresh_token, ClientId=self._client_id)
        except Exception as error:  # best effort: the session, and the token with it, is gone anyway
            logger.warning("Refresh token not revoked", extra={"error_type": type(error).__name__})
