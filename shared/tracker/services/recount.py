"""Correcting past weeks when the member says they knew a person before ("we go back"), or had
just met them ("we just met"): the week that counted (or left out) them as a new person is put
right, for the member and for the program (rules in domain/goals.py `recount`)."""

from __future__ import annotations

from tracker.domain import weeks
from tracker.domain.goals import recount
from tracker.domain.model import DEFAULT_TIME_ZONE, MemberKey
from tracker.ports import Clock, ContactRepository, MemberRepository, WeekRepository
from tracker.services.retry import optimistic


class RecountService:
    def __init__(
        self,
        members: MemberRepository,
        contacts: ContactRepository,
        week_store: WeekRepository,
        clock: Clock,
    ) -> None:
        self._members = members
        self._contacts = contacts
        self._week_store = week_store
        self._clock = clock

    def time_zone(self, owner: MemberKey) -> str:
        """The member's calendar, which says which week a person was added in."""
        member = self._members.get(owner)
        return member.time_zone if member else DEFAULT_TIME_ZONE

    def correct(self, owner: MemberKey, contact_id: str) -> int:
        """Make the weeks agree with the contact's `met` as stored now; how many weeks moved.

        Decided from what is stored, not from what a caller changed: a repeat (or a retry after
        a failure between the contact's write and this) finds the week right and moves nothing.
        A person is only ever first spoken with in one week, the one they were added in; the
        weeks that instant may fall in, whatever the time zone, are looked at."""

        def attempt() -> int:
            contact = self._contacts.get(owner, contact_id)
            if contact is None or contact.conversation_count == 0:
                return 0
            moved = 0
            for week in sorted(weeks.possible_weeks(contact.created_at)):
                seen = self._week_store.get(owner, week)
                change = recount(contact, seen, now=self._clock.now()) if seen else None
                if change is not None:
                    self._week_store.recount(owner, change)
                    moved += 1
            return moved

        return optimistic(attempt, conflict="Your week is being updated by another request; try again")
