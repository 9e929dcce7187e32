"""A program's admins and a member's goals: invitations and removals through the sign-in
directory (another program's members are not told apart from new ones), a report of closed
weeks that shows no figure under five, and goals that decide the current week again when they
change."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes import MemoryTable
from tests.fakes.members import MemoryMembers
from tests.fakes.services import MemoryServices
from tests.unit.conftest import THURSDAY
from tracker.domain.contacts import NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Identity, Member, MemberKey, Org, Outcome, WeeklyGoal
from tracker.domain.org import Account, Invite
from tracker.services.members import MemberService

ADMIN = Identity("bridges", "aaaaaaaa-0000-4000-8000-00000000000a", "dana@bridges.org", frozenset({"admins"}))
WEEK = "2026-W48"


def member(number: int) -> Identity:
    return Identity("bridges", f"{number:08d}-0000-4000-8000-000000000000", f"m{number}@example.org")


def talk_to_someone(app: MemoryServices, who: Identity, people: int = 1) -> None:
    app.members.profile(who)  # signed in
    for number in range(people):
        person = app.contacts.create(who, NewContact(name=f"Person {number}", cadence_days=90))
        app.conversations.log(who.member, person.contact_id, NewConversation())


@pytest.fixture
def bridges(app: MemoryServices) -> MemoryServices:
    app.repositories.orgs.put(Org("bridges", "Bridges to Work", default_time_zone="America/Chicago"))
    return app


# ---------------------------------------------------------------- members


def test_an_invited_member_gets_an_account_and_a_profile_with_the_programs_defaults(
    bridges: MemoryServices,
) -> None:
    roster = bridges.org.invite(ADMIN, [Invite(1, " Nia@Example.org ", "Nia Member")], [])
    ((row, nia),) = roster.added
    assert (row, roster.problems) == (1, [])
    assert bridges.directory.invited == ["nia@example.org"]
    assert (nia.email, nia.display_name, nia.time_zone, nia.invited) == (
        "nia@example.org",
        "Nia Member",
        "America/Chicago",
        True,
    )
    assert bridges.repositories.members.get(nia.key) == nia


def test_rows_already_in_the_program_or_repeated_are_reported_and_the_rest_kept(
    bridges: MemoryServices,
) -> None:
    assert bridges.org.invite(ADMIN, [Invite(1, "taken@example.org")], []).added
    invites = [Invite(2, "taken@example.org"), Invite(3, "new@example.org"), Invite(4, "NEW@example.org")]
    roster = bridges.org.invite(ADMIN, invites, [])
    assert [row for row, _ in roster.added] == [3]
    assert [(problem.row, problem.message) for problem in roster.problems] == [
        (2, "already has an account"),
        (4, "appears twice"),
    ]


def test_another_programs_member_is_answered_as_an_invitation_and_nothing_is_written(
    bridges: MemoryServices,
) -> None:
    # Given Lee, a member of St Mary's
    lee = Identity("stmarys", "bbbbbbbb-0000-4000-8000-0000000000ee", "lee@example.org")
    bridges.directory.accounts["lee@example.org"] = Account(lee.member_id, "stmarys")
    bridges.members.profile(lee)
    stored = bridges.repositories.members.get(lee.member)
    before = copy.deepcopy(bridges.table._partitions)
    # When Bridges' admin invites his address
    ((row, look_alike),) = bridges.org.invite(ADMIN, [Invite(2, "Lee@example.org", "Lee")], []).added
    # Then nothing was written or sent: Lee's account and profile are as they were
    assert bridges.table._partitions == before
    assert bridges.directory.invited == []
    assert bridges.directory.accounts["lee@example.org"] == Account(lee.member_id, "stmarys")
    assert bridges.repositories.members.get(lee.member) == stored
    # And the answer reads as a new invitation's would, naming nothing of St Mary's
    ((_, new),) = bridges.org.invite(ADMIN, [Invite(3, "new@example.org", "New")], []).added
    assert row == 2
    assert (look_alike.email, look_alike.invited, look_alike.time_zone, look_alike.key.org_id) == (
        "lee@example.org",
        True,
        new.time_zone,
        "bridges",
    )
    assert look_alike.key.member_id != lee.member_id
    assert len(look_alike.key.member_id) == len(new.key.member_id)
    assert bridges.repositories.members.get(look_alike.key) is None
    members, _ = bridges.org.members(ADMIN, None, 10)
    assert [m.email for m in members] == ["new@example.org"]


def test_an_invitation_that_failed_after_the_account_was_made_is_finished_when_sent_again(
    bridges: MemoryServices,
) -> None:
    bridges.directory.accounts["nia@example.org"] = Account("nia-account", "bridges")  # no profile yet
    roster = bridges.org.invite(ADMIN, [Invite(1, "nia@example.org")], [])
    assert [m.key for _, m in roster.added] == [MemberKey("bridges", "nia-account")]
    again = bridges.org.invite(ADMIN, [Invite(1, "nia@example.org")], [])
    assert [problem.message for problem in again.problems] == ["already has an account"]


def test_removing_a_member_deletes_their_account_and_everything_of_theirs(bridges: MemoryServices) -> None:
    ((_, nia),) = bridges.org.invite(ADMIN, [Invite(1, "nia@example.org")], []).added
    nia_signs_in = Identity("bridges", nia.key.member_id, "nia@example.org")
    talk_to_someone(bridges, nia_signs_in)
    assert bridges.org.remove(ADMIN, nia.key.member_id) == 4  # profile, contact, conversation, week
    assert not bridges.directory.holds(nia.key.member_id)
    assert bridges.repositories.members.get(nia.key) is None
    with pytest.raises(NotFound):
        bridges.org.remove(ADMIN, nia.key.member_id)


def test_admins_act_on_their_own_program_only(bridges: MemoryServices) -> None:
    outsider = Identity("stmarys", "bbbbbbbb-0000-4000-8000-00000000000b", "helen@stmarys.org")
    bridges.members.profile(outsider)
    with pytest.raises(NotFound):  # not in Dana's program
        bridges.org.remove(ADMIN, outsider.member_id)
    with pytest.raises(InvalidInput):
        bridges.org.remove(ADMIN, ADMIN.member_id)
    with pytest.raises(Forbidden):
        bridges.org.members(member(1), None, 10)
    with pytest.raises(Forbidden):
        bridges.org.report(member(1), WEEK)
    assert bridges.repositories.members.get(outsider.member) is not None


def test_members_are_listed_page_by_page(bridges: MemoryServices) -> None:
    for number in range(1, 6):
        bridges.members.profile(member(number))
    first, after = bridges.org.members(ADMIN, None, 3)
    rest, last = bridges.org.members(ADMIN, after, 3)
    assert [m.email for m in first + rest] == [f"m{number}@example.org" for number in range(1, 6)]
    assert last is None


# ---------------------------------------------------------------- the report


LAST_WEEK = "2026-W47"
MONDAY_AFTER = datetime(2026, 11, 30, 12, tzinfo=UTC)  # W48 has ended at UTC-12 too: closed


def active_in_two_weeks(app: MemoryServices, numbers: range) -> None:
    """Members who signed in and logged a conversation last week and this week (Thursdays)."""
    now = app.clock.at
    app.clock.at = now - timedelta(weeks=1)
    for number in numbers:
        talk_to_someone(app, member(number))
    app.clock.at = now
    for number in numbers:
        talk_to_someone(app, member(number))


def test_the_report_shows_a_week_once_it_has_closed_and_not_while_members_log_it(
    bridges: MemoryServices,
) -> None:
    active_in_two_weeks(bridges, range(1, 7))
    # This week is in progress: listed as such, with no figures, whatever is logged meanwhile
    before = bridges.org.report(ADMIN, None)
    assert before.week.figures is None
    assert (before.week.week, before.week.status) == (WEEK, "in_progress")
    talk_to_someone(bridges, member(1), people=2)
    assert bridges.org.report(ADMIN, None) == before
    # Last week is closed, but it was everyone's first week here: it counts no one yet
    assert (before.trend[-2].week, before.trend[-2].status) == (LAST_WEEK, "closed")
    assert before.trend[-2].figures is None
    # Monday midday UTC, the week is over in every time zone: now it shows, the late ones included
    bridges.clock.at = MONDAY_AFTER
    closed = bridges.org.report(ADMIN, WEEK).week
    assert closed.figures is not None
    assert closed.status == "closed"
    assert (closed.figures.members_active, closed.figures.conversations) == (6, 8)
    assert bridges.org.report(ADMIN, None).week.status == "in_progress"  # the new week


def test_a_conversation_logged_late_into_a_closed_week_does_not_move_its_report(
    bridges: MemoryServices,
) -> None:
    active_in_two_weeks(bridges, range(1, 7))
    bridges.clock.at = MONDAY_AFTER
    before = bridges.org.report(ADMIN, WEEK)
    assert before.week.figures is not None
    # When Sam logs, today, a conversation of last Thursday that brought a job lead
    sam = member(1)
    lead = bridges.contacts.create(sam, NewContact(name="Late lead", cadence_days=90))
    late = NewConversation(when=THURSDAY + timedelta(hours=1), outcomes=(Outcome.JOB_LEAD,))
    bridges.conversations.log(sam.member, lead.contact_id, late)
    # Then the closed week's report stays as it was; Sam's own week counts it
    assert bridges.org.report(ADMIN, WEEK) == before
    assert bridges.goals.progress(sam, WEEK).record.conversations == 2


def test_every_figure_under_five_shows_as_fewer_than_five(bridges: MemoryServices) -> None:
    active_in_two_weeks(bridges, range(1, 7))
    for number in (1, 2, 3):  # three job leads this week
        who = member(number)
        person = bridges.contacts.create(who, NewContact(name="Lead", cadence_days=90))
        bridges.conversations.log(
            who.member, person.contact_id, NewConversation(outcomes=(Outcome.JOB_LEAD,))
        )
    bridges.clock.at = MONDAY_AFTER
    figures = bridges.org.report(ADMIN, WEEK).week.figures
    assert figures is not None
    assert figures.outcomes[Outcome.JOB_LEAD] is None  # 3: "fewer than 5"
    assert (figures.members_active, figures.conversations, figures.people) == (6, 9, 9)
    assert figures.outcomes[Outcome.REFERRAL] is None  # 0 too: it would tell 0 from 1 to 4
    assert (figures.members_met, figures.share_met) == (None, None)  # 0 met: the share would say so
    assert figures.reconnects is None
    assert set(figures.fewer_than) == {
        "members_met",
        "share_met",
        "reconnects",
        *(f"outcomes.{outcome.value}" for outcome in Outcome),
    }


def test_members_active_in_one_week_only_lift_no_week_over_five(bridges: MemoryServices) -> None:
    # Given one member active for weeks and four accounts the admin invited, signed in and logged
    # from this week only (placeholders to single the one member out)
    active_in_two_weeks(bridges, range(1, 2))
    for number in range(2, 6):
        talk_to_someone(bridges, member(number))
    bridges.clock.at = MONDAY_AFTER
    assert bridges.org.report(ADMIN, WEEK).week.figures is None
    # When all five are active in the next week too, that week counts all of them
    for number in range(1, 6):
        talk_to_someone(bridges, member(number))
    bridges.clock.at = MONDAY_AFTER + timedelta(weeks=1)
    assert bridges.org.report(ADMIN, WEEK).week.figures is None  # stays hidden
    later = bridges.org.report(ADMIN, "2026-W49").week.figures
    assert later is not None
    assert later.members_active == 5


def test_invited_members_who_never_signed_in_do_not_count_towards_five(bridges: MemoryServices) -> None:
    # Given five invited placeholders whose conversations are logged (through their reminders'
    # quick-log links, say) last week and this week, without their ever signing in
    placeholders = [
        m for _, m in bridges.org.invite(ADMIN, [Invite(n, f"p{n}@example.org") for n in range(5)], []).added
    ]
    for week_back in (1, 0):
        bridges.clock.at = THURSDAY - timedelta(weeks=week_back)
        for placeholder in placeholders:
            contact = bridges.contacts.create(
                Identity("bridges", placeholder.key.member_id, placeholder.email),
                NewContact(name="P", cadence_days=90),
            )
            bridges.conversations.log(placeholder.key, contact.contact_id, NewConversation())
    bridges.clock.at = MONDAY_AFTER
    report = bridges.org.report(ADMIN, WEEK)
    assert report.week.figures is None
    assert report.week.status == "closed"
    assert bridges.repositories.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_active == 5


# ---------------------------------------------------------------- goals


def test_a_new_goal_decides_this_week_again_and_the_programs_count_follows(app: MemoryServices) -> None:
    sam = member(1)
    talk_to_someone(app, sam, people=2)
    assert not app.goals.progress(sam, None).met
    app.goals.set_goal(sam, WeeklyGoal(2, 0, 0))
    progress = app.goals.progress(sam, None)
    assert (progress.goal, progress.met) == (WeeklyGoal(2, 0, 0), True)
    assert app.repositories.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_met == 1
    app.goals.set_goal(sam, WeeklyGoal(3, 0, 0))
    assert not app.goals.progress(sam, None).met
    assert app.repositories.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_met == 0


def test_a_goal_asking_for_more_new_people_and_reconnects_than_people_is_refused(app: MemoryServices) -> None:
    with pytest.raises(InvalidInput):
        app.goals.set_goal(member(1), WeeklyGoal(2, 2, 1))
    assert app.goals.goal(member(1)) == WeeklyGoal()


class GoalSetMeanwhile(MemoryMembers):
    """Sam's profiles, where another request changes his goal just before this one saves."""

    def __init__(self, table: MemoryTable, set_goal: Callable[[], object]) -> None:
        super().__init__(table)
        self._set_goal: Callable[[], object] | None = set_goal

    def save(self, member: Member) -> None:
        if self._set_goal is not None:
            set_goal, self._set_goal = self._set_goal, None
            set_goal()
        super().save(member)


def test_a_goal_set_while_the_profile_is_being_changed_is_kept(app: MemoryServices) -> None:
    sam = member(1)
    app.members.profile(sam)
    repos = app.repositories
    racing = GoalSetMeanwhile(app.table, lambda: app.goals.set_goal(sam, WeeklyGoal(5, 1, 1)))
    profiles = MemberService(racing, app.phones, repos.orgs, app.addresses, app.user_pool, app.clock)
    profiles.update(sam, ProfileChanges(display_name="Sam"))
    assert app.members.profile(sam).display_name == "Sam"
    assert app.goals.goal(sam) == WeeklyGoal(5, 1, 1)


def test_a_removed_or_erased_members_token_opens_nothing_and_recreates_nothing(
    app: MemoryServices, sam: Identity
) -> None:
    admin = Identity(
        "bridges", "aaaaaaaa-0000-4000-8000-000000000001", "dana@example.org", frozenset({"admins"})
    )
    app.members.profile(admin)
    ((_, nia),) = app.org.invite(admin, [Invite("nia@example.org", "Nia")], []).added
    nia_token = Identity("bridges", nia.key.member_id, "nia@example.org")
    app.members.profile(nia_token)
    app.org.remove(admin, nia.key.member_id)
    # Her token is still within its hour: every use is refused, and no profile comes back
    with pytest.raises(Unauthorized):
        app.members.require_current(nia_token)
    with pytest.raises(Unauthorized):
        app.members.profile(nia_token)
    assert app.repositories.members.get(nia.key) is None
    # Erasing oneself: the same, and the sign-in goes too
    app.members.profile(sam)
    app.members.erase(sam)
    with pytest.raises(Unauthorized):
        app.members.profile(sam)
    assert app.repositories.members.get(sam.member) is None
