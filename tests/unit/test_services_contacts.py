"""Contacts and conversations, as a member notices them: defaults, refusals, lost races retried,
lists that stop reading, cadences restarted, and how the week counts each conversation."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from tests.fakes import MemoryTable
from tests.fakes.contacts import MemoryContacts
from tests.fakes.services import MemoryServices
from tests.unit.conftest import THURSDAY
from tracker.domain import cursor
from tracker.domain.contacts import ContactChanges, ContactFilter, NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.errors import Conflict, InvalidInput, NotFound
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Contact, Identity, MemberKey, NextStep
from tracker.services.contacts import ContactService

DAY = timedelta(days=1)


def add(
    app: MemoryServices, who: Identity, name: str, days_since: int | None = None, **fields: Any
) -> Contact:
    last = THURSDAY - days_since * DAY if days_since is not None else None
    return app.contacts.create(who, NewContact(name=name, last_contact_at=last, **fields))


# ---------------------------------------------------------------- adding and changing people


def test_a_new_contact_takes_the_members_default_cadence_and_is_due_at_once(
    app: MemoryServices, sam: Identity
) -> None:
    # Given Sam, who reconnects every 30 days by default
    app.members.update(sam, ProfileChanges(default_cadence_days=30))
    # When he adds someone he has never logged a conversation with, and someone with a cadence of their own
    ana = add(app, sam, "Ana Lima")
    ben = add(app, sam, "Ben Okafor", days_since=10, cadence_days=7)
    # Then Ana reconnects every 30 days and is due now; Ben was due three days ago
    assert (ana.cadence_days, ana.due_at) == (30, THURSDAY)
    assert (ben.cadence_days, ben.due_at) == (7, THURSDAY - 3 * DAY)
    assert app.contacts.get(sam.member, ana.contact_id) == ana


def test_a_last_conversation_in_the_future_is_refused(app: MemoryServices, sam: Identity) -> None:
    with pytest.raises(InvalidInput) as refused:
        add(app, sam, "Ana Lima", days_since=-1)
    assert refused.value.field == "last_contact_at"
    assert app.contacts.list(sam.member, ContactFilter(), None, 10).items == []


def test_unknown_or_malformed_ids_are_not_found(app: MemoryServices, sam: Identity) -> None:
    for contact_id in ("01jd0000000000000000000000", "../other-member", ""):
        with pytest.raises(NotFound):
            app.contacts.get(sam.member, contact_id)
        with pytest.raises(NotFound):
            app.contacts.delete(sam.member, contact_id)


class EditedMeanwhile(MemoryContacts):
    """Sam's contacts, where another of his requests stars the contact just before this one
    writes its change, `times` times."""

    def __init__(self, table: MemoryTable, times: int) -> None:
        super().__init__(table)
        self.times = times

    def replace(self, owner: MemberKey, contact: Contact, *, expected_revision: int) -> None:
        current = self.get(owner, contact.contact_id)
        if self.times and current is not None:
            self.times -= 1
            starred = replace(current, starred=True, revision=current.revision + 1)
            super().replace(owner, starred, expected_revision=current.revision)
        super().replace(owner, contact, expected_revision=expected_revision)


def test_a_change_that_lost_a_race_is_made_again_on_the_latest_version(
    app: MemoryServices, sam: Identity
) -> None:
    ana = add(app, sam, "Ana Lima")
    racing = EditedMeanwhile(app.table, times=1)
    contacts = ContactService(racing, app.members, app.clock, app.recount)
    changed = contacts.update(sam.member, ana.contact_id, ContactChanges(company="Acme"))
    # Both changes stand: the star given meanwhile and the company
    assert (changed.company, changed.starred, changed.revision) == ("Acme", True, 2)
    assert app.contacts.get(sam.member, ana.contact_id) == changed


def test_a_contact_changed_by_other_requests_every_time_is_a_conflict_not_a_lost_change(
    app: MemoryServices, sam: Identity
) -> None:
    ana = add(app, sam, "Ana Lima")
    racing = EditedMeanwhile(app.table, times=100)
    contacts = ContactService(racing, app.members, app.clock, app.recount)
    with pytest.raises(Conflict):
        contacts.update(sam.member, ana.contact_id, ContactChanges(company="Acme"))
    assert app.contacts.get(sam.member, ana.contact_id).company is None


def test_deleting_someone_takes_their_conversations_and_only_theirs(
    app: MemoryServices, sam: Identity
) -> None:
    ana, ben = add(app, sam, "Ana Lima"), add(app, sam, "Ben Okafor")
    for person in (ana, ben):
        app.conversations.log(sam.member, person.contact_id, NewConversation(summary="Coffee"))
    app.contacts.delete(sam.member, ana.contact_id)
    with pytest.raises(NotFound):
        app.conversations.list(sam.member, ana.contact_id, None, 10)
    assert len(app.conversations.list(sam.member, ben.contact_id, None, 10).items) == 1
    with pytest.raises(NotFound):
        app.contacts.delete(sam.member, ana.contact_id)


# ---------------------------------------------------------------- lists


def test_a_filtered_list_stops_reading_at_its_limit_and_hands_back_a_cursor(
    app: MemoryServices, sam: Identity
) -> None:
    # Given 505 people, of whom only the last one is starred
    for number in range(504):
        add(app, sam, f"Person {number}", cadence_days=90)
    time.sleep(0.002)  # ids are ordered by the millisecond they were made in: the star comes last
    star = add(app, sam, "Star", cadence_days=90, starred=True)
    # When Sam lists his starred people
    first = app.contacts.list(sam.member, ContactFilter(starred=True), None, 20)
    # Then the first page is empty but says there is more; the next one finds the star
    assert first.items == []
    assert first.next_cursor is not None
    second = app.contacts.list(sam.member, ContactFilter(starred=True), first.next_cursor, 20)
    assert (second.items, second.next_cursor) == ([star], None)


def test_an_unfiltered_list_pages_in_the_order_people_were_added(app: MemoryServices, sam: Identity) -> None:
    names = [f"Person {number}" for number in range(5)]
    for name in names:
        add(app, sam, name)
        time.sleep(0.002)  # ids are ordered by the millisecond they were made in
    seen: list[str] = []
    page = app.contacts.list(sam.member, ContactFilter(), None, 2)
    while True:
        seen += [contact.name for contact in page.items]
        if page.next_cursor is None:
            break
        page = app.contacts.list(sam.member, ContactFilter(), page.next_cursor, 2)
    assert seen == names
    with pytest.raises(InvalidInput):
        app.contacts.list(sam.member, ContactFilter(), cursor.encode("not-an-id"), 2)


# ---------------------------------------------------------------- conversations


def test_the_latest_conversation_restarts_the_cadence_and_ends_a_snooze(
    app: MemoryServices, sam: Identity
) -> None:
    ana = add(app, sam, "Ana Lima", days_since=100)
    app.contacts.update(sam.member, ana.contact_id, ContactChanges(snoozed_until=THURSDAY + 10 * DAY))
    _, after = app.conversations.log(sam.member, ana.contact_id, NewConversation(summary="Coffee at Ritual"))
    assert (after.last_contact_at, after.last_summary, after.snoozed_until) == (
        THURSDAY,
        "Coffee at Ritual",
        None,
    )
    assert after.due_at == THURSDAY + 90 * DAY
    assert app.contacts.get(sam.member, ana.contact_id) == after


def test_a_conversation_logged_late_only_adds_to_the_count(app: MemoryServices, sam: Identity) -> None:
    ana = add(app, sam, "Ana Lima", days_since=5)
    late = NewConversation(
        when=THURSDAY - 20 * DAY, summary="That call in November", next_step=NextStep("Send CV")
    )
    _, after = app.conversations.log(sam.member, ana.contact_id, late)
    assert (after.last_contact_at, after.last_summary, after.due_at) == (
        ana.last_contact_at,
        None,
        ana.due_at,
    )
    assert (after.conversation_count, after.next_step) == (1, NextStep("Send CV"))


def test_a_conversation_in_the_future_is_refused_beyond_a_phones_clock_drift(
    app: MemoryServices, sam: Identity
) -> None:
    ana = add(app, sam, "Ana Lima")
    app.conversations.log(sam.member, ana.contact_id, NewConversation(when=THURSDAY + timedelta(minutes=5)))
    with pytest.raises(InvalidInput):
        app.conversations.log(sam.member, ana.contact_id, NewConversation(when=THURSDAY + timedelta(hours=1)))
    assert [c.when for c in app.conversations.list(sam.member, ana.contact_id, None, 10).items] == [
        THURSDAY + timedelta(minutes=5)
    ]


def test_the_week_counts_each_person_once_new_people_and_reconnects_as_such(
    app: MemoryServices, sam: Identity
) -> None:
    newcomer = add(app, sam, "Nia New")  # added this week, never spoken to
    dormant = add(app, sam, "Dora Dormant", days_since=200)
    recent = add(app, sam, "Rae Recent", days_since=30)
    for person in (newcomer, newcomer, dormant, recent, dormant):
        app.conversations.log(sam.member, person.contact_id, NewConversation())
    progress = app.goals.progress(sam, None)
    record = progress.record
    assert (record.conversations, record.people, record.new_people, record.reconnects) == (5, 3, 1, 1)
    assert progress.met  # the default goal: 3 people, 1 new, 1 reconnect
    assert app.org.report_for("bridges", "2026-W48").week.suppressed  # one member: no figures shown
