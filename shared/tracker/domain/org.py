"""An org (the support program, as people call it) as its admins see it: its members, and
aggregate progress by week.

Admins (the `admins` group) only ever see their own org: every key is built from the org
of their verified token. The report reads the org's per-week counters only (kept in the
transaction that logs each conversation), never anyone's contacts; a week with fewer than
MIN_GROUP active members shows no figures, so no one's progress can be singled out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from tracker.domain.errors import Forbidden
from tracker.domain.model import Identity, Member, Outcome

MIN_GROUP = 5  # no figure is shown for a group of fewer members
TREND_WEEKS = 12
MAX_INVITES = 100  # rows per request: each one is a Cognito call within the API's time limit
MEMBER_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


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


@dataclass(frozen=True)
class Account:
    member_id: str
    org_id: str | None


class AccountExists(Exception):
    """Someone already signs in with this email address."""

    def __init__(self, account: Account | None) -> None:
        super().__init__("an account with this email address exists")
        self.account = account
