"""The member's contacts: adding, changing, finding and removing people."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import TypeVar

from tracker.domain import cursor
from tracker.domain.contacts import (
    ContactChanges,
    ContactFilter,
    ContactOrder,
    ContactRow,
    NetworkCounts,
    NewContact,
    refuse_past_due,
    row_of,
)
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.ids import is_id, new_id
from tracker.domain.model import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_TIME_ZONE,
    Contact,
    Identity,
    MemberKey,
    NextStep,
    Page,
)
from tracker.domain.picks import local_date
from tracker.ports import Clock, ContactRepository
from tracker.services.members import MemberService
from tracker.services.recount import RecountService
from tracker.services.retry import optimistic

_NEVER = datetime(9999, 1, 1, tzinfo=UTC)
Listed = TypeVar("Listed", Contact, ContactRow)


def _first_matches(
    seen: Iterator[tuple[str, Listed]], where: ContactFilter, limit: int, examine: int
) -> Page[Listed]:
    """Up to `limit` of the (position, contact) seen that match, looking at `examine` at most;
    the cursor (when there may be more) continues after the last one looked at."""
    found: list[Listed] = []
    last_seen: str | None = None
    for examined, (seen_at, contact) in enumerate(seen):
        if len(found) == limit or examined == examine:
            # There is at least one more contact: continue after the last one looked at.
            return Page(found, cursor.encode(last_seen) if last_seen else None)
        last_seen = seen_at
        if where.matches(contact):
            found.append(contact)
    return Page(found, None)


def _is_instant(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


class ContactService:
    # The most contacts the Network page's counts read (one Query, up to 1 MB: about 8,000).
    MAX_NETWORK = 10_000
    # How many contacts one list call may read before it hands back a cursor: bounds a
    # filtered search's cost per call whatever the size of the member's network.
    MAX_EXAMINED = 500

    def __init__(
        self, contacts: ContactRepository, members: MemberService, clock: Clock, recount: RecountService
    ) -> None:
        self._contacts = contacts
        self._members = members
        self._clock = clock
        self._recount = recount

    def create(self, identity: Identity, new: NewContact) -> Contact:
        """A new contact. Without a known last conversation the person is due at once; whether
        they are a new person follows `met` (see NewContact), on the member's calendar."""
        default_cadence = DEFAULT_CADENCE_DAYS
        time_zone = DEFAULT_TIME_ZONE
        now = self._clock.now()
        due = new.next_step is not None and new.next_step.due is not None
        if new.cadence_days is None or new.known_since is not None or new.last_contact_at is not None or due:
            profile = self._members.profile(identity)
            default_cadence, time_zone = profile.default_cadence_days, profile.time_zone
            refuse_past_due(new.next_step, local_date(profile, now))
        if new.last_contact_at is not None:
            new = replace(new, last_contact_at=new.last_contact_at.astimezone(UTC).replace(microsecond=0))
            if new.last_contact_at is not None and new.last_contact_at > now:
                raise InvalidInput("last_contact_at cannot be in the future", field="last_contact_at")
        contact = new.contact(new_id(), now, default_cadence, time_zone)
        self._contacts.add(identity.member, contact)
        return contact

    def get(self, owner: MemberKey, contact_id: str) -> Contact:
        contact = self._contacts.get(owner, contact_id) if is_id(contact_id) else None
        if contact is None:
            raise NotFound("No such contact", field="contact_id")
        return contact

    def update(self, owner: MemberKey, contact_id: str, changes: ContactChanges) -> Contact:
        """Apply the changes to the latest stored version; derived fields (due date) follow.
        A change of "we just met" / "we go back" (or of when they met) corrects the week that
        counted them, after the contact is written (a repeat of the change corrects it too)."""
        time_zone = self._recount.time_zone(owner) if changes.touches_met else DEFAULT_TIME_ZONE
        step = changes.next_step if isinstance(changes.next_step, NextStep) else None
        today = self._members.local_today(owner) if step and step.due else None

        def attempt() -> Contact:
            current = self.get(owner, contact_id)
            if today is not None:
                refuse_past_due(step, today, kept=current.next_step)
            now = self._clock.now()
            updated = replace(
                changes.apply(current, now=now, time_zone=time_zone),
                revision=current.revision + 1,
                updated_at=now,
            )
            self._contacts.replace(owner, updated, expected_revision=current.revision)
            return updated

        updated = optimistic(attempt, conflict="The contact is being changed by another request; try again")
        if changes.touches_met:
            self._recount.correct(owner, contact_id)
        return updated

    def delete(self, owner: MemberKey, contact_id: str) -> None:
        if not is_id(contact_id) or not self._contacts.delete(owner, contact_id):
            raise NotFound("No such contact", field="contact_id")

    def network(
        self,
        owner: MemberKey,
        where: ContactFilter,
        after: str | None,
        limit: int,
        *,
        examine: int,
        order: ContactOrder,
    ) -> tuple[Page[ContactRow], NetworkCounts]:
        """A page of the Network's rows and the counts above it. The counts come from one Query
        of the due-date index (keys and `starred`, some 30 contacts per read unit; archived
        contacts are not in it). The page is one more read: sorted by name or by last contact,
        a Query of that sort's index (which holds what a row shows); in the order added, a
        Query of the member's contacts; sorted by due date, the counts' read orders the page,
        whose contacts are then read in one BatchGetItem."""
        now = self._clock.now()
        active = self._contacts.due(owner, _NEVER, self.MAX_NETWORK)
        counts = NetworkCounts(
            people=len(active),
            due=sum(1 for candidate in active if candidate.due_at <= now),
            starred=sum(1 for candidate in active if candidate.starred),
        )
        if order is ContactOrder.ADDED:
            page = self.list(owner, where, after, limit, examine=examine)
            return Page([row_of(contact) for contact in page.items], page.next_cursor), counts
        if order is not ContactOrder.DUE:
            return self._sorted(owner, order, where, after, limit, examine=examine), counts
        examine = min(examine or self.MAX_EXAMINED, self.MAX_EXAMINED)
        position = cursor.decode(after) if after else None
        when, _, contact_id = (position or "").rpartition("#")
        if position is not None and not (is_id(contact_id) and _is_instant(when)):
            raise InvalidInput("cursor is not one this API returned; start again without it", field="cursor")
        keyed = [(candidate.due_at.isoformat(), candidate.contact_id) for candidate in active]
        if position is not None:
            keyed = [key for key in keyed if key > (when, contact_id)]
        chunk = keyed[: examine if where.narrows or where.include_archived else limit]
        read = self._contacts.get_many(owner, (contact_id for _, contact_id in chunk))
        found: list[ContactRow] = []
        last_seen: tuple[str, str] | None = None
        for key in chunk:
            if len(found) == limit:
                break
            last_seen = key
            contact = read.get(key[1])
            if contact is not None and where.matches(contact):
                found.append(row_of(contact))
        more = last_seen is not None and last_seen != keyed[-1]
        return Page(found, cursor.encode("#".join(last_seen)) if more and last_seen else None), counts

    def list(
        self, owner: MemberKey, where: ContactFilter, after: str | None, limit: int, *, examine: int = 0
    ) -> Page[Contact]:
        """Up to `limit` matching contacts in the order they were added.

        A filtered call reads at most MAX_EXAMINED contacts (or `examine`, if fewer: 99 is one
        Query); if it stops there, the page may hold fewer than `limit` items and still carry a
        cursor to continue from.
        """
        examine = min(examine or self.MAX_EXAMINED, self.MAX_EXAMINED)
        position = cursor.decode(after) if after else None
        if position is not None and not is_id(position):
            raise InvalidInput("cursor is not one this API returned; start again without it", field="cursor")
        page_size = self._page_size(where, limit, examine)
        contacts = self._contacts.iter(owner, after=position, page_size=page_size)
        return _first_matches(((c.contact_id, c) for c in contacts), where, limit, examine)

    def _sorted(
        self,
        owner: MemberKey,
        order: ContactOrder,
        where: ContactFilter,
        after: str | None,
        limit: int,
        *,
        examine: int,
    ) -> Page[ContactRow]:
        """As `list`, by NAME or LAST: rows of that sort's index, whose cursor is its position."""
        examine = min(examine or self.MAX_EXAMINED, self.MAX_EXAMINED)
        position = cursor.decode(after) if after else None
        if position is not None and not is_id(position.rpartition("#")[2]):
            raise InvalidInput("cursor is not one this API returned; start again without it", field="cursor")
        page_size = self._page_size(where, limit, examine)
        rows = self._contacts.iter_sorted(owner, order, after=position, page_size=page_size)
        return _first_matches(rows, where, limit, examine)

    @staticmethod
    def _page_size(where: ContactFilter, limit: int, examine: int) -> int:
        return min(examine + 1, 100) if where.narrows or where.include_archived else limit + 1
