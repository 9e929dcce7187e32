"""Every web app route the template gives the web function, walked as a stranger and as a
signed-in member who posts without the form token: the frame (tracker/web/frame.py) must stand
in front of each. A new page that forgets it fails here."""

from __future__ import annotations

import re

from local.provision import Stack
from local.template import Template
from tests.conftest import ApiClient
from tests.integration import test_web_app
from tests.integration.test_web_app import Browser, signed_in
from tests.public_pages import forms_in
from tests.reliability.tenancy import changes, scan

mailed_invitations, program, sam = test_web_app.mailed_invitations, test_web_app.program, test_web_app.sam

PARAMETER = re.compile(r"\{(\w+)\}")
# The routes for people who are not signed in: signing in and getting a new password.
FOR_STRANGERS = {
    "GET /app/sign-in",
    "POST /app/sign-in",
    "POST /app/sign-in/code",
    "POST /app/new-password",
    "GET /app/forgot-password",
    "POST /app/forgot-password",
    "GET /app/reset-password",
    "POST /app/reset-password",
}
SOME_ID = "01JD0000000000000000000000"
PROGRAM = "/app/program"  # the program's pages: its admins only (frame.admin_page, admin_post)


def _behind_the_frame() -> list[str]:
    routes = [route.route_key for route in Template().http_routes() if route.function_id == "WebFunction"]
    return sorted(set(routes) - FOR_STRANGERS)


def test_every_page_sends_a_stranger_to_sign_in_and_refuses_a_post_without_its_form_token(
    aws: Stack, sam: ApiClient
) -> None:
    behind = _behind_the_frame()
    assert len(behind) > 20, behind
    member = signed_in(sam)
    for route_key in behind:
        method, path = route_key.split(" ", 1)
        target = PARAMETER.sub(SOME_ID, path)
        stranger = Browser().request(method, target, {"csrf": "x"} if method == "POST" else None)
        assert stranger.status == 303, (route_key, stranger.status)
        assert stranger.location.startswith("/app/sign-in"), (route_key, stranger.location)
        if method == "POST":
            before = scan(aws.table_name)
            forged = member.request("POST", target, {"section": "profile", "action": "done"})
            assert forged.status == 403, (route_key, forged.status)
            assert "did not come from this site, so nothing was changed" in forged.text, route_key
            assert list(changes(before, scan(aws.table_name))) == [], route_key


def test_every_program_page_refuses_a_member_who_is_not_an_admin_and_changes_nothing(
    aws: Stack, sam: ApiClient
) -> None:
    program = [key for key in _behind_the_frame() if key.split(" ", 1)[1].startswith(PROGRAM)]
    assert len(program) >= 6, program
    member = signed_in(sam)
    csrf = forms_in(member.get("/app").body)[-1].fields["csrf"][0]  # the sign-out form's: a good token
    before = scan(aws.table_name)
    for route_key in program:
        method, path = route_key.split(" ", 1)
        fields = {"csrf": csrf, "section": "one", "email": "eve@example.org", "name": "Taken"}
        answer = member.request(method, PARAMETER.sub(SOME_ID, path), fields if method == "POST" else None)
        assert answer.status == 403, (route_key, answer.status)
        assert "For program staff only" in answer.text, route_key
    assert list(changes(before, scan(aws.table_name))) == []
