"""The web app's program pages (/app/program), as an admin's browser drives them over the web
function: the report (charts and tables, small figures hidden as the API hides them), the
roster (search, status), invitations one at a time and from a CSV (each line's result), and
removing a member after a confirmation page. Members who are not admins, and other programs'
admins, never see anything of it."""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest

from local.provision import Stack
from tests.conftest import ApiClient, sent_emails, table_items
from tests.integration import test_program as org
from tests.integration.test_program import MONDAY_AFTER, active_last_week, bridges_member
from tests.integration.test_reminders import dynamodb_calls
from tests.integration.test_web_app import PASSWORD, Answer, Browser, account, mailed_invitations
from tests.public_pages import forms_in
from tracker.domain import Identity
from tracker.domain.clock import FixedClock
from tracker.domain.model import (
    DEFAULT_GOAL_NEW_PEOPLE,
    DEFAULT_GOAL_PEOPLE,
    DEFAULT_GOAL_RECONNECTS,
    WeeklyGoal,
)

REPORT = "/app/program"
MEMBERS = "/app/program/members"
DANA = "dana@bridges.org"
HELEN = "helen@stmarys.org"

orgs, admin_b = org.orgs, org.admin_b
__all__ = ["mailed_invitations"]  # a fixture, used by name


def staff(stack: Stack, email: str, org_id: str = "bridges") -> Identity:
    """An admin's sign-in: their own password, in the `admins` group (the local pool runs no pre
    token trigger, so the group reaches the token as it does for staff with an authenticator app)."""
    cognito = boto3.client("cognito-idp")
    created = cognito.admin_create_user(
        UserPoolId=stack.user_pool_id,
        Username=email,
        UserAttributes=[
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:org_id", "Value": org_id},
        ],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=stack.user_pool_id, Username=email, Password=PASSWORD, Permanent=True
    )
    cognito.admin_add_user_to_group(UserPoolId=stack.user_pool_id, Username=email, GroupName="admins")
    sub = next(a["Value"] for a in created["User"]["Attributes"] if a["Name"] == "sub")
    return Identity(org_id, sub, email, frozenset({"admins"}))


def signed_in_as(email: str) -> Browser:
    browser = Browser()
    answer = browser.sign_in(email, PASSWORD)
    assert (answer.status, answer.location) == (303, "/app"), answer.text
    return browser


@pytest.fixture
def dana(aws: Stack, orgs: None, mailed_invitations: None) -> Browser:
    """Bridges' admin, signed in to the web app."""
    staff(aws, DANA)
    return signed_in_as(DANA)


def form_with(page: Answer, button: str) -> Any:
    return next(f for f in forms_in(page.body) if any(button in b for b in f.buttons))


def invite_one(browser: Browser, email: str, name: str = "") -> Answer:
    page = browser.get(MEMBERS)
    form = form_with(page, "Send the invitation")
    return browser.request("POST", form.action, form.data(email=email, name=name))


def upload(browser: Browser, csv_text: str, filename: str = "members.csv") -> Answer:
    """The CSV form as a browser sends it: multipart/form-data, the file as one part (and, as
    the HTTP API hands binary bodies over, base64-encoded)."""

    page = browser.get(MEMBERS)
    form = form_with(page, "Invite everyone on the list")
    boundary = "----formboundary7MA4YWxkTrZu0gW"
    parts = []
    for name, values in form.data().items():
        if name in ("roster", "pasted"):
            continue
        for value in values:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="roster"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n{csv_text}\r\n"
    )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="pasted"\r\n\r\n\r\n--{boundary}--\r\n'
    )
    body = "".join(parts).encode("utf-8", "surrogateescape")  # lone bytes (\udce9) as they were
    raw = (f"multipart/form-data; boundary={boundary}", body)
    return browser.request("POST", form.action, raw=raw)


# ---------------------------------------------------------------- who may see the program pages


def test_a_member_who_is_not_an_admin_gets_403_everywhere_and_no_nav_link(
    aws: Stack, orgs: None, mailed_invitations: None
) -> None:
    staff(aws, DANA)
    nia = org.invite(ApiClient(Identity("bridges", "x", DANA, frozenset({"admins"}))), "nia@example.org")
    account(aws, "sam@example.org")
    browser = signed_in_as("sam@example.org")
    today = browser.get("/app")
    assert 'href="/app/program"' not in today.body
    for target in (REPORT, MEMBERS, f"{MEMBERS}?q=nia", f"{MEMBERS}/{nia['id']}/remove", SETTINGS):
        page = browser.get(target)
        assert page.status == 403, target
        assert "For program staff only" in page.text
        assert "nia@example.org" not in page.text
    csrf = forms_in(today.body)[-1].fields["csrf"][0]  # the sign-out form's: a good token
    before = table_items(aws)
    for target, fields in (
        (MEMBERS, {"section": "one", "email": "eve@example.org"}),
        (f"{MEMBERS}/{nia['id']}/remove", {}),
    ):
        refused = browser.request("POST", target, {"csrf": csrf, **fields})
        assert refused.status == 403, target
    assert table_items(aws) == before  # nobody invited, nobody removed


def test_signed_out_program_pages_go_to_sign_in_and_back(dana: Browser) -> None:
    answer = Browser().get(f"{MEMBERS}?q=ana")
    assert answer.status == 303
    assert answer.location == "/app/sign-in?next=%2Fapp%2Fprogram%2Fmembers%3Fq%3Dana"
    back = Browser().sign_in(DANA, PASSWORD, answer.location)
    assert (back.status, back.location) == (303, f"{MEMBERS}?q=ana")


# ---------------------------------------------------------------- the report


def test_the_report_charts_the_closed_weeks_and_hides_small_figures_as_the_api_does(
    dana: Browser, admin_b: ApiClient, orgs: None, clock: FixedClock
) -> None:
    members = [bridges_member(n, orgs) for n in range(6)]
    active_last_week(members, clock)
    for n, member in enumerate(members):
        org.talk(member, people=2 if n < 2 else 1, outcomes=("job_lead",) if n == 0 else ())
    clock.at = MONDAY_AFTER
    browser = signed_in_as(DANA)  # a new sign-in: the first session is idle for days
    assert browser.get(REPORT).status == 200
    with dynamodb_calls() as calls:
        page = browser.get(REPORT)
    assert page.status == 200, page.text
    # The session (one batch read: it, the admin's profile, the tombstone), the program, its 12
    # weeks of counters (8 shards each, one batch): 3 reads
    assert [name for name, _ in calls] == ["BatchGetItem", "GetItem", "BatchGetItem"], calls
    api = ApiClient(Identity("bridges", "aaaaaaaa-0000-4000-8000-00000000000a", DANA, frozenset({"admins"})))
    week = api.get("/org/report", week="2026-W48").body["week"]
    assert (week["members_active"], week["conversations"], week["reconnects"]) == (6, 8, None)
    text = page.text
    assert "2026-W48 (the week of 23 Nov 2026)" in text
    assert "Members active 6" in text
    assert "Conversations 8" in text
    assert "Reconnects fewer than 5" in text
    assert "Members who met their goals fewer than 5" in text
    # Charts: an SVG image per figure, each with a title saying every figure, and the tables
    assert page.body.count('role="img"') == 11  # 5 figures and 6 kinds of outcome
    assert re.search(
        r"<title id=\"conversations-t\">Conversations, week by week: [^<]*2026-W48 8</title>", page.body
    )
    assert "2026-W47 hidden" in page.body  # week 47 counted no one twice: hidden, as the API says
    tables = re.findall(r"<table class=\"figures\">.*?</table>", page.body, re.S)
    assert len(tables) == 2
    last_row = re.findall(r"<tr><th scope=\"row\">2026-W48</th>(.*?)</tr>", tables[0])[0]
    assert re.findall(r"<td>(.*?)</td>", last_row) == ["6", "fewer than 5", "8", "8", "fewer than 5"]
    outcomes_row = re.findall(r"<tr><th scope=\"row\">2026-W48</th>(.*?)</tr>", tables[1])[0]
    assert set(re.findall(r"<td>(.*?)</td>", outcomes_row)) == {"fewer than 5"}
    assert 'href="/app/program" aria-current="page"' in page.body  # the nav names it, for admins
    assert len(page.body.encode()) < 40_000
    assert "<script" not in page.body
    # An earlier week: chosen from the list; all hidden
    earlier = browser.get(f"{REPORT}?week=2026-W47")
    assert "No figures for this week: fewer than 5 members" in earlier.text
    # A made-up week is the latest closed one
    assert "2026-W48 (the week of" in browser.get(f"{REPORT}?week=2099-W01%3Cb%3E").text


def test_another_programs_report_and_members_are_never_shown(
    dana: Browser, aws: Stack, orgs: None, clock: FixedClock
) -> None:
    members = [bridges_member(n, orgs) for n in range(6)]
    active_last_week(members, clock)
    for member in members:
        org.talk(member)
    org.invite(ApiClient(Identity("bridges", "x", DANA, frozenset({"admins"}))), "nia@example.org")
    clock.at = MONDAY_AFTER
    staff(aws, HELEN, "stmarys")
    helen = signed_in_as(HELEN)
    report = helen.get(REPORT)
    assert report.status == 200
    assert "St Mary" in report.text
    assert "Bridges" not in report.text
    assert "No figures for this week" in report.text
    assert "Members active 6" not in report.text
    roster = helen.get(MEMBERS)
    assert "nia@example.org" not in roster.text
    assert "dana@" not in roster.text
    nia_id = next(m.key.member_id for m in _bridges_members() if m.email == "nia@example.org")
    assert helen.get(f"{MEMBERS}/{nia_id}/remove").status == 404
    token = forms_in(roster.body)[-1].fields["csrf"][0]
    assert helen.request("POST", f"{MEMBERS}/{nia_id}/remove", {"csrf": token}).status == 404
    assert any(m.email == "nia@example.org" for m in _bridges_members())  # still there


def _bridges_members() -> list[Any]:
    from tracker.runtime import dynamo_repositories

    return dynamo_repositories().orgs.members("bridges", after=None, limit=100)[0]


# ---------------------------------------------------------------- the roster


def test_the_roster_finds_members_by_name_or_address_and_status(dana: Browser, clock: FixedClock) -> None:
    admin = ApiClient(Identity("bridges", "x", DANA, frozenset({"admins"})))
    org.invite(admin, "nia@example.org", "Nia Okoro")
    org.invite(admin, "ben@example.org", "Ben Zöllner")
    with dynamodb_calls() as calls:
        page = dana.get(MEMBERS)
    assert page.status == 200
    # The session, one Query of the program's members, one batch read of their profiles
    assert [name for name, _ in calls] == ["BatchGetItem", "Query", "BatchGetItem"], calls
    assert "Nia Okoro" in page.text
    assert "Ben Zöllner" in page.text
    assert "Invited (not signed in yet)" in page.text
    assert "Not yet" in page.text  # last active: never
    assert "(you)" in page.text  # Dana's own row, without a remove link
    found = dana.get(f"{MEMBERS}?q=z%C3%B6ll")
    assert "Ben Zöllner" in found.text
    assert "Nia Okoro" not in found.text
    assert dana.get(f"{MEMBERS}?q=NIA@EXAMPLE").text.count("nia@example.org") == 1
    active = dana.get(f"{MEMBERS}?status=active")
    assert "Nia Okoro" not in active.text
    assert DANA in active.text
    assert "Nobody matches" in dana.get(f"{MEMBERS}?q=nobody").text
    odd = dana.get(f"{MEMBERS}?status=%3Cscript%3E&after=..%2F..&q=%3Cb%3E")
    assert odd.status == 200
    assert "<b>" not in odd.body
    assert "&lt;b&gt;" in odd.body
    assert len(page.body.encode()) < 40_000


def test_invite_one_member_then_the_same_address_is_already_a_member(dana: Browser) -> None:
    sent = invite_one(dana, "Nia@Example.org", "Nia Okoro")
    assert (sent.status, sent.location) == (303, f"{MEMBERS}?invited=1")
    page = dana.get(sent.location)
    assert "Invitation sent" in page.text
    assert "nia@example.org" in page.text
    assert any("nia@example.org" in m.destinations for m in sent_emails())  # the temporary password
    again = invite_one(dana, "nia@example.org")
    assert again.status == 409
    assert "This address is already a member of your program." in again.text
    assert 'href="#email"' in again.body
    assert 'id="email-error"' in again.body
    assert form_with(again, "Send the invitation").fields["email"] == ["nia@example.org"]


def test_a_bad_address_is_said_beside_the_field_and_keeps_what_was_typed(dana: Browser, aws: Stack) -> None:
    before = table_items(aws)
    for typed, words in (("", "Enter the email address"), ("nia at example", "email address")):
        answer = invite_one(dana, typed, "Nia <b>")
        assert answer.status == 422, typed
        assert words in answer.text
        assert 'aria-invalid="true"' in answer.body
        assert 'href="#email"' in answer.body
        fields = form_with(answer, "Send the invitation").fields
        assert fields["email"] == [typed]
        assert fields["name"] == ["Nia <b>"]
        assert "Nia &lt;b&gt;" in answer.body
    assert table_items(aws) == before


def test_a_csv_upload_says_what_became_of_each_line_and_a_retry_invites_no_one_twice(
    dana: Browser, aws: Stack
) -> None:
    csv_text = (
        "Email,Name,Notes\r\n"
        "ana@example.org,Ana Lima,x\r\n"
        "not an address,Bad Row,\r\n"
        "=cmd@x.org,Formula,\r\n"
        "ANA@example.org,Ana again,\r\n"
        "josé@example.org,José Núñez,\r\n"
        "zoë@example.org,Zoë,\r\n"
        "chloé.b@example.org,,\r\n"
        "ben@example.org,Ben Østergård,\r\n"
        "lee@example.org,<script>alert(1)</script>,\r\n"
    )
    answer = upload(dana, csv_text)
    assert answer.status == 200, answer.text
    text = answer.text
    assert "What happened to each line" in text
    rows = dict(
        re.findall(r'<tr><th scope="row">(\d+)</th>.*?data-label="Result">(.*?)</td></tr>', answer.body)
    )
    assert rows["2"] == '<span class="done">Invited</span>'
    assert rows["3"].startswith("Not added: Must be an email address")
    # A cell that reads like a spreadsheet formula: answered as the API answers it, shown as text
    assert rows["4"] == "Not added: Cannot be used to sign in: the sign-in service refused it."
    assert rows["5"] == "Not added: this address is on an earlier line too."
    assert "Internationalized characters" in rows["6"]
    assert rows["9"] == rows["10"] == '<span class="done">Invited</span>'
    assert "=cmd@x.org" in text
    assert "<script>" not in answer.body
    assert "3 invited, 6 not added" in text
    names = {m.email: m.display_name for m in _bridges_members()}
    assert names["ben@example.org"] == "Ben Østergård"
    assert names["lee@example.org"] == "<script>alert(1)</script>"  # kept as typed, escaped when shown
    roster = dana.get(MEMBERS)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in roster.body
    # The same file again: every line answered, nobody invited twice
    accounts = _accounts(aws)
    retry = upload(dana, csv_text)
    assert retry.status == 200
    assert "0 invited" in retry.text
    assert retry.text.count("already a member of your program") == 3
    assert _accounts(aws) == accounts


def test_a_pasted_list_works_as_a_file_and_lists_that_cannot_be_read_say_why(dana: Browser) -> None:
    page = dana.get(MEMBERS)
    form = form_with(page, "Invite everyone on the list")
    pasted = dana.request("POST", form.action, form.data(pasted="email\nkim@example.org\n"))
    assert pasted.status == 200
    assert "1 invited" in pasted.text
    for body, words in (
        ("", "Choose a CSV file of members"),
        ("name\nKim\n", "with an email column"),
        ("email\n", "has no members in it"),
        ("email\n" + "".join(f"m{n}@example.org\n" for n in range(101)), "At most 100 members"),
    ):
        answer = dana.request("POST", form.action, form.data(pasted=body))
        assert answer.status in (413, 422), words
        assert words in answer.text
        assert 'href="#roster"' in answer.body


def test_files_too_large_or_not_text_get_a_page_never_a_500(dana: Browser, aws: Stack) -> None:
    accounts = _accounts(aws)
    big = "email,name\n" + "".join(f"member{n}@example.org,{'x' * 300}\n" for n in range(120))
    too_large = upload(dana, big)
    assert too_large.status == 413  # refused before it is parsed (the forms' 32 KB)
    assert "<html" in too_large.body.lower()
    latin1 = upload(dana, "email,name\nl\udce9a@example.org,L\udce9a\n\x00,\x00\n")
    assert latin1.status in (200, 422), latin1.text
    binary = upload(dana, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert binary.status == 422
    assert 'href="#roster"' in binary.body
    assert _accounts(aws) == accounts


def _accounts(stack: Stack) -> list[str]:
    users = boto3.client("cognito-idp").list_users(UserPoolId=stack.user_pool_id)["Users"]
    return sorted(next(a["Value"] for a in u["Attributes"] if a["Name"] == "email") for u in users)


# ---------------------------------------------------------------- removing a member


def test_removing_a_member_asks_first_then_ends_their_account_data_and_session(
    dana: Browser, aws: Stack, clock: FixedClock
) -> None:
    member = account(aws, "sam@example.org")
    sams = signed_in_as("sam@example.org")
    assert sams.get("/app").status == 200
    roster = dana.get(MEMBERS)
    link = re.search(r'href="(/app/program/members/[^"]+/remove)"', roster.body)
    assert link
    assert member.member_id in link.group(1)
    with dynamodb_calls() as calls:
        confirm = dana.get(link.group(1))
    assert [name for name, _ in calls] == ["BatchGetItem", "GetItem"], calls
    assert confirm.status == 200
    assert "Remove sam@example.org?" in confirm.text
    assert "cannot be undone" in confirm.text
    assert 'href="/app/program/members">Keep' in confirm.body
    assert org.cognito_user(aws, member.member_id) is not None  # nothing happens on a GET
    done = dana.submit(confirm, "Remove sam@example.org")
    assert (done.status, done.location) == (303, f"{MEMBERS}?removed=1")
    assert "The member was removed" in dana.get(done.location).text
    assert org.cognito_user(aws, member.member_id) is None  # the account is deleted
    # Nothing of Sam's but the tombstone (his session record went with his partition)
    assert [i["SK"]["S"] for i in table_items(aws) if member.member_id in json.dumps(i)] == ["TOMBSTONE"]
    gone = sams.get("/app")  # Sam's open session ends at once
    assert gone.status == 303
    assert gone.location.startswith("/app/sign-in")
    assert dana.get(link.group(1)).status == 404


def test_an_admin_cannot_remove_themselves(dana: Browser) -> None:
    me = next(m for m in _bridges_members() if m.email == DANA)
    page = dana.get(f"{MEMBERS}/{me.key.member_id}/remove")
    answer = dana.submit(page, "Remove")
    assert answer.status == 422
    assert "You cannot remove yourself" in answer.text


# ---------------------------------------------------------------- forged posts


def test_posts_without_this_sessions_token_change_nothing(dana: Browser, aws: Stack) -> None:
    nia = org.invite(ApiClient(Identity("bridges", "x", DANA, frozenset({"admins"}))), "nia@example.org")
    before = table_items(aws)
    page = dana.get(MEMBERS)
    form = form_with(page, "Send the invitation")
    forged = dana.request("POST", form.action, form.data(csrf="", email="eve@example.org"))
    assert forged.status == 403
    assert "nothing was changed" in forged.text
    wrong = dana.request("POST", f"{MEMBERS}/{nia['id']}/remove", {"csrf": "x" * 43})
    assert wrong.status == 403
    dana.cross_site = True
    cross = dana.request("POST", form.action, form.data(email="eve@example.org"))
    assert cross.status == 403
    assert table_items(aws) == before


# ---------------------------------------------------------------- staff sign in with their app's code


def _app_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    if at is None and time.time() % 30 > 27:  # moto checks the current step only: not at its edge
        time.sleep(30 - time.time() % 30 + 0.1)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def _add_authenticator_app(stack: Stack, email: str) -> str:
    cognito = boto3.client("cognito-idp")
    tokens = cognito.initiate_auth(
        ClientId=stack.user_pool_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    secret = str(cognito.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"])
    cognito.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=_app_code(secret))
    cognito.admin_set_user_mfa_preference(
        UserPoolId=stack.user_pool_id,
        Username=email,
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    return secret


def test_staff_with_an_authenticator_app_sign_in_with_its_code_and_reach_the_program_pages(
    aws: Stack, orgs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # moto checks app codes only when asked to, as Cognito always does
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    staff(aws, DANA)
    secret = _add_authenticator_app(aws, DANA)
    browser = Browser()
    asked = browser.sign_in(DANA, PASSWORD, f"/app/sign-in?next={REPORT}")
    assert asked.status == 200
    assert "Enter your sign-in code" in asked.text
    assert "__Host-session" not in browser.jar  # not signed in yet
    # Not six digits: said beside the field, the challenge kept
    typo = browser.submit(asked, "Sign in", code="12 34")
    assert typo.status == 422
    assert 'href="#code"' in typo.body
    assert 'id="code-error"' in typo.body
    # A wrong code: back to sign-in, with what to do
    wrong = browser.submit(typo, "Sign in", code=f"{(int(_app_code(secret)) + 1) % 1_000_000:06d}")
    assert wrong.status == 401
    assert "That code did not match. Sign in again" in wrong.text
    # Then the right one: signed in, back to the page asked for, which the admin may see
    asked = browser.sign_in(DANA, PASSWORD, f"/app/sign-in?next={REPORT}")
    done = browser.submit(asked, "Sign in", code=_app_code(secret))
    assert (done.status, done.location) == (303, REPORT)
    assert browser.get(REPORT).status == 200
    # A forged post of the code form changes nothing
    forged = Browser().request("POST", "/app/sign-in/code", {"code": "123456"})
    assert forged.status == 403


# ---------------------------------------------------------------- the program's settings

SETTINGS = "/app/program/settings"


def test_program_settings_save_and_new_members_start_with_them(dana: Browser, aws: Stack) -> None:
    from tracker.runtime import dynamo_repositories

    with dynamodb_calls() as calls:
        page = dana.get(SETTINGS)
    assert page.status == 200
    assert [name for name, _ in calls] == ["BatchGetItem", "GetItem"], calls  # the session, the program
    fields = form_with(page, "Save program settings").fields
    assert fields["name"] == ["Bridges to Work"]
    assert fields["default_time_zone"] == ["America/Chicago"]
    assert "The name emails come from is one for the whole service" in page.text  # not set here
    assert "Weekly goals: every member starts with" not in page.text  # set here now
    assert (
        fields["default_goal_people"],
        fields["default_goal_new_people"],
        fields["default_goal_reconnects"],
    ) == (
        [str(DEFAULT_GOAL_PEOPLE)],
        [str(DEFAULT_GOAL_NEW_PEOPLE)],
        [str(DEFAULT_GOAL_RECONNECTS)],
    )
    assert invite_one(dana, "lee@example.org").status == 303  # before the change
    form = form_with(page, "Save program settings")
    saved = dana.request(
        "POST",
        form.action,
        form.data(
            name="Bridges to Work — Leeds",
            default_time_zone="europe/london",
            default_reminder_hour="7",
            default_cadence_days="60",
            default_goal_people="6",
            default_goal_new_people="2",
            default_goal_reconnects="3",
        ),
    )
    assert (saved.status, saved.location) == (303, f"{SETTINGS}?saved=1")
    assert "Saved. Members you invite from now on start with these" in dana.get(saved.location).text
    program = dynamo_repositories().orgs.get("bridges")
    assert program is not None
    assert (program.name, program.default_time_zone, program.default_reminder_hour) == (
        "Bridges to Work — Leeds",
        "Europe/London",
        7,
    )
    assert program.default_cadence_days == 60
    assert invite_one(dana, "kim@example.org").status == 303
    kim = next(m for m in _bridges_members() if m.email == "kim@example.org")
    assert (kim.time_zone, kim.reminder_hour, kim.default_cadence_days) == ("Europe/London", 7, 60)
    assert kim.goal == WeeklyGoal(people=6, new_people=2, reconnects=3)
    shown = form_with(dana.get(SETTINGS), "Save program settings").fields
    assert (shown["default_goal_people"], shown["default_goal_reconnects"]) == (["6"], ["3"])
    lee = next(m for m in _bridges_members() if m.email == "lee@example.org")
    assert lee.goal == WeeklyGoal()  # members already here keep theirs
    assert "Bridges to Work — Leeds" in dana.get(REPORT).text


def test_every_invitation_starts_the_member_with_the_program_settings_they_see_in_the_api(
    dana: Browser, aws: Stack
) -> None:
    """One member invited from the page, one from a CSV upload, one by POST /org/members: each
    one's own GET /goals and GET /me show the program's defaults as saved on the page."""
    form = form_with(dana.get(SETTINGS), "Save program settings")
    defaults = {
        "default_time_zone": "Europe/Lisbon",
        "default_reminder_hour": "18",
        "default_goal_people": "5",
        "default_goal_new_people": "1",
        "default_goal_reconnects": "2",
    }
    assert dana.request("POST", form.action, form.data(**defaults)).status == 303
    assert invite_one(dana, "one@example.org").status == 303
    assert upload(dana, "email,name\nlist@example.org,Lis Tan\n").status == 200
    admin = ApiClient(Identity("bridges", "dana", DANA, frozenset({"admins"})))
    invited = {m.email: m.key.member_id for m in _bridges_members()}
    invited["api@example.org"] = org.invite(admin, "api@example.org")["id"]
    for email in ("one@example.org", "list@example.org", "api@example.org"):
        member = ApiClient(Identity("bridges", invited[email], email))
        goals, me = member.get("/goals"), member.get("/me")
        assert (goals.status, me.status) == (200, 200), email
        assert goals.body == {"people": 5, "new_people": 1, "reconnects": 2}, email
        assert (me.body["time_zone"], me.body["reminder_hour"]) == ("Europe/Lisbon", 18), email


def test_the_program_default_language_is_chosen_on_the_page_and_new_members_read_it(
    dana: Browser, aws: Stack
) -> None:
    """The program's default language (issue 17): a select on the settings page; members invited
    from then on start in it (GET /me), and saving the other settings keeps it."""
    page = dana.get(SETTINGS)
    assert form_with(page, "Save program settings").fields["default_language"] == ["en"]
    assert '<option value="es" lang="es">Español</option>' in page.body
    saved = dana.request("POST", *_posted(page, default_language="es"))
    assert saved.status == 303
    assert invite_one(dana, "lucia@example.org").status == 303
    lucia = next(m for m in _bridges_members() if m.email == "lucia@example.org")
    me = ApiClient(Identity("bridges", lucia.key.member_id, "lucia@example.org")).get("/me")
    assert me.body["language"] == "es"
    again = dana.get(SETTINGS)
    assert form_with(again, "Save program settings").fields["default_language"] == ["es"]
    assert dana.request("POST", *_posted(again, default_cadence_days="45")).status == 303
    assert form_with(dana.get(SETTINGS), "Save program settings").fields["default_language"] == ["es"]
    refused = dana.request("POST", *_posted(again, default_language="fr"))
    assert refused.status == 422
    assert (
        '<p class="error" id="default_language-error">Choose one of the languages listed.</p>' in refused.body
    )


def _posted(page: Answer, **changes: str) -> tuple[str, dict[str, list[str]]]:
    form = form_with(page, "Save program settings")
    return form.action, form.data(**changes)


def test_program_settings_with_mistakes_keep_what_was_typed_and_change_nothing(
    dana: Browser, aws: Stack
) -> None:
    before = table_items(aws)
    page = dana.get(SETTINGS)
    form = form_with(page, "Save program settings")
    answer = dana.request(
        "POST",
        form.action,
        form.data(
            name="  ",
            default_time_zone="Londn",
            default_reminder_hour="25",
            default_cadence_days="3",
            default_goal_people="0",
            default_goal_new_people="two",
            default_goal_reconnects="51",
        ),
    )
    assert answer.status == 422
    for name in (
        "name",
        "default_time_zone",
        "default_reminder_hour",
        "default_cadence_days",
        "default_goal_people",
        "default_goal_new_people",
        "default_goal_reconnects",
    ):
        assert f'href="#{name}"' in answer.body, name
        assert f'id="{name}-error"' in answer.body, name
    assert "Did you mean Europe/London?" in answer.text
    assert "from 7 to 730" in answer.text
    assert form_with(answer, "Save program settings").fields["default_time_zone"] == ["Londn"]
    assert form_with(answer, "Save program settings").fields["default_goal_new_people"] == ["two"]
    too_many = dana.request(
        "POST",
        form.action,
        form.data(default_goal_people="3", default_goal_new_people="2", default_goal_reconnects="2"),
    )
    assert too_many.status == 422
    assert 'id="default_goal_people-error"' in too_many.body
    assert "together they can't be more than the people" in too_many.text
    tagged = dana.request("POST", form.action, form.data(name="<b>Bridges</b>" + "x" * 200))
    assert tagged.status == 422
    assert "&lt;b&gt;Bridges" in tagged.body
    assert table_items(aws) == before
    forged = dana.request("POST", form.action, form.data(csrf="", name="Evil"))
    assert forged.status == 403
    assert table_items(aws) == before


def test_a_member_who_is_not_an_admin_cannot_see_or_change_the_program_settings(
    aws: Stack, orgs: None
) -> None:
    account(aws, "sam@example.org")
    browser = signed_in_as("sam@example.org")
    assert browser.get(SETTINGS).status == 403
    csrf = forms_in(browser.get("/app").body)[-1].fields["csrf"][0]
    before = table_items(aws)
    changed = browser.request(
        "POST", SETTINGS, {"csrf": csrf, "name": "Mine now", "default_time_zone": "UTC"}
    )
    assert changed.status == 403
    assert table_items(aws) == before
