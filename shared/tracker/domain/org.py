"""An org (the support program, as people call it) as its admins see it: its members, and
aggregate progress by week.

Admins (the `admins` group) only ever see their own org: every key is built from the org
of their verified token. The report reads the org's per-week counters only (kept in the
transaction that logs each conversation), never anyone's contacts. So that no one's progress
can be singled out, it shows closed weeks only (a live figure moves the moment one member
logs), a week shows no figures unless MIN_GROUP members who signed in and were active in
other weeks too were active in it, and any figure below MIN_GROUP shows as "fewer than 5".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from tracker.domain import weeks
from tracker.domain.errors import N_, Forbidden, InvalidInput
from tracker.domain.model import Identity, Language, Member, Org, Outcome

MOST_A_WEEK = 50  # as PUT /goals: at most 50 of each weekly target

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
    # Of the members active, those who count towards MIN_GROUP: signed in, and active in
    # another week as well (decided when their week's first conversation is logged), so
    # accounts an admin invited, or that log one week only, cannot lift a week over it.
    members_counted: int = 0
    conversations: int = 0
    people: int = 0
    new_people: int = 0
    reconnects: int = 0
    outcomes: Mapping[Outcome, int] = field(default_factory=dict)


class WeekStatus(StrEnum):
    CLOSED = "closed"  # over in every time zone: its figures can be shown
    IN_PROGRESS = "in_progress"  # members may still be logging it: no figures
    UPCOMING = "upcoming"


# Live figures would show one member's conversation the moment it is logged. A week is over
# once it has ended at UTC-12 (and has begun once it has begun at UTC+14); from then on its
# counters no longer move (goals.py: a conversation logged late counts for the member only).
_FIRST_ZONE = "Etc/GMT-14"


def week_status(week: str, now: datetime) -> WeekStatus:
    if now >= weeks.ends_everywhere(week):
        return WeekStatus.CLOSED
    if now >= weeks.starts_at(week, _FIRST_ZONE):
        return WeekStatus.IN_PROGRESS
    return WeekStatus.UPCOMING


def latest_closed_week(now: datetime) -> str:
    week = weeks.iso_week(now.astimezone(UTC).date())
    while week_status(week, now) is not WeekStatus.CLOSED:
        week = weeks.shift(week, -1)
    return week


def shown(count: int) -> int | None:
    """A count of people or outcomes as the report shows it: None for "fewer than MIN_GROUP"."""
    return count if count >= MIN_GROUP else None


@dataclass(frozen=True)
class ReportFigures:
    """A closed week's figures as admins see them: every count below MIN_GROUP (zero too) is
    None, "fewer than 5", and `fewer_than` names those figures."""

    members_active: int | None
    members_met: int | None
    share_met: float | None  # hidden with members_met: with members_active it would give it away
    conversations: int | None
    people: int | None
    new_people: int | None
    reconnects: int | None
    outcomes: Mapping[Outcome, int | None]
    fewer_than: tuple[str, ...]  # the figures hidden for being below MIN_GROUP

    @classmethod
    def of(cls, record: OrgWeek) -> ReportFigures:
        counts = {
            "members_active": record.members_active,
            "members_met": record.members_met,
            "conversations": record.conversations,
            "people": record.people,
            "new_people": record.new_people,
            "reconnects": record.reconnects,
        }
        outcomes = {outcome: shown(record.outcomes.get(outcome, 0)) for outcome in Outcome}
        fewer_than = [name for name, count in counts.items() if shown(count) is None]
        met = shown(record.members_met)
        share = round(record.members_met / record.members_active, 2) if met is not None else None
        if share is None:
            fewer_than.append("share_met")
        fewer_than += [f"outcomes.{outcome.value}" for outcome, count in outcomes.items() if count is None]
        return cls(
            members_active=shown(record.members_active),
            members_met=met,
            share_met=share,
            conversations=shown(record.conversations),
            people=shown(record.people),
            new_people=shown(record.new_people),
            reconnects=shown(record.reconnects),
            outcomes=outcomes,
            fewer_than=tuple(fewer_than),
        )


@dataclass(frozen=True)
class ReportWeek:
    week: str
    status: WeekStatus
    # None: the week is not closed yet, or fewer than MIN_GROUP members counted in it
    figures: ReportFigures | None

    @property
    def suppressed(self) -> bool:
        return self.figures is None


def report_week(record: OrgWeek, now: datetime) -> ReportWeek:
    status = week_status(record.week, now)
    if status is not WeekStatus.CLOSED or record.members_counted < MIN_GROUP:
        return ReportWeek(record.week, status, None)
    return ReportWeek(record.week, status, ReportFigures.of(record))


@dataclass(frozen=True)
class OrgReport:
    org_id: str
    org_name: str | None
    week: ReportWeek
    trend: list[ReportWeek]  # the last TREND_WEEKS weeks, oldest first, ending with `week`


class Activity(StrEnum):
    """How recently a member logged a conversation, as the roster shows it: by calendar
    month, never the week, so the roster and the report together name no one's week."""

    THIS_MONTH = "this month"
    EARLIER = "earlier"
    NEVER = "never"


def activity(member: Member, today: date) -> Activity:
    if member.last_active_week is None:
        return Activity.NEVER
    last_day = weeks.monday(member.last_active_week) + timedelta(days=6)
    return Activity.THIS_MONTH if last_day >= today.replace(day=1) else Activity.EARLIER


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
    language: Language | None = None  # None: the program's default


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


# What a program's admins may set (Org): its name, and what members they invite start with.
PROGRAM_NAME_LIMIT = 200
MIN_CADENCE_DAYS, MAX_CADENCE_DAYS = 7, 730  # as a member's own default (PATCH /me)


def check_program(org: Org, zones: frozenset[str]) -> None:
    """Raises InvalidInput, naming the field, for settings a program cannot have."""
    name = org.name
    if not name.strip() or len(name) > PROGRAM_NAME_LIMIT or any(ord(c) < 32 for c in name):
        raise InvalidInput(
            N_("The name needs 1 to {limit} characters on one line"), field="name", limit=PROGRAM_NAME_LIMIT
        )
    if org.default_time_zone not in zones:
        raise InvalidInput(N_("Choose a time zone like Europe/London"), field="default_time_zone")
    if not 0 <= org.default_reminder_hour <= 23:
        raise InvalidInput(N_("Choose an hour from 0 to 23"), field="default_reminder_hour")
    if not MIN_CADENCE_DAYS <= org.default_cadence_days <= MAX_CADENCE_DAYS:
        raise InvalidInput(
            N_("Choose from {least} to {most} days"),
            field="default_cadence_days",
            least=MIN_CADENCE_DAYS,
            most=MAX_CADENCE_DAYS,
        )
    goal = org.default_goal
    if not (
        1 <= goal.people <= MOST_A_WEEK
        and 0 <= goal.new_people <= MOST_A_WEEK
        and 0 <= goal.reconnects <= MOST_A_WEEK
    ):
        raise InvalidInput(
            N_("Weekly targets are whole numbers up to {most}"), field="default_goal_people", most=MOST_A_WEEK
        )
    if goal.new_people + goal.reconnects > goal.people:
        raise InvalidInput(
            N_("New people and reconnects are people too: together they cannot exceed people"),
            field="default_goal_people",
        )


def require_admin(identity: Identity) -> None:
    if not identity.is_admin:
        raise Forbidden("Only your program's admins can do this")


@dataclass(frozen=True)
class Account:
    member_id: str
    org_id: str | None


REFUSED_FOR_SIGN_IN = "cannot be used to sign in: the sign-in service refused it"


class AccountRefused(Exception):
    """The sign-in service will not make an account with this address (it holds it invalid)."""


class AccountExists(Exception):
    """Someone already signs in with this email address."""

    def __init__(self, account: Account | None) -> None:
        super().__init__("an account with this email address exists")
        self.account = account
