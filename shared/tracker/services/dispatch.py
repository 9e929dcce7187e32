"""The hourly dispatch: the members whose local reminder hour (or weekly review slot) has come,
queued for the worker (which slots are due: domain/dispatch.py).

The work of one invocation is bounded whatever the program's size: it reads the due slot
shards a page at a time and queues at most MEMBERS_PER_INVOCATION members; the pages left (one
message per slot shard, from where it stopped) go to the dispatch's own queue, and the dispatch
function takes each up again (`go_on`). A page handled twice (a retry) queues its members
twice: the worker's send claims keep each reminder once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain.dispatch import (
    MEMBERS_PER_INVOCATION,
    QUEUE_CHUNK,
    SLOT_PAGE,
    DispatchSummary,
    ReminderRequest,
    SlotPage,
    due_slots,
    known_zone,
)
from tracker.domain.model import SLOT_SHARDS, MemberKey, Weekday, reminder_slot, review_slot
from tracker.observability import logger
from tracker.ports import MemberRepository, ReminderQueue, SlotPageQueue


class Dispatcher:
    def __init__(
        self,
        members: MemberRepository,
        queue: ReminderQueue,
        pages: SlotPageQueue,
        *,
        budget: int = MEMBERS_PER_INVOCATION,
    ) -> None:
        self._members = members
        self._queue = queue
        self._pages = pages
        self._budget = budget

    def run(self, at: datetime) -> DispatchSummary:
        """The hourly run: every slot shard due at the scheduled instant `at`."""
        at = at.astimezone(UTC)
        summary = DispatchSummary(at=at)
        zones = self._members.time_zones()
        for unknown in sorted(zone for zone in zones if known_zone(zone) is None):
            logger.warning("Unknown time zone in the registry", extra={"time_zone": unknown})
        work: list[SlotPage] = []
        for slot in due_slots(at, zones):
            summary.slots += 1
            weekday = list(Weekday)[slot.local_date.weekday()]
            for shard in range(SLOT_SHARDS):
                work.append(
                    SlotPage(
                        "daily",
                        "reminder",
                        reminder_slot(slot.time_zone, slot.hour, shard),
                        slot.local_date,
                        at,
                    )
                )
                work.append(
                    SlotPage(
                        "weekly",
                        "review",
                        review_slot(slot.time_zone, weekday, slot.hour, shard),
                        slot.local_date,
                        at,
                    )
                )
        self._work(work, summary)
        logger.info("Dispatched reminders", extra=summary.as_dict())
        return summary

    def go_on(self, page: SlotPage) -> DispatchSummary:
        """A page an earlier invocation handed on: the slot shard from where it stopped."""
        summary = DispatchSummary(at=page.at)
        self._work([page], summary)
        logger.info("Dispatched a handed-on slot page", extra={"slot": page.slot, **summary.as_dict()})
        return summary

    def _work(self, work: list[SlotPage], summary: DispatchSummary) -> None:
        pending: list[ReminderRequest] = []
        left = self._budget
        for number, page in enumerate(work):
            after = MemberKey(*page.after) if page.after else None
            while True:
                if left <= 0:  # spent: the rest, from here, for other invocations
                    rest = [_from(page, after), *work[number + 1 :]]
                    self._flush(pending, summary)
                    self._pages.send_all(rest)
                    summary.handed_on += len(rest)
                    return
                keys, after = self._members.slot_page(
                    "reminder" if page.index == "reminder" else "review",
                    page.slot,
                    after=after,
                    limit=min(SLOT_PAGE, left),
                )
                summary.pages += 1
                left -= len(keys)
                for key in keys:
                    pending.append(_request(page, key))
                    if len(pending) >= QUEUE_CHUNK:
                        self._flush(pending, summary)
                if after is None:
                    break
        self._flush(pending, summary)

    def _flush(self, pending: list[ReminderRequest], summary: DispatchSummary) -> None:
        if pending:
            self._queue.send_all(list(pending))
            summary.queued += len(pending)
            pending.clear()


def _request(page: SlotPage, key: MemberKey) -> ReminderRequest:
    return ReminderRequest(
        kind=page.kind, org_id=key.org_id, member_id=key.member_id, local_date=page.local_date, at=page.at
    )


def _from(page: SlotPage, after: MemberKey | None) -> SlotPage:
    return SlotPage(
        page.kind,
        page.index,
        page.slot,
        page.local_date,
        page.at,
        (after.org_id, after.member_id) if after else None,
    )
