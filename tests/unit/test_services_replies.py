"""Acting without signing in: quick-log links (once per link, with an undo that puts things back
only while nothing else changed) and text replies (DONE n, SNOOZE n, STOP then silence, START)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.services import SIGNER, MemoryServices
from tests.unit.conftest import THURSDAY
from tracker.domain.contacts import ContactChanges, ContactFilter, NewContact
from tracker.domain.links import Purpose
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Contact, Identity, Member, NextStep, ReminderChannel
from tracker.domain.picks import PickStatus
from tracker.domain.quicklog import FORM, ONE_TAP, QuickLogEntry, UndoOutcome
from tracker.domain.sms import Answer, InboundSms

PHONE = "+13125550142"
CHICAGO = ZoneInfo("America/Chicago")


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
    send_reminder(app, member)
    assert app.texter.to(PHONE)[-1].startswith(
        "Networking Tracker: 3 people to reconnect with today: 1 Ana, 2 Ben, 3 Chloé."
    )
    return member


def send_reminder(app: MemoryServices, member: Member) -> None:
    """The day's reminder, as the schedule sends it at the clock's time."""
    at = app.clock.now()
    app.reminders.send_daily(member.key, at.astimezone(CHICAGO).date(), at)


def reached_out(app: MemoryServices, who: Identity) -> list[str]:
    """Whom the member logged a conversation with."""
    people = app.contacts.list(who.member, ContactFilter(), None, 50).items
    return [c.name for c in people if app.conversations.list(who.member, c.contact_id, None, 10).items]


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


def test_a_reply_after_midnight_acts_on_yesterdays_text(
    app: MemoryServices, sam: Identity, texting: Member
) -> None:
    # Given Thursday's text (1 Ana, 2 Ben, 3 Chloé) and, past midnight, Friday's picks chosen
    due(app, sam, "Dan Park", "Eve Stone", "Fay Wong")
    app.clock.at = THURSDAY + timedelta(hours=15, minutes=30)  # 00:30 on Friday in Chicago
    friday = app.picks.today(texting)
    assert [pick.contact.name for pick in friday.picks] == ["Dan Park", "Eve Stone", "Fay Wong"]
    # When Sam answers Thursday's text
    assert text(app, "DONE 1", "in-1") == (
        Answer.DONE,
        ["Networking Tracker: noted, you reached out to Ana. Well done!"],
    )
    assert text(app, "SNOOZE 2", "in-2")[1] == ["Networking Tracker: snoozed Ben for 30 days."]
    assert text(app, "1", "in-3")[1] == ["Networking Tracker: Ana is already marked done."]
    # Then Ana is logged and Ben snoozed, and Friday's picks are left as they were
    assert reached_out(app, sam) == ["Ana Lima"]
    assert statuses(app, texting) == [PickStatus.PENDING] * 3
    ben = [
        c for c in app.contacts.list(sam.member, ContactFilter(), None, 50).items if c.name == "Ben Okafor"
    ]
    assert ben[0].snoozed_until == app.clock.at + timedelta(days=30)


def test_done_1_logs_whom_the_text_numbered_1_when_the_days_picks_no_longer_match(
    app: MemoryServices, sam: Identity
) -> None:
    # Given Ana and Jess picked early in the app, then Ana deleted: the 08:00 text lists "1 Jess"
    changes = ProfileChanges(
        time_zone="America/Chicago", phone=PHONE, reminder_channels=(ReminderChannel.SMS,), picks_per_day=2
    )
    app.members.update(sam, changes)
    member = app.prove_phone(sam)
    ana, _ = due(app, sam, "Ana Lima", "Jess Ward")
    app.picks.today(member)
    app.contacts.delete(sam.member, ana.contact_id)
    send_reminder(app, member)
    assert app.texter.to(PHONE)[-1].startswith(
        "Networking Tracker: 1 person to reconnect with today: 1 Jess."
    )
    # When Sam replies DONE 1, Then Jess is the one logged
    assert text(app, "DONE 1", "in-1")[1] == [
        "Networking Tracker: noted, you reached out to Jess. Well done!"
    ]
    assert reached_out(app, sam) == ["Jess Ward"]


def test_a_text_more_than_36_hours_old_is_not_acted_on(
    app: MemoryServices, sam: Identity, texting: Member
) -> None:
    # Given Thursday's 09:00 text, none since, and Friday's picks chosen in the app
    due(app, sam, "Dan Park")
    app.clock.at = THURSDAY + timedelta(hours=36, minutes=30)  # 21:30 on Friday in Chicago
    app.picks.today(texting)
    # When Sam replies DONE 1, Then nothing is logged and he is told where his picks are
    assert text(app, "DONE 1", "in-1")[1] == [
        "Networking Tracker: I couldn't find a recent reminder to match. Your picks come by text at 08:00."
    ]
    assert reached_out(app, sam) == []
    # Within the 36 hours the same reply acts on Thursday's text
    app.clock.at = THURSDAY + timedelta(hours=35)
    assert text(app, "DONE 1", "in-2")[1] == ["Networking Tracker: noted, you reached out to Ana. Well done!"]


def test_a_number_the_text_did_not_list_gets_the_numbers_it_did(
    app: MemoryServices, sam: Identity, texting: Member
) -> None:
    assert text(app, "DONE 4", "in-1")[1] == [
        "Networking Tracker: your last text had no pick 4. Reply DONE 1 to 3."
    ]
    assert text(app, "SNOOZE 9", "in-2")[1] == [
        "Networking Tracker: your last text had no pick 9. Reply SNOOZE 1 to 3."
    ]
    assert reached_out(app, sam) == []


def test_a_reply_to_a_text_with_next_steps_only_acts_on_no_one(app: MemoryServices, sam: Identity) -> None:
    # Given a text that listed only a next step due (and so gave no DONE instructions)
    changes = ProfileChanges(
        time_zone="America/Chicago", phone=PHONE, reminder_channels=(ReminderChannel.SMS,)
    )
    app.members.update(sam, changes)
    member = app.prove_phone(sam)
    step = NextStep("Send the article", THURSDAY.date())
    app.contacts.create(sam, NewContact(name="Ana Lima", last_contact_at=THURSDAY, next_step=step))
    send_reminder(app, member)
    assert app.texter.to(PHONE)[-1] == "Networking Tracker: 1 next step due. Reply HELP for help."
    # When Sam replies DONE 1 anyway, Then he is told so and nothing is logged
    assert text(app, "DONE 1", "in-1")[1] == [
        "Networking Tracker: your last text listed no one to reconnect with. Reply HELP for help."
    ]
    assert reached_out(app, sam) == []


def test_a_pick_reached_before_the_text_leaves_the_rest_numbered_from_1_as_in_the_email(
    app: MemoryServices, sam: Identity
) -> None:
    # Given Sam's three picks chosen at 07:00, and Ana reached before the 08:00 reminder
    changes = ProfileChanges(
        time_zone="America/Chicago",
        phone=PHONE,
        reminder_channels=(ReminderChannel.EMAIL, ReminderChannel.SMS),
        picks_per_day=3,
    )
    app.members.update(sam, changes)
    member = app.prove_phone(sam)
    ana, _, _ = due(app, sam, "Ana Lima", "Ben Okafor", "Chloé Dubois")
    app.picks.today(member)
    app.picks.done(member, ana.contact_id)
    send_reminder(app, member)
    # Then the text and the email both number Ben 1 (the text said "2 Ben, 3 Chloé")
    assert app.texter.to(PHONE)[-1].startswith(
        "Networking Tracker: 2 people to reconnect with today: 1 Ben, 2 Chloé. Reply DONE 1"
    )
    assert "1. Ben Okafor" in app.mailer.to("sam@example.org")[-1].text
    # And DONE 1 is Ben; 3 is no pick of that text
    assert text(app, "DONE 1", "in-1")[1] == ["Networking Tracker: noted, you reached out to Ben. Well done!"]
    assert text(app, "3", "in-2")[1] == [
        "Networking Tracker: your last text had no pick 3. Reply DONE 1 to 2."
    ]
