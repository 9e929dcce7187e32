"""The daily reminder, the weekly check and the hourly dispatch, as the member's inbox and phone
see them: once per day and channel whatever the retries, never where it must not go, and the
right people queued at their local hour whatever the clocks do."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.services import MemoryServices
from tests.unit.conftest import THURSDAY
from tracker.domain.contacts import ContactFilter, NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.links import Purpose
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Identity, Language, Member, ReminderChannel
from tracker.domain.org import Invite
from tracker.domain.sending import SendFailed, SendOutcome

CHICAGO = ZoneInfo("America/Chicago")
EIGHT_AM = datetime(2026, 11, 26, 8, tzinfo=CHICAGO).astimezone(UTC)  # Sam's reminder hour
TODAY = date(2026, 11, 26)
PHONE = "+13125550142"
BOTH = (ReminderChannel.EMAIL, ReminderChannel.SMS)


def sam_in_chicago(app: MemoryServices, sam: Identity, **changes: Any) -> Member:
    """Sam, reminded at 08:00 Chicago time, with someone due for a reconnect."""
    app.contacts.create(sam, NewContact(name="Ana Lima", last_contact_at=THURSDAY - timedelta(days=200)))
    settings: dict[str, Any] = {"time_zone": "America/Chicago", "reminder_hour": 8, "phone": PHONE, **changes}
    app.members.update(sam, ProfileChanges(**settings))
    member = app.prove_phone(sam)  # the code texted to the new number, entered
    app.texter.sent.clear()  # these tests count reminders (codes: test_services_phones.py)
    return member


def remind(app: MemoryServices, member: Member, at: datetime = EIGHT_AM) -> dict[str, SendOutcome]:
    return app.reminders.send_daily(member.key, at.astimezone(CHICAGO).date(), at).outcomes


# ---------------------------------------------------------------- the daily reminder


def test_no_reminder_once_every_pick_was_reached_before_the_hour(app: MemoryServices, sam: Identity) -> None:
    # It texted "Networking Tracker:. Reply HELP for help." (and mailed an empty email)
    member = sam_in_chicago(app, sam, reminder_channels=BOTH)
    app.clock.at = EIGHT_AM - timedelta(hours=1)
    (ana,) = app.picks.today(member).picks
    app.picks.done(member, ana.contact.contact_id)
    app.clock.at = EIGHT_AM
    assert remind(app, member) == {"all": SendOutcome.NOTHING_DUE}
    assert (app.texter.to(PHONE), app.mailer.to("sam@example.org")) == ([], [])


def test_one_email_and_one_text_per_day_whatever_the_retries(app: MemoryServices, sam: Identity) -> None:
    sam_member = sam_in_chicago(app, sam, reminder_channels=BOTH)
    assert remind(app, sam_member) == {"email": SendOutcome.SENT, "sms": SendOutcome.SENT}
    # The queue delivers the same reminder again, later
    app.clock.advance(minutes=30)
    assert remind(app, sam_member) == {"email": SendOutcome.ALREADY_SENT, "sms": SendOutcome.ALREADY_SENT}
    assert [email.subject for email in app.mailer.to("sam@example.org")] == [
        "Today's reconnect pick: 1 person"
    ]
    assert len(app.texter.to(PHONE)) == 1
    # The next day brings the next reminder
    tomorrow = EIGHT_AM + timedelta(days=1)
    app.contacts.create(sam, NewContact(name="Ben Okafor"))
    assert remind(app, sam_member, tomorrow)["email"] is SendOutcome.SENT
    assert len(app.mailer.sent) == 2


def test_a_paused_member_gets_nothing_until_the_pause_ends(app: MemoryServices, sam: Identity) -> None:
    paused = sam_in_chicago(app, sam, paused_until=TODAY + timedelta(days=1))
    assert remind(app, paused) == {"all": SendOutcome.PAUSED}
    assert remind(app, paused, EIGHT_AM + timedelta(days=1)) == {"email": SendOutcome.SENT}
    assert len(app.mailer.sent) == 1


def test_nothing_goes_to_members_with_reminders_off_or_nobody_due(app: MemoryServices, sam: Identity) -> None:
    quiet = app.members.update(sam, ProfileChanges(reminder_channels=()))
    assert remind(app, quiet) == {"all": SendOutcome.OPTED_OUT}
    nobody_due = app.members.update(sam, ProfileChanges(reminder_channels=(ReminderChannel.EMAIL,)))
    assert remind(app, nobody_due) == {"all": SendOutcome.NOTHING_DUE}
    assert app.mailer.sent == []


def test_a_suppressed_address_is_never_mailed_and_texts_still_go(app: MemoryServices, sam: Identity) -> None:
    member = sam_in_chicago(app, sam, reminder_channels=BOTH)
    bounce = {
        "eventType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": "SAM@example.org"}]},
    }
    app.feedback.record(bounce, THURSDAY)
    assert remind(app, member) == {"email": SendOutcome.SUPPRESSED, "sms": SendOutcome.SENT}
    assert app.mailer.sent == []


def test_texts_only_go_between_8_and_21_their_time_and_never_to_opted_out_numbers(
    app: MemoryServices, sam: Identity
) -> None:
    member = sam_in_chicago(app, sam, reminder_channels=BOTH)
    late_evening = datetime(2026, 11, 26, 21, tzinfo=CHICAGO)
    assert remind(app, member, late_evening) == {
        "email": SendOutcome.SENT,
        "sms": SendOutcome.OUTSIDE_SMS_HOURS,
    }
    app.texter.opted_out.add(PHONE)  # STOP said to the carrier
    app.contacts.create(sam, NewContact(name="Ben Okafor"))  # someone due tomorrow
    assert remind(app, member, EIGHT_AM + timedelta(days=1))["sms"] is SendOutcome.OPTED_OUT
    assert app.texter.sent == []


def test_a_provider_failure_gives_the_send_back_and_the_retry_sends_once(
    app: MemoryServices, sam: Identity
) -> None:
    member = sam_in_chicago(app, sam, reminder_channels=BOTH)
    app.mailer.failing = True
    with pytest.raises(SendFailed):
        remind(app, member)
    assert len(app.texter.sent) == 1  # the text went; the email failed
    # The queue retries the message a minute later: only the email is still to send
    app.mailer.failing = False
    app.clock.advance(minutes=1)
    assert remind(app, member) == {"email": SendOutcome.SENT, "sms": SendOutcome.ALREADY_SENT}
    assert (len(app.mailer.sent), len(app.texter.sent)) == (1, 1)


def test_a_send_another_worker_holds_waits_for_its_lease(app: MemoryServices, sam: Identity) -> None:
    member = sam_in_chicago(app, sam)
    # Another worker chose today's picks, claimed the email in the same write and crashed
    # before sending it
    held = app.sender.hold("daily#2026-11-26#email")
    chosen = app.picks.for_reminder(
        member, EIGHT_AM.astimezone(CHICAGO).date(), EIGHT_AM, address=member.email, hold=held
    )
    assert chosen.held == held
    with pytest.raises(SendFailed):
        remind(app, member)
    app.clock.advance(minutes=3)  # the lease has run out
    assert remind(app, member) == {"email": SendOutcome.SENT}
    assert len(app.mailer.sent) == 1
    app.clock.advance(minutes=3)
    assert remind(app, member) == {"email": SendOutcome.ALREADY_SENT}


def test_a_send_claimed_after_the_picks_were_chosen_waits_for_its_lease(
    app: MemoryServices, sam: Identity
) -> None:
    member = sam_in_chicago(app, sam)
    app.picks.today(member)  # the member opened today's picks before the reminder hour
    # A worker claimed today's email and crashed before sending it
    now = int(app.clock.now().timestamp())
    app.repositories.sends.claim(
        member.key, "daily#2026-11-26#email", "crashed", now=now, lease=120, keep=600
    )
    with pytest.raises(SendFailed):
        remind(app, member)
    app.clock.advance(minutes=3)  # the lease has run out
    assert remind(app, member) == {"email": SendOutcome.SENT}
    assert len(app.mailer.sent) == 1


# ---------------------------------------------------------------- the weekly check


def test_the_weekly_check_reports_the_week_and_a_paused_week_is_kept_as_paused(
    app: MemoryServices, sam: Identity
) -> None:
    member = sam_in_chicago(app, sam)
    friday = date(2026, 11, 27)
    at = datetime(2026, 11, 27, 16, tzinfo=CHICAGO)
    (ana,) = app.contacts.list(sam.member, ContactFilter(), None, 5).items
    app.conversations.log(sam.member, ana.contact_id, NewConversation())
    assert app.weekly.send_weekly(member.key, friday, at).outcomes == {"email": SendOutcome.SENT}
    (check,) = app.mailer.sent
    assert check.subject == "Welcome: your first weekly check, and your plan for 30 Nov - 6 Dec"
    assert "Ana Lima" in check.text
    # A week later Sam is on a break: no check, and the week counts as paused, not missed
    paused = app.members.update(sam, ProfileChanges(paused_until=date(2026, 12, 10)))
    outcomes = app.weekly.send_weekly(paused.key, friday + timedelta(days=7), at + timedelta(days=7)).outcomes
    assert outcomes == {"all": SendOutcome.PAUSED}
    assert len(app.mailer.sent) == 1
    week = app.repositories.weeks.get(sam.member, "2026-W49")
    assert week is not None
    assert week.paused


def test_a_signed_in_member_with_nobody_added_gets_nothing_then_a_welcome_then_a_score(
    app: MemoryServices,
) -> None:
    # The probe: right after joining, the weekly tick sent "0 of 3 ... Would a lighter goal help?"
    admin = Identity(
        "bridges", "aaaaaaaa-0000-4000-8000-000000000001", "dana@example.org", frozenset({"admins"})
    )
    app.members.profile(admin)
    ((_, invited),) = app.org.invite(admin, [Invite(row=1, email="nia@example.org", name="Nia")], []).added
    nia_key = invited.key
    nia = Identity(nia_key.org_id, nia_key.member_id, "nia@example.org")
    app.members.update(nia, ProfileChanges(time_zone="America/Chicago"))  # signed in: no longer invited
    friday = date(2026, 11, 27)
    at = datetime(2026, 11, 27, 16, tzinfo=CHICAGO).astimezone(UTC)
    # Signed in, nobody added: no weekly check and no daily reminder, each saying why
    assert app.weekly.send_weekly(nia_key, friday, at).outcomes == {"all": SendOutcome.NO_CONTACTS}
    assert app.reminders.send_daily(nia_key, friday, at).outcomes == {"all": SendOutcome.NOTHING_DUE}
    assert app.mailer.to("nia@example.org") == []
    # A week later Nia has added someone: the first check is a welcome, not a score
    app.contacts.create(nia, NewContact(name="Ana Lima"))
    welcome = app.weekly.send_weekly(nia_key, friday + timedelta(days=7), at + timedelta(days=7))
    assert welcome.outcomes == {"email": SendOutcome.SENT}
    (mail,) = app.mailer.to("nia@example.org")
    assert mail.subject == "Welcome: your first weekly check, and your plan for 7-13 Dec"
    assert "Your weekly goal: 3 people a week, of whom 1 new person and 1 reconnect." in mail.text
    assert "Log a conversation" in mail.text
    assert "POST /imports" in mail.text
    for score in (" of 3", "quiet", "lighter goal", "Well done"):
        assert score not in mail.text
    # A retry of that message changes nothing; the next week's check is the first score, and the
    # welcome's week counts as neither met nor missed: no lighter goal after one quiet week
    app.weekly.send_weekly(nia_key, friday + timedelta(days=7), at + timedelta(days=7))
    app.weekly.send_weekly(nia_key, friday + timedelta(days=14), at + timedelta(days=14))
    checks = app.mailer.to("nia@example.org")
    assert [m.subject.split(",")[0] for m in checks] == [
        "Welcome: your first weekly check",
        "Your week in review",
    ]
    assert "People you were in touch with: 0 of 3" in checks[1].text
    assert "lighter goal" not in checks[1].text


def test_an_admin_gets_the_programs_report_instead_of_a_check(app: MemoryServices) -> None:
    admin = Identity(
        "bridges", "99999999-aaaa-4aaa-8aaa-999999999999", "lead@example.org", frozenset({"admins"})
    )
    profile = app.members.profile(admin)
    outcomes = app.weekly.send_weekly(profile.key, date(2026, 11, 27), datetime(2026, 11, 27, 16, tzinfo=UTC))
    assert outcomes.outcomes == {"email": SendOutcome.SENT}
    (report,) = app.mailer.sent
    # Friday of week 48, still in progress: the report is of the latest closed week
    assert (report.to, report.subject) == ("lead@example.org", "bridges: weekly report for 16-22 Nov")


def test_an_admin_who_reads_spanish_gets_the_report_in_spanish(app: MemoryServices) -> None:
    """Issue 17: subject, lines (a figure hidden under five), trend and footer in the admin's language."""
    admin = Identity(
        "bridges", "99999999-aaaa-4aaa-8aaa-999999999999", "lead@example.org", frozenset({"admins"})
    )
    profile = app.members.update(admin, ProfileChanges(language=Language.ES))
    app.weekly.send_weekly(profile.key, date(2026, 11, 27), datetime(2026, 11, 27, 16, tzinfo=UTC))
    (report,) = app.mailer.sent
    assert report.subject == "bridges: informe semanal del 16-22 nov"
    for part in (report.text, report.html):
        assert (
            "Menos de 5 miembros estuvieron activos; las cifras se ocultan para proteger su privacidad."
            in part
        )
        assert "9-15 nov: menos de 5 miembros activos" in part
        assert "Solo cifras agregadas" in part
        assert "weekly report" not in part
        assert "Fewer than" not in part
    assert "bridges, semana del 16-22 nov:" in report.text
    assert "Las últimas 12 semanas:" in report.text


# ---------------------------------------------------------------- the hourly dispatch


def test_the_dispatch_queues_each_member_at_their_local_hour(app: MemoryServices, sam: Identity) -> None:
    sam_in_chicago(app, sam)
    paris = Identity("bridges", "22222222-bbbb-4bbb-8bbb-222222222222", "lou@example.org")
    app.members.update(paris, ProfileChanges(time_zone="Europe/Paris", reminder_hour=8))
    for hour in range(24):
        app.dispatcher.run(datetime(2026, 11, 26, hour, tzinfo=UTC))
    queued = {(request.member_id, request.kind): request.at for request in app.queue.requests}
    assert queued[sam.member_id, "daily"] == datetime(2026, 11, 26, 14, tzinfo=UTC)  # 08:00 in Chicago
    assert queued[paris.member_id, "daily"] == datetime(2026, 11, 26, 7, tzinfo=UTC)  # 08:00 in Paris
    assert len(app.queue.requests) == 2  # Thursday: no weekly review (Friday by default)


@pytest.mark.parametrize(
    ("night", "hour"),
    [(date(2026, 11, 1), 1), (date(2027, 3, 14), 2)],  # 01:00 happens twice; 02:00 never happens
    ids=["fall back", "spring forward"],
)
def test_a_reminder_hour_the_clocks_skip_or_repeat_is_queued_once(
    app: MemoryServices, sam: Identity, night: date, hour: int
) -> None:
    app.members.update(sam, ProfileChanges(time_zone="America/Chicago", reminder_hour=hour))
    start = datetime.combine(night, datetime.min.time(), tzinfo=UTC)
    for run in range(36):
        app.dispatcher.run(start + timedelta(hours=run))
    daily = [request.local_date for request in app.queue.requests if request.kind == "daily"]
    assert daily == [night, night + timedelta(days=1)]


def test_an_address_refused_for_good_pauses_email_without_retries_until_it_changes(
    app: MemoryServices, sam: Identity
) -> None:
    # SES answers MessageRejected for Sam's address: no exception (so no retries into the
    # dead-letter queue), email paused and said why, texts unaffected
    member = sam_in_chicago(app, sam, reminder_channels=BOTH)
    app.mailer.refused.add("sam@example.org")
    assert remind(app, member) == {"email": SendOutcome.REJECTED, "sms": SendOutcome.SENT}
    paused = app.members.profile(sam)
    assert paused.email_paused == "MessageRejected on 2026-11-26"
    app.clock.advance(minutes=5)  # the queue would not retry; a new day's reminder:
    app.contacts.create(sam, NewContact(name="Ben Okafor"))
    assert remind(app, paused, EIGHT_AM + timedelta(days=1))["email"] is SendOutcome.EMAIL_PAUSED
    # A profile saved meanwhile keeps the pause; a new address lifts it
    assert app.members.update(sam, ProfileChanges(display_name="Sam R")).email_paused is not None
    # A new address, confirmed from its inbox, lifts it
    app.members.update(sam, ProfileChanges(email="sam.r@example.org"))
    (confirmation,) = app.mailer.to("sam.r@example.org")
    (url,) = re.findall(r"https://\S+/email\?t=\S+", confirmation.text)
    link = app.quicklog.open(parse_qs(urlsplit(url).query)["t"][0], {Purpose.EMAIL_CONFIRM})
    confirmed = app.addresses.confirm(link.member, link.claims.ref)
    assert confirmed is not None
    assert (confirmed.email, confirmed.email_paused) == ("sam.r@example.org", None)
    app.contacts.create(sam, NewContact(name="Chloé Dubois"))
    assert remind(app, app.members.profile(sam), EIGHT_AM + timedelta(days=2))["email"] is SendOutcome.SENT


def test_an_invited_member_who_never_signed_in_gets_nothing(app: MemoryServices) -> None:
    # The probe: right after POST /org/members the weekly tick sent "0 of 3 ... quieter weeks"
    admin = Identity(
        "bridges", "aaaaaaaa-0000-4000-8000-000000000001", "dana@example.org", frozenset({"admins"})
    )
    app.members.profile(admin)
    ((_, nia),) = app.org.invite(admin, [Invite(row=1, email="nia@example.org", name="Nia")], []).added
    friday = date(2026, 11, 27)
    at = datetime(2026, 11, 27, 16, tzinfo=CHICAGO).astimezone(UTC)
    assert app.weekly.send_weekly(nia.key, friday, at).outcomes == {"all": SendOutcome.NOT_SIGNED_IN}
    assert app.reminders.send_daily(nia.key, friday, at).outcomes == {"all": SendOutcome.NOT_SIGNED_IN}
    assert app.mailer.to("nia@example.org") == []
