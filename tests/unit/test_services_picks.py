"""Daily reconnect picks as a member meets them: who comes up, that the day's picks stay put,
that picked people rest, planned people first, and acting on a pick."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from tests.fakes.services import MemoryServices
from tests.unit.conftest import THURSDAY
from tracker.domain.contacts import ContactChanges, NewContact
from tracker.domain.errors import NotFound
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Contact, Identity, Member, NextStep, WeeklyGoal
from tracker.domain.picks import PickStatus, local_date
from tracker.domain.sending import SendOutcome

DAY = timedelta(days=1)


def add(app: MemoryServices, who: Identity, name: str, days_since: int | None, **fields: Any) -> Contact:
    last = THURSDAY - days_since * DAY if days_since is not None else None
    new = NewContact(name=name, last_contact_at=last, cadence_days=90, **fields)
    return app.contacts.create(who, new)


def picking(app: MemoryServices, who: Identity, per_day: int) -> Member:
    return app.members.update(who, ProfileChanges(picks_per_day=per_day))


def picked(app: MemoryServices, member: Member) -> list[str]:
    return [pick.contact.name for pick in app.picks.today(member).picks]


def test_starred_people_come_first_then_the_most_overdue(app: MemoryServices, sam: Identity) -> None:
    add(app, sam, "Long silence", days_since=300)
    add(app, sam, "Starred", days_since=100, starred=True)
    add(app, sam, "Overdue", days_since=120)
    add(app, sam, "Not due", days_since=30, starred=True)
    archived = add(app, sam, "Archived", days_since=500)
    app.contacts.update(sam.member, archived.contact_id, ContactChanges(archived=True))
    assert picked(app, picking(app, sam, 3)) == ["Starred", "Long silence", "Overdue"]


def test_the_same_picks_all_day_then_they_rest_for_two_weeks(app: MemoryServices, sam: Identity) -> None:
    sam_member = picking(app, sam, 1)
    for number in range(3):
        add(app, sam, f"Person {number}", days_since=200 - number)
    morning = picked(app, sam_member)
    assert morning == ["Person 0"]
    # Someone more urgent added in the afternoon does not change today's picks
    add(app, sam, "Urgent", days_since=400, starred=True)
    app.clock.advance(hours=8)
    assert picked(app, sam_member) == morning
    # The next days bring the others; Person 0 rests for 14 days, then is due again
    app.clock.advance(days=1)
    assert picked(app, sam_member) == ["Urgent"]
    app.clock.advance(days=1)
    assert picked(app, sam_member) == ["Person 1"]
    app.clock.advance(days=1)
    assert picked(app, sam_member) == ["Person 2"]
    app.clock.advance(days=1)
    assert picked(app, sam_member) == []
    app.clock.advance(days=10)
    assert picked(app, sam_member) == ["Person 0"]


def test_a_reminder_whose_first_read_missed_the_days_picks_keeps_them_and_claims_nothing(
    app: MemoryServices, sam: Identity
) -> None:
    # Given the day's picks chosen a moment ago (the member opened Today) ...
    member = picking(app, sam, 1)
    for number in range(3):
        add(app, sam, f"Person {number}", days_since=200 - number)
    now = app.clock.now()
    day = local_date(member, now)
    stale = app.picks.member_day(member.key, day)
    assert picked(app, member) == ["Person 0"]
    add(app, sam, "Urgent", days_since=400, starred=True)
    # ... when the reminder's eventually consistent first read did not see them yet
    hold = app.sender.hold(f"daily#{day.isoformat()}#email")
    chosen = app.picks.for_reminder(member, day, now, read=stale, address=member.email, hold=hold)
    # Then it finds the day kept, reads again and names the same people; the email is not
    # claimed with a record it did not write (the sender claims it on that record)
    assert [pick.contact.name for pick in chosen.picks.picks] == ["Person 0"]
    assert (chosen.suppressed, chosen.held) == (False, None)
    assert app.reminders.send_daily(member.key, day, now).outcomes == {"email": SendOutcome.SENT}
    assert app.reminders.send_daily(member.key, day, now).outcomes == {"email": SendOutcome.ALREADY_SENT}
    assert len(app.mailer.sent) == 1


def test_an_accepted_plan_puts_its_people_first_on_their_day(app: MemoryServices, sam: Identity) -> None:
    # Given a plan for next week naming Sol, who falls due on its Friday, for its Monday
    app.goals.set_goal(sam, WeeklyGoal(1, 0, 1))
    friday = datetime(2026, 12, 4, 15, tzinfo=THURSDAY.tzinfo)
    sol = app.contacts.create(sam, NewContact(name="Sol", last_contact_at=friday - 90 * DAY, cadence_days=90))
    member = app.members.profile(sam)
    planned = app.plans.accept(member, "2026-W49")
    assert [(person.contact, person.day) for person in planned.people] == [(sol, date(2026, 11, 30))]
    # And someone due at once, added after the plan was made
    add(app, sam, "Newly added", days_since=None)
    # When Monday comes, Sol is the pick (one a day), ahead of anyone the usual choice would take
    app.clock.at = datetime(2026, 11, 30, 9, tzinfo=THURSDAY.tzinfo)
    assert picked(app, member) == ["Sol"]
    app.clock.advance(days=1)
    assert picked(app, member) == ["Newly added"]


def test_next_steps_falling_due_are_listed_with_the_picks(app: MemoryServices, sam: Identity) -> None:
    member = picking(app, sam, 1)
    add(app, sam, "Step today", days_since=10, next_step=NextStep("Send the article", THURSDAY.date()))
    add(app, sam, "Step next week", days_since=10, next_step=NextStep("Call", THURSDAY.date() + 7 * DAY))
    today = app.picks.today(member)
    assert today.picks == []
    assert [contact.name for contact in today.next_steps] == ["Step today"]


def test_i_reached_out_logs_a_conversation_and_marks_the_pick_done(
    app: MemoryServices, sam: Identity
) -> None:
    member = picking(app, sam, 2)
    ana = add(app, sam, "Ana", days_since=200)
    ben = add(app, sam, "Ben", days_since=150)
    app.picks.today(member)
    after = app.picks.done(member, ana.contact_id)
    assert (after.last_contact_at, after.last_summary) == (THURSDAY, "Reached out (daily pick)")
    statuses = [(pick.contact.name, pick.status) for pick in app.picks.today(member).picks]
    assert statuses == [("Ana", PickStatus.DONE), ("Ben", PickStatus.PENDING)]
    snoozed = app.picks.snooze(member, ben.contact_id)
    assert snoozed.due_at == THURSDAY + 30 * DAY
    assert app.picks.today(member).picks[1].status is PickStatus.SNOOZED


def test_i_reached_out_twice_logs_one_conversation(app: MemoryServices, sam: Identity) -> None:
    # The probe: each repeat of POST /picks/{id}/done logged another conversation (10 -> 11)
    member = picking(app, sam, 1)
    ana = add(app, sam, "Ana", days_since=200)
    app.picks.today(member)
    first = app.picks.done(member, ana.contact_id)
    app.clock.advance(minutes=5)
    again = app.picks.done(member, ana.contact_id)
    assert again == first
    assert len(app.conversations.list(sam.member, ana.contact_id, None, 10).items) == 1
    assert app.goals.progress(sam, None).record.conversations == 1


def test_a_reach_out_that_fails_to_log_leaves_the_pick_open(app: MemoryServices, sam: Identity) -> None:
    member = picking(app, sam, 1)
    ana = add(app, sam, "Ana", days_since=200)
    app.picks.today(member)
    app.contacts.delete(sam.member, ana.contact_id)  # gone between choosing and acting
    with pytest.raises(NotFound):
        app.picks.done(member, ana.contact_id)
    day = app.repositories.picks.get_day(member.key, THURSDAY.date())
    assert day is not None
    assert ana.contact_id not in day.done_ids


def test_acting_on_someone_who_is_not_one_of_todays_picks_is_not_found(
    app: MemoryServices, sam: Identity
) -> None:
    member = picking(app, sam, 1)
    ana = add(app, sam, "Ana", days_since=200)
    ben = add(app, sam, "Ben", days_since=100)
    with pytest.raises(NotFound):  # nothing chosen yet today
        app.picks.done(member, ana.contact_id)
    app.picks.today(member)
    with pytest.raises(NotFound):
        app.picks.done(member, ben.contact_id)
    with pytest.raises(NotFound):
        app.picks.snooze(member, ben.contact_id)
    assert app.contacts.get(sam.member, ben.contact_id) == ben  # nothing logged, nothing snoozed
