"""A phone number is proved before anything is texted to it or acted on from it, and its STOP is
the number's own: the outside probe's attack (one member claiming another's number) and what
the carriers' rules ask of us, as the two members' phones and inboxes see them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.services import MemoryServices
from tests.unit.conftest import THURSDAY
from tracker.domain.contacts import NewContact
from tracker.domain.errors import Conflict, InvalidInput, TooManyRequests
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Identity, Member, ReminderChannel
from tracker.domain.phones import CODE_LIFETIME, CODE_TRIES, CODES_PER_DAY
from tracker.domain.sending import SendOutcome
from tracker.domain.sms import Answer, InboundSms

BOB_PHONE = "+13125550142"  # Bob's (Chicago)
SMS_TOO = (ReminderChannel.EMAIL, ReminderChannel.SMS)


@pytest.fixture
def alex() -> Identity:
    """A member of another program, who will claim Bob's number."""
    return Identity("stmarys", "22222222-bbbb-4bbb-8bbb-222222222222", "alex@example.org")


def codes_to(app: MemoryServices, phone: str) -> list[str]:
    return [code for text in app.texter.to(phone) for code in re.findall(r"your code is (\d{6})", text)]


def texting(app: MemoryServices, who: Identity, phone: str = BOB_PHONE) -> Member:
    """`who` chose texts at 08:00 Chicago time and entered the code sent to `phone`."""
    changes = ProfileChanges(
        time_zone="America/Chicago", reminder_hour=8, phone=phone, reminder_channels=SMS_TOO
    )
    app.members.update(who, changes)
    app.contacts.create(who, NewContact(name="Ana Lima", last_contact_at=THURSDAY - timedelta(days=200)))
    return app.prove_phone(who)


def reply(
    app: MemoryServices, body: str, message_id: str, phone: str = BOB_PHONE
) -> tuple[Answer, list[str]]:
    before = len(app.texter.sent)
    answer = app.sms_replies.handle(InboundSms(phone, body, message_id)).answer
    return answer, [text for _, text in app.texter.sent[before:]]


def remind(app: MemoryServices, member: Member, days: int = 0) -> SendOutcome:
    at = datetime(2026, 11, 27, 8, tzinfo=ZoneInfo("America/Chicago")) + timedelta(days=days)
    return app.reminders.send_daily(member.key, at.date(), at.astimezone(UTC)).outcomes["sms"]


def test_a_new_number_gets_a_code_and_nothing_else_until_it_is_entered(
    app: MemoryServices, sam: Identity
) -> None:
    member = app.members.update(sam, ProfileChanges(phone=BOB_PHONE, reminder_channels=SMS_TOO))
    assert (member.phone, member.phone_verified) == (BOB_PHONE, False)
    (code,) = codes_to(app, BOB_PHONE)
    app.contacts.create(sam, NewContact(name="Ana Lima", last_contact_at=THURSDAY - timedelta(days=200)))
    # No reminder is texted and no reply acts for Sam while the number is unproved
    assert remind(app, member) is SendOutcome.UNVERIFIED
    assert reply(app, "DONE 1", "in-1") == (Answer.SILENT, [])
    # The code makes it Sam's
    proved = app.members.verify_phone(sam, code)
    assert proved.phone_verified
    assert remind(app, proved) is SendOutcome.SENT
    assert app.repositories.phones.owner(BOB_PHONE).member == sam.member  # type: ignore[union-attr]


def test_claiming_someone_elses_number_gets_the_claimant_nothing(
    app: MemoryServices, sam: Identity, alex: Identity
) -> None:
    # Given Sam (the number's owner) proved it and texts with it
    sam_member = texting(app, sam)
    # When Alex, of another program, puts Sam's number on their profile and turns texts on
    app.members.update(alex, ProfileChanges(phone=BOB_PHONE, reminder_channels=SMS_TOO))
    app.contacts.create(alex, NewContact(name="Zed Secret", last_contact_at=THURSDAY - timedelta(days=200)))
    alex_member = app.members.profile(alex)
    # Then Alex's picks never reach the phone, and the phone's replies still act for Sam only
    assert remind(app, alex_member) is SendOutcome.UNVERIFIED
    assert not any("Zed" in text for text in app.texter.to(BOB_PHONE))
    assert remind(app, sam_member) is SendOutcome.SENT  # Sam's text, which the reply answers
    assert reply(app, "DONE 1", "in-1") == (
        Answer.DONE,
        ["Networking Tracker: noted, you reached out to Ana. Well done!"],
    )
    assert app.repositories.phones.owner(BOB_PHONE).member == sam.member  # type: ignore[union-attr]
    # And guessing the code texted to Sam's phone runs out of tries
    for _ in range(CODE_TRIES):
        with pytest.raises(InvalidInput, match="not the code"):
            app.members.verify_phone(alex, "000000" if codes_to(app, BOB_PHONE)[-1] != "000000" else "111111")
    with pytest.raises(TooManyRequests):
        app.members.verify_phone(alex, codes_to(app, BOB_PHONE)[-1])
    assert not app.members.profile(alex).phone_verified


def test_stop_from_the_number_holds_against_every_claim_until_start(
    app: MemoryServices, sam: Identity, alex: Identity
) -> None:
    # Sam's phone gets a code it never asked for (Alex typed the number) and answers STOP
    app.members.update(alex, ProfileChanges(phone=BOB_PHONE, reminder_channels=SMS_TOO))
    answer, answers = reply(app, "STOP", "in-1")
    assert (answer, len(answers)) == (Answer.STOPPED, 1)
    assert reply(app, "stop all", "in-2") == (Answer.SILENT, [])  # said already: not answered again
    texts_so_far = len(app.texter.to(BOB_PHONE))
    # Alex asks for the code again, removes and re-adds the number, turns texts off and on
    with pytest.raises(Conflict, match="STOP"):
        app.members.send_phone_code(alex)
    app.members.update(alex, ProfileChanges(phone=None, reminder_channels=(ReminderChannel.EMAIL,)))
    app.members.update(alex, ProfileChanges(phone=BOB_PHONE, reminder_channels=SMS_TOO))
    # Nothing more is texted to the number
    assert len(app.texter.to(BOB_PHONE)) == texts_so_far
    # Until START comes from the number itself
    assert reply(app, "start", "in-3")[0] is Answer.STARTED
    app.clock.advance(minutes=2)
    app.members.send_phone_code(alex)
    assert len(codes_to(app, BOB_PHONE)) == 2


def test_a_member_who_said_stop_gets_no_reminder_whatever_the_app_says(
    app: MemoryServices, sam: Identity
) -> None:
    member = texting(app, sam)
    assert reply(app, "Please stop", "in-1")[0] is Answer.STOPPED
    # Sam turns texts back on in the app: the number's STOP still holds
    member = app.members.update(sam, ProfileChanges(reminder_channels=SMS_TOO))
    assert remind(app, member) is SendOutcome.OPTED_OUT
    assert reply(app, "YES", "in-2")[0] is Answer.STARTED
    app.contacts.create(sam, NewContact(name="Ben Okafor"))  # someone due tomorrow
    assert remind(app, app.members.profile(sam), days=1) is SendOutcome.SENT


def test_proving_a_number_takes_it_from_whoever_had_it_and_tells_them(
    app: MemoryServices, sam: Identity, alex: Identity
) -> None:
    texting(app, sam)
    # Sam's old phone went to Alex, who proves it with the code texted to it
    app.members.update(alex, ProfileChanges(phone=BOB_PHONE))
    app.prove_phone(alex)
    owner = app.repositories.phones.owner(BOB_PHONE)
    assert owner is not None
    assert owner.member == alex.member
    sam_now = app.members.profile(sam)
    assert (sam_now.phone_verified, sam_now.reminder_channels) == (False, (ReminderChannel.EMAIL,))
    (notice,) = app.mailer.to("sam@example.org")
    assert notice.subject == "We no longer text your phone number"
    assert "ending in 42" in notice.text
    assert "+1312" not in notice.text + notice.html


def test_a_code_expires_and_codes_are_limited(app: MemoryServices, sam: Identity) -> None:
    app.members.update(sam, ProfileChanges(phone=BOB_PHONE))
    (code,) = codes_to(app, BOB_PHONE)
    with pytest.raises(TooManyRequests, match="a moment ago"):  # one a minute at most
        app.members.send_phone_code(sam)
    app.clock.advance(seconds=int(CODE_LIFETIME.total_seconds()))
    with pytest.raises(Conflict, match="expired"):
        app.members.verify_phone(sam, code)
    for _ in range(CODES_PER_DAY - 1):
        app.clock.advance(minutes=1)
        app.members.send_phone_code(sam)
    app.clock.advance(minutes=1)
    with pytest.raises(TooManyRequests, match="No more codes today"):
        app.members.send_phone_code(sam)
    assert len(codes_to(app, BOB_PHONE)) == CODES_PER_DAY
    # The latest code still works
    assert app.members.verify_phone(sam, codes_to(app, BOB_PHONE)[-1]).phone_verified


def test_texts_keep_to_the_hours_of_the_numbers_own_region(app: MemoryServices, sam: Identity) -> None:
    # Sam lives in Los Angeles with a New York number; 19:00 in LA is 22:00 in New York
    app.members.update(
        sam,
        ProfileChanges(
            time_zone="America/Los_Angeles", reminder_hour=19, phone="+12125550123", reminder_channels=SMS_TOO
        ),
    )
    member = app.prove_phone(sam)
    app.contacts.create(sam, NewContact(name="Ana Lima", last_contact_at=THURSDAY - timedelta(days=200)))
    evening = datetime(2026, 11, 27, 19, tzinfo=ZoneInfo("America/Los_Angeles"))
    outcome = app.reminders.send_daily(member.key, evening.date(), evening.astimezone(UTC)).outcomes
    assert outcome["sms"] is SendOutcome.OUTSIDE_SMS_HOURS
    app.contacts.create(sam, NewContact(name="Ben Okafor"))  # someone due the next day
    morning = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("America/Los_Angeles"))
    outcome = app.reminders.send_daily(member.key, morning.date(), morning.astimezone(UTC)).outcomes
    assert outcome["sms"] is SendOutcome.SENT
