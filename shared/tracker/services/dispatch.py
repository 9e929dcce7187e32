"""The hourly dispatch: the members whose local reminder hour (or weekly review slot) has come,
queued for the worker (which slots are due: domain/dispatch.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain.dispatch import QUEUE_CHUNK, DispatchSummary, ReminderRequest, due_slots, known_zone
from tracker.domain.model import SLOT_SHARDS, Weekday, reminder_slot, review_slot
from tracker.observability import logger
from tracker.ports import MemberRepository, ReminderQueue, SlotIndex


class Dispatcher:
    def __init__(self, members: MemberRepository, queue: ReminderQueue) -> None:
        self._members = members
        self._queue = queue

    def run(self, at: datetime) -> DispatchSummary:
        at = at.astimezone(UTC)
        summary = DispatchSummary(at=at)
        pending: list[ReminderRequest] = []
        zones = self._members.time_zones()
        for unknown in sorted(zone for zone in zones if known_zone(zone) is None):
            logger.warning("Unknown time zone in the registry", extra={"time_zone": unknown})
        for slot in due_slots(at, zones):
            summary.slots += 1
            weekday = list(Weekday)[slot.local_date.weekday()]
            for shard in range(SLOT_SHARDS):
                slots: tuple[tuple[str, SlotIndex, str], ...] = (
                    ("daily", "reminder", reminder_slot(slot.time_zone, slot.hour, shard)),
                    ("weekly", "review", review_slot(slot.time_zone, weekday, slot.hour, shard)),
                )
                for kind, index, key in slots:
                    for member in self._members.in_slot(index, key):
                        pending.append(
                            ReminderRequest(
                                kind=kind,
                                org_id=member.org_id,
                                member_id=member.member_id,
                                local_date=slot.local_date,
                                at=at,
                            )
                        )
                        if len(pending) >= QUEUE_CHUNK:
                            self._flush(pending, summary)
        self._flush(pending, summary)
        logger.info("Dispatched reminders", extra=summary.as_dict())
        return summary

    def _flush(self, pending: list[ReminderRequest], summary: DispatchSummary) -> None:
        if pending:
            self._queue.send_all(list(pending))
            summary.queued += len(pending)
            pending.clear()
