"""Exactly-once sends (claims with a lease), and the addresses never to mail again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from tracker.domain import weeks
from tracker.domain.model import MemberKey
from tracker.domain.sending import SendClaim
from tracker.domain.sms import SentText, Texted

from .table import Key, MemoryTable, suppression


@dataclass(frozen=True)
class SendRecord:
    status: str  # claimed | sent
    claim: str
    lease_until: int
    message_id: str | None = None
    sent_at: datetime | None = None
    texted: tuple[Texted, ...] | None = None


EMAIL_OPEN = "open"  # a day's picks record whose email is not claimed yet


def day_email(local_date: str) -> Key:
    """Where a day's email send is kept with its picks record (MemoryPicks.save_day)."""
    return ("picks", local_date, "email")


def plan_email(week: str) -> Key:
    """Where the email of the check that made `week`'s plan is kept with it (add_plan)."""
    return ("plan", week, "email")


class MemorySends:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def _where(self, owner: MemberKey, send: str) -> Key:
        """A daily email's send is on its day's picks record, a weekly check's on the plan it
        made (next week's), if that record has one; else the send is its own."""
        kind, period, channel = ([*send.split("#"), "", ""])[:3]
        record: Key | None = None
        if channel == "email" and kind == "daily":
            record = day_email(period)
        elif channel == "email" and kind == "weekly":
            record = plan_email(weeks.shift(period, 1))
        if record is not None and self._table.get(owner, record) is not None:
            return record
        return ("send", send)

    def claim(self, owner: MemberKey, send: str, claim: str, *, now: int, lease: int, keep: int) -> SendClaim:
        where = self._where(owner, send)
        held: SendRecord | None = self._table.get(owner, where)
        if held == EMAIL_OPEN:
            held = None
        if held is None or (held.status == "claimed" and held.lease_until < now):
            self._table.put(owner, where, SendRecord("claimed", claim, now + lease))
            return SendClaim.CLAIMED
        return SendClaim.ALREADY_SENT if held.status == "sent" else SendClaim.IN_FLIGHT

    def complete(
        self,
        owner: MemberKey,
        send: str,
        claim: str,
        *,
        message_id: str,
        at: datetime,
        texted: tuple[Texted, ...] | None = None,
    ) -> None:
        where = self._where(owner, send)
        held: SendRecord | None = self._table.get(owner, where)
        if held != EMAIL_OPEN and held is not None and held.claim == claim:  # else another took over
            done = replace(held, status="sent", message_id=message_id, sent_at=at)
            self._table.put(owner, where, done if texted is None else replace(done, texted=texted))

    def last_daily_text(self, owner: MemberKey, *, since: datetime) -> SentText | None:
        sends = self._table.query(owner, "send")
        daily = [(key[1], record) for key, record in sends if key[1].startswith("daily#")]
        latest = sorted(daily, key=lambda entry: entry[0], reverse=True)[:4]  # as the adapter's Query
        texts = [(record.sent_at, send, record) for send, record in latest if send.endswith("#sms")]
        if not texts or any(record.status != "sent" or at is None for at, _, record in texts):
            return None
        at, send, last = max(texts, key=lambda text: text[0] or since)
        if at is None or at < since:
            return None
        return SentText(date.fromisoformat(send.split("#")[1]), at, last.texted or ())

    def release(self, owner: MemberKey, send: str, claim: str) -> None:
        where = self._where(owner, send)
        held: SendRecord | None = self._table.get(owner, where)
        if held != EMAIL_OPEN and held is not None and held.claim == claim and held.status == "claimed":
            if where == ("send", send):
                self._table.delete(owner, where)
            else:
                self._table.put(owner, where, EMAIL_OPEN)

    def is_suppressed(self, address: str) -> bool:
        return self._table.get(suppression(address), ("email",)) is not None

    def suppressions(self, addresses: Iterable[str]) -> dict[str, str]:
        found = {address: self._table.get(suppression(address), ("email",)) for address in addresses}
        return {address: kept[0] for address, kept in found.items() if kept is not None}

    def suppress(self, address: str, reason: str, at: datetime) -> None:
        self._table.put(suppression(address), ("email",), (reason, at))
