"""Changing and deleting a logged conversation, on the fakes: what the member then sees on the
contact and in the week's progress, and a lost race decided again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.fakes.services import MemoryServices
from tests.unit.conftest import THURSDAY
from tracker.domain.contacts import NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.corrections import ConversationChanges
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.model import Identity, NextStep, Outcome

DAY = timedelta(days=1)
WEEK = "2026-W48"


def progress(app: MemoryServices, sam: Identity, week: str = WEEK) -> tuple[int, int, int, int]:
    record = app.repositories.weeks.get(sam.member, week)
    if record is None:
        return (0, 0, 0, 0)
    return (record.conversations, record.people, record.new_people, record.reconnects)


def test_deleting_the_latest_brings_back_the_one_before(app: MemoryServices, sam: Identity) -> None:
    ana = app.contacts.create(
        sam, NewContact(name="Ana", last_contact_at=THURSDAY - 200 * DAY, cadence_days=30)
    )
    first, _ = app.conversations.log(
        sam.member, ana.contact_id, NewConversation(when=THURSDAY - 2 * DAY, summary="Coffee")
    )
    latest, _ = app.conversations.log(
        sam.member, ana.contact_id, NewConversation(when=THURSDAY, summary="Call")
    )
    assert progress(app, sam) == (2, 1, 0, 1)
    after = app.conversations.delete(sam.member, ana.contact_id, latest.conversation_id)
    assert (after.last_contact_at, after.last_summary, after.conversation_count) == (first.when, "Coffee", 1)
    assert after.due_at == first.when + 30 * DAY
    assert progress(app, sam) == (1, 1, 0, 1)  # still a reconnect: Monday's conversation was one too
    with pytest.raises(NotFound):
        app.conversations.delete(sam.member, ana.contact_id, latest.conversation_id)


def test_a_next_step_given_with_a_conversation_follows_it(app: MemoryServices, sam: Identity) -> None:
    ana = app.contacts.create(sam, NewContact(name="Ana"))
    step = NextStep("Send the deck")
    logged, _ = app.conversations.log(
        sam.member, ana.contact_id, NewConversation(when=THURSDAY, next_step=step)
    )
    _, contact = app.conversations.change(
        sam.member,
        ana.contact_id,
        logged.conversation_id,
        ConversationChanges(next_step=NextStep("Call back")),
    )
    assert contact.next_step == NextStep("Call back")
    assert app.conversations.delete(sam.member, ana.contact_id, logged.conversation_id).next_step is None


def test_a_next_step_set_since_on_the_contact_is_left_alone(app: MemoryServices, sam: Identity) -> None:
    ana = app.contacts.create(sam, NewContact(name="Ana"))
    logged, _ = app.conversations.log(
        sam.member, ana.contact_id, NewConversation(when=THURSDAY - DAY, next_step=NextStep("Old"))
    )
    app.conversations.log(
        sam.member, ana.contact_id, NewConversation(when=THURSDAY, next_step=NextStep("New"))
    )
    after = app.conversations.delete(sam.member, ana.contact_id, logged.conversation_id)
    assert after.next_step == NextStep("New")
    assert after.last_contact_at == THURSDAY


def test_moving_a_conversation_later_than_the_latest_makes_it_the_last_contact(
    app: MemoryServices, sam: Identity
) -> None:
    ana = app.contacts.create(sam, NewContact(name="Ana"))
    early, _ = app.conversations.log(
        sam.member, ana.contact_id, NewConversation(when=THURSDAY - 3 * DAY, summary="Early")
    )
    app.conversations.log(sam.member, ana.contact_id, NewConversation(when=THURSDAY - 2 * DAY))
    _, contact = app.conversations.change(
        sam.member, ana.contact_id, early.conversation_id, ConversationChanges(when=THURSDAY - DAY)
    )
    assert (contact.last_contact_at, contact.last_summary) == (THURSDAY - DAY, "Early")
    assert progress(app, sam) == (2, 1, 1, 0)


def test_a_future_when_is_refused_and_nothing_changes(app: MemoryServices, sam: Identity) -> None:
    ana = app.contacts.create(sam, NewContact(name="Ana"))
    logged, _ = app.conversations.log(sam.member, ana.contact_id, NewConversation(when=THURSDAY))
    with pytest.raises(InvalidInput):
        app.conversations.change(
            sam.member, ana.contact_id, logged.conversation_id, ConversationChanges(when=THURSDAY + DAY)
        )
    assert progress(app, sam) == (1, 1, 1, 0)


def test_a_correction_that_lost_a_race_is_decided_again(app: MemoryServices, sam: Identity) -> None:
    ana = app.contacts.create(sam, NewContact(name="Ana"))
    logged, _ = app.conversations.log(
        sam.member, ana.contact_id, NewConversation(when=THURSDAY - DAY, outcomes=(Outcome.JOB_LEAD,))
    )
    store = app.repositories.conversations
    original = store.correct
    calls: list[int] = []

    def log_first_then_correct(owner, correction):  # type: ignore[no-untyped-def]
        if not calls:  # another request logs a conversation with Ana just before this write
            calls.append(1)
            app.conversations.log(sam.member, ana.contact_id, NewConversation(when=THURSDAY))
        original(owner, correction)

    store.correct = log_first_then_correct  # type: ignore[method-assign]
    after = app.conversations.delete(sam.member, ana.contact_id, logged.conversation_id)
    assert (after.last_contact_at, after.conversation_count) == (THURSDAY, 1)
    assert progress(app, sam) == (1, 1, 1, 0)  # the person stays: today's conversation counts them
    record = app.repositories.weeks.get(sam.member, WEEK)
    assert record is not None
    assert record.outcomes == {}


def test_a_conversation_is_found_by_its_contact_and_id_only_in_the_members_own_tracker(
    app: MemoryServices, sam: Identity
) -> None:
    kim = Identity("bridges", "22222222-bbbb-4bbb-8bbb-222222222222", "kim@example.org")
    ana = app.contacts.create(sam, NewContact(name="Ana"))
    logged, _ = app.conversations.log(
        sam.member, ana.contact_id, NewConversation(when=THURSDAY, summary="Tea")
    )
    contact, found = app.conversations.find(sam.member, ana.contact_id, logged.conversation_id)
    assert (contact.name, found.summary) == ("Ana", "Tea")
    bea = app.contacts.create(sam, NewContact(name="Bea"))
    for owner, contact_id, conversation_id in (
        (kim.member, ana.contact_id, logged.conversation_id),  # another member's
        (sam.member, bea.contact_id, logged.conversation_id),  # another contact's
        (sam.member, ana.contact_id, bea.contact_id),  # not a conversation
        (sam.member, "../x", logged.conversation_id),
    ):
        with pytest.raises(NotFound):
            app.conversations.find(owner, contact_id, conversation_id)
