"""The quick-log pages a reminder's links open: the form, one-tap "I reached out" / "Snooze",
undo, the personal form link, and one-click unsubscribe — through the API function, as the
HTTP API delivers them (no authorizer: the signed link is the only credential)."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import ApiClient
from tests.faults import dynamodb_throttled, faults
from tests.public_pages import Page, PublicClient, token_of
from tracker.domain import Identity
from tracker.domain.clock import FixedClock
from tracker.domain.links import Purpose
from tracker.runtime import dynamo_repositories

SAM_PHONE = "+13125550142"


@pytest.fixture
def pages() -> PublicClient:
    return PublicClient()


def add(api: ApiClient, name: str, days_ago: int | None = 120, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, **fields}
    if days_ago is not None:
        from tracker.runtime import services

        body["last_contact_at"] = (services().clock.now() - timedelta(days=days_ago)).isoformat()
    reply = api.post("/contacts", body)
    assert reply.status == 201, reply.body
    return dict(reply.body)


@pytest.fixture
def todays_picks(api: ApiClient) -> list[dict[str, Any]]:
    """Sam has two reconnect picks today, as his reminder shows them (with their links)."""
    assert api.patch("/me", {"picks_per_day": 2}).status == 200
    add(api, "Ana Lima", days_ago=300, company="Northwind Health")
    add(api, "Ben Okafor", days_ago=200)
    add(api, "Recent Rita", days_ago=3)
    reply = api.get("/picks/today")
    assert [p["contact"]["name"] for p in reply.body["picks"]] == ["Ana Lima", "Ben Okafor"]
    return list(reply.body["picks"])


def contact(api: ApiClient, contact_id: str) -> dict[str, Any]:
    reply = api.get(f"/contacts/{contact_id}")
    assert reply.status == 200
    return dict(reply.body)


def conversations(api: ApiClient, contact_id: str) -> list[dict[str, Any]]:
    return list(api.get(f"/contacts/{contact_id}/interactions").body["items"])


def statuses(api: ApiClient) -> list[str]:
    return [pick["status"] for pick in api.get("/picks/today").body["picks"]]


# ---------------------------------------------------------------- the form


def test_the_log_link_opens_a_prefilled_form_and_saving_it_shows_the_updated_picture(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ana = todays_picks[0]
    page = pages.get(ana["links"]["log"])
    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")
    form = page.form_with("Save conversation")
    assert "Log a conversation with Ana Lima" in page.text
    assert "contact" not in form.fields  # the form is for Ana only
    assert form.fields["when"] == ["2026-11-26"]  # today, in Sam's time zone
    done = pages.submit(
        form,
        channel="call",
        summary="Coffee. She knows the hiring manager at the council.",
        next_step="Send her my CV",
        next_step_due="2027-01-12",
        help_offered="Proof-read her grant application",
        outcomes=["referral", "advice"],
        shared_memory="The pub quiz nights at the Crown",
    )
    assert done.status == 200, done.text
    assert "Your call with Ana Lima today is logged." in done.text
    assert "Next step saved for Tue 12 Jan 2027: Send her my CV" in done.text
    assert "Ana comes up for a reconnect again around Wed 24 Feb 2027" in done.text
    (logged,) = conversations(api, ana["contact"]["id"])
    assert logged["channel"] == "call"
    assert logged["summary"] == "Coffee. She knows the hiring manager at the council."
    assert logged["next_step"] == {"text": "Send her my CV", "due": "2027-01-12"}
    assert logged["help_offered"] == "Proof-read her grant application"
    assert sorted(logged["outcomes"]) == ["advice", "referral"]
    assert contact(api, ana["contact"]["id"])["last_contact_at"] == "2026-11-26T09:00:00Z"
    assert statuses(api) == ["done", "pending"]  # a pick logged through the form is done for today
    # The shared memory said as you log is the contact's, and the drafts open with it.
    assert contact(api, ana["contact"]["id"])["shared_memory"] == "The pub quiz nights at the Crown"
    draft = next(
        p for p in api.get("/picks/today").body["picks"] if p["contact"]["id"] == ana["contact"]["id"]
    )
    assert "the pub quiz nights at the Crown" in draft["draft"]["text"]


def test_a_shared_memory_logged_with_a_conversation_goes_with_its_undo(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ana = todays_picks[0]
    before = contact(api, ana["contact"]["id"])
    form = pages.get(ana["links"]["log"]).form_with("Save conversation")
    done = pages.submit(form, summary="Lunch", shared_memory="Our Monday football chats")
    assert contact(api, ana["contact"]["id"])["shared_memory"] == "Our Monday football chats"
    pages.submit(done.form_with("Undo"))
    after = contact(api, ana["contact"]["id"])
    assert after["shared_memory"] == before["shared_memory"]


def personal_form(api: ApiClient, pages: PublicClient) -> Page:
    """The personal link's form with the member's contacts listed ("Show my contacts")."""
    opened = pages.get(api.get("/me/form-link").body["url"])
    return pages.submit(opened.form_with("Show my contacts"))


def test_mistakes_are_shown_beside_their_fields_with_what_was_typed_kept(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ana = todays_picks[0]
    form = personal_form(api, pages).form_with("Save conversation")
    page = pages.submit(
        form,
        contact="",
        when="2026-12-25",
        summary="We talked about <b>a lot</b>",
        next_step_due="2027-01-12",
    )
    assert page.status == 422
    assert "Please check 3 things" in page.text
    assert '<p class="error" id="when-error">That date is in the future' in page.html
    assert 'aria-describedby="contact-hint contact-error" aria-invalid="true"' in page.html
    assert "Say what the next step is, or clear its date." in page.text
    kept = page.form_with("Save conversation")
    assert kept.fields["summary"] == ["We talked about <b>a lot</b>"]  # kept, and escaped in the page
    assert "<b>a lot</b>" not in page.html
    assert kept.fields["next_step_due"] == ["2027-01-12"]
    assert conversations(api, ana["contact"]["id"]) == []
    assert '<option value="Ana Lima">' in page.html  # a POST of the personal link: names listed
    fixed = pages.submit(kept, contact="Ana Lima", when="2026-11-25", next_step="Call back")
    assert fixed.status == 200
    assert "Your conversation with Ana Lima on Wed 25 Nov is logged." in fixed.text


def test_a_new_name_adds_the_contact_and_a_known_name_finds_them(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    form = personal_form(api, pages).form_with("Save conversation")
    page = pages.submit(form, contact="  Zoë   Adeyemi ", channel="event", summary="Met at the fair")
    assert "Zoë Adeyemi is new in your contacts." in page.text
    found = api.get("/contacts", q="Adeyemi").body["items"]
    assert [c["name"] for c in found] == ["Zoë Adeyemi"]
    assert conversations(api, found[0]["id"])[0]["summary"] == "Met at the fair"
    again = page.form_with("Log another conversation")
    page = pages.submit(
        pages.submit(again).form_with("Save conversation"), contact="zoë adeyemi", summary="Coffee"
    )
    assert "new in your contacts" not in page.text
    assert len(api.get("/contacts", q="Adeyemi").body["items"]) == 1
    assert len(conversations(api, found[0]["id"])) == 2
    assert conversations(api, todays_picks[0]["contact"]["id"]) == []  # not Ana's


def test_a_new_name_says_whether_we_just_met_or_go_back_and_the_week_counts_it_so(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    # The form asks, for a name new to the contacts: "We just met" (chosen unless changed) or "We go back"
    form = personal_form(api, pages).form_with("Save conversation")
    assert form.fields["met"] == ["recently"]
    before = api.get("/goals/progress").body["progress"]["new_people"]
    pages.submit(
        form, contact="Noor Haddad", summary="Old friend from school, first chat in years", met="before"
    )
    (noor,) = api.get("/contacts", q="Haddad").body["items"]
    assert noor["met"] == "before"
    assert api.get("/goals/progress").body["progress"]["new_people"] == before  # not a new person
    again = personal_form(api, pages).form_with("Save conversation")
    pages.submit(again, contact="Lin Okoro", summary="Met at the careers fair")
    (lin,) = api.get("/contacts", q="Okoro").body["items"]
    assert lin["met"] == "recently"
    assert api.get("/goals/progress").body["progress"]["new_people"] == before + 1


def test_two_people_with_one_name_are_told_apart_by_company(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    add(api, "Sam Carter", company="Acme Logistics")
    other = add(api, "Sam Carter", company="Civic Digital")
    page = personal_form(api, pages)
    assert '<option value="Sam Carter (Civic Digital)">' in page.html
    form = page.form_with("Save conversation")
    refused = pages.submit(form, contact="Sam Carter")
    assert refused.status == 422
    assert "You have 2 contacts called Sam Carter" in refused.text
    chosen = pages.submit(refused.form_with("Save conversation"), contact="Sam Carter (Civic Digital)")
    assert chosen.status == 200
    assert len(conversations(api, other["id"])) == 1


def test_sending_the_same_form_twice_saves_it_once(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    form = pages.get(todays_picks[1]["links"]["log"]).form_with("Save conversation")
    first = pages.submit(form, summary="Lunch")
    second = pages.submit(form, summary="Lunch")
    assert "is logged" in first.text
    assert "Already saved" in second.text
    assert len(conversations(api, todays_picks[1]["contact"]["id"])) == 1


def test_what_members_typed_is_escaped_everywhere_it_is_shown(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    evil = '<script>alert("x")</script>'
    sneaky = add(api, f"Eve {evil}", next_step={"text": f"Reply {evil}", "due": "2026-12-20"})
    from tracker.runtime import services

    app = services()
    member = app.members.profile(api.identity)
    link = app.signer().token(
        Purpose.LOG, member.key, expires=app.clock.now() + timedelta(days=1), contact_id=sneaky["id"]
    )
    page = pages.get(f"/log?t={link}")
    assert "<script>" not in page.html
    assert "Log a conversation with Eve &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.html
    assert 'Done: Reply <script>alert("x")</script>' in page.text  # shown as text
    done = pages.submit(page.form_with("Save conversation"), summary=evil, next_step=evil)
    assert "<script>" not in done.html
    assert f"Next step saved: {evil}" in done.text


def test_pages_forbid_framing_scripts_and_caching(
    pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    page = pages.get(todays_picks[0]["links"]["reached_out"])
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script" not in policy  # no scripts at all
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in page.html
    assert "http" not in page.html.split("</head>")[0]  # no external assets


# ---------------------------------------------------------------- one-tap links and undo


def test_opening_i_reached_out_changes_nothing_until_the_button_is_pressed(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ana = todays_picks[0]
    before = contact(api, ana["contact"]["id"])
    for _ in range(3):  # a mail scanner, a preview, the member: GETs only show the question
        page = pages.get(ana["links"]["reached_out"])
        assert page.status == 200
        assert "Did you reach out to Ana Lima?" in page.text
    assert contact(api, ana["contact"]["id"]) == before
    assert statuses(api) == ["pending", "pending"]
    done = pages.submit(page.form_with("Yes, I reached out"))
    assert "Logged: you reached out to Ana Lima today." in done.text
    assert "Add what you talked about and a next step" in done.links
    after = contact(api, ana["contact"]["id"])
    assert after["last_contact_at"] == "2026-11-26T09:00:00Z"
    assert [c["summary"] for c in conversations(api, ana["contact"]["id"])] == ["Reached out (daily pick)"]
    assert statuses(api) == ["done", "pending"]
    again = pages.submit(page.form_with("Yes, I reached out"))  # a double tap
    assert "Already saved" in again.text
    assert len(conversations(api, ana["contact"]["id"])) == 1
    reopened = pages.get(ana["links"]["reached_out"])
    assert "You already marked Ana Lima as done today." in reopened.text
    assert not [form for form in reopened.forms if "Yes, I reached out" in form.buttons]


def test_undo_puts_the_contact_and_todays_pick_back_exactly(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ana = todays_picks[0]
    before = contact(api, ana["contact"]["id"])
    done = pages.submit(pages.get(ana["links"]["reached_out"]).form_with("Yes, I reached out"))
    undo = done.form_with("Undo")
    assert token_of(f"?t={undo.fields['t'][0]}") != token_of(ana["links"]["reached_out"])
    assert "Undo" in pages.get(f"/log?t={undo.fields['t'][0]}").text  # GET only asks
    assert conversations(api, ana["contact"]["id"]) != []
    undone = pages.submit(undo)
    assert "Ana Lima is back as it was." in undone.text
    after = contact(api, ana["contact"]["id"])
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
    assert conversations(api, ana["contact"]["id"]) == []
    assert statuses(api) == ["pending", "pending"]
    assert "Nothing to undo" in pages.submit(undo).text  # a second undo does nothing
    redone = pages.submit(pages.get(ana["links"]["reached_out"]).form_with("Yes, I reached out"))
    assert "Logged: you reached out" in redone.text  # after an undo, the link works again


def week_counts(api: ApiClient) -> dict[str, Any]:
    return dict(api.get("/goals/progress").body["progress"])


def test_undo_takes_the_conversation_out_of_the_weeks_progress_and_the_programs_counts(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    from tracker.domain import weeks
    from tracker.runtime import services

    ana, ben = todays_picks
    zero = week_counts(api)
    org_week = weeks.week_of(services().clock.now(), "UTC")
    org_before = services().repositories.orgs.weeks("bridges", org_week, org_week).get(org_week)
    # Ben (200 days since) is reached out to: a person and a reconnect; Ana too, then undone.
    ben_done = pages.submit(pages.get(ben["links"]["reached_out"]).form_with("Yes, I reached out"))
    with_ben = week_counts(api)
    assert with_ben == {**zero, "conversations": 1, "people": 1, "reconnects": 1}
    done = pages.submit(pages.get(ana["links"]["reached_out"]).form_with("Yes, I reached out"))
    assert week_counts(api) == {**zero, "conversations": 2, "people": 2, "reconnects": 2}
    assert "Ana Lima is back as it was." in pages.submit(done.form_with("Undo")).text
    assert week_counts(api) == with_ben
    org_after = services().repositories.orgs.weeks("bridges", org_week, org_week)[org_week]
    assert org_after.conversations == (org_before.conversations if org_before else 0) + 1
    assert org_after.members_active == (org_before.members_active if org_before else 0) + 1
    # And undoing Ben's too leaves the week as it started, the member no longer active in it
    assert "Ben Okafor is back as it was." in pages.submit(ben_done.form_with("Undo")).text
    assert week_counts(api) == zero
    org_empty = services().repositories.orgs.weeks("bridges", org_week, org_week)[org_week]
    assert org_empty.conversations == (org_before.conversations if org_before else 0)
    assert org_empty.members_active == (org_before.members_active if org_before else 0)


def test_undo_refuses_once_the_contact_changed_since(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ben = todays_picks[1]
    done = pages.submit(pages.get(ben["links"]["snooze"]).form_with("Snooze 30 days"))
    assert "Ben Okafor won't come up as a reconnect pick until Sat 26 Dec." in done.text
    assert contact(api, ben["contact"]["id"])["snoozed_until"] == "2026-12-26T09:00:00Z"
    assert statuses(api) == ["pending", "snoozed"]
    api.patch(f"/contacts/{ben['contact']['id']}", {"notes": "Moved to Leeds"})
    page = pages.submit(done.form_with("Undo"))
    assert page.status == 409
    assert "Can't undo this any more" in page.text
    after = contact(api, ben["contact"]["id"])
    assert after["notes"] == "Moved to Leeds"
    assert after["snoozed_until"] == "2026-12-26T09:00:00Z"


def test_undo_of_a_conversation_deleted_since_says_so_and_changes_nothing(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    # Given Ana's pick marked "I reached out", then that conversation deleted through the API
    ana = todays_picks[0]
    done = pages.submit(pages.get(ana["links"]["reached_out"]).form_with("Yes, I reached out"))
    [logged] = conversations(api, ana["contact"]["id"])
    deleted = api.call("DELETE", f"/contacts/{ana['contact']['id']}/interactions/{logged['id']}")
    assert deleted.status == 204
    after_delete = contact(api, ana["contact"]["id"])
    progress = week_counts(api)
    # When the undo link is pressed: a page that says so, not an error, and nothing moves
    page = pages.submit(done.form_with("Undo"))
    assert page.status == 409
    assert "The conversation with Ana Lima was deleted since, so there is nothing left to undo." in page.text
    assert contact(api, ana["contact"]["id"]) == after_delete
    assert week_counts(api) == progress
    # And the pick stays done: the reached-out link does not log again
    assert statuses(api) == ["done", "pending"]


def test_undo_of_a_conversation_changed_since_says_the_contact_changed(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ana = todays_picks[0]
    done = pages.submit(pages.get(ana["links"]["reached_out"]).form_with("Yes, I reached out"))
    [logged] = conversations(api, ana["contact"]["id"])
    moved = api.patch(
        f"/contacts/{ana['contact']['id']}/interactions/{logged['id']}", {"when": "2026-11-25T10:00:00Z"}
    )
    assert moved.status == 200, moved.body
    page = pages.submit(done.form_with("Undo"))
    assert page.status == 409
    assert "Ana Lima has changed since" in page.text
    assert [c["when"] for c in conversations(api, ana["contact"]["id"])] == ["2026-11-25T10:00:00Z"]


def test_a_refused_undo_points_to_what_can_change_the_conversation(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ben = todays_picks[1]
    done = pages.submit(pages.get(ben["links"]["reached_out"]).form_with("Yes, I reached out"))
    api.patch(f"/contacts/{ben['contact']['id']}", {"notes": "Moved to Leeds"})
    page = pages.submit(done.form_with("Undo"))
    assert page.status == 409
    assert "in the app" not in page.text  # there is no app to edit it in
    assert "PATCH" in page.text
    assert "DELETE /contacts/{id}/interactions/{id}" in page.text


def test_snooze_and_its_undo(api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]) -> None:
    ben = todays_picks[1]
    due_before = contact(api, ben["contact"]["id"])["due_at"]
    done = pages.submit(pages.get(ben["links"]["snooze"]).form_with("Snooze 30 days"))
    assert contact(api, ben["contact"]["id"])["due_at"] == "2026-12-26T09:00:00Z"
    pages.submit(done.form_with("Undo"))
    assert contact(api, ben["contact"]["id"])["due_at"] == due_before
    assert contact(api, ben["contact"]["id"])["snoozed_until"] is None
    assert statuses(api) == ["pending", "pending"]


def test_reminder_links_keep_working_on_later_days(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]], clock: FixedClock
) -> None:
    ana = todays_picks[0]
    clock.advance(days=2)  # no longer one of today's picks
    done = pages.submit(pages.get(ana["links"]["reached_out"]).form_with("Yes, I reached out"))
    assert "Logged: you reached out to Ana Lima today." in done.text
    assert contact(api, ana["contact"]["id"])["last_contact_at"] == "2026-11-28T09:00:00Z"
    pages.submit(done.form_with("Undo"))
    assert conversations(api, ana["contact"]["id"]) == []
    clock.advance(days=5)  # a week after the reminder
    expired = pages.get(ana["links"]["log"])
    assert expired.status == 410
    assert "This link has expired" in expired.text


# ---------------------------------------------------------------- the personal link


def test_the_personal_link_opens_an_empty_form_until_it_is_rotated(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    first = api.get("/me/form-link")
    assert first.status == 200
    assert first.body["url"].startswith("https://tracker.example.org/log?t=")
    assert first.body["expires_at"] == "2027-11-26T09:00:00Z"
    page = pages.get(first.body["url"])
    form = page.form_with("Save conversation")
    assert form.fields["contact"] == [""]
    assert "Ana Lima" not in page.html  # a GET lists nobody
    assert '<option value="Ana Lima">' in pages.submit(page.form_with("Show my contacts")).html
    assert "Logged" not in page.text
    saved = pages.submit(form, contact="Ben Okafor", summary="Bumped into him")
    assert "Your conversation with Ben Okafor today is logged." in saved.text
    assert '<option value="Ana Lima">' in pages.submit(saved.form_with("Log another conversation")).html
    second = api.get("/me/form-link")  # a fresh link; the first still works
    assert pages.get(second.body["url"]).status == 200
    assert pages.get(first.body["url"]).status == 200

    rotated = api.post("/me/form-link/rotate")
    assert rotated.status == 200
    for old in (first.body["url"], second.body["url"]):
        page = pages.get(old)
        assert page.status == 410
        assert "This link is no longer valid" in page.text
    refused = pages.submit(form, contact="Ben Okafor", summary="Again", s="another")
    assert refused.status == 410
    assert len(conversations(api, todays_picks[1]["contact"]["id"])) == 1
    assert pages.get(rotated.body["url"]).status == 200


def test_erasing_the_member_kills_every_link_of_theirs(api: ApiClient, pages: PublicClient) -> None:
    url = api.get("/me/form-link").body["url"]
    unsubscribe = unsubscribe_url(api.identity)  # a year-long link: the probe found it working again
    assert api.delete("/me").status == 200
    assert api.get("/me").status == 401  # no fresh profile for an erased member
    for page in (
        pages.get(url),
        pages.get(unsubscribe),
        pages.post("/unsubscribe", {"List-Unsubscribe": "One-Click"}, query={"t": token_of(unsubscribe)}),
    ):
        assert page.status == 410
        assert "has been closed" in page.text
    assert dynamo_repositories().members.get(api.identity.member) is None  # nothing came back


# ---------------------------------------------------------------- what a leaked link can do


def test_no_get_of_a_link_lists_the_members_contacts(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    # Given Ana's reminder links and Sam's personal link, fetched by a link scanner (GETs)
    ana = todays_picks[0]
    opened = [pages.get(url) for url in ana["links"].values()]
    opened.append(pages.get(api.get("/me/form-link").body["url"]))
    # Then no page names anyone but the link's own contact
    for page in opened:
        assert page.status == 200
        assert "Ben Okafor" not in page.html
        assert "Recent Rita" not in page.html
        assert "<option" not in page.html
    # And the personal form lists the contacts only after a POST ("Show my contacts")
    shown = pages.submit(opened[-1].form_with("Show my contacts"))
    assert shown.status == 200
    assert '<option value="Recent Rita">' in shown.html


def test_a_reminders_log_link_writes_about_its_own_contact_only(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ana, ben = todays_picks
    names_before = sorted(c["name"] for c in api.get("/contacts", limit=100).body["items"])
    # When Ana's "Log a conversation" form is posted naming Ben, then a new name
    for name in ("Ben Okafor", "Mallory New"):
        form = pages.get(ana["links"]["log"]).form_with("Save conversation")
        saved = pages.post(form.action, form.data(contact=name, summary=f"About {name}"))
        assert saved.status == 200, saved.text
        assert "Ana Lima" in saved.text
    # Then both conversations are Ana's; nobody was added and Ben has none
    assert sorted(c["summary"] for c in conversations(api, ana["contact"]["id"])) == [
        "About Ben Okafor",
        "About Mallory New",
    ]
    assert conversations(api, ben["contact"]["id"]) == []
    assert sorted(c["name"] for c in api.get("/contacts", limit=100).body["items"]) == names_before


def test_a_form_counts_once_however_often_it_is_posted_and_whatever_id_is_sent(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    ana, ben = todays_picks
    progress = week_counts(api)
    form = pages.get(ana["links"]["log"]).form_with("Save conversation")
    assert pages.submit(form, summary="Lunch").status == 200
    once = contact(api, ana["contact"]["id"])["interaction_count"]
    # When the same form comes again, as is and with ids of the sender's choosing
    assert "Already saved" in pages.submit(form, summary="Lunch").text
    bens_form = pages.get(ben["links"]["log"]).form_with("Save conversation")
    for forged in ("another", "", form.fields["s"][0] + "x", bens_form.fields["s"][0]):
        refused = pages.submit(form, summary="Lunch", s=forged)
        assert refused.status == 400, forged
        assert "Not saved yet" in refused.text
    # Then Ana's count went up once, and the week's figures once
    assert contact(api, ana["contact"]["id"])["interaction_count"] == once == 1
    assert week_counts(api) == {**progress, "conversations": 1, "people": 1, "reconnects": 1}


def test_a_link_saves_at_most_ten_times_a_day_and_says_so(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]], clock: FixedClock
) -> None:
    ben = todays_picks[1]
    url = api.get("/me/form-link").body["url"]
    for n in range(10):
        form = pages.get(url).form_with("Save conversation")
        assert pages.submit(form, contact="Ben Okafor", summary=f"Chat {n}").status == 200
    # When the link is used an eleventh time today
    form = pages.get(url).form_with("Save conversation")
    used_up = pages.submit(form, contact="Mallory New", summary="One too many")
    # Then it is refused with a page that says why, and nothing was saved
    assert used_up.status == 429
    assert used_up.headers["content-type"].startswith("text/html")
    assert "This link has been used enough for today" in used_up.text
    assert "a link can save at most 10 times a day" in used_up.text
    assert len(conversations(api, ben["contact"]["id"])) == 10
    assert api.get("/contacts", q="Mallory").body["items"] == []
    # And tomorrow it works again
    clock.advance(days=1)
    assert pages.submit(form, contact="Mallory New", summary="Next day").status == 200
    assert len(api.get("/contacts", q="Mallory").body["items"]) == 1


def test_reminder_links_expire_three_days_after_the_reminder(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]], clock: FixedClock
) -> None:
    ana = todays_picks[0]
    before = contact(api, ana["contact"]["id"])
    clock.advance(days=3, minutes=-1)
    form = pages.get(ana["links"]["log"]).form_with("Save conversation")  # still open
    clock.advance(minutes=2)  # three days and a minute after the reminder
    for url in ana["links"].values():
        page = pages.get(url)
        assert page.status == 410
        assert "This link has expired" in page.text
        assert "Links in reminders work for 3 days" in page.text
    late = pages.submit(form, summary="Too late")
    assert late.status == 410
    assert contact(api, ana["contact"]["id"]) == before


def test_a_link_made_from_a_reminder_link_expires_with_it(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]], clock: FixedClock
) -> None:
    ana = todays_picks[0]
    clock.advance(days=2, hours=23)
    done = pages.submit(pages.get(ana["links"]["reached_out"]).form_with("Yes, I reached out"))
    details = done.links["Add what you talked about and a next step"]
    assert pages.get(details).status == 200
    clock.advance(hours=1, minutes=1)
    assert pages.get(details).status == 410


# ---------------------------------------------------------------- unsubscribe


def unsubscribe_url(identity: Identity) -> str:
    from tracker.domain.links import unsubscribe_url as url
    from tracker.runtime import services

    app = services()
    return url(app.signer(), identity.member, app.clock.now())


def test_one_click_unsubscribe_turns_email_reminders_off_and_a_get_changes_nothing(
    api: ApiClient, pages: PublicClient
) -> None:
    api.patch("/me", {"phone": SAM_PHONE, "reminder_channels": ["email", "sms"], "reminder_hour": 9})
    url = unsubscribe_url(api.identity)
    page = pages.get(url)
    assert "Stop reminder emails?" in page.text
    assert api.get("/me").body["reminder_channels"] == ["email", "sms"]
    # RFC 8058: the mail provider POSTs List-Unsubscribe=One-Click to the List-Unsubscribe URL.
    done = pages.post("/unsubscribe", {"List-Unsubscribe": "One-Click"}, query={"t": token_of(url)})
    assert done.status == 200
    assert "You won't get reminder emails any more. Your texts continue." in done.text
    assert api.get("/me").body["reminder_channels"] == ["sms"]
    assert "You're unsubscribed" in pages.get(url).text
    assert (
        pages.post("/unsubscribe", {"List-Unsubscribe": "One-Click"}, query={"t": token_of(url)}).status
        == 200
    )


def test_the_unsubscribe_pages_button_and_multipart_posts_work_too(
    api: ApiClient, pages: PublicClient
) -> None:
    assert api.get("/me").body["reminder_channels"] == ["email"]
    url = unsubscribe_url(api.identity)
    button = pages.get(url).form_with("Unsubscribe")
    assert pages.submit(button).status == 200
    assert api.get("/me").body["reminder_channels"] == []
    api.patch("/me", {"reminder_channels": ["email"]})
    boundary = "----provider"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\n'
        f"One-Click\r\n--{boundary}--\r\n"
    ).encode()
    event = pages.event(
        "POST",
        "/unsubscribe",
        query={"t": token_of(url)},
        body=base64.b64encode(body).decode(),
        content_type=f"multipart/form-data; boundary={boundary}",
        base64_body=True,
    )
    assert pages.call(event).status == 200
    assert api.get("/me").body["reminder_channels"] == []


def test_a_post_without_one_click_only_asks(api: ApiClient, pages: PublicClient) -> None:
    assert api.get("/me").status == 200
    url = unsubscribe_url(api.identity)
    page = pages.post("/unsubscribe", {}, query={"t": token_of(url)})
    assert "Stop reminder emails?" in page.text
    assert api.get("/me").body["reminder_channels"] == ["email"]


# ---------------------------------------------------------------- refusals


def test_links_for_other_purposes_missing_or_too_big_change_nothing(
    api: ApiClient, pages: PublicClient, todays_picks: list[dict[str, Any]]
) -> None:
    before = contact(api, todays_picks[0]["contact"]["id"])
    unsubscribe = token_of(unsubscribe_url(api.identity))
    log = token_of(todays_picks[0]["links"]["log"])
    wrong = pages.post("/log", {"t": unsubscribe, "contact": "Ana Lima", "summary": "x"})
    assert wrong.status == 400
    assert "This link doesn't work" in wrong.text
    assert pages.post("/unsubscribe", {"List-Unsubscribe": "One-Click"}, query={"t": log}).status == 400
    assert pages.get("/log").status == 400
    assert "This page needs a link" in pages.post("/log", {"contact": "Ana Lima"}).text
    huge = pages.post("/log", {"t": log, "contact": "Ana Lima", "summary": "x" * 40_000})
    assert huge.status == 413
    assert "Too much text" in huge.text
    assert huge.headers["content-type"].startswith("text/html")
    assert contact(api, todays_picks[0]["contact"]["id"]) == before
    assert api.get("/me").body["reminder_channels"] == ["email"]


def test_a_failure_on_our_side_is_a_friendly_page_not_a_trace(
    pages: PublicClient, todays_picks: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.adapters.dynamo.models import bound_connection
    from tracker.runtime import dynamo_repositories

    dynamo_repositories()
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    client = bound_connection().connection.client
    with faults(client, "GetItem", lambda request, n: dynamodb_throttled()):
        page = pages.get(todays_picks[0]["links"]["log"])
    assert page.status == 500
    assert "Something went wrong on our side" in page.text
    assert "Traceback" not in page.html
    assert "Throttling" not in page.html
