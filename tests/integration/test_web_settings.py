"""The web app's Settings (/app/settings) and download (/app/export), as a browser drives them
over the public function: each section's form changes what GET /me says, bad input comes back
with what was typed and the error beside its field, and deleting the account ends it."""

from __future__ import annotations

import json
import re
from datetime import date

from local.provision import Stack
from tests.conftest import ApiClient, sent_emails, sent_sms
from tests.integration import test_web_app as web
from tests.integration.test_reminders import dynamodb_calls
from tests.integration.test_web_app import PASSWORD, Answer, Browser, signed_in
from tests.public_pages import forms_in
from tracker.domain.clock import FixedClock

SETTINGS = "/app/settings"

# The web app's fixtures: Bridges, its admin, and Sam with one contact (a pick today).
mailed_invitations, program, sam = web.mailed_invitations, web.program, web.sam


def section(page: Answer, name: str) -> dict[str, list[str]]:
    """The fields of the page's form for `name`, as the browser would send them."""
    form = next(f for f in forms_in(page.body) if f.fields.get("section") == [name])
    return form.fields


def post(browser: Browser, name: str, **changes: str | list[str]) -> Answer:
    page = browser.get(SETTINGS)
    form = next(f for f in forms_in(page.body) if f.fields.get("section") == [name])
    return browser.request("POST", form.action, form.data(**changes))


def test_settings_show_the_profile_and_cost_at_most_three_reads(sam: ApiClient) -> None:
    browser = signed_in(sam)
    assert browser.get(SETTINGS).status == 200  # the quick-log link's version is made once
    with dynamodb_calls() as calls:
        page = browser.get(SETTINGS)
    assert page.status == 200
    assert len(calls) <= 3, calls
    assert 'aria-current="page"' in page.body
    assert 'href="/app/settings"' in page.body
    me = sam.get("/me").body
    assert section(page, "profile")["time_zone"] == [me["time_zone"]]
    assert section(page, "reminders")["reminder_hour"] == [str(me["reminder_hour"])]
    assert section(page, "reminders")["reminder_channels"] == ["email"]
    assert '<option value="Europe/London">' in page.body  # the datalist of zones
    assert "follows &quot;I&#x27;m …&quot;" in page.body or 'follows "I\'m …"' in page.text
    assert "weeks never count as missed" in page.text
    assert len(page.body.encode()) < 40_000
    assert "<script" not in page.body


def test_signed_out_settings_go_to_sign_in_and_back(sam: ApiClient) -> None:
    answer = Browser().get(SETTINGS)
    assert answer.status == 303
    assert answer.location == "/app/sign-in?next=%2Fapp%2Fsettings"
    browser = Browser()
    back = browser.sign_in("sam@example.org", PASSWORD, answer.location)
    assert (back.status, back.location) == (303, SETTINGS)


def test_profile_saves_through_the_members_service(sam: ApiClient) -> None:
    browser = signed_in(sam)
    done = post(
        browser,
        "profile",
        display_name="Sam Rivera",
        time_zone="europe/london",
        current_focus="getting back into UX research",
        drafts_may_mention_health="no",
    )
    assert (done.status, done.location) == (303, "/app/settings?saved=profile")
    assert "Saved: your profile." in browser.get(done.location).text
    me = sam.get("/me").body
    assert (me["display_name"], me["time_zone"], me["current_focus"], me["drafts_may_mention_health"]) == (
        "Sam Rivera",
        "Europe/London",
        "getting back into UX research",
        False,
    )
    page = browser.get(SETTINGS)
    assert "Not decided yet" not in page.text  # once chosen, yes or no
    assert section(page, "profile")["drafts_may_mention_health"] == ["no"]


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong_beside_the_field(sam: ApiClient) -> None:
    browser = signed_in(sam)
    before = sam.get("/me").body
    answer = post(browser, "profile", display_name="Sam <b>", time_zone="Londn", current_focus="x" * 2001)
    assert answer.status == 422
    assert 'href="#time_zone"' in answer.body
    assert 'href="#current_focus"' in answer.body
    assert "Did you mean Europe/London?" in answer.text
    assert 'id="time_zone-error"' in answer.body
    assert 'aria-invalid="true"' in answer.body
    assert section(answer, "profile")["time_zone"] == ["Londn"]
    assert section(answer, "profile")["display_name"] == ["Sam <b>"]
    assert "Sam &lt;b&gt;" in answer.body
    assert sam.get("/me").body == before
    # Rules of the service too: texts need a phone number
    sms = post(browser, "reminders", reminder_channels=["email", "sms"])
    assert sms.status == 422
    assert 'href="#reminder_channels"' in sms.body
    assert "SMS reminders need a phone number" in sms.text
    assert section(sms, "reminders")["reminder_channels"] == ["email", "sms"]
    assert post(browser, "reminders", reminder_hour="25").status == 422
    assert post(browser, "pause", paused_until="yesterday").status == 422
    assert sam.get("/me").body == before


def test_reminders_change_hour_channels_picks_and_weekly_check(sam: ApiClient) -> None:
    browser = signed_in(sam)
    done = post(
        browser,
        "reminders",
        reminder_hour="7",
        reminder_channels=[],
        picks_per_day="2",
        weekly_review_day="mon",
        weekly_review_hour="18",
    )
    assert done.status == 303
    me = sam.get("/me").body
    assert (me["reminder_hour"], me["reminder_channels"], me["picks_per_day"]) == (7, [], 2)
    assert (me["weekly_review_day"], me["weekly_review_hour"]) == ("mon", 18)


def test_pause_until_a_date_then_resume(sam: ApiClient, clock: FixedClock) -> None:
    browser = signed_in(sam)
    today = clock.now().date()
    until = date.fromordinal(today.toordinal() + 30).isoformat()
    assert post(browser, "pause", paused_until=today.isoformat()).status == 422  # not today
    done = post(browser, "pause", paused_until=until)
    assert done.location == "/app/settings?saved=pause"
    assert sam.get("/me").body["paused_until"] == until
    page = browser.get(done.location)
    assert "Paused until" in page.text
    resumed = browser.request("POST", SETTINGS, section(page, "resume"))
    assert resumed.location == "/app/settings?saved=resume"
    assert sam.get("/me").body["paused_until"] is None


def test_a_phone_number_is_confirmed_with_the_code_texted_to_it(sam: ApiClient) -> None:
    browser = signed_in(sam)
    bad = post(browser, "phone", phone="12345")
    assert bad.status == 422
    assert 'href="#phone"' in bad.body
    done = post(browser, "phone", phone="+1 312 555 0142")
    assert done.location == "/app/settings?saved=phone"
    with dynamodb_calls() as calls:
        page = browser.get(done.location)
    assert len(calls) <= 3, calls  # the session, the link's version, the number's STOP records
    assert "+13125550142 is not confirmed yet" in page.text
    assert sam.get("/me").body["phone_status"] == "unverified"
    (code,) = re.findall(r"your code is (\d{6})", [t for to, t in sent_sms() if to == "+13125550142"][-1])
    wrong = browser.request(
        "POST", SETTINGS, {**section(page, "verify"), "code": ["000000" if code != "000000" else "111111"]}
    )
    assert wrong.status == 422
    assert "That is not the code we texted; 4 tries left" in wrong.text
    too_soon = browser.request("POST", SETTINGS, section(page, "code"))
    assert too_soon.status == 429
    assert "a moment ago" in too_soon.text
    right = browser.request("POST", SETTINGS, {**section(page, "verify"), "code": [code]})
    assert right.location == "/app/settings?saved=verified"
    assert "+13125550142 is confirmed" in browser.get(right.location).text
    assert sam.get("/me").body["phone_status"] == "verified"
    # Texts may go now; removing the number stops them
    assert post(browser, "reminders", reminder_channels=["email", "sms"], reminder_hour="9").status == 303
    assert post(browser, "phone", phone="").status == 422  # SMS still on: needs a number
    assert post(browser, "reminders", reminder_channels=["email"]).status == 303
    removed = post(browser, "phone", phone="")
    assert removed.location == "/app/settings?saved=phone_removed"
    assert sam.get("/me").body["phone"] is None


def test_a_new_email_address_is_mailed_a_link_first(sam: ApiClient) -> None:
    browser = signed_in(sam)
    assert post(browser, "email", email="not an address").status == 422
    done = post(browser, "email", email="sam.new@example.org")
    assert done.location == "/app/settings?saved=email"
    me = sam.get("/me").body
    assert (me["email"], me["pending_email"]) == ("sam@example.org", "sam.new@example.org")
    assert any("sam.new@example.org" in m.destinations for m in sent_emails())
    assert "We emailed a link to sam.new@example.org" in browser.get(SETTINGS).text


def test_the_quick_log_link_is_shown_and_rotating_it_ends_the_old_one(sam: ApiClient) -> None:
    browser = signed_in(sam)
    page = browser.get(SETTINGS)
    (old,) = re.findall(r'<a href="(https?://[^"]+/log\?t=[^"]+)"', page.body)
    path = old.split("://", 1)[1].split("/", 1)[1]
    assert browser.get("/" + path).status == 200
    rotated = browser.request("POST", SETTINGS, section(page, "rotate"))
    assert rotated.location == "/app/settings?saved=rotated"
    after = browser.get(rotated.location)
    assert "earlier links no longer work" in after.text
    (new,) = re.findall(r'<a href="(https?://[^"]+/log\?t=[^"]+)"', after.body)
    assert new != old
    assert browser.get("/" + path).status != 200


def test_download_my_data_is_the_apis_export_as_an_attachment(sam: ApiClient) -> None:
    browser = signed_in(sam)
    csv = browser.get("/app/export?format=csv")
    assert csv.status == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert re.match(
        r'attachment; filename="networking-tracker-\d{4}-\d{2}-\d{2}\.csv"',
        csv.headers["content-disposition"],
    )
    assert "Ana Lima" in csv.body
    with dynamodb_calls() as calls:
        as_json = browser.get("/app/export?format=json")
    assert len(calls) <= 3, calls
    assert as_json.headers["content-type"] == "application/json"
    assert (
        json.loads(as_json.body)["contacts"] == sam.get("/export", query={"format": "json"}).body["contacts"]
    )
    assert Browser().get("/app/export?format=csv").status == 303  # signed out: to sign-in


def test_posts_without_their_token_change_nothing(sam: ApiClient) -> None:
    browser = signed_in(sam)
    page = browser.get(SETTINGS)
    data = {**section(page, "delete"), "confirm_email": ["sam@example.org"]}
    assert browser.request("POST", SETTINGS, {**data, "csrf": ["forged"]}).status == 403
    browser.cross_site = True
    assert browser.request("POST", SETTINGS, data).status == 403
    browser.cross_site = False
    assert browser.get(SETTINGS).status == 200


def test_deleting_my_account_asks_for_my_email_then_ends_everything(aws: Stack, sam: ApiClient) -> None:
    browser = signed_in(sam)
    wrong = post(browser, "delete", confirm_email="someone@example.org")
    assert wrong.status == 422
    assert 'href="#confirm_email"' in wrong.body
    assert sam.get("/contacts").status == 200
    done = post(browser, "delete", confirm_email="Sam@Example.org")
    assert done.status == 200
    assert "Your account is deleted" in done.text
    assert any(c.startswith("__Host-session=;") and "Max-Age=0" in c for c in done.set_cookies)
    assert 'action="/app/sign-out"' not in done.body  # signed out
    assert browser.get(SETTINGS).status == 303
    assert Browser().sign_in("sam@example.org", PASSWORD).status == 401
