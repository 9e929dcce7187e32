"""Two tenants: whatever member B tries with member A's ids gets 404 and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from local.provision import Stack
from tests.conftest import ApiClient, table_items
from tracker.domain import Identity


@pytest.fixture
def member_a_contact(api: ApiClient) -> dict[str, Any]:
    contact = api.post("/contacts", {"name": "Ana Lima", "notes": "private to A"}).body
    api.post(f"/contacts/{contact['id']}/interactions", {"summary": "A's conversation"})
    return contact


def attempts(contact_id: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", f"/contacts/{contact_id}", None),
        ("PATCH", f"/contacts/{contact_id}", {"name": "Taken over"}),
        ("DELETE", f"/contacts/{contact_id}", None),
        ("GET", f"/contacts/{contact_id}/interactions", None),
        ("POST", f"/contacts/{contact_id}/interactions", {"summary": "B was here"}),
    ]


def test_another_org_member_gets_404_for_everything_and_nothing_changes(
    member_a_contact: dict[str, Any], other_api: ApiClient, aws: Stack
) -> None:
    before = table_items(aws)
    for method, path, body in attempts(member_a_contact["id"]):
        reply = other_api.call(method, path, body)
        assert reply.status == 404, (method, path, reply.body)
        assert reply.error["code"] == "not_found"
    assert other_api.get("/contacts").body["items"] == []
    after = [item for item in table_items(aws) if "stmarys" not in item["PK"]["S"]]
    assert after == before


def test_the_same_member_id_in_another_org_sees_nothing(
    member_a_contact: dict[str, Any], member: Identity, aws: Stack
) -> None:
    # A token whose org differs but whose sub matches (a mis-provisioned account) stays apart.
    stranger = ApiClient(Identity(org_id="stmarys", member_id=member.member_id))
    for method, path, body in attempts(member_a_contact["id"]):
        assert stranger.call(method, path, body).status == 404
    assert stranger.get("/contacts").body["items"] == []


def test_a_colleague_in_the_same_org_cannot_reach_a_members_contacts(
    member_a_contact: dict[str, Any], aws: Stack
) -> None:
    colleague = ApiClient(Identity(org_id="bridges", member_id="33333333-cccc-4ccc-8ccc-333333333333"))
    before = table_items(aws)
    for method, path, body in attempts(member_a_contact["id"]):
        assert colleague.call(method, path, body).status == 404
    assert [i for i in table_items(aws) if "33333333" not in i["PK"]["S"]] == before


def test_identity_comes_only_from_the_token(api: ApiClient, member: Identity) -> None:
    # Body, path and query can't name another member: unknown fields are refused outright.
    reply = api.post("/contacts", {"name": "Ana", "org_id": "stmarys", "member_id": "x"})
    assert reply.status == 422
    me = api.get("/me", member_id="22222222-bbbb-4bbb-8bbb-222222222222").body
    assert me["id"] == member.member_id


@pytest.mark.parametrize(
    ("claims", "status", "code"),
    [
        ({"sub": ""}, 401, "unauthorized"),
        ({"custom:org_id": ""}, 403, "forbidden"),
        ({"custom:org_id": "bridges#MEMBER#x"}, 403, "forbidden"),
        ({"sub": "a#b"}, 401, "unauthorized"),
    ],
)
def test_tokens_without_a_usable_identity_are_refused(
    api: ApiClient, claims: dict[str, str], status: int, code: str
) -> None:
    api.extra_claims = claims
    reply = api.get("/contacts")
    assert reply.status == status
    assert reply.error["code"] == code


def test_a_request_without_authorizer_claims_is_401(api: ApiClient) -> None:
    from tests.conftest import invoke

    event = api.event("GET", "/contacts")
    del event["requestContext"]["authorizer"]
    reply = invoke(event)
    assert reply.status == 401
