"""Daily reconnect picks: who to get back in touch with today, and which next steps are due.

Choosing costs the same whatever the size of the member's network: one Query on the
due-date index (Limit), one on the next-step index (Limit), one BatchGet of the few chosen.
The choice is stored for the member's local date, so the reminder, GET /picks/today and SMS
replies all speak of the same people; choosing pushes each pick past a rotation cool-down so
an ignored pick does not come back every day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tracker.clock import Clock
from tracker.contacts import MAX_ATTEMPTS, ContactService, retry_pause
from tracker.domain import Contact, DayPicks, DueCandidate, Interaction, Member
from tracker.errors import ConcurrentUpdate, Conflict, NotFound

if TYPE_CHECKING:
    from tracker.dal import DynamoStore
    from tracker.interactions import InteractionService

ROTATION = timedelta(days=14)
SNOOZE = timedelta(days=30)
CANDIDATES_PER_PICK = 4  # read a few more than needed so starred people can come first
MIN_CANDIDATES = 10
MAX_NEXT_STEPS = 5
KEEP_DAY_PICKS = timedelta(days=8)


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


def local_date(member: Member, at: datetime) -> date:
    return at.astimezone(ZoneInfo(member.time_zone)).date()


def choose(candidates: list[DueCandidate], count: int) -> list[str]:
    """Starred people first, then the most overdue."""
    ordered = sorted(candidates, key=lambda candidate: (not candidate.starred, candidate.due_at))
    return [candidate.contact_id for candidate in ordered[:count]]


class PickService:
    def __init__(
        self, store: DynamoStore, contacts: ContactService, interactions: InteractionService, clock: Clock
    ) -> None:
        self._store = store
        self._contacts = contacts
        self._interactions = interactions
        self._clock = clock

    def for_day(self, member: Member, day: date, at: datetime) -> DailyPicks:
        """The member's picks for their local `day`, choosing them (at `at`) if not yet chosen."""
        for attempt in range(MAX_ATTEMPTS):
            chosen = self._store.get_day_picks(member.key, day)
            if chosen is not None:
                return self._load(member, chosen)
            try:
                fresh = self._choose(member, day, at)
            except ConcurrentUpdate:
                retry_pause(attempt)
                continue
            if fresh is not None:
                return fresh
        raise Conflict("Today's picks are being chosen by another request; try again")

    def today(self, member: Member) -> DailyPicks:
        now = self._clock.now()
        return self.for_day(member, local_date(member, now), now)

    def done(self, member: Member, contact_id: str, fields: dict[str, object]) -> Contact:
        """ "I reached out" (a pick) or "done" (a next step): log it and mark it in today's picks."""
        return self.log_done(member, contact_id, fields)[1]

    def log_done(
        self, member: Member, contact_id: str, fields: dict[str, object]
    ) -> tuple[Interaction, Contact, date]:
        """As `done`, also returning the conversation logged and the local date it was marked on."""
        day = self._todays_record(member, contact_id)
        defaults: dict[str, object] = {"summary": "Reached out (daily pick)"}
        if contact_id not in day.pick_ids:
            defaults = {"summary": "Next step done", "next_step_done": True}
        interaction, contact = self._interactions.log(member.key, contact_id, {**defaults, **fields})
        self._store.mark_pick(member.key, day.local_date, contact_id, done=True)
        return interaction, contact, day.local_date

    def snooze(self, member: Member, contact_id: str, days: int = SNOOZE.days) -> Contact:
        """Not now: this pick is left alone for `days` days."""
        day = self._todays_record(member, contact_id)
        until = self._clock.now() + timedelta(days=days)
        contact = self._contacts.update(member.key, contact_id, {"snoozed_until": until})
        self._store.mark_pick(member.key, day.local_date, contact_id, done=False)
        return contact

    def _todays_record(self, member: Member, contact_id: str) -> DayPicks:
        today = local_date(member, self._clock.now())
        record = self._store.get_day_picks(member.key, today)
        if record is None or contact_id not in (*record.pick_ids, *record.next_step_ids):
            raise NotFound("That person is not one of today's picks", field="contact_id")
        return record

    def _choose(self, member: Member, day: date, at: datetime) -> DailyPicks | None:
        count = member.picks_per_day
        candidates = self._store.due_candidates(
            member.key, at, max(MIN_CANDIDATES, CANDIDATES_PER_PICK * count)
        )
        pick_ids = choose(candidates, count)
        next_step_ids = self._store.next_steps_due(member.key, day, MAX_NEXT_STEPS)
        planned, accepted_at = self._store.planned_for(member.key, day)  # an accepted weekly plan
        people = self._store.get_contacts(member.key, [*planned, *pick_ids, *next_step_ids])
        planned = [i for i in planned if i in people and not _plan_done_with(people[i], accepted_at)]
        # The day's planned people come first; the usual choice fills up to picks_per_day.
        pick_ids = list(dict.fromkeys([*planned, *pick_ids]))[: max(count, len(planned))]
        pick_ids = [contact_id for contact_id in pick_ids if contact_id in people]
        next_step_ids = [contact_id for contact_id in next_step_ids if contact_id in people]
        record = DayPicks(
            local_date=day,
            pick_ids=tuple(pick_ids),
            next_step_ids=tuple(next_step_ids),
            created_at=self._clock.now(),
        )
        if record.empty:
            return DailyPicks(member, day, [], [])
        rotated = [
            (people[i], replace(people[i], rotation_until=at + ROTATION, revision=people[i].revision + 1))
            for i in pick_ids
        ]
        expires = int((at + KEEP_DAY_PICKS).timestamp())
        if not self._store.save_day_picks(member.key, record, rotated, expires_at=expires):
            return None  # chosen meanwhile by another request: read theirs
        people.update({after.contact_id: after for _, after in rotated})
        return _assemble(member, record, people)

    def _load(self, member: Member, record: DayPicks) -> DailyPicks:
        people = self._store.get_contacts(member.key, [*record.pick_ids, *record.next_step_ids])
        return _assemble(member, record, people)


def _plan_done_with(contact: Contact, accepted_at: datetime | None) -> bool:
    """Archived, or already reached since the plan was accepted: no need to pick them."""
    if contact.archived:
        return True
    return bool(accepted_at and contact.last_contact_at and contact.last_contact_at >= accepted_at)


def _assemble(member: Member, record: DayPicks, people: dict[str, Contact]) -> DailyPicks:
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
