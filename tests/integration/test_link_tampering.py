"""Signed links under attack: an altered character, a link for another purpose, an expired or
revoked link never changes anything stored, and always gets a page (never a 500)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from local.provision import Stack
from tests.conftest import ApiClient, table_items
from tests.public_pages import PublicClient, token_of
from tracker.domain.clock import FixedClock
from tracker.domain.links import LinkSigner, Purpose

EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass(frozen=True)
class Links:
    """Genuine links of every kind for Sam, each able to change something if posted as is."""

    signer: LinkSigner
    tokens: dict[Purpose, str]
    member: Any
    contact_id: str
    now: datetime


@pytest.fixture
def links(api: ApiClient, clock: FixedClock) -> Links:
    from tracker.domain.links import email_confirm_url, pick_links, unsubscribe_url
    from tracker.runtime import services

    assert api.patch("/me", {"picks_per_day": 2, "email": "sam.new@example.org"}).status == 200
    for name, days in (("Ana Lima", 300), ("Ben Okafor", 200)):
        api.post(
            "/contacts", {"name": name, "last_contact_at": (clock.now() - timedelta(days=days)).isoformat()}
        )
    picks = api.get("/picks/today").body["picks"]
    ana, ben = picks[0]["contact"]["id"], picks[1]["contact"]["id"]
    app = services()
    member = app.members.profile(api.identity)
    signer = app.signer()
    now = clock.now()
    # An undo link for something done (Ben "reached out"), which could be taken back.
    ben_links = pick_links(signer, member.key, ben, now)
    page = PublicClient().post("/log", {"t": token_of(ben_links.reached_out)})
    undo = page.form_with("Undo").fields["t"][0]
    ana_links = pick_links(signer, member.key, ana, now)
    tokens = {
        Purpose.REACHED_OUT: token_of(ana_links.reached_out),
        Purpose.SNOOZE: token_of(ana_links.snooze),
        Purpose.LOG: token_of(ana_links.log),
        Purpose.FORM: token_of(api.get("/me/form-link").body["url"]),
        Purpose.UNSUBSCRIBE: token_of(unsubscribe_url(signer, member.key, now)),
        Purpose.UNDO: undo,
        Purpose.PLAN_ACCEPT: token_of(app.plans.accept_url(member, app.plans.current_week(member, now))),
        Purpose.EMAIL_CONFIRM: token_of(email_confirm_url(signer, member.key, "sam.new@example.org", now)),
    }
    return Links(signer, tokens, member, ana, now)


def post(token: str, route: str) -> Any:
    pages = PublicClient()
    if route == "/unsubscribe":
        return pages.post("/unsubscribe", {"List-Unsubscribe": "One-Click"}, query={"t": token})
    if route in ("/plan", "/email"):
        return pages.post(route, {"t": token})
    from tracker.runtime import services

    # A form id we signed for this very token: what is tested is the link itself.
    form_id = services().signer().form_id(token)
    form = {"t": token, "s": form_id, "contact": "Ana Lima", "summary": "Not me", "channel": "call"}
    return pages.post("/log", form)


def route_for(purpose: Purpose) -> str:
    routes = {
        Purpose.UNSUBSCRIBE: "/unsubscribe",
        Purpose.PLAN_ACCEPT: "/plan",
        Purpose.EMAIL_CONFIRM: "/email",
    }
    return routes.get(purpose, "/log")


def refused(reply: Any) -> None:
    assert reply.status in (400, 404, 410), reply.text
    assert reply.headers["content-type"].startswith("text/html")
    assert "Nothing was changed." in reply.text


def test_each_genuine_link_does_change_something(links: Links, aws: Stack) -> None:
    """The control for the properties below: unaltered, every link acts."""
    for purpose, token in links.tokens.items():
        before = table_items(aws)
        reply = post(token, route_for(purpose))
        assert reply.status == 200, (purpose, reply.text)
        assert table_items(aws) != before, purpose


# Any character a URL can carry: UTF-8, so no lone surrogate (which no request can hold)
@EXAMPLES
@given(
    purpose=st.sampled_from(list(Purpose)),
    position=st.integers(min_value=0),
    char=st.characters(codec="utf-8"),
)
def test_an_altered_link_changes_nothing(
    links: Links, aws: Stack, purpose: Purpose, position: int, char: str
) -> None:
    token = links.tokens[purpose]
    index = position % len(token)
    altered = token[:index] + char + token[index + 1 :]
    if altered == token:
        return
    before = table_items(aws)
    refused(post(altered, route_for(purpose)))
    assert table_items(aws) == before


@EXAMPLES
@given(purpose=st.sampled_from(list(Purpose)), route=st.sampled_from(["/log", "/unsubscribe"]))
def test_a_link_for_another_purpose_changes_nothing(
    links: Links, aws: Stack, purpose: Purpose, route: str
) -> None:
    if route == route_for(purpose):
        return
    before = table_items(aws)
    refused(post(links.tokens[purpose], route))
    assert table_items(aws) == before


@EXAMPLES
@given(purpose=st.sampled_from(list(Purpose)), ago=st.integers(min_value=1, max_value=10**8))
def test_an_expired_link_changes_nothing(links: Links, aws: Stack, purpose: Purpose, ago: int) -> None:
    genuine = links.signer.verify(links.tokens[purpose], purpose, now=links.now)
    expired = links.signer.token(
        purpose,
        genuine.member,
        expires=links.now - timedelta(seconds=ago),
        contact_id=genuine.contact_id,
        version=genuine.version,
        ref=genuine.ref,
    )
    before = table_items(aws)
    reply = post(expired, route_for(purpose))
    refused(reply)
    assert reply.status == 410
    assert table_items(aws) == before


@EXAMPLES
@given(secret=st.binary(min_size=32, max_size=64), purpose=st.sampled_from(list(Purpose)))
def test_a_link_signed_with_another_key_changes_nothing(
    links: Links, aws: Stack, secret: bytes, purpose: Purpose
) -> None:
    genuine = links.signer.verify(links.tokens[purpose], purpose, now=links.now)
    forged = LinkSigner(secret, "https://tracker.example.org").token(
        purpose,
        genuine.member,
        expires=genuine_expiry(genuine),
        contact_id=genuine.contact_id,
        version=genuine.version,
        ref=genuine.ref,
    )
    if forged == links.tokens[purpose]:
        return
    before = table_items(aws)
    refused(post(forged, route_for(purpose)))
    assert table_items(aws) == before


def genuine_expiry(claims: Any) -> datetime:
    from datetime import UTC

    return datetime.fromtimestamp(claims.expires_at, UTC)


def test_a_revoked_personal_link_changes_nothing(links: Links, api: ApiClient, aws: Stack) -> None:
    assert api.post("/me/form-link/rotate").status == 200
    before = table_items(aws)
    reply = post(links.tokens[Purpose.FORM], "/log")
    refused(reply)
    assert "no longer valid" in reply.text
    assert table_items(aws) == before
