"""Sign-in accounts (the Cognito user pool) behind the `Directory` port: invite a member, find
one, remove one.

The user pool signs members in by email; an account's id is its `sub`, which is the member id
everywhere else, and its org is the immutable `custom:org_id` attribute.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from tracker.adapters.aws import client
from tracker.domain.org import Account, AccountExists, AccountRefused


def _attributes(user: dict[str, Any]) -> dict[str, str]:
    listed = user.get("Attributes") or user.get("UserAttributes") or []
    return {attribute["Name"]: attribute["Value"] for attribute in listed}


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class CognitoDirectory:
    def __init__(self, user_pool_id: str) -> None:
        self._pool = user_pool_id

    def invite(self, email: str, name: str | None, org_id: str) -> str:
        attributes = [
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:org_id", "Value": org_id},
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
                raise AccountExists(self._find(email)) from None
            if _code(error) == "InvalidParameterException":  # an address the pool will not take
                raise AccountRefused(_code(error)) from None
            raise
        return _attributes(created["User"])["sub"]

    def remove(self, member_id: str, org_id: str) -> bool:
        account = self._find(member_id)
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

    def _find(self, username: str) -> Account | None:
        try:
            user = client("cognito-idp").admin_get_user(UserPoolId=self._pool, Username=username)
        except ClientError as error:
            if _code(error) == "UserNotFoundException":
                return None
            raise
        attributes = _attributes(user)
        return Account(member_id=attributes.get("sub", ""), org_id=attributes.get("custom:org_id"))
