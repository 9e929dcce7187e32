"""A forgotten password, as a browser drives it (functions/web, moto's Cognito with the local
stack's emailed codes): ask for a code, type it with a new password, and every other session
of the member ends. Never a hint whether an address has an account."""

from __future__ import annotations

import re

import pytest

from local import invitations
from local.provision import Stack
from tests.conftest import ApiClient, sent_emails
from tests.integration import test_web_app
from tests.integration.test_web_app import PASSWORD, Answer, Browser, signed_in, temporary_password

# test_web_app's fixtures: its program (Bridges) and Sam, with one contact (Ana Lima)
mailed_invitations, program, sam = test_web_app.mailed_invitations, test_web_app.program, test_web_app.sam

NEW_PASSWORD = "sams-new-password-2"


def codes_to(address: str) -> list[str]:
    mails = [
        m for m in sent_emails() if address in m.destinations and "Your Networking Tracker code" in m.raw_data
    ]
    return [re.search(r"code is (\d{6})", m.raw_data).group(1) for m in mails]  # type: ignore[union-attr]


def ask_for_code(browser: Browser, email: str) -> Answer:
    sign_in = browser.get("/app/sign-in")
    assert 'href="/app/forgot-password"' in sign_in.body  # the way in, from the sign-in page
    return browser.submit(browser.get("/app/forgot-password"), "Email me a code", email=email)


def test_a_member_resets_a_forgotten_password_with_the_emailed_code_and_other_sessions_end(
    sam: ApiClient, mailed_invitations: None
) -> None:
    elsewhere = signed_in(sam)  # say, a library computer he forgot to sign out of
    assert elsewhere.get("/app").status == 200
    browser = Browser()
    # When Sam asks for a code
    asked = ask_for_code(browser, "sam@example.org")
    assert asked.status == 200
    assert "If sam@example.org has an account, we have emailed it a code" in asked.text
    (code,) = codes_to("sam@example.org")
    # A wrong code is refused beside its field, and nothing changes
    wrong = browser.submit(
        asked,
        "Save password",
        code="000000" if code != "000000" else "111111",
        password=NEW_PASSWORD,
        confirm=NEW_PASSWORD,
    )
    assert wrong.status == 422
    assert "That is not the code we sent" in wrong.text
    assert 'href="#code"' in wrong.body
    assert Browser().sign_in("sam@example.org", PASSWORD).status == 303
    # With the right one and a new password, he is signed in
    done = browser.submit(wrong, "Save password", code=code, password=NEW_PASSWORD, confirm=NEW_PASSWORD)
    assert (done.status, done.location) == (303, "/app"), done.text
    assert any(c.startswith("__Host-session=") for c in done.set_cookies)
    assert browser.get("/app").status == 200
    # The session left elsewhere is over, the old password no longer works, the new one does
    gone = elsewhere.get("/app")
    assert gone.status == 303
    assert gone.location.startswith("/app/sign-in")
    assert Browser().sign_in("sam@example.org", PASSWORD).status == 401
    assert Browser().sign_in("sam@example.org", NEW_PASSWORD).status == 303
    # And the code cannot be used twice
    again = Browser()
    page = again.get("/app/reset-password")
    reused = again.submit(
        page,
        "Save password",
        email="sam@example.org",
        code=code,
        password="another-password-3",
        confirm="another-password-3",
    )
    assert reused.status == 422
    assert Browser().sign_in("sam@example.org", NEW_PASSWORD).status == 303


def test_an_unknown_address_gets_the_same_page_and_no_email(sam: ApiClient, mailed_invitations: None) -> None:
    known = ask_for_code(Browser(), "sam@example.org")
    unknown = ask_for_code(Browser(), "nobody@example.org")
    assert (known.status, unknown.status) == (200, 200)
    assert known.text.replace("sam@", "x@") == unknown.text.replace("nobody@", "x@")
    assert codes_to("nobody@example.org") == []
    assert len(codes_to("sam@example.org")) == 1


def test_an_invitation_never_taken_up_gets_no_code_and_the_page_says_to_use_it(program: ApiClient) -> None:
    assert program.post("/org/members", {"email": "nia@example.org", "name": "Nia"}).status == 201
    temporary = temporary_password("nia@example.org")
    asked = ask_for_code(Browser(), "nia@example.org")
    assert asked.status == 200
    assert "Invited, and never signed in? Use the temporary password from your invitation email" in asked.text
    assert codes_to("nia@example.org") == []
    assert Browser().sign_in("nia@example.org", temporary).status == 200  # still asks her to choose one


def test_an_expired_code_says_to_ask_again(
    sam: ApiClient, mailed_invitations: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = Browser()
    asked = ask_for_code(browser, "sam@example.org")
    (code,) = codes_to("sam@example.org")
    monkeypatch.setattr(invitations, "CODE_LIFETIME_S", -1)
    late = browser.submit(asked, "Save password", code=code, password=NEW_PASSWORD, confirm=NEW_PASSWORD)
    assert late.status == 422
    assert "That code has expired or was already used. Ask for a new code" in late.text
    assert Browser().sign_in("sam@example.org", PASSWORD).status == 303


def test_mistakes_are_said_beside_their_fields_and_a_forged_form_sends_nothing(
    sam: ApiClient, mailed_invitations: None
) -> None:
    browser = Browser()
    empty = browser.submit(browser.get("/app/forgot-password"), "Email me a code", email="")
    assert empty.status == 422
    assert 'href="#email"' in empty.body
    page = browser.get("/app/reset-password")
    bad = browser.submit(
        page, "Save password", email="sam@example.org", code="12ab", password="x", confirm="y"
    )
    assert bad.status == 422
    for field in ("code", "password", "confirm"):
        assert f'href="#{field}"' in bad.body
    assert 'value="x"' not in bad.body  # a password is never sent back
    forged = Browser().request("POST", "/app/forgot-password", {"email": "sam@example.org", "csrf": "forged"})
    assert forged.status == 403
    cross = Browser(cross_site=True)
    form_page = cross.get("/app/forgot-password")
    assert cross.submit(form_page, "Email me a code", email="sam@example.org").status == 403
    assert codes_to("sam@example.org") == []


def test_staff_with_an_authenticator_app_reset_then_give_its_code_and_their_other_sessions_end(
    aws: Stack, mailed_invitations: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.integration.test_web_program import _add_authenticator_app, _app_code, staff
    from tracker.domain import Org
    from tracker.runtime import dynamo_repositories

    dynamo_repositories().orgs.put(Org("bridges", "Bridges to Work"))
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    staff(aws, "dana@bridges.org")
    secret = _add_authenticator_app(aws, "dana@bridges.org")
    elsewhere = Browser()
    asked = elsewhere.sign_in("dana@bridges.org", PASSWORD)
    assert elsewhere.submit(asked, "Sign in", code=_app_code(secret)).status == 303
    assert elsewhere.get("/app").status == 200
    browser = Browser()
    sent = ask_for_code(browser, "dana@bridges.org")
    (code,) = codes_to("dana@bridges.org")
    code_form = browser.submit(sent, "Save password", code=code, password=NEW_PASSWORD, confirm=NEW_PASSWORD)
    # The password is changed; her other session is over at once, before her app's code is asked
    assert code_form.status == 200, code_form.text
    assert "Enter your sign-in code" in code_form.text
    assert elsewhere.get("/app").status == 303
    done = browser.submit(code_form, "Sign in", code=_app_code(secret))
    assert (done.status, done.location) == (303, "/app")
