"""Daily reconnect picks: who to get back in touch with today, and which next steps are due.

Choosing costs the same whatever the size of the member's network: one Query of the last
days' picks (who rests), one on the due-date index (Limit), one on the next-step index
(Limit), one BatchGet of the few chosen, and one write (the day's record; the people picked
are not written).
The choice is kept for the member's local date, so the reminder, GET /picks/today and SMS
replies all speak of the same people (rules in domain/picks.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from tracker.domain.contacts import ContactChanges
from tracker.domain.conversations import NewConversation
from tracker.domain.errors import ConcurrentUpdate, NotFound
from tracker.domain.model import Contact, Conversation, Member, MemberKey
from tracker.domain.picks import (
    CANDIDATES_PER_PICK,
    KEEP_DAY_PICKS,
    MAX_NEXT_STEPS,
    MIN_CANDIDATES,
    NEXT_STEP_DONE_SUMMARY,
    REACHED_OUT_SUMMARY,
    ROTATION,
    SNOOZE,
    AlreadyDone,
    DailyPicks,
    DayPicks,
    MemberDay,
    ReminderPicks,
    assemble,
    choose,
    local_date,
    plan_done_with,
    resting,
)
from tracker.domain.sending import HeldSend
from tracker.ports import Clock, ContactRepository, PickRepository, WeekRepository
from tracker.services.contacts import ContactService
from tracker.services.conversations import ConversationService
from tracker.services.retry import optimistic

DayPlan = tuple[list[str], datetime | None]  # who an accepted plan puts on the day; when accepted


class _ChosenMeanwhile(ConcurrentUpdate):
    """Another request kept the day's picks first: read theirs."""


class PickService:
    def __init__(
        self,
        picks: PickRepository,
        contact_store: ContactRepository,
        week_store: WeekRepository,
        contacts: ContactService,
        conversations: ConversationService,
        clock: Clock,
    ) -> None:
        self._picks = picks
        self._contact_store = contact_store
        self._week_store = week_store
        self._contacts = contacts
        self._conversations = conversations
        self._clock = clock

    def member_day(self, key: MemberKey, day: date) -> MemberDay:
        """The daily reminder's first read, one Query: the profile, the picks records of the
        rotation (today's if chosen, else who rests) and the people the week's plan puts on `day`.
        Eventually consistent: a record missed by it is found by the conditional write of the
        day's picks, and the retry reads again, strongly consistent."""
        return self._picks.member_day(key, day, day - ROTATION)

    def for_day(self, member: Member, day: date, at: datetime) -> DailyPicks:
        """The member's picks for their local `day`, choosing them (at `at`) if not yet chosen."""
        return self.for_reminder(member, day, at).picks

    def for_reminder(
        self,
        member: Member,
        day: date,
        at: datetime,
        *,
        read: MemberDay | None = None,
        address: str | None = None,
        hold: HeldSend | None = None,
    ) -> ReminderPicks:
        """`for_day` for the daily reminder: `read` is what `member_day` read already (used by
        the first attempt); whether `address` is suppressed is read with the people; and if the
        picks are chosen now (and `address` is not suppressed), the write that keeps them takes
        `hold`, the day's email's claim."""
        first = [read] if read is not None else []

        def attempt() -> ReminderPicks:
            plan: DayPlan | None = None
            known = first.pop() if first else None
            if known is not None:
                kept, plan = list(known.kept), (list(known.planned), known.plan_accepted_at)
            else:  # One read: today's picks if chosen, else the days whose picks still rest
                kept = self._picks.days(member.key, day - ROTATION, day)
            chosen = next((d for d in kept if d.local_date == day), None)
            if chosen is not None:
                people, suppressed = self._people(member, [*chosen.pick_ids, *chosen.next_step_ids], address)
                return ReminderPicks(assemble(member, chosen, people), suppressed)
            return self._choose(member, day, at, resting(kept, day), plan, address, hold)

        return optimistic(attempt, conflict="Today's picks are being chosen by another request; try again")

    def _people(
        self, member: Member, contact_ids: list[str], address: str | None
    ) -> tuple[dict[str, Contact], bool | None]:
        """The people (one BatchGetItem), with whether `address` is suppressed if one is given."""
        if address is None:
            return self._contact_store.get_many(member.key, contact_ids), None
        return self._contact_store.get_many_checking(member.key, contact_ids, address)

    def today(self, member: Member) -> DailyPicks:
        now = self._clock.now()
        return self.for_day(member, local_date(member, now), now)

    def done(
        self,
        member: Member,
        contact_id: str,
        new: NewConversation | None = None,
        *,
        day: DayPicks | None = None,
    ) -> Contact:
        """ "I reached out" (a pick) or "done" (a next step): log it and mark it in today's picks
        (or in `day`'s, the picks a text listed). Done already that day: nothing is logged again,
        and the contact is returned as it is."""
        try:
            return self.log_done(member, contact_id, new, day=day)[1]
        except AlreadyDone:
            return self._contacts.get(member.key, contact_id)

    def log_done(
        self,
        member: Member,
        contact_id: str,
        new: NewConversation | None = None,
        *,
        day: DayPicks | None = None,
    ) -> tuple[Conversation, Contact, date]:
        """As `done`, also returning the conversation logged and the local date it was marked on.

        Unless `new` says otherwise, a pick logs "Reached out (daily pick)" and a due next step
        "Next step done", marking that step done."""
        day = self._record(member, contact_id, day)
        new = new or NewConversation()
        is_pick = contact_id in day.pick_ids
        new = replace(
            new,
            summary=new.summary
            if new.summary is not None
            else (REACHED_OUT_SUMMARY if is_pick else NEXT_STEP_DONE_SUMMARY),
            next_step_done=new.next_step_done if new.next_step_done is not None else not is_pick,
        )
        # One reach-out per pick and day, however often it is asked for and however concurrently
        if not self._picks.claim_done(member.key, day.local_date, contact_id):
            raise AlreadyDone(contact_id)
        try:
            conversation, contact = self._conversations.log(member.key, contact_id, new)
        except Exception:
            self._picks.release_done(member.key, day.local_date, contact_id)
            raise
        return conversation, contact, day.local_date

    def snooze(
        self, member: Member, contact_id: str, days: int = SNOOZE.days, *, day: DayPicks | None = None
    ) -> Contact:
        """Not now: this pick (of today's, or of `day`'s) is left alone for `days` days."""
        day = self._record(member, contact_id, day)
        until = self._clock.now() + timedelta(days=days)
        contact = self._contacts.update(member.key, contact_id, ContactChanges(snoozed_until=until))
        self._picks.mark(member.key, day.local_date, contact_id, done=False)
        return contact

    def _record(self, member: Member, contact_id: str, day: DayPicks | None) -> DayPicks:
        """`day`, or today's picks as kept; NotFound unless `contact_id` is one of them."""
        record = day or self._picks.get_day(member.key, local_date(member, self._clock.now()))
        if record is None or contact_id not in (*record.pick_ids, *record.next_step_ids):
            raise NotFound("That person is not one of today's picks", field="contact_id")
        return record

    def _choose(
        self,
        member: Member,
        day: date,
        at: datetime,
        rest: frozenset[str],
        plan: DayPlan | None,
        address: str | None,
        hold: HeldSend | None,
    ) -> ReminderPicks:
        count = member.picks_per_day
        # Those resting are still in the due-date index: read past them (a bounded number)
        wanted = max(MIN_CANDIDATES, CANDIDATES_PER_PICK * count) + len(rest)
        candidates = self._contact_store.due(member.key, at, wanted)
        pick_ids = choose([c for c in candidates if c.contact_id not in rest], count)
        next_step_ids = self._contact_store.next_steps_due(member.key, day, MAX_NEXT_STEPS)
        # An accepted weekly plan's people for the day (read already with the profile, or now)
        planned, accepted_at = plan or self._week_store.planned_for(member.key, day)
        people, suppressed = self._people(member, [*planned, *pick_ids, *next_step_ids], address)
        planned = [i for i in planned if i in people and not plan_done_with(people[i], accepted_at)]
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
            return ReminderPicks(DailyPicks(member, day, [], []), suppressed)
        expires = int((at + KEEP_DAY_PICKS).timestamp())
        held = hold if hold is not None and suppressed is False else None
        if not self._picks.save_day(member.key, record, expires_at=expires, held=held):
            raise _ChosenMeanwhile(member.key.member_id)
        return ReminderPicks(assemble(member, record, people), suppressed, held)
