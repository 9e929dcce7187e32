"""Correcting and deleting a logged conversation in the web app
(/app/contacts/{id}/conversations/{id}/edit and /delete), as a browser drives them: the contact's
last contact and next reconnect, the Network's order and the week's counts follow as they do
for the API's PATCH and DELETE."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from local.provision import Stack
from tests.conftest import ApiClient
from tests.integration import test_web_app as web
from tests.integration.test_reminders import dynamodb_calls
from tests.integration.test_web_app import Answer, account, signed_in
from tests.integration.test_web_app_network import names_in
from tests.public_pages import forms_in
from tracker.domain.clock import FixedClock

# The web app's fixtures: a program (in Chicago), Sam signed up with one contact (Ana Lima).
mailed_invitations, program, sam = web.mailed_invitations, web.program, web.sam

# The clock's now is Thursday 26 Nov 2026, 03:00 in Chicago: week 2026-W48.
WEDNESDAY = datetime(2026, 11, 25, 18, tzinfo=UTC)  # midday in Chicago
THIS_WEEK, TWO_WEEKS_AGO = "2026-W48", "2026-W46"


def ana(sam: ApiClient) -> str:
    (contact,) = sam.get("/contacts").body["items"]
    return str(contact["id"])


def log(sam: ApiClient, contact_id: str, when: datetime, **fields: Any) -> str:
    reply = sam.post(f"/contacts/{contact_id}/interactions", {"when": when.isoformat(), **fields})
    assert reply.status == 201, reply.body
    return str(reply.body["id"])


def counted(sam: ApiClient, week: str) -> tuple[int, int]:
    """The week's (people, conversations), as Goals shows them."""
    progress = sam.get("/goals/progress", week=week).body["progress"]
    return progress["people"], progress["conversations"]


def link(page: Answer, name: str) -> str:
    """The href of the link whose accessible name (its text, hidden words too) is `name`."""
    for href, inner in re.findall(r'<a href="([^"]+)">(.*?)</a>', page.body):
        if " ".join(re.sub(r"<[^>]+>", "", inner).split()) == name:
            return str(href)
    raise AssertionError(f"no link {name!r}")


def test_correcting_the_date_moves_the_last_contact_the_network_order_and_the_weeks_counts(
    sam: ApiClient, clock: FixedClock
) -> None:
    # Given Ana, last talked to on Wednesday this week, and Bea, on Saturday last week
    contact_id = ana(sam)
    bea = sam.post("/contacts", {"name": "Bea Ruiz"}).body["id"]
    log(sam, bea, datetime(2026, 11, 21, 18, tzinfo=UTC), summary="Lunch")
    log(sam, contact_id, WEDNESDAY, channel="call", summary="Coffee chat", outcomes=["advice"])
    assert counted(sam, THIS_WEEK) == (1, 1)
    browser = signed_in(sam)
    assert names_in(browser.get("/app/network?sort=last"), "Ana Lima", "Bea Ruiz") == ["Ana Lima", "Bea Ruiz"]
    assert names_in(browser.get("/app/network?sort=due"), "Ana Lima", "Bea Ruiz") == ["Bea Ruiz", "Ana Lima"]
    # When Sam follows the conversation's Correct link, the log form shows what was logged
    path = f"/app/contacts/{contact_id}"
    correct = link(browser.get(path), "Correct the conversation of 25 Nov 2026 (Call)")
    with dynamodb_calls() as calls:
        form = browser.get(correct)
    assert form.status == 200
    assert [name for name, _ in calls] == ["BatchGetItem", "GetItem", "Query"], calls
    assert "Correct the conversation of 25 Nov 2026 with Ana Lima" in form.text
    assert 'value="2026-11-25"' in form.body
    assert ">Coffee chat</textarea>" in form.body
    assert 'value="call" checked' in form.body
    assert 'value="advice" checked' in form.body
    assert "shared memory" not in form.text  # the contact's, not the conversation's
    # and he says it was Wednesday two weeks before
    saved = browser.submit(form, "Save the correction", when="2026-11-11", summary="Coffee chat, in fact")
    assert (saved.status, saved.location) == (303, f"{path}?did=corrected")
    # Then the contact page says so, with the new last contact
    page = browser.get(saved.location)
    assert "Conversation corrected." in page.text
    assert "Last contact 11 Nov 2026 (a few weeks ago)" in page.text
    assert "Coffee chat, in fact" in page.text
    # and the API agrees: last contact that day at midday, due a cadence later
    contact = sam.get(f"/contacts/{contact_id}").body
    assert contact["last_contact_at"] == "2026-11-11T18:00:00Z"
    assert contact["due_at"] == "2027-02-09T18:00:00Z"  # 90 days later
    (conversation,) = sam.get(f"/contacts/{contact_id}/interactions").body["items"]
    assert (conversation["channel"], conversation["outcomes"]) == ("call", ["advice"])
    # and the conversation counts in that week, no longer in this one
    assert counted(sam, THIS_WEEK) == (0, 0)
    assert counted(sam, TWO_WEEKS_AGO) == (1, 1)
    # and Network orders Ana after Bea, by last contact and by due date
    for sort in ("last", "due"):
        shown = names_in(browser.get(f"/app/network?sort={sort}"), "Ana Lima", "Bea Ruiz")
        assert shown == (["Bea Ruiz", "Ana Lima"] if sort == "last" else ["Ana Lima", "Bea Ruiz"]), sort
    # And the same correction sent again changes nothing more
    again = browser.request("POST", correct, forms_in(form.body)[-1].data(when="2026-11-11"))
    assert again.status == 303
    assert sam.get(f"/contacts/{contact_id}").body["last_contact_at"] == "2026-11-11T18:00:00Z"
    assert (counted(sam, THIS_WEEK), counted(sam, TWO_WEEKS_AGO)) == ((0, 0), (1, 1))


def test_deleting_asks_first_then_the_conversation_is_gone_and_the_counts_follow(
    sam: ApiClient, clock: FixedClock
) -> None:
    contact_id = ana(sam)
    log(sam, contact_id, datetime(2026, 11, 11, 18, tzinfo=UTC), channel="meeting", summary="Old coffee")
    log(sam, contact_id, WEDNESDAY, channel="video", summary="Logged by mistake")
    assert counted(sam, THIS_WEEK) == (1, 1)
    browser = signed_in(sam)
    path = f"/app/contacts/{contact_id}"
    delete = link(browser.get(path), "Delete the conversation of 25 Nov 2026 (Video call)")
    with dynamodb_calls() as calls:
        confirm = browser.get(delete)
    assert confirm.status == 200
    assert len(calls) <= 3, calls
    assert "Delete the conversation of 25 Nov 2026 with Ana Lima?" in confirm.text
    assert "Logged by mistake" in confirm.text
    assert "cannot be undone" in confirm.text
    # Without the form token nothing is deleted
    form = next(f for f in forms_in(confirm.body) if "Delete this conversation" in f.buttons)
    assert browser.request("POST", delete, form.data(csrf="")).status == 403
    assert browser.request("POST", delete, {}).status == 403
    assert sam.get(f"/contacts/{contact_id}").body["interaction_count"] == 2
    # With it, the conversation goes; the contact's last contact is the one before
    done = browser.submit(confirm, "Delete this conversation")
    assert (done.status, done.location) == (303, f"{path}?did=conversation_deleted")
    page = browser.get(done.location)
    assert "Conversation deleted." in page.text
    assert "Logged by mistake" not in page.text
    assert "Conversations (1 conversation)" in page.text
    assert "Last contact 11 Nov 2026" in page.text
    contact = sam.get(f"/contacts/{contact_id}").body
    assert (contact["interaction_count"], contact["last_contact_at"]) == (1, "2026-11-11T18:00:00Z")
    assert counted(sam, THIS_WEEK) == (0, 0)
    assert counted(sam, TWO_WEEKS_AGO) == (1, 1)
    # The same POST again deletes nothing more: that conversation is not there any more
    replay = browser.request("POST", delete, form.data())
    assert replay.status == 404
    assert "Contact not found" in replay.text
    assert sam.get(f"/contacts/{contact_id}").body["interaction_count"] == 1
    assert counted(sam, TWO_WEEKS_AGO) == (1, 1)


@pytest.mark.parametrize("page", ["edit", "delete"])
def test_another_members_or_an_unknown_contact_or_conversation_is_not_found(
    aws: Stack, program: ApiClient, sam: ApiClient, clock: FixedClock, page: str
) -> None:
    kim = ApiClient(account(aws, "kim@example.org"))
    kims_contact = kim.post("/contacts", {"name": "Kim's friend"}).body["id"]
    kims = log(kim, kims_contact, WEDNESDAY, summary="Kim's secret")
    contact_id = ana(sam)
    own = log(sam, contact_id, WEDNESDAY, summary="Sam's own")
    unknown = "00000000-0000-4000-8000-000000000000"
    browser = signed_in(sam)
    csrf = forms_in(browser.get("/app").body)[0].fields["csrf"][0]
    for contact, conversation in (
        (kims_contact, kims),  # Kim's, both
        (contact_id, kims),  # Kim's conversation under Sam's contact
        (kims_contact, own),  # Sam's conversation under Kim's contact
        (contact_id, unknown),
        (unknown, own),
        ("x" * 300, "y" * 300),
    ):
        target = f"/app/contacts/{contact}/conversations/{conversation}/{page}"
        shown = browser.get(target)
        assert (shown.status, "Contact not found" in shown.text) == (404, True), target
        assert "Kim's" not in shown.text
        fields = {"csrf": csrf, "when": "2026-11-20", "summary": "Overwritten"}
        posted = browser.request("POST", target, fields)
        assert (posted.status, "Contact not found" in posted.text) == (404, True), target
    (kept,) = kim.get(f"/contacts/{kims_contact}/interactions").body["items"]
    assert kept["summary"] == "Kim's secret"
    (mine,) = sam.get(f"/contacts/{contact_id}/interactions").body["items"]
    assert mine["summary"] == "Sam's own"


def test_a_bad_date_is_said_beside_the_field_and_nothing_is_written(
    sam: ApiClient, clock: FixedClock
) -> None:
    contact_id = ana(sam)
    conversation_id = log(sam, contact_id, WEDNESDAY, channel="call", summary="Coffee chat")
    browser = signed_in(sam)
    correct = f"/app/contacts/{contact_id}/conversations/{conversation_id}/edit"
    form = browser.get(correct)
    for when, message in (
        ("2026-13-45", "Enter the date as year-month-day"),
        ("2026-11-27", "That date is in the future"),
        ("", "Enter the day you talked"),
    ):
        wrong = browser.submit(form, "Save the correction", when=when, summary="Typed, not saved")
        assert wrong.status == 422
        assert message in wrong.text
        assert 'href="#when"' in wrong.body  # the error summary leads to the field
        assert re.search(r'id="when"[^>]*aria-invalid="true"', wrong.body)
        assert f'<p class="error" id="when-error">{message}' in wrong.body
        assert f'value="{when}"' in wrong.body  # what was typed stays
        assert ">Typed, not saved</textarea>" in wrong.body
    (conversation,) = sam.get(f"/contacts/{contact_id}/interactions").body["items"]
    assert (conversation["when"], conversation["summary"]) == ("2026-11-25T18:00:00Z", "Coffee chat")
    assert sam.get(f"/contacts/{contact_id}").body["last_contact_at"] == "2026-11-25T18:00:00Z"


def test_a_next_step_left_as_logged_may_be_overdue_a_new_one_may_not(
    sam: ApiClient, clock: FixedClock
) -> None:
    contact_id = ana(sam)
    conversation_id = log(
        sam,
        contact_id,
        WEDNESDAY,
        summary="Coffee",
        next_step={"text": "Send the article", "due": "2026-11-27"},
    )
    clock.advance(days=5)  # the step is now overdue
    browser = signed_in(sam)
    correct = f"/app/contacts/{contact_id}/conversations/{conversation_id}/edit"
    form = browser.get(correct)
    assert 'value="2026-11-27"' in form.body
    saved = browser.submit(form, "Save the correction", summary="Coffee at Ritual")
    assert saved.status == 303, saved.text
    (conversation,) = sam.get(f"/contacts/{contact_id}/interactions").body["items"]
    assert conversation["summary"] == "Coffee at Ritual"
    assert conversation["next_step"] == {"text": "Send the article", "due": "2026-11-27"}
    moved = browser.submit(browser.get(correct), "Save the correction", next_step="Send two articles")
    assert moved.status == 422
    assert "Choose today or a later date." in moved.text
    assert sam.get(f"/contacts/{contact_id}").body["next_step"]["text"] == "Send the article"
