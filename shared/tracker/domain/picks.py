"""Daily reconnect picks as data, and how they are chosen: starred people first, then the most
overdue. A pick rests for a rotation cool-down so an ignored pick does not come back every
day; the day's choice is kept so that every channel speaks of the same people, and the days
kept are what says who rests (no write to the people picked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from tracker.domain.model import Contact, Member
from tracker.domain.sending import HeldSend

ROTATION = timedelta(days=14)
SNOOZE = timedelta(days=30)
CANDIDATES_PER_PICK = 4  # read a few more than needed so starred people can come first
MIN_CANDIDATES = 10
MAX_NEXT_STEPS = 5
KEEP_DAY_PICKS = ROTATION + timedelta(days=1)  # the records say who rests: kept as long
REACHED_OUT_SUMMARY = "Reached out (daily pick)"
NEXT_STEP_DONE_SUMMARY = "Next step done"


@dataclass(frozen=True)
class DueCandidate:
    """A contact as the due-date index shows it: enough to choose picks without reading it."""

    contact_id: str
    due_at: datetime
    starred: bool


@dataclass(frozen=True)
class DayPicks:
    """The reconnect picks and due next steps chosen for a member's local date, kept so that
    the reminder, GET /picks/today and replies all speak of the same people."""

    local_date: date
    pick_ids: tuple[str, ...]
    next_step_ids: tuple[str, ...]
    created_at: datetime
    done_ids: frozenset[str] = frozenset()
    snoozed_ids: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.pick_ids and not self.next_step_ids


@dataclass(frozen=True)
class MemberDay:
    """What the daily reminder reads first, in one Query of the member's partition: the profile,
    the picks records from the rotation's first day to the day (today's, if chosen, and who
    rests), and the people the week's accepted plan puts on the day."""

    member: Member | None
    kept: tuple[DayPicks, ...] = ()
    planned: tuple[str, ...] = ()
    plan_accepted_at: datetime | None = None


@dataclass(frozen=True)
class ReminderPicks:
    """The day's picks as the daily reminder gets them: with whether the member's email address
    is suppressed (read with the people; None if not asked) and the email's claim if it was
    taken with the day's record (`HeldSend`)."""

    picks: DailyPicks
    suppressed: bool | None = None
    held: HeldSend | None = None


class PickStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    SNOOZED = "snoozed"


@dataclass(frozen=True)
class ReconnectPick:
    contact: Contact
    status: PickStatus


@dataclass(frozen=True)
class DailyPicks:
    """The day's picks with the people loaded: what a reminder shows."""

    member: Member
    local_date: date
    picks: list[ReconnectPick]
    next_steps: list[Contact]

    @property
    def empty(self) -> bool:
        return not self.picks and not self.next_steps

    @property
    def nothing_to_do(self) -> bool:
        """No pick left to reach (all done or snoozed before the reminder) and no next step due."""
        return not self.next_steps and all(pick.status is not PickStatus.PENDING for pick in self.picks)


def numbered_pending(day: DailyPicks) -> list[tuple[int, Contact]]:
    """The picks still to do, numbered from 1 as the daily email and text list them (a reply's
    "DONE 2" is matched against the numbers its text kept, see domain/sms.texted_lines)."""
    pending = [pick.contact for pick in day.picks if pick.status is PickStatus.PENDING]
    return list(enumerate(pending, start=1))


def local_date(member: Member, at: datetime) -> date:
    return at.astimezone(ZoneInfo(member.time_zone)).date()


def choose(candidates: list[DueCandidate], count: int) -> list[str]:
    """Starred people first, then the most overdue."""
    ordered = sorted(candidates, key=lambda candidate: (not candidate.starred, candidate.due_at))
    return [candidate.contact_id for candidate in ordered[:count]]


def resting(days: list[DayPicks], day: date) -> frozenset[str]:
    """Who was picked on one of the ROTATION days before `day` (a pick of day D is due again on
    day D + 14): they are passed over when choosing, unless the week's plan names them."""
    since = day - ROTATION
    return frozenset(i for kept in days if since < kept.local_date < day for i in kept.pick_ids)


def plan_done_with(contact: Contact, accepted_at: datetime | None) -> bool:
    """Archived, or already reached since the plan was accepted: no need to pick them."""
    if contact.archived:
        return True
    return bool(accepted_at and contact.last_contact_at and contact.last_contact_at >= accepted_at)


def assemble(member: Member, record: DayPicks, people: dict[str, Contact]) -> DailyPicks:
    """The kept record with the people it names (those still there)."""

    def status(contact_id: str) -> PickStatus:
        if contact_id in record.done_ids:
            return PickStatus.DONE
        if contact_id in record.snoozed_ids:
            return PickStatus.SNOOZED
        return PickStatus.PENDING

    picks = [ReconnectPick(people[i], status(i)) for i in record.pick_ids if i in people]
    picked = set(record.pick_ids)
    next_steps = [
        people[i] for i in record.next_step_ids if i in people and i not in picked and people[i].next_step
    ]
    return DailyPicks(member, record.local_date, picks, next_steps)


class AlreadyDone(Exception):
    """That pick (or next step) was marked done today already: nothing is logged twice."""
