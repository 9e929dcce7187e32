"""A next step's past due date (issue 18): an import may carry one, and it reads "overdue since
Wed 1 Jan 2020" wherever it shows; setting one now is refused, on the member's own date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.fakes.services import MemoryServices
from tracker.domain.contacts import ContactChanges, ContactFilter, NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.errors import InvalidInput
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Identity, NextStep

# Own-format CSV (the export's columns that matter here): a step due on 1 Jan 2020, still open
IMPORTED = (
    b"record,id,name,contact_id,when,next_step,next_step_due\ncontact,,Ana Lima,,,Send my CV,2020-01-01\n"
)
OVERDUE = "Send my CV (overdue since Wed 1 Jan 2020)"


def test_an_imported_overdue_step_is_kept_and_reads_overdue_since_with_its_year(
    app: MemoryServices, sam: Identity
) -> None:
    app.members.update(sam, ProfileChanges(time_zone="America/Chicago"))
    assert app.imports.import_file(sam, IMPORTED, dry_run=False).new == 1
    member = app.members.profile(sam)
    # Next week's plan (the plan page and GET /goals/plan show these reasons)
    (planned,) = app.plans.show(member).people
    assert planned.reason == "Next step (overdue since Wed 1 Jan 2020): Send my CV"
    # The weekly check's plan and the daily reminder's next steps
    friday = datetime(2026, 11, 27, 22, tzinfo=UTC)
    app.weekly.send_weekly(member.key, date(2026, 11, 27), friday)
    app.reminders.send_daily(member.key, date(2026, 11, 28), datetime(2026, 11, 28, 14, tzinfo=UTC))
    weekly, daily = app.mailer.to("sam@example.org")
    assert "1. Ana Lima: Next step (overdue since Wed 1 Jan 2020): Send my CV" in weekly.text
    assert f"Next step: {OVERDUE}" in daily.text  # Ana is also the day's pick
    for mail in (weekly, daily):
        assert "due Wed 1 Jan" not in mail.text + mail.html
        assert "overdue since Wed 1 Jan 2020" in mail.html


def test_a_past_due_date_is_refused_on_the_members_own_date_unless_kept_as_it_was(
    app: MemoryServices, sam: Identity
) -> None:
    app.members.update(sam, ProfileChanges(time_zone="America/Chicago"))
    app.clock.at = datetime(2026, 12, 2, 3, tzinfo=UTC)  # 21:00 on Tue 1 Dec in Chicago
    past = NextStep("Send my CV", date(2020, 1, 1))
    with pytest.raises(InvalidInput) as refused:
        app.contacts.create(sam, NewContact(name="Ana Lima", next_step=past))
    assert refused.value.field == "next_step.due"
    # Still 1 Dec where Sam lives: due that day is today, not the past
    ana = app.contacts.create(sam, NewContact(name="Ana Lima", next_step=NextStep("Call", date(2026, 12, 1))))
    for change in (
        lambda: app.contacts.update(sam.member, ana.contact_id, ContactChanges(next_step=past)),
        lambda: app.conversations.log(sam.member, ana.contact_id, NewConversation(next_step=past)),
    ):
        with pytest.raises(InvalidInput) as refused:
            change()
        assert refused.value.field == "next_step.due"
    # An imported overdue step sent back unchanged (a client saving the whole contact) stays
    app.imports.import_file(sam, IMPORTED.replace(b"Ana Lima", b"Ben Okafor"), dry_run=False)
    (ben,) = app.contacts.list(sam.member, ContactFilter(q="ben"), None, 5).items
    kept = app.contacts.update(
        sam.member, ben.contact_id, ContactChanges(next_step=ben.next_step, starred=True)
    )
    assert (kept.next_step, kept.starred) == (NextStep("Send my CV", date(2020, 1, 1)), True)


def test_the_plan_judges_overdue_on_the_members_own_date(app: MemoryServices, sam: Identity) -> None:
    app.members.update(sam, ProfileChanges(time_zone="America/Chicago"))
    app.clock.at = datetime(2026, 12, 2, 3, tzinfo=UTC)  # 21:00 on Tue 1 Dec in Chicago
    app.contacts.create(sam, NewContact(name="Ana Lima", next_step=NextStep("Call", date(2026, 12, 1))))
    (planned,) = app.plans.show(app.members.profile(sam)).people
    assert planned.reason == "Next step (due today): Call"  # not "overdue since" by UTC's date
