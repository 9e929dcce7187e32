"""Acting without signing in: quick-log links (once per link, with an undo that puts things back
only while nothing else changed) and text replies (DONE n, SNOOZE n, STOP then silence, START)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.fakes.services import SIGNER, MemoryServices
from tests.unit.conftest import THURSDAY
from tracker.domain.contacts import ContactChanges, ContactFilter, NewContact
from tracker.domain.links import Purpose
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Contact, Identity, Member, ReminderChannel
from tracker.domain.picks import PickStatus
from tracker.domain.quicklog import FORM, ONE_TAP, QuickLogEntry, UndoOutcome
from tracker.domain.sms import Answer, InboundSms

PHONE = "+13125550142"


def due(app: MemoryServices, who: Identity, *names: str) -> list[Contact]:
    """People last spoken to long ago, the first the longest ago: today's picks, in that order."""
    return [
        app.contacts.create(
            who,
            NewContact(name=name, last_contact_at=THURSDAY - timedelta(days=300 - n), cadence_days=90),
        )
        for n, name in enumerate(names)
    ]


def link(who: Identity, purpose: Purpose, contact: Contact | None = None) -> str:
    """A signed link as a reminder or the app hands it out."""
    expires = THURSDAY + timedelta(days=7)
    return SIGNER.token(
        purpose, who.member, expires=expires, contact_id=contact.contact_id if contact else None
    )


def statuses(app: MemoryServices, member: Member) -> list[PickStatus]:
    return [pick.status for pick in app.picks.today(member).picks]


# ---------------------------------------------------------------- quick-log links


def test_i_reached_out_acts_once_per_link_and_its_undo_puts_everything_back(
    app: MemoryServices, sam: Identity
) -> None:
    # Given Ana, today's pick, and the "I reached out" link under her name
    member = app.members.profile(sam)
    (ana,) = due(app, sam, "Ana Lima")
    app.picks.today(member)
    before = app.contacts.get(sam.member, ana.contact_id)
    token = link(sam, Purpose.REACHED_OUT, ana)
    # When Sam follows it twice
    done = app.quicklog.reached_out(app.quicklog.open(token, ONE_TAP))
    again = app.quicklog.reached_out(app.quicklog.open(token, ONE_TAP))
    # Then one conversation is logged and the pick marked done
    assert (done.repeated, again.repeated) == (False, True)
    assert app.goals.progress(sam, None).record.conversations == 1
    assert statuses(app, member) == [PickStatus.DONE]
    # And its undo link takes all of it back, once
    assert done.undo_token is not None
    undo = app.quicklog.open(done.undo_token, {Purpose.UNDO})
    assert app.quicklog.undo(undo) is UndoOutcome.UNDONE
    assert replace(app.contacts.get(sam.member, ana.contact_id), revision=before.revision) == before
    assert app.conversations.list(sam.member, ana.contact_id, None, 10).items == []
    assert app.goals.progress(sam, None).record.conversations == 0
    assert statuses(app, member) == [PickStatus.PENDING]
    assert app.quicklog.undo(undo) is UndoOutcome.NOTHING_TO_UNDO


def test_undo_refuses_once_the_contact_changed_since(app: MemoryServices, sam: Identity) -> None:
    app.members.profile(sam)
    (ana,) = due(app, sam, "Ana Lima")
    done = app.quicklog.snooze(app.quicklog.open(link(sam, Purpose.SNOOZE, ana), ONE_TAP))
    app.contacts.update(sam.member, ana.contact_id, ContactChanges(notes="Moved to Denver"))
    assert done.undo_token is not None
    assert app.quicklog.undo(app.quicklog.open(done.undo_token, {Purpose.UNDO})) is UndoOutcome.CHANGED_SINCE
    kept = app.contacts.get(sam.member, ana.contact_id)
    assert (kept.notes, kept.snoozed_until) == ("Moved to Denver", THURSDAY + timedelta(days=30))


def test_the_form_finds_a_name_typed_without_its_accents(app: MemoryServices, sam: Identity) -> None:
    # The probe: typing "Zoe Popescu" added a second Zoë Popescu
    app.members.profile(sam)
    zoe = app.contacts.create(sam, NewContact(name="Zoë Popescu"))
    form = app.quicklog.open(app.quicklog.form_link(sam).url.split("t=", 1)[1], FORM)
    entry = QuickLogEntry(contact_name="zoe  popescu", when=THURSDAY.date(), summary="Coffee")
    saved = app.quicklog.log(form, entry, submission=app.quicklog.form_id(form))
    assert (saved.created_contact, saved.contact.contact_id) == (False, zoe.contact_id)
    assert [c.name for c in app.contacts.list(sam.member, ContactFilter(), None, 10).items] == ["Zoë Popescu"]


def test_the_form_adds_a_new_name_once_per_form_and_its_undo_removes_them(
    app: MemoryServices, sam: Identity
) -> None:
    app.members.profile(sam)
    personal = app.quicklog.form_link(sam).url.split("t=", 1)[1]
    form = app.quicklog.open(personal, FORM)
    entry = QuickLogEntry(contact_name="  Nia   New ", when=THURSDAY.date(), summary="Met at the fair")
    rendered = app.quicklog.form_id(form)  # the id signed into the form the page showed
    saved = app.quicklog.log(form, entry, submission=rendered)
    resent = app.quicklog.log(form, entry, submission=rendered)
    assert (saved.created_contact, saved.contact.name, resent.repeated) == (True, "Nia New", True)
    assert [c.name for c in app.contacts.list(sam.member, ContactFilter(), None, 10).items] == ["Nia New"]
    assert saved.undo_token is not None
    assert app.quicklog.undo(app.quicklog.open(saved.undo_token, {Purpose.UNDO})) is UndoOutcome.UNDONE
    assert app.repositories.contacts.get(sam.member, saved.contact.contact_id) is None
    assert app.goals.progress(sam, None).record.new_people == 0


def test_one_click_unsubscribe_turns_email_off_and_keeps_texts(app: MemoryServices, sam: Identity) -> None:
    app.members.update(
        sam, ProfileChanges(phone=PHONE, reminder_channels=(ReminderChannel.EMAIL, ReminderChannel.SMS))
    )
    after = app.quicklog.unsubscribe(app.quicklog.open(link(sam, Purpose.UNSUBSCRIBE), {Purpose.UNSUBSCRIBE}))
    assert after.reminder_channels == (ReminderChannel.SMS,)


# ---------------------------------------------------------------- text replies


@pytest.fixture
def texting(app: MemoryServices, sam: Identity) -> Member:
    """Sam gets three picks a day by text, at 08:00 in Chicago; today's are chosen."""
    changes = ProfileChanges(
        time_zone="America/Chicago",
        reminder_hour=8,
        phone=PHONE,
        reminder_channels=(ReminderChannel.SMS,),
        picks_per_day=3,
    )
    app.members.update(sam, changes)
    member = app.prove_phone(sam)  # the code texted to the new number, entered
    due(app, sam, "Ana Lima", "Ben Okafor", "Chloé Dubois")
    app.picks.today(member)
    return member


def text(app: MemoryServices, body: str, message_id: str, phone: str = PHONE) -> tuple[Answer, list[str]]:
    before = len(app.texter.sent)
    outcome = app.sms_replies.handle(InboundSms(phone, body, message_id))
    return outcome.answer, [reply for _, reply in app.texter.sent[before:]]


def test_done_and_snooze_act_on_the_numbered_picks_and_each_text_is_answered_once(
    app: MemoryServices, texting: Member
) -> None:
    assert text(app, "DONE 1", "in-1") == (
        Answer.DONE,
        ["Networking Tracker: noted, you reached out to Ana. Well done!"],
    )
    assert text(app, "DONE 1", "in-1") == (Answer.SILENT, [])  # the same text, delivered again
    assert text(app, "done 1", "in-2")[0] is Answer.ALREADY
    assert text(app, "Snooze 2.", "in-3") == (
        Answer.SNOOZED,
        ["Networking Tracker: snoozed Ben for 30 days."],
    )
    assert text(app, "DONE 4", "in-4")[0] is Answer.NO_SUCH_PICK
    assert text(app, "DONE", "in-5")[0] is Answer.DONE  # only pick 3 is left
    assert statuses(app, texting) == [PickStatus.DONE, PickStatus.SNOOZED, PickStatus.DONE]


def test_after_stop_nothing_is_sent_until_start(app: MemoryServices, sam: Identity, texting: Member) -> None:
    answer, replies = text(app, "STOP", "in-1")
    assert answer is Answer.STOPPED
    assert len(replies) == 1
    assert app.members.profile(sam).reminder_channels == ()
    assert text(app, "DONE 1", "in-2") == (Answer.SILENT, [])
    assert text(app, "STOP", "in-3") == (Answer.SILENT, [])
    assert text(app, "HELP", "in-3b")[0] is Answer.HELP  # always answered (carriers require it)
    assert statuses(app, texting)[0] is PickStatus.PENDING
    answer, replies = text(app, "START", "in-4")
    assert (answer, replies) == (
        Answer.STARTED,
        ["Networking Tracker: texts are back on. Your picks come at 08:00. Reply HELP for help."],
    )
    assert app.members.profile(sam).reminder_channels == (ReminderChannel.SMS,)
    assert text(app, "DONE 1", "in-5")[0] is Answer.DONE


def test_numbers_we_do_not_know_only_get_help(app: MemoryServices, texting: Member) -> None:
    stranger = "+13125550199"
    assert text(app, "DONE 1", "in-1", stranger) == (Answer.SILENT, [])
    answer, replies = text(app, "HELP", "in-2", stranger)
    assert (answer, len(replies)) == (Answer.HELP, 1)
    assert statuses(app, texting) == [PickStatus.PENDING] * 3
