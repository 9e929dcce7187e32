"""Program staff must use an authenticator app: until their account has TOTP on, the pre token
generation trigger (functions/pre_token) leaves the `admins` group out of their tokens, so the
API's admin routes refuse them. Members' tokens pass untouched."""

from __future__ import annotations

import copy
from typing import Any

import boto3

from local.provision import Stack
from tests.conftest import _Context
from tests.integration.test_local_authorizer import PASSWORD

EVENT: dict[str, Any] = {
    "version": "1",
    "triggerSource": "TokenGeneration_Authentication",
    "region": "us-east-1",
    "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "client"},
    "request": {
        "userAttributes": {"custom:org_id": "bridges"},
        "groupConfiguration": {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": None},
    },
    "response": {"claimsOverrideDetails": None},
}


def _account(stack: Stack, email: str, *, staff: bool) -> str:
    cognito = boto3.client("cognito-idp")
    created = cognito.admin_create_user(
        UserPoolId=stack.user_pool_id,
        Username=email,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "custom:org_id", "Value": "bridges"}],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=stack.user_pool_id, Username=email, Password=PASSWORD, Permanent=True
    )
    if staff:
        cognito.admin_add_user_to_group(UserPoolId=stack.user_pool_id, Username=email, GroupName="admins")
    return str(created["User"]["Username"])


def _add_authenticator_app(stack: Stack, email: str) -> None:
    cognito = boto3.client("cognito-idp")
    signed_in = cognito.admin_initiate_auth(
        UserPoolId=stack.user_pool_id,
        ClientId=stack.user_pool_client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    cognito.associate_software_token(AccessToken=signed_in["AccessToken"])
    cognito.verify_software_token(AccessToken=signed_in["AccessToken"], UserCode="123456")
    cognito.admin_set_user_mfa_preference(
        UserPoolId=stack.user_pool_id,
        Username=email,
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )


def _tokens_for(stack: Stack, username: str, groups: list[str]) -> dict[str, Any]:
    from functions.pre_token.app import lambda_handler

    event = copy.deepcopy(EVENT)
    event.update(userPoolId=stack.user_pool_id, userName=username)
    event["request"]["groupConfiguration"]["groupsToOverride"] = groups
    result: dict[str, Any] = lambda_handler(event, _Context())
    return result


def test_staff_without_an_authenticator_app_get_no_admins_group(aws: Stack) -> None:
    username = _account(aws, "dana@bridges.org", staff=True)
    result = _tokens_for(aws, username, ["admins", "mentors"])
    assert result["response"]["claimsOverrideDetails"] == {
        "groupOverrideDetails": {"groupsToOverride": ["mentors"]}
    }


def test_staff_with_an_authenticator_app_keep_the_admins_group(aws: Stack) -> None:
    username = _account(aws, "dana@bridges.org", staff=True)
    _add_authenticator_app(aws, "dana@bridges.org")
    result = _tokens_for(aws, username, ["admins"])
    assert result["response"]["claimsOverrideDetails"] is None  # the groups as they are


def test_members_tokens_are_left_alone_without_a_lookup(aws: Stack) -> None:
    # An account that does not exist: a lookup would fail the sign-in.
    result = _tokens_for(aws, "no-such-account", [])
    assert result["response"]["claimsOverrideDetails"] is None
