from __future__ import annotations

import pytest

from tracker.api.identity import identity_from_event, parse_groups
from tracker.domain.errors import Forbidden, Unauthorized


def event(**claims: str) -> dict:
    return {"requestContext": {"authorizer": {"jwt": {"claims": claims}}}}


@pytest.mark.parametrize(
    ("value", "groups"),
    [
        ("[admins]", ["admins"]),
        ("[admins staff]", ["admins", "staff"]),
        ("[]", []),
        (["admins"], ["admins"]),
        (None, []),
    ],
)
def test_groups_arrive_in_the_shapes_the_http_api_uses(value: object, groups: list[str]) -> None:
    assert parse_groups(value) == groups


@pytest.mark.parametrize(
    "claim", ["[staff,admins]", "staff,admins", "[admins,]", ["staff,admins"], "[[admins]]"]
)
def test_a_group_is_admins_only_by_its_exact_name(claim: object) -> None:
    # The probe: a group named "staff,admins" was read as two groups, one of them admins
    identity = identity_from_event(
        event(**{"sub": "abc-123", "custom:org_id": "bridges", "cognito:groups": claim})
    )
    assert not identity.is_admin


def test_identity_is_the_tokens_sub_and_org() -> None:
    identity = identity_from_event(
        event(
            **{"sub": "abc-123", "custom:org_id": "bridges", "email": "a@b.org", "cognito:groups": "[admins]"}
        )
    )
    assert (identity.org_id, identity.member_id, identity.email, identity.is_admin) == (
        "bridges",
        "abc-123",
        "a@b.org",
        True,
    )


def test_no_claims_is_unauthorized_and_no_org_is_forbidden() -> None:
    with pytest.raises(Unauthorized):
        identity_from_event({"requestContext": {}})
    with pytest.raises(Forbidden):
        identity_from_event(event(sub="abc"))
