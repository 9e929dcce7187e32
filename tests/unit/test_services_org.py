"""A program's admins and a member's goals: invitations and removals through the sign-in
directory, a report that shows no figure for fewer than five members, and goals that decide
the current week again when they change."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.fakes import MemoryTable
from tests.fakes.members import MemoryMembers
from tests.fakes.services import MemoryServices
from tracker.domain.contacts import NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Identity, Member, MemberKey, Org, WeeklyGoal
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


def test_rows_already_signed_up_or_repeated_are_reported_and_the_rest_kept(bridges: MemoryServices) -> None:
    bridges.directory.accounts["taken@example.org"] = Account("someone-else", "stmarys")
    invites = [Invite(2, "taken@example.org"), Invite(3, "new@example.org"), Invite(4, "NEW@example.org")]
    roster = bridges.org.invite(ADMIN, invites, [])
    assert [row for row, _ in roster.added] == [3]
    assert [(problem.row, problem.message) for problem in roster.problems] == [
        (2, "already has an account"),
        (4, "appears twice"),
    ]


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


def test_the_report_shows_no_figures_until_five_members_were_active(bridges: MemoryServices) -> None:
    for number in range(1, 5):
        talk_to_someone(bridges, member(number))
    assert bridges.org.report(ADMIN, WEEK).week.suppressed
    talk_to_someone(bridges, member(5), people=3)
    report = bridges.org.report(ADMIN, WEEK)
    assert report.org_name == "Bridges to Work"
    assert report.week.figures is not None
    assert (report.week.figures.members_active, report.week.figures.conversations) == (5, 7)
    assert report.week.share_met == 0.0  # nobody met the default goal (3 people, 1 new, 1 reconnect)
    assert [point.week for point in report.trend][-2:] == ["2026-W47", WEEK]


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
    profiles = MemberService(racing, app.phones, repos.orgs, app.user_pool, app.clock)
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
