"""The support program's view, for its admins: its members, and aggregate progress by week.

Admins (the `admins` group) only ever see their own program: every key is built from the org
of their verified token. The report reads the program's per-week counters only (kept in the
transaction that logs each conversation), never anyone's contacts; a week with fewer than
MIN_GROUP active members shows no figures, so no one's progress can be singled out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from tracker import weeks
from tracker.clock import Clock
from tracker.domain import DEFAULT_TIME_ZONE, Identity, Member, MemberKey, Outcome
from tracker.errors import Forbidden, InvalidInput, NotFound

if TYPE_CHECKING:
    from tracker.dal import DynamoStore
    from tracker.directory import Directory
    from tracker.members import MemberService

MIN_GROUP = 5  # no figure is shown for a group of fewer members
TREND_WEEKS = 12
MAX_INVITES = 100  # rows per request: each one is a Cognito call within the API's time limit
_MEMBER_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


@dataclass(frozen=True)
class OrgWeek:
    """A program's counters for one week (no member ids: aggregates only)."""

    week: str
    members_active: int = 0
    members_met: int = 0
    conversations: int = 0
    people: int = 0
    new_people: int = 0
    reconnects: int = 0
    outcomes: Mapping[Outcome, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportWeek:
    week: str
    figures: OrgWeek | None  # None: fewer than MIN_GROUP members active, suppressed

    @property
    def suppressed(self) -> bool:
        return self.figures is None

    @property
    def share_met(self) -> float | None:
        if self.figures is None or not self.figures.members_active:
            return None
        return round(self.figures.members_met / self.figures.members_active, 2)


def report_week(record: OrgWeek) -> ReportWeek:
    return ReportWeek(record.week, record if record.members_active >= MIN_GROUP else None)


@dataclass(frozen=True)
class OrgReport:
    org_id: str
    org_name: str | None
    week: ReportWeek
    trend: list[ReportWeek]  # the last TREND_WEEKS weeks, oldest first, ending with `week`


class MemberStatus(StrEnum):
    INVITED = "invited"  # added by an admin, not signed in yet
    ACTIVE = "active"
    PAUSED = "paused"  # paused_until is still ahead


def status(member: Member, today: date) -> MemberStatus:
    if member.invited:
        return MemberStatus.INVITED
    if member.paused_until and today < member.paused_until:
        return MemberStatus.PAUSED
    return MemberStatus.ACTIVE


@dataclass(frozen=True)
class Invite:
    row: int  # 1 for a single member; the CSV line number for a list
    email: str
    name: str | None = None


@dataclass(frozen=True)
class InviteProblem:
    row: int
    email: str | None
    field: str | None
    message: str


@dataclass
class Roster:
    """What an invitation request did: who was added, and what was wrong with the other rows."""

    added: list[tuple[int, Member]] = field(default_factory=list)
    problems: list[InviteProblem] = field(default_factory=list)


def require_admin(identity: Identity) -> None:
    if not identity.is_admin:
        raise Forbidden("Only your program's admins can do this")


class ProgramService:
    def __init__(
        self,
        store: DynamoStore,
        members: MemberService,
        directory: Callable[[], Directory],
        clock: Clock,
    ) -> None:
        self._store = store
        self._members = members
        self._directory = directory
        self._clock = clock

    # ------------------------------------------------------------ members

    def members(self, identity: Identity, after: str | None, limit: int) -> tuple[list[Member], str | None]:
        require_admin(identity)
        if after is not None and not _MEMBER_ID.match(after):
            raise InvalidInput("cursor is not one this API returned; start again without it", field="cursor")
        return self._store.org_members(identity.org_id, after=after, limit=limit)

    def invite(self, identity: Identity, invites: list[Invite], problems: list[InviteProblem]) -> Roster:
        """Add members: a sign-in account with an emailed invitation, and a profile with the
        program's defaults. Rows already refused (`problems`) are reported; the others are kept."""
        require_admin(identity)
        roster = Roster(problems=list(problems))
        seen: set[str] = set()
        # Sign-in addresses are kept in lower case, so one address is one account.
        for invite in (replace(given, email=given.email.strip().lower()) for given in invites):
            email = invite.email
            if email in seen:
                roster.problems.append(InviteProblem(invite.row, invite.email, "email", "appears twice"))
                continue
            seen.add(email)
            member = self._invite(identity.org_id, invite)
            if member is None:
                roster.problems.append(
                    InviteProblem(invite.row, invite.email, "email", "already has an account")
                )
            else:
                roster.added.append((invite.row, member))
        roster.problems.sort(key=lambda problem: problem.row)
        return roster

    def _invite(self, org_id: str, invite: Invite) -> Member | None:
        from tracker.directory import AccountExists

        try:
            member_id = self._directory().invite(invite.email, invite.name, org_id)
        except AccountExists as exists:
            account = exists.account
            # An earlier invitation made the account but not the profile (it failed in
            # between): finish it. Anyone else's account is just "already has an account".
            if account is None or account.org_id != org_id:
                return None
            if self._store.get_member(MemberKey(org_id, account.member_id)) is not None:
                return None
            member_id = account.member_id
        return self._members.enrol(MemberKey(org_id, member_id), invite.email, invite.name)

    def remove(self, identity: Identity, member_id: str) -> int:
        """Delete the member's sign-in account, then every item of theirs (a retry finishes)."""
        require_admin(identity)
        if member_id == identity.member_id:
            raise InvalidInput(
                "You cannot remove yourself; another admin can, or erase your own data with DELETE /me",
                field="member_id",
            )
        key = MemberKey(identity.org_id, member_id)
        if not _MEMBER_ID.match(member_id) or self._store.get_member(key) is None:
            raise NotFound("No such member in your program", field="member_id")
        if not self._directory().remove(member_id, identity.org_id):
            raise NotFound("No such member in your program", field="member_id")
        return self._members.erase_data(key)

    # ------------------------------------------------------------ the report

    def report(self, identity: Identity, week: str | None) -> OrgReport:
        require_admin(identity)
        return self.report_for(identity.org_id, week)

    def report_for(self, org_id: str, week: str | None) -> OrgReport:
        """The week's figures and the trend: one Query over the program's week counters."""
        org = self._store.get_org(org_id)
        if week is None:
            week = weeks.week_of(self._clock.now(), org.default_time_zone if org else DEFAULT_TIME_ZONE)
        first = weeks.shift(week, -(TREND_WEEKS - 1))
        found = self._store.org_weeks(org_id, first, week)
        trend = [
            report_week(found.get(weeks.shift(first, n)) or OrgWeek(weeks.shift(first, n)))
            for n in range(TREND_WEEKS)
        ]
        return OrgReport(org_id=org_id, org_name=org.name if org else None, week=trend[-1], trend=trend)
