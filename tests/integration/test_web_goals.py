"""The web app's Goals (/app/goals), as a browser drives it over the web function: the targets,
this week against them, the streak, the last 12 weeks as a chart and a table, the plan with
Accept; the targets' form checked as PUT /goals checks them, and each member's own weeks only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from local.provision import Stack
from tests.conftest import ApiClient
from tests.integration import test_web_app as web
from tests.integration.test_reminders import dynamodb_calls
from tests.integration.test_web_app import Answer, Browser, account, signed_in
from tests.public_pages import forms_in
from tracker.domain.clock import FixedClock

GOALS = "/app/goals"

# The web app's fixtures: the program Bridges (America/Chicago) and its admin.
mailed_invitations, program = web.mailed_invitations, web.program


@pytest.fixture
def sam(aws: Stack, program: ApiClient, clock: FixedClock) -> ApiClient:
    """Sam joined three weeks ago (2026-W45) with a goal of one person a week, met it in W46 and
    W47 (Ana), and has Bo, not spoken to for 200 days, due for a reconnect. Now: Thursday of W48."""
    now = clock.at
    clock.at = now - timedelta(weeks=3)
    member = ApiClient(account(aws, "sam@example.org"))
    assert member.call("PUT", "/goals", {"people": 1, "new_people": 0, "reconnects": 0}).status == 200
    ana = member.post("/contacts", {"name": "Ana Lima", "company": "Northwind"}).body["id"]
    bo = member.post(
        "/contacts", {"name": "Bo Old", "last_contact_at": (clock.at - timedelta(days=200)).isoformat()}
    )
    assert bo.status == 201, bo.body
    for week in (1, 2):
        clock.at = now - timedelta(weeks=3 - week)
        logged = member.post(f"/contacts/{ana}/interactions", {"channel": "call", "summary": "Catch-up"})
        assert logged.status == 201, logged.body
    clock.at = now
    return member


def targets(page: Answer) -> dict[str, list[str]]:
    return next(f for f in forms_in(page.body) if f.fields.get("section") == ["targets"]).fields


def post(browser: Browser, section: str, **changes: str) -> Answer:
    form = next(f for f in forms_in(browser.get(GOALS).body) if f.fields.get("section") == [section])
    return browser.request("POST", form.action, form.data(**changes))


def test_goals_show_the_targets_this_week_the_streak_and_twelve_weeks_in_three_reads(sam: ApiClient) -> None:
    browser = signed_in(sam)
    with dynamodb_calls() as calls:
        assert browser.get(GOALS).status == 200  # the first view of the week makes its plan
    made = ["BatchGetItem", "BatchGetItem", "Query", "Query", "BatchGetItem", "PutItem"]
    assert [name for name, _ in calls] == made, calls  # no second read of the plan
    with dynamodb_calls() as calls:
        page = browser.get(GOALS)
    assert page.status == 200
    # The session, the member's 26 weeks with the plan (by key), and the plan's people.
    assert [name for name, _ in calls] == ["BatchGetItem"] * 3, calls
    assert len(page.body.encode()) < 40_000
    assert "<script" not in page.body
    assert '<a href="/app/goals" aria-current="page">Goals</a>' in page.body
    text = page.text
    assert "Your weekly goal: 1 person a week, of whom 0 new people and 0 reconnects." in text
    assert "This week (23-29 Nov) People you were in touch with: 0 of 1 Nothing logged this week yet." in text
    assert "You've met your goals 2 weeks in a row. This week can add to it." in text
    assert targets(page) | {"csrf": []} == {
        "csrf": [],
        "section": ["targets"],
        "people": ["1"],
        "new_people": ["0"],
        "reconnects": ["0"],
    }
    # The chart is an image whose title says every figure; the table has the same figures
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="weeks-t"><title id="weeks-t">', page.body)
    assert (
        "2026-W44: before you joined; 2026-W45: 0 of 1 people, not met; 2026-W46: 1 of 1 people, met"
        in page.body
    )
    assert "2026-W47: 1 of 1 people, met; 2026-W48: 0 of 1 people, in progress</title>" in page.body
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page.body)
    assert len(rows) == 12
    cells = [re.sub(r"<[^>]+>", " ", row).split() for row in rows]
    assert cells[0][:3] == ["W37", "·", "7-13"]
    assert " ".join(cells[0]).endswith("Sep \N{EN DASH} \N{EN DASH} \N{EN DASH} 0 Before you joined")
    assert " ".join(cells[-4]).endswith("0 of 1 0 of 0 0 of 0 0 Not met")  # W45: joined, nothing logged
    assert " ".join(cells[-3]).endswith("1 of 1 0 of 0 0 of 0 1 Met")
    assert " ".join(cells[-2]).endswith("1 of 1 0 of 0 0 of 0 1 Met")
    assert " ".join(cells[-1]).endswith("0 of 1 0 of 0 0 of 0 0 In progress")
    # The plan: Bo, due for a reconnect, with why
    assert "Your plan for 23-29 Nov" in text
    assert "Bo Old : Reconnect: last spoke 19 Apr 2026 (7 months ago)" in text
    assert any("Accept this plan" in b for f in forms_in(page.body) for b in f.buttons)


def test_a_member_with_no_weeks_yet_is_told_so_plainly(aws: Stack, program: ApiClient) -> None:
    ApiClient(account(aws, "sam@example.org")).get("/me")
    browser = Browser()
    browser.sign_in("sam@example.org", web.PASSWORD)
    page = browser.get(GOALS)
    assert page.status == 200
    assert "No history yet: nothing has been logged in any week so far." in page.text
    assert "Your streak starts with the first week you meet your goals." in page.text
    assert 'role="img"' not in page.body
    assert "Nobody is due for a reconnect or a next step that week" in page.text
    assert "Your weekly goal: 3 people a week, of whom 1 new person and 1 reconnect." in page.text


def test_new_targets_are_saved_through_the_goal_service(sam: ApiClient) -> None:
    browser = signed_in(sam)
    done = post(browser, "targets", people="4", new_people="1", reconnects="2")
    assert (done.status, done.location) == (303, "/app/goals?saved=targets")
    assert sam.get("/goals").body == {"people": 4, "new_people": 1, "reconnects": 2}
    page = browser.get(done.location)
    assert "Saved: your weekly targets." in page.text
    assert "People you were in touch with: 0 of 4" in page.text  # this week is measured against them
    assert targets(page)["people"] == ["4"]
    assert sam.get("/goals/progress").body["goal"] == {"people": 4, "new_people": 1, "reconnects": 2}


def test_bad_targets_keep_what_was_typed_say_why_beside_each_field_and_change_nothing(
    sam: ApiClient,
) -> None:
    browser = signed_in(sam)
    before = sam.get("/goals").body
    bad = post(browser, "targets", people="0", new_people="two", reconnects="3")
    assert bad.status == 422
    assert targets(bad)["people"] == ["0"]
    assert targets(bad)["new_people"] == ["two"]
    assert 'href="#people"' in bad.body
    assert 'href="#new_people"' in bad.body
    assert 'href="#reconnects"' not in bad.body
    assert '<p class="error" id="people-error">Enter a whole number from 1 to 50.</p>' in bad.body
    assert '<p class="error" id="new_people-error">Enter a whole number from 0 to 50.</p>' in bad.body
    assert 'aria-describedby="people-hint people-error" aria-invalid="true"' in bad.body
    too_big = post(browser, "targets", people="2", new_people="2", reconnects="1")
    assert too_big.status == 422
    assert "together they can't be more than the people" in too_big.text
    assert post(browser, "targets", people="51").status == 422
    assert post(browser, "targets", people="9" * 5000).status == 422
    assert sam.get("/goals").body == before


def test_a_post_without_the_forms_token_or_from_another_site_changes_nothing(sam: ApiClient) -> None:
    browser = signed_in(sam)
    fields = targets(browser.get(GOALS))
    forged = browser.request("POST", GOALS, {**fields, "csrf": [""], "people": ["9"]})
    assert forged.status == 403
    assert "nothing was changed" in forged.text
    browser.cross_site = True
    assert browser.request("POST", GOALS, {**fields, "people": ["9"]}).status == 403
    assert sam.get("/goals").body == {"people": 1, "new_people": 0, "reconnects": 0}
    assert sam.get("/goals/plan").body["accepted"] is False


def test_accepting_the_plan_puts_its_people_in_the_daily_picks(sam: ApiClient) -> None:
    browser = signed_in(sam)
    page = browser.get(GOALS)
    stale = browser.request(
        "POST",
        GOALS,
        {
            **next(f for f in forms_in(page.body) if f.fields.get("section") == ["accept"]).fields,
            "week": ["2026-W47"],
        },
    )
    assert stale.status == 409  # not the plan shown: nothing accepted
    assert "nothing was accepted" in stale.text
    assert sam.get("/goals/plan").body["accepted"] is False
    done = browser.submit(page, "Accept this plan")
    assert (done.status, done.location) == (303, "/app/goals?saved=accepted#plan")
    plan = sam.get("/goals/plan").body
    assert plan["accepted"] is True
    assert [p["name"] for p in plan["people"]] == ["Bo Old"]
    after = browser.get("/app/goals?saved=accepted")
    assert "Plan accepted" in after.text
    assert "Bo Old : Reconnect: last spoke" in after.text
    assert "(in your picks " in after.text
    assert not any("Accept this plan" in b for f in forms_in(after.body) for b in f.buttons)


def test_another_members_weeks_and_plan_are_never_shown(aws: Stack, sam: ApiClient) -> None:
    lee = ApiClient(account(aws, "lee@example.org", "Lees-password-1"))
    zed = lee.post("/contacts", {"name": "Zed Secret", "last_contact_at": "2026-01-05T10:00:00Z"}).body["id"]
    for _ in range(2):
        assert lee.post(f"/contacts/{zed}/interactions", {"channel": "call"}).status == 201
    assert lee.call("PUT", "/goals", {"people": 7, "new_people": 0, "reconnects": 2}).status == 200
    assert lee.get("/goals/plan").status == 200
    page = signed_in(sam).get(GOALS)
    assert "Zed Secret" not in page.text
    assert "0 of 7" not in page.text
    assert "1 of 7" not in page.text
    assert "People you were in touch with: 0 of 1" in page.text
    other = Browser()
    other.sign_in("lee@example.org", "Lees-password-1")
    theirs = other.get(GOALS)
    assert "People you were in touch with: 1 of 7" in theirs.text
    assert "Bo Old" not in theirs.text
    assert "Ana Lima" not in theirs.text


def test_signed_out_goals_go_to_sign_in_and_back(sam: ApiClient) -> None:
    answer = Browser().get(GOALS)
    assert (answer.status, answer.location) == (303, "/app/sign-in?next=%2Fapp%2Fgoals")
    posted = Browser().request("POST", GOALS, {"section": ["targets"], "people": ["9"]})
    assert posted.status == 303
    assert posted.location.startswith("/app/sign-in")
    browser = Browser()
    back = browser.sign_in("sam@example.org", web.PASSWORD, answer.location)
    assert (back.status, back.location) == (303, GOALS)
    assert sam.get("/goals").body["people"] == 1
