"""The web app's contact pages (/app/contacts/{id}), as a browser drives them through the public
function: details and timeline, star and archive, delete with confirmation, the edit form and
logging a conversation, each checked against what the API then says."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from local.provision import Stack
from tests.conftest import ApiClient
from tests.integration import test_web_app as web
from tests.integration.test_reminders import dynamodb_calls
from tests.integration.test_web_app import Browser, account, signed_in
from tests.public_pages import forms_in
from tracker.domain.clock import FixedClock

# The web app's fixtures: a program, Sam signed up with one contact (Ana Lima).
mailed_invitations, program, sam = web.mailed_invitations, web.program, web.sam


def ana(sam: ApiClient) -> str:
    (contact,) = sam.get("/contacts").body["items"]
    return str(contact["id"])


def today(sam: ApiClient, clock: FixedClock) -> date:
    return clock.now().astimezone(ZoneInfo(sam.get("/me").body["time_zone"])).date()


def log(sam: ApiClient, contact_id: str, when: datetime, **fields: Any) -> None:
    reply = sam.post(f"/contacts/{contact_id}/interactions", {"when": when.isoformat(), **fields})
    assert reply.status == 201, reply.body


def test_a_contact_shows_the_details_and_the_conversations_newest_first_in_three_reads(
    sam: ApiClient, clock: FixedClock
) -> None:
    contact_id = ana(sam)
    due = (today(sam, clock) + timedelta(days=3)).isoformat()
    changed = sam.patch(
        f"/contacts/{contact_id}",
        {
            "role": "Engineer",
            "email": "ana@example.org",
            "tags": ["mentor", "fintech"],
            "notes": "Moved to Lisbon",
            "help_ideas": ["Intro to Bea"],
            "relationship": "personal",
            "next_step": {"text": "Send the article", "due": due},
        },
    )
    assert changed.status == 200, changed.body
    log(sam, contact_id, clock.now() - timedelta(days=40), summary="Coffee in March", channel="meeting")
    log(sam, contact_id, clock.now() - timedelta(days=2), summary="Call about her move", outcomes=["advice"])
    browser = signed_in(sam)
    with dynamodb_calls() as calls:
        page = browser.get(f"/app/contacts/{contact_id}")
    assert page.status == 200
    assert len(calls) <= 3, calls
    assert [name for name, _ in calls] == ["BatchGetItem", "GetItem", "Query"], calls
    text = page.text
    for words in (
        "Ana Lima",
        "Engineer · Northwind",
        "ana@example.org",
        "How we met Old football team",
        "Business or personal Personal",
        "Tags mentor, fintech",
        "Notes Moved to Lisbon",
        "Intro to Bea",
        "Keep in touch Every 90 days",
        "Next step Send the article (due",
        "Conversations (2 conversations)",
        "Advice",
    ):
        assert words in text, words
    assert text.index("Call about her move") < text.index("Coffee in March")  # newest first
    assert 'href="mailto:ana@example.org"' in page.body
    assert 'href="/app/network"' in page.body
    assert len(page.body.encode()) < 40_000
    for form in ("edit", "log", "delete"):  # the forms: the session and the contact
        with dynamodb_calls() as calls:
            assert browser.get(f"/app/contacts/{contact_id}/{form}").status == 200
        assert [name for name, _ in calls] == ["BatchGetItem", "GetItem"], (form, calls)


def test_the_timeline_pages_with_its_cursor(
    sam: ApiClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.web import app_contact

    monkeypatch.setattr(app_contact, "TIMELINE_PAGE", 2)
    contact_id = ana(sam)
    for days in (30, 20, 10):
        log(sam, contact_id, clock.now() - timedelta(days=days), summary=f"Talk {days} days ago")
    browser = signed_in(sam)
    first = browser.get(f"/app/contacts/{contact_id}")
    assert "Talk 10 days ago" in first.text
    assert "Talk 20 days ago" in first.text
    assert "Talk 30 days ago" not in first.text
    (older,) = [link for link in _links(first.body) if "after=" in link]
    second = browser.get(older.replace("&amp;", "&"))
    assert second.status == 200
    assert "Talk 30 days ago" in second.text
    assert "Talk 10 days ago" not in second.text
    assert "Older conversations" not in second.text
    assert "Newest conversations" in second.text
    forged = browser.get(f"/app/contacts/{contact_id}?after=not-a-cursor")
    assert forged.status == 200
    assert "Talk 10 days ago" in forged.text


def _links(html: str) -> list[str]:
    import re

    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize("suffix", ["", "/edit", "/log", "/delete"])
def test_an_unknown_or_another_members_contact_is_a_404_page(
    aws: Stack, program: ApiClient, sam: ApiClient, suffix: str
) -> None:
    other = ApiClient(account(aws, "kim@example.org"))
    kims = other.post("/contacts", {"name": "Kim's friend"}).body["id"]
    browser = signed_in(sam)
    for contact_id in (kims, "00000000-0000-4000-8000-000000000000", "x" * 300, "..%2F"):
        page = browser.get(f"/app/contacts/{contact_id}{suffix}")
        assert page.status == 404, (contact_id, page.status)
        assert "Contact not found" in page.text
        csrf = forms_in(browser.get("/app").body)[0].fields["csrf"][0]
        posted = browser.request("POST", f"/app/contacts/{contact_id}{suffix}", {"csrf": csrf, "name": "X"})
        assert posted.status == 404, (contact_id, posted.status)
    assert other.get(f"/contacts/{kims}").body["name"] == "Kim's friend"  # untouched


def test_star_and_archive_and_back(sam: ApiClient) -> None:
    contact_id = ana(sam)
    browser = signed_in(sam)
    path = f"/app/contacts/{contact_id}"
    assert f'<a href="{path}">Ana Lima</a>' in browser.get("/app").body  # Today's pick links here
    for button, did, field, value in (
        ("Star", "starred", "starred", True),
        ("Unstar", "unstarred", "starred", False),
        ("Archive", "archived", "archived", True),
        ("Unarchive", "unarchived", "archived", False),
    ):
        answer = browser.submit(browser.get(path), button)
        assert (answer.status, answer.location) == (303, f"{path}?did={did}"), button
        assert sam.get(f"/contacts/{contact_id}").body[field] is value
        assert browser.get(answer.location).status == 200


def test_delete_asks_first_and_a_forged_post_deletes_nothing(sam: ApiClient, clock: FixedClock) -> None:
    contact_id = ana(sam)
    log(sam, contact_id, clock.now() - timedelta(days=5), summary="Lunch")
    browser = signed_in(sam)
    path = f"/app/contacts/{contact_id}"
    assert f'href="{path}/delete"' in browser.get(path).body
    confirm = browser.get(f"{path}/delete")
    assert confirm.status == 200
    assert "Delete Ana Lima?" in confirm.text
    assert "1 conversation" in confirm.text
    form = next(f for f in forms_in(confirm.body) if "Delete Ana Lima" in f.buttons)
    forged = browser.request("POST", f"{path}/delete", form.data(csrf="forged"))
    assert forged.status == 403
    assert sam.get(f"/contacts/{contact_id}").status == 200
    done = browser.submit(confirm, "Delete Ana Lima")
    assert done.status == 200
    assert "Ana Lima was deleted" in done.text
    assert sam.get(f"/contacts/{contact_id}").status == 404
    assert browser.get(path).status == 404


def test_the_edit_form_keeps_what_was_typed_and_says_what_is_wrong(sam: ApiClient, clock: FixedClock) -> None:
    contact_id = ana(sam)
    browser = signed_in(sam)
    form_page = browser.get(f"/app/contacts/{contact_id}/edit")
    assert form_page.status == 200
    assert 'value="Ana Lima"' in form_page.body
    assert 'value="Northwind"' in form_page.body
    yesterday = (today(sam, clock) - timedelta(days=1)).isoformat()
    wrong = browser.submit(
        form_page,
        "Save changes",
        name=" ",
        email="not an address",
        phone="12",
        cadence_days="3",
        company="Contoso",
        next_step="Call her",
        next_step_due=yesterday,
    )
    assert wrong.status == 422
    for message in (
        "Enter their name.",
        "Enter an email address like",
        "international form",
        "from 7 to 730",
        "Choose today or a later date.",
    ):
        assert message in wrong.text, message
    assert 'href="#email"' in wrong.body
    assert 'aria-invalid="true"' in wrong.body
    assert 'value="Contoso"' in wrong.body
    assert 'value="not an address"' in wrong.body
    assert sam.get(f"/contacts/{contact_id}").body["company"] == "Northwind"  # nothing saved
    due = (today(sam, clock) + timedelta(days=7)).isoformat()
    saved = browser.submit(
        wrong,
        "Save changes",
        name="Ana Lima Souza",
        email="ana@example.org",
        phone="+1 415 555 0123",
        cadence_days="30",
        tags="mentor, Mentor, fintech",
        help_ideas="Intro to Bea\nReview her CV",
        relationship="personal",
        met="before",
        next_step="Call her",
        next_step_due=due,
    )
    assert (saved.status, saved.location) == (303, f"/app/contacts/{contact_id}?did=saved")
    body = sam.get(f"/contacts/{contact_id}").body
    assert body["name"] == "Ana Lima Souza"
    assert body["company"] == "Contoso"
    assert body["phone"] == "+14155550123"
    assert body["cadence_days"] == 30
    assert body["tags"] == ["mentor", "fintech"]
    assert body["help_ideas"] == ["Intro to Bea", "Review her CV"]
    assert body["relationship"] == "personal"
    assert body["met"] == "before"
    assert body["next_step"] == {"text": "Call her", "due": due}
    assert "Saved." in browser.get(saved.location).text


def test_editing_the_name_keeps_the_given_and_called_names_shown_in_the_form(
    sam: ApiClient, clock: FixedClock
) -> None:
    contact_id = ana(sam)
    assert sam.patch(f"/contacts/{contact_id}", {"given_name": "Ana", "called_name": "Aninha"}).status == 200
    browser = signed_in(sam)
    form_page = browser.get(f"/app/contacts/{contact_id}/edit")
    assert 'value="Aninha"' in form_page.body
    saved = browser.submit(form_page, "Save changes", name="Dr. Ana Lima Souza")
    assert saved.status == 303, saved.text
    body = sam.get(f"/contacts/{contact_id}").body
    assert (body["name"], body["given_name"], body["called_name"]) == ("Dr. Ana Lima Souza", "Ana", "Aninha")


def test_logging_a_conversation_follows_the_quick_log_forms_rules(sam: ApiClient, clock: FixedClock) -> None:
    contact_id = ana(sam)
    browser = signed_in(sam)
    page = browser.get(f"/app/contacts/{contact_id}")
    form = browser.get(f"/app/contacts/{contact_id}/log")
    assert "/log" in page.body
    assert form.status == 200
    day = today(sam, clock)
    wrong = browser.submit(
        form,
        "Save conversation",
        when=(day + timedelta(days=1)).isoformat(),
        summary="About her new team",
        next_step="Send the article",
        next_step_due=(day - timedelta(days=1)).isoformat(),
        channel="fax",
    )
    assert wrong.status == 422
    assert "That date is in the future" in wrong.text
    assert "Choose today or a later date." in wrong.text
    assert "Choose from the options listed." in wrong.text
    assert "About her new team" in wrong.body  # kept
    assert sam.get(f"/contacts/{contact_id}/interactions").body["items"] == []
    done = browser.submit(
        wrong,
        "Save conversation",
        when=(day - timedelta(days=3)).isoformat(),
        channel="call",
        next_step_due=(day + timedelta(days=5)).isoformat(),
        help_offered="An intro to Bea",
        outcomes=["advice", "referral"],
        shared_memory="The pub quiz nights",
    )
    assert (done.status, done.location) == (303, f"/app/contacts/{contact_id}?did=logged")
    (logged,) = sam.get(f"/contacts/{contact_id}/interactions").body["items"]
    assert logged["channel"] == "call"
    assert logged["summary"] == "About her new team"
    assert sorted(logged["outcomes"]) == ["advice", "referral"]
    assert logged["help_offered"] == "An intro to Bea"
    contact = sam.get(f"/contacts/{contact_id}").body
    assert contact["next_step"]["text"] == "Send the article"
    assert contact["interaction_count"] == 1
    assert contact["shared_memory"] == "The pub quiz nights"  # said as you log, kept with them
    shown = browser.get(done.location)
    assert "Conversation logged." in shown.text
    assert "About her new team" in shown.text
    # The next step's "Done" box clears it with the next conversation
    again = browser.get(f"/app/contacts/{contact_id}/log")
    assert "Done: Send the article" in again.text
    cleared = browser.submit(again, "Save conversation", next_step_done="yes", summary="Sent it")
    assert cleared.status == 303
    assert sam.get(f"/contacts/{contact_id}").body["next_step"] is None


def test_signed_out_the_contact_page_asks_to_sign_in_and_a_forged_post_changes_nothing(
    sam: ApiClient,
) -> None:
    contact_id = ana(sam)
    answer = Browser().get(f"/app/contacts/{contact_id}")
    assert answer.status == 303
    assert answer.location.startswith("/app/sign-in?next=%2Fapp%2Fcontacts%2F")
    browser = signed_in(sam)
    form = next(f for f in forms_in(browser.get(f"/app/contacts/{contact_id}").body) if "Star" in f.buttons)
    for data in (form.data(csrf=""), {"action": ["star"]}):
        assert browser.request("POST", f"/app/contacts/{contact_id}", data).status == 403
    browser.cross_site = True
    assert browser.request("POST", f"/app/contacts/{contact_id}", form.data()).status == 403
    assert sam.get(f"/contacts/{contact_id}").body["starred"] is False


def test_the_edit_form_asks_for_a_shared_memory_and_keeps_it(sam: ApiClient, clock: FixedClock) -> None:
    contact_id = ana(sam)
    browser = signed_in(sam)
    form_page = browser.get(f"/app/contacts/{contact_id}/edit")
    assert '<label for="shared_memory">A shared memory (optional)</label>' in form_page.body
    assert "What you remember enjoying together" in form_page.body
    saved = browser.submit(form_page, "Save changes", shared_memory="The pub quiz nights <at> the Crown")
    assert saved.status == 303, saved.text
    assert sam.get(f"/contacts/{contact_id}").body["shared_memory"] == "The pub quiz nights <at> the Crown"
    again = browser.get(f"/app/contacts/{contact_id}/edit")
    assert "The pub quiz nights &lt;at&gt; the Crown</textarea>" in again.body


def test_the_add_form_asks_for_a_shared_memory_too(sam: ApiClient) -> None:
    browser = signed_in(sam)
    form = browser.get("/app/contacts/new")
    assert '<label for="shared_memory">A shared memory (optional)</label>' in form.body
    answer = browser.submit(
        form, "Add contact", name="Bea Ruiz", met="recently", shared_memory="Our hike up Snowdon"
    )
    assert answer.status == 303, answer.text
    (bea,) = [c for c in sam.get("/contacts").body["items"] if c["name"] == "Bea Ruiz"]
    assert bea["shared_memory"] == "Our hike up Snowdon"


def test_today_asks_for_a_focus_until_there_is_one(sam: ApiClient) -> None:
    assert sam.patch("/me", {"current_focus": None}).status == 200
    browser = signed_in(sam)
    assert (
        '<a href="/app/settings#current_focus">Add your current focus in Settings</a>'
        in browser.get("/app").body
    )
    assert sam.patch("/me", {"current_focus": "getting back into UX research"}).status == 200
    assert "Add your current focus" not in browser.get("/app").body
