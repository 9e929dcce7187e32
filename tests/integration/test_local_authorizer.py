"""The local stack's JWT check behaves like the HTTP API authorizer: Cognito ID tokens of this
pool and app client only, unexpired and unaltered."""

from __future__ import annotations

import base64
import json
import time

import boto3
import jwt
import pytest
from moto.utilities.utils import load_resource

from local.auth import AuthError, JwtAuthorizer
from local.provision import Stack

PASSWORD = "Correct-horse-1"


def login(stack: Stack, email: str, org: str, *, admin: bool = False, client_id: str | None = None) -> str:
    cognito = boto3.client("cognito-idp")
    cognito.admin_create_user(
        UserPoolId=stack.user_pool_id,
        Username=email,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "custom:org_id", "Value": org}],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=stack.user_pool_id, Username=email, Password=PASSWORD, Permanent=True
    )
    if admin:
        cognito.admin_add_user_to_group(UserPoolId=stack.user_pool_id, Username=email, GroupName="admins")
    result = cognito.admin_initiate_auth(
        UserPoolId=stack.user_pool_id,
        ClientId=client_id or stack.user_pool_client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )
    return str(result["AuthenticationResult"]["IdToken"])


@pytest.fixture
def authorizer(aws: Stack) -> JwtAuthorizer:
    return JwtAuthorizer(aws.user_pool_id, aws.user_pool_client_id)


def test_a_pool_id_token_passes_with_claims_as_the_http_api_gives_them(
    aws: Stack, authorizer: JwtAuthorizer
) -> None:
    token = login(aws, "dana@example.org", "bridges", admin=True)
    claims = authorizer.claims(f"Bearer {token}")
    assert claims["custom:org_id"] == "bridges"
    assert claims["cognito:groups"] == "[admins]"
    assert claims["token_use"] == "id"
    assert claims["exp"].isdigit()
    assert all(isinstance(value, str) for value in claims.values())
    assert authorizer.claims(token)["sub"] == claims["sub"]  # the Bearer prefix is optional


def test_altered_tokens_fail(aws: Stack, authorizer: JwtAuthorizer) -> None:
    token = login(aws, "sam@example.org", "bridges")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["custom:org_id"] = "stmarys"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(AuthError):
        authorizer.claims(f"Bearer {header}.{forged}.{signature}")


def test_tokens_for_another_client_or_pool_fail(aws: Stack, authorizer: JwtAuthorizer) -> None:
    other_client = boto3.client("cognito-idp").create_user_pool_client(
        UserPoolId=aws.user_pool_id, ClientName="someone-elses-app"
    )["UserPoolClient"]["ClientId"]
    token = login(aws, "sam@example.org", "bridges", client_id=other_client)
    with pytest.raises(AuthError, match=r"(?i)audience"):
        authorizer.claims(f"Bearer {token}")
    elsewhere = JwtAuthorizer("us-east-1_OtherPool", aws.user_pool_client_id)
    with pytest.raises(AuthError, match=r"(?i)issuer"):
        elsewhere.claims(f"Bearer {login(aws, 'jo@example.org', 'bridges')}")


def test_expired_and_unsigned_tokens_fail(aws: Stack, authorizer: JwtAuthorizer) -> None:
    token = login(aws, "sam@example.org", "bridges")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["exp"] = int(time.time()) - 60
    # Signed with the pool's own key (moto's), but expired a minute ago
    pool_key = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"))
    expired = jwt.encode(claims, pool_key.key, algorithm="RS256", headers={"kid": "dummy"})
    with pytest.raises(AuthError, match=r"(?i)expired"):
        authorizer.claims(f"Bearer {expired}")
    claims["exp"] = int(time.time()) + 600
    assert authorizer.claims(jwt.encode(claims, pool_key.key, algorithm="RS256", headers={"kid": "dummy"}))
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    for bad in (unsigned, "", "Bearer ", "Bearer not.a.jwt", None):
        with pytest.raises(AuthError):
            authorizer.claims(bad)
