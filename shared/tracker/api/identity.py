"""Who is calling, from the JWT claims the HTTP API authorizer verified and passed on."""

from __future__ import annotations

import re
from typing import Any

from tracker.api.schemas.common import usable_email
from tracker.domain.errors import Forbidden, Unauthorized
from tracker.domain.model import Identity

_ORG_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_MEMBER_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def identity_from_event(event: dict[str, Any]) -> Identity:
    """The caller's org and member, only ever from the verified token's claims."""
    context = event.get("requestContext") or {}
    claims = ((context.get("authorizer") or {}).get("jwt") or {}).get("claims") or {}
    member_id = claims.get("sub")
    if not isinstance(member_id, str) or not _MEMBER_ID.match(member_id):
        raise Unauthorized("A valid sign-in token is required")
    org_id = claims.get("custom:org_id")
    if not isinstance(org_id, str) or not _ORG_ID.match(org_id):
        raise Forbidden("This account is not linked to a program")
    return Identity(
        org_id=org_id,
        member_id=member_id,
        # The profile's first address, and so the To of reminders: held to the API's own rule.
        email=usable_email(claims.get("email")),
        groups=frozenset(parse_groups(claims.get("cognito:groups"))),
    )


def parse_groups(value: Any) -> list[str]:
    """Groups as a list. The HTTP API hands array claims over as text: "[admins staff]", names
    apart by spaces (a group's name has none). Membership is exact: a comma or bracket is part
    of a name (a group called "staff,admins" is not "admins")."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(group) for group in value]
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return text.split()
