"""Exactly-once sends (`SEND#<kind>#<period>#<channel>`, kept a week) and the addresses never
to mail again (`SUPPRESSION#<sha256 of the address>` / `EMAIL`, naming no member).

The daily email is claimed and marked sent on its day's picks record (`PICKS#<date>`,
`email_send`), which the reminder writes with the claim in one PutItem (picks.save_day): one
write less a member a day. The weekly check's email likewise on the plan it makes (next week's
`PLAN#<week>`, weeks.add_plan). Records kept before that (no `email_send`) leave the claim to a
SEND# item, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import cast

from pynamodb.exceptions import DeleteError, PutError, UpdateError
from pynamodb.expressions.update import Action

from tracker.domain import weeks
from tracker.domain.model import MemberKey
from tracker.domain.sending import SendClaim
from tracker.domain.sms import SentText, Texted, TextedKind

from .base import Repository, failed_condition
from .keys import EMAIL, member_pk, picks_sk, plan_sk, send_sk, suppression_pk
from .models import (
    EMAIL_OPEN,
    PicksItem,
    PlanItem,
    SendItem,
    SuppressionItem,
    TextedLine,
    email_claimed,
    email_sent,
)

DAILY, WEEKLY, SMS, EMAIL_CHANNEL = "daily", "weekly", "sms", "email"
CLAIMED, SENT = email_claimed(""), email_sent("")
LATEST_DAILY_RECORDS = 4  # today's and yesterday's email and text
EmailRecord = type[PicksItem] | type[PlanItem]


def _email_record(owner: MemberKey, send: str) -> tuple[EmailRecord, str, str] | None:
    """Where an email send is kept with what it is about: the daily email on its day's picks
    record, the weekly check's on the plan it made (next week's); None for the others."""
    kind, period, channel = ([*send.split("#"), "", ""])[:3]
    if channel != EMAIL_CHANNEL:
        return None
    if kind == DAILY:
        return PicksItem, member_pk(owner), picks_sk(date.fromisoformat(period))
    if kind == WEEKLY:
        return PlanItem, member_pk(owner), plan_sk(weeks.shift(period, 1))
    return None


class DynamoSends(Repository):
    def claim(self, owner: MemberKey, send: str, claim: str, *, now: int, lease: int, keep: int) -> SendClaim:
        """Take the right to make one send (`send` = kind#date#channel), or learn why not.

        A claim is a lease: if its holder crashed before finishing, the lease runs out and
        the next retry may claim it again (at most one duplicate, and only in that case).
        """
        record = _email_record(owner, send)
        if record is not None:
            on_record = self._claim_on_record(*record, claim, now=now, lease=lease)
            if on_record is not None:
                return on_record
        item = SendItem(
            member_pk(owner),
            send_sk(send),
            status="claimed",
            claim=claim,
            lease_until=now + lease,
            expires_at=now + keep,
        )
        free = SendItem.pk.does_not_exist() | ((SendItem.status == "claimed") & (SendItem.lease_until < now))
        try:
            item.save(condition=free)
        except PutError as error:
            if not failed_condition(error):
                raise
            try:
                existing = SendItem.get(member_pk(owner), send_sk(send), consistent_read=True)
            except SendItem.DoesNotExist:
                return SendClaim.IN_FLIGHT  # released in between: let the retry try again
            return SendClaim.ALREADY_SENT if existing.status == "sent" else SendClaim.IN_FLIGHT
        return SendClaim.CLAIMED

    @staticmethod
    def _claim_on_record(
        model: EmailRecord, pk: str, sk: str, claim: str, *, now: int, lease: int
    ) -> SendClaim | None:
        """Claim the email on the record it is kept with; None if that record has no email send
        (kept before sends moved onto it, or not kept at all: the send's own SEND# item then)."""
        free = (model.email_send == EMAIL_OPEN) | (
            model.email_send.startswith(CLAIMED) & (model.email_lease < now)
        )
        try:
            model(pk, sk).update(
                actions=[model.email_send.set(email_claimed(claim)), model.email_lease.set(now + lease)],
                condition=free,
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise
            try:
                held = model.get(pk, sk, consistent_read=True, attributes_to_get=["email_send"])
            except model.DoesNotExist:
                return None
            state = cast("str | None", held.email_send)
            if state is None:
                return None
            return SendClaim.ALREADY_SENT if state.startswith(SENT) else SendClaim.IN_FLIGHT
        return SendClaim.CLAIMED

    @staticmethod
    def _settle_on_record(owner: MemberKey, send: str, claim: str, *, sent: str | None) -> bool:
        """If the email's record holds the claim `claim`: mark it `sent` (a message id), or
        open it again (None). False if it does not."""
        record = _email_record(owner, send)
        if record is None:
            return False
        model, pk, sk = record
        state = email_sent(sent) if sent is not None else EMAIL_OPEN
        try:
            model(pk, sk).update(
                actions=[model.email_send.set(state), model.email_lease.remove()],
                condition=model.email_send == email_claimed(claim),
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise
            return False
        return True

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
        if self._settle_on_record(owner, send, claim, sent=message_id):
            return
        actions: list[Action] = [
            SendItem.status.set("sent"),
            SendItem.message_id.set(message_id),
            SendItem.sent_at.set(at),
        ]
        if texted is not None:
            lines = [TextedLine(number=t.number, contact_id=t.contact_id, kind=t.kind.value) for t in texted]
            actions.append(SendItem.texted.set(lines))
        try:
            SendItem(member_pk(owner), send_sk(send)).update(
                actions=actions, condition=SendItem.claim == claim
            )
        except UpdateError as error:
            if not failed_condition(error):
                raise
            # Our lease ran out and another attempt took over; its record stands.

    def last_daily_text(self, owner: MemberKey, *, since: datetime) -> SentText | None:
        # The latest days' daily records, newest date first: an email and a text a day at most.
        latest = SendItem.query(
            member_pk(owner),
            SendItem.sk.startswith(send_sk(f"{DAILY}#")),
            scan_index_forward=False,
            limit=LATEST_DAILY_RECORDS,
        )
        texts = [item for item in latest if item.sk.endswith(f"#{SMS}")]
        # One still claimed may have gone out unrecorded: then no text can be told for sure.
        if not texts or any(item.status != "sent" or item.sent_at is None for item in texts):
            return None
        last = max(texts, key=lambda item: item.sent_at or since)
        if last.sent_at is None or last.sent_at < since:
            return None
        return SentText(
            local_date=date.fromisoformat(last.sk.split("#")[2]),
            sent_at=last.sent_at,
            numbered=tuple(
                Texted(int(line.number), line.contact_id, TextedKind(line.kind)) for line in last.texted or []
            ),
        )

    def release(self, owner: MemberKey, send: str, claim: str) -> None:
        if self._settle_on_record(owner, send, claim, sent=None):
            return
        try:
            SendItem(member_pk(owner), send_sk(send)).delete(
                condition=(SendItem.claim == claim) & (SendItem.status == "claimed")
            )
        except DeleteError as error:
            if not failed_condition(error):
                raise

    def is_suppressed(self, address: str) -> bool:
        try:
            SuppressionItem.get(suppression_pk(address), EMAIL)
        except SuppressionItem.DoesNotExist:
            return False
        return True

    def suppressions(self, addresses: Iterable[str]) -> dict[str, str]:
        by_key = {suppression_pk(address): address for address in addresses}
        if not by_key:
            return {}
        found = SuppressionItem.batch_get([(pk, EMAIL) for pk in by_key], attributes_to_get=["PK", "reason"])
        return {by_key[item.pk]: item.reason for item in found}

    def suppress(self, address: str, reason: str, at: datetime) -> None:
        SuppressionItem(suppression_pk(address), EMAIL, reason=reason, suppressed_at=at).save()
