"""The web app's front door (/app), as a browser drives it: through the public function, with
real sign-ins against moto's Cognito (the user pool and app client of template.yaml), cookies
kept as a browser keeps them, and forms posted as they are found in the pages."""

from __future__ import annotations

import base64
import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import boto3
import pytest

from local import invitations
from local.provision import Stack
from tests.conftest import ApiClient, _Context, _route_of, load_event, sent_emails
from tests.faults import faults, throttled
from tests.integration.test_reminders import dynamodb_calls
from tests.public_pages import forms_in, text_of
from tracker.domain import Identity, Org
from tracker.domain.clock import FixedClock

HOST = "tracker.example.org"
PASSWORD = "Sams-password-1"
ADMINS = frozenset({"admins"})


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    set_cookies: list[str]

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    @property
    def text(self) -> str:
        return text_of(self.body)


@dataclass
class Browser:
    """Calls functions/web (the web app; functions/public for the pages behind links) the way the
    HTTP API would for a browser, keeping its cookies."""

    jar: dict[str, str] = field(default_factory=dict)
    cross_site: bool = False

    def request(
        self,
        method: str,
        target: str,
        form: dict[str, Any] | None = None,
        *,
        raw: tuple[str, bytes] | None = None,
        **headers: str,
    ) -> Answer:
        """`raw`: (content type, body) sent as is, base64-encoded as the HTTP API delivers
        multipart bodies, instead of the urlencoded `form`."""
        from functions.public.app import lambda_handler as public
        from functions.web.app import lambda_handler as web

        parts = urlsplit(target)
        lambda_handler = web if parts.path == "/app" or parts.path.startswith("/app/") else public
        event = copy.deepcopy(load_event("api_get_me"))
        route, _ = _route_of(method, parts.path)
        event["routeKey"] = event["requestContext"]["routeKey"] = route
        event["rawPath"] = parts.path
        event["rawQueryString"] = parts.query
        event["requestContext"]["http"].update(method=method, path=parts.path)
        event["requestContext"].pop("authorizer", None)
        event.pop("queryStringParameters", None)
        if parts.query:
            event["queryStringParameters"] = {k: v[0] for k, v in parse_qs(parts.query).items()}
        event["headers"] = {"host": HOST, "user-agent": "test"}
        if method == "POST":
            site = "cross-site" if self.cross_site else "same-origin"
            origin = "https://evil.example" if self.cross_site else f"https://{HOST}"
            event["headers"].update({"sec-fetch-site": site, "origin": origin})
            event["headers"]["content-type"] = "application/x-www-form-urlencoded"
            event["body"] = urlencode(form or {}, doseq=True)
            if raw is not None:
                event["headers"]["content-type"] = raw[0]
                event["body"] = base64.b64encode(raw[1]).decode("ascii")
                event["isBase64Encoded"] = True
        else:
            event.pop("body", None)
        event["headers"].update(headers)
        event.pop("cookies", None)
        if self.jar:
            event["cookies"] = [f"{name}={value}" for name, value in self.jar.items()]
        result = lambda_handler(event, _Context())
        set_cookies = [str(cookie) for cookie in result.get("cookies") or []]
        for cookie in set_cookies:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in cookie:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        headers_out = {str(k).lower(): str(v) for k, v in (result.get("headers") or {}).items()}
        return Answer(result["statusCode"], headers_out, result.get("body") or "", set_cookies)

    def get(self, target: str) -> Answer:
        return self.request("GET", target)

    def submit(self, page: Answer, button: str, **changes: str) -> Answer:
        """Fill in and send the form of `page` whose button says `button`."""
        form = next(f for f in forms_in(page.body) if any(button in b for b in f.buttons))
        return self.request("POST", form.action, form.data(**changes))

    def sign_in(self, email: str, password: str, target: str = "/app/sign-in") -> Answer:
        return self.submit(self.get(target), "Sign in", email=email, password=password)


@pytest.fixture
def mailed_invitations(aws: Stack) -> Iterator[None]:
    with invitations.installed():
        yield


@pytest.fixture
def program(aws: Stack, clock: FixedClock, mailed_invitations: None) -> ApiClient:
    """Bridges, and its admin (API calls as the admin)."""
    from tracker.runtime import dynamo_repositories

    dynamo_repositories().orgs.put(Org("bridges", "Bridges to Work", default_time_zone="America/Chicago"))
    return ApiClient(Identity("bridges", "aaaaaaaa-0000-4000-8000-00000000000a", "dana@bridges.org", ADMINS))


def account(stack: Stack, email: str, password: str = PASSWORD) -> Identity:
    """A member who has signed in before: an account with a password of their own."""
    cognito = boto3.client("cognito-idp")
    created = cognito.admin_create_user(
        UserPoolId=stack.user_pool_id,
        Username=email,
        UserAttributes=[
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:org_id", "Value": "bridges"},
        ],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=stack.user_pool_id, Username=email, Password=password, Permanent=True
    )
    sub = next(a["Value"] for a in created["User"]["Attributes"] if a["Name"] == "sub")
    return Identity("bridges", sub, email)


@pytest.fixture
def sam(aws: Stack, program: ApiClient) -> ApiClient:
    """Sam, with one contact he has not spoken to in a long time (a pick today)."""
    member = ApiClient(account(aws, "sam@example.org"))
    reply = member.post(
        "/contacts", {"name": "Ana Lima", "company": "Northwind", "how_we_met": "Old football team"}
    )
    assert reply.status == 201, reply.body
    return member


def signed_in(sam: ApiClient) -> Browser:
    browser = Browser()
    answer = browser.sign_in("sam@example.org", PASSWORD)
    assert (answer.status, answer.location) == (303, "/app"), answer.text
    return browser


def temporary_password(address: str) -> str:
    mail = [m for m in sent_emails() if address in m.destinations][-1]
    found = re.search(r"temporary password: (\S+)", mail.raw_data)
    assert found, mail.raw_data
    return found.group(1)


# ---------------------------------------------------------------- signing in


def test_a_member_signs_in_and_today_shows_the_reminders_picks_with_a_draft_to_copy(sam: ApiClient) -> None:
    browser = Browser()
    form = browser.get("/app/sign-in")
    assert form.status == 200
    answer = browser.sign_in("sam@example.org", PASSWORD)
    assert (answer.status, answer.location) == (303, "/app")
    (session,) = [c for c in answer.set_cookies if c.startswith("__Host-session=")]
    attributes = {part.strip().split("=")[0] for part in session.split(";")[1:]}
    assert {"Path", "HttpOnly", "Secure", "SameSite"} <= attributes
    assert "Domain" not in attributes
    assert "; Path=/;" in session + ";"
    assert "SameSite=Lax" in session
    assert any(c.startswith("__Host-signin=;") and "Max-Age=0" in c for c in answer.set_cookies)
    today = browser.get("/app")
    assert today.status == 200
    api_picks = sam.get("/picks/today").body
    assert [p["contact"]["name"] for p in api_picks["picks"]] == ["Ana Lima"]  # the same people
    assert "Ana Lima" in today.text
    assert "Northwind" in today.text
    shown = today.body.replace("&#x27;", "'")
    assert api_picks["picks"][0]["draft"]["text"] in shown
    # the shorter versions are one disclosure away, without JavaScript
    assert re.search(r"<details[^>]*><summary>Shorter versions", today.body)
    assert api_picks["picks"][0]["draft"]["linkedin"] in shown
    assert api_picks["picks"][0]["draft"]["sms"] in shown
    assert re.search(
        r'<label for="draft-1">A message to Ana, to copy</label>\s*<textarea id="draft-1" readonly',
        today.body,
    )
    policy = today.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "<script" not in today.body
    assert 'href="#main"' in today.body
    assert 'action="/app/sign-out"' in today.body


def test_a_wrong_password_and_an_unknown_address_get_the_same_neutral_answer(sam: ApiClient) -> None:
    wrong = Browser().sign_in("sam@example.org", "not-his-password-1")
    unknown = Browser().sign_in("nobody@example.org", "not-his-password-1")
    for answer in (wrong, unknown):
        assert answer.status == 401
        assert "That email address and password don't match an account" in answer.text
        assert not any(c.startswith("__Host-session=") for c in answer.set_cookies)
        assert 'value="not-his-password-1"' not in answer.body  # a password is never sent back
    assert wrong.text.replace("sam@", "x@") == unknown.text.replace("nobody@", "x@")
    empty = Browser().sign_in("", "")
    assert empty.status == 422
    assert 'href="#email"' in empty.body
    assert 'href="#password"' in empty.body


def test_an_invited_member_chooses_a_password_at_their_first_sign_in(program: ApiClient) -> None:
    # Given Nia, invited by her program's admin, with the temporary password from the invitation
    nia = program.post("/org/members", {"email": "nia@example.org", "name": "Nia Member"}).body
    assert nia["status"] == "invited"
    temporary = temporary_password("nia@example.org")
    browser = Browser()
    # When she signs in with it, she is asked to choose her own password
    choose = browser.sign_in("nia@example.org", temporary)
    assert choose.status == 200
    assert "<h1>Choose your password</h1>" in choose.body
    assert not any(c.startswith("__Host-session=") for c in choose.set_cookies)
    mismatch = browser.submit(choose, "Save password", password="nias-password-1", confirm="nias-password-2")
    assert mismatch.status == 422
    assert "The two passwords are different" in mismatch.text
    weak = browser.submit(mismatch, "Save password", password="short", confirm="short")
    assert weak.status == 422
    assert "at least 10 characters" in weak.text
    done = browser.submit(weak, "Save password", password="nias-password-1", confirm="nias-password-1")
    # Then she is signed in, and her program sees her as signed in
    assert (done.status, done.location) == (303, "/app")
    assert browser.get("/app").status == 200
    roster = {m["id"]: m for m in program.get("/org/members").body["items"]}
    assert roster[nia["id"]]["status"] == "active"
    # And from now on her own password signs her in; the temporary one no longer does
    assert Browser().sign_in("nia@example.org", "nias-password-1").status == 303
    assert Browser().sign_in("nia@example.org", temporary).status == 401


# ---------------------------------------------------------------- forms are this site's, this session's


def test_a_post_without_its_form_token_or_from_another_site_changes_nothing(sam: ApiClient) -> None:
    browser = signed_in(sam)
    today = browser.get("/app")
    form = next(f for f in forms_in(today.body) if any("I reached out" in b for b in f.buttons))
    for data in (
        {**form.fields, "csrf": [""]},
        {**form.fields, "csrf": ["forged-token"]},
        {"contact": form.fields["contact"], "action": ["done"]},
    ):
        refused = browser.request("POST", "/app/picks", data)
        assert refused.status == 403
        assert "nothing was changed" in refused.text.lower()
    # The right token, but the browser says the post comes from another site
    browser.cross_site = True
    assert browser.request("POST", "/app/picks", form.data()).status == 403
    assert [p["status"] for p in sam.get("/picks/today").body["picks"]] == ["pending"]
    # Another session's token does not do either
    other = signed_in(sam)
    other_form = next(
        f for f in forms_in(other.get("/app").body) if any("I reached out" in b for b in f.buttons)
    )
    browser.cross_site = False
    assert (
        browser.request("POST", "/app/picks", other_form.data(csrf=form.fields["csrf"][0] + "x")).status
        == 403
    )
    # The sign-in form too: its token is bound to the browser's own sign-in cookie
    stranger = Browser()
    page = stranger.get("/app/sign-in")
    stranger.jar.clear()
    assert stranger.submit(page, "Sign in", email="sam@example.org", password=PASSWORD).status == 403
    assert [p["status"] for p in sam.get("/picks/today").body["picks"]] == ["pending"]
    # With its token, the same post works: Ana is done, as in the API
    done = browser.request("POST", "/app/picks", form.data())
    assert done.status == 303
    assert done.location.startswith("/app?did=done")
    assert "you reached out to Ana Lima" in browser.get(done.location).text
    assert [p["status"] for p in sam.get("/picks/today").body["picks"]] == ["done"]


# ---------------------------------------------------------------- sessions end


def test_sign_out_ends_the_session_at_once(sam: ApiClient) -> None:
    browser = signed_in(sam)
    kept = dict(browser.jar)  # a copy of the cookie, as someone who took it would have
    out = browser.submit(browser.get("/app"), "Sign out")
    assert (out.status, out.location) == (303, "/app/sign-in?notice=signed_out")
    assert any(c.startswith("__Host-session=;") and "Max-Age=0" in c for c in out.set_cookies)
    again = Browser(jar=kept).get("/app")
    assert again.status == 303
    assert again.location.startswith("/app/sign-in")


def test_removal_by_an_admin_ends_an_open_session_at_once(program: ApiClient, sam: ApiClient) -> None:
    browser = signed_in(sam)
    assert browser.get("/app").status == 200
    assert program.delete(f"/org/members/{sam.identity.member_id}").status == 204
    answer = browser.get("/app")
    assert (answer.status, answer.location) == (303, "/app/sign-in?notice=expired")
    assert Browser().sign_in("sam@example.org", PASSWORD).status == 401  # the account is gone too


def test_deleting_my_account_ends_my_open_session(sam: ApiClient) -> None:
    browser = signed_in(sam)
    assert sam.delete("/me").body == {"erased_items": 3}  # the profile, Ana and the session
    assert browser.get("/app").status == 303


def test_an_expired_session_signs_in_again_and_returns_to_the_page_asked_for(
    sam: ApiClient, clock: FixedClock
) -> None:
    browser = signed_in(sam)
    clock.advance(hours=2, minutes=1)  # idle for more than 2 hours
    answer = browser.get("/app?did=missing")
    assert answer.status == 303
    assert answer.location == "/app/sign-in?" + urlencode({"next": "/app?did=missing", "notice": "expired"})
    page = browser.get(answer.location)
    assert "Your session ended" in page.text
    back = browser.submit(page, "Sign in", email="sam@example.org", password=PASSWORD)
    assert (back.status, back.location) == (303, "/app?did=missing")


def test_a_session_used_within_two_hours_lasts_until_twelve_hours_after_sign_in(
    sam: ApiClient, clock: FixedClock
) -> None:
    browser = signed_in(sam)
    for _ in range(11):
        clock.advance(hours=1)  # the access token expires each hour: refreshed with the refresh token
        assert browser.get("/app").status == 200
    clock.advance(hours=1)
    assert browser.get("/app").status == 303


def test_a_refresh_the_user_pool_refuses_ends_the_session(
    aws: Stack, sam: ApiClient, clock: FixedClock
) -> None:
    browser = signed_in(sam)
    boto3.client("cognito-idp").admin_user_global_sign_out(
        UserPoolId=aws.user_pool_id, Username="sam@example.org"
    )
    assert browser.get("/app").status == 200  # within the hour the access token was good for
    clock.advance(minutes=61)
    assert browser.get("/app").status == 303


@pytest.mark.parametrize(
    "target", ["https://evil.example/app", "//evil.example/app", "/\\evil.example", "/docs", "/app\x00x"]
)
def test_sign_in_never_sends_the_browser_off_the_app(sam: ApiClient, target: str) -> None:
    browser = Browser()
    answer = browser.sign_in("sam@example.org", PASSWORD, "/app/sign-in?" + urlencode({"next": target}))
    assert (answer.status, answer.location) == (303, "/app")


def test_today_reads_three_items_or_queries_once_the_days_picks_are_chosen(sam: ApiClient) -> None:
    browser = signed_in(sam)
    browser.get("/app")  # the day's picks are chosen (as the morning reminder would)
    with dynamodb_calls() as calls:
        assert browser.get("/app").status == 200
    assert [name for name, _ in calls] == ["BatchGetItem", "Query", "BatchGetItem"], (
        calls
    )  # session+profile, the days' picks, people


@pytest.mark.parametrize(
    "refusal",
    [
        throttled(),  # as a 429 only
        (400, {}, json.dumps({"__type": "TooManyFailedAttemptsException", "message": "Too many"}).encode()),
        (400, {}, json.dumps({"__type": "LimitExceededException", "message": "Attempt limit"}).encode()),
    ],
)
def test_the_user_pools_own_throttling_is_a_neutral_page_never_a_500(sam: ApiClient, refusal: Any) -> None:
    from tracker.adapters.aws import client

    with faults(client("cognito-idp"), "InitiateAuth", lambda request, number: refusal):
        answer = Browser().sign_in("sam@example.org", PASSWORD)
    assert answer.status == 429
    assert "Too many tries" in answer.text
    assert "sam@example.org" in answer.body
    assert not any(c.startswith("__Host-session=") for c in answer.set_cookies)


def test_today_says_when_reminder_emails_no_longer_arrive(
    aws: Stack, sam: ApiClient, clock: FixedClock, pipeline: Any
) -> None:
    browser = signed_in(sam)
    assert "not arriving" not in browser.get("/app").text
    bounce = json.loads(load_event("sns_ses_bounce")["Records"][0]["Sns"]["Message"])
    bounce["bounce"]["bouncedRecipients"][0]["emailAddress"] = "sam@example.org"
    (delivery,) = pipeline.publish(aws.ref("EmailFeedbackTopic"), json.dumps(bounce))
    assert delivery["result"] == {"suppressed": 1}
    clock.advance(minutes=6)  # the session's next touch reads the suppression list once
    with dynamodb_calls() as calls:
        today = browser.get("/app")
    assert today.status == 200
    assert "Your reminder emails to sam@example.org are not arriving: bounced" in today.text
    assert 'href="/app/settings#email"' in today.body
    assert "PATCH /me" not in today.text
    assert [name for name, _ in calls].count("BatchGetItem") == 3  # + the suppression list, at a touch
    with dynamodb_calls() as calls:
        again = browser.get("/app")  # between touches: said from the session, no read of its own
    assert "are not arriving" in again.text
    assert [name for name, _ in calls] == ["BatchGetItem", "Query", "BatchGetItem"], (
        calls
    )  # session+profile, the days' picks, people
    # In Spanish for a member who reads it, on Today and Settings alike
    assert sam.patch("/me", {"language": "es"}).status == 200
    for path in ("/app", "/app/settings"):
        page = browser.get(path).text
        assert "rebotado: la dirección no acepta nuestros correos" in page, path
        assert "bounced" not in page, path
