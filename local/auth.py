"""Verify bearer JWTs the way the HTTP API's JWT authorizer does, before any function runs.

Signature (the user pool's JWKS), issuer, audience (the app client), expiry and not-before.
Claims reach the function as the authorizer passes them: every value a string, arrays as
"[a b]".
"""

from __future__ import annotations

import json
from typing import Any

import jwt
from moto.utilities.utils import load_resource

from local.template import REGION


class AuthError(Exception):
    pass


class JwtAuthorizer:
    def __init__(self, user_pool_id: str, client_id: str) -> None:
        self.issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{user_pool_id}"
        self.audience = client_id
        # moto signs its Cognito tokens with this key set; a real pool publishes its own at
        # <issuer>/.well-known/jwks.json, which the real authorizer fetches.
        self._keys = jwt.PyJWKSet.from_dict(load_resource("cognitoidp/resources/jwks-public.json"))

    def claims(self, authorization: str | None) -> dict[str, str]:
        if not authorization:
            raise AuthError("missing Authorization header")
        token = authorization.strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        try:
            header = jwt.get_unverified_header(token)
            key = next((k for k in self._keys.keys if k.key_id == header.get("kid")), None)
            if key is None:
                raise AuthError("token signed by an unknown key")
            payload = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise AuthError(str(error)) from error
        return {name: _as_claim(value) for name, value in payload.items()}


def _as_claim(value: Any) -> str:
    if isinstance(value, list):
        return "[" + " ".join(str(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)
