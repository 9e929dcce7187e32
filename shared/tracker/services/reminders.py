"""Sending the daily reminder: once per member, local date and channel, whatever retries.

The day's picks go out by every channel the member chose, each through `Sender` (exactly once,
only where allowed); the email and text are rendered only for a channel that sends.
"""

from __future__ import annotations

from datetime import date, datetime

from tracker.domain.model import MemberKey, ReminderChannel
from tracker.domain.sending import ReminderReport, SendOutcome, not_sending
from tracker.domain.sms import texted_lines
from tracker.ports import MemberRepository, SignerSource
from tracker.rendering.drafts import focus_ask, health_words
from tracker.rendering.emails import daily_email
from tracker.rendering.sms import daily_sms
from tracker.services.picks import PickService
from tracker.services.sending import Sender

_DELIVERED = (SendOutcome.SENT, SendOutcome.ALREADY_SENT)


class ReminderService:
    def __init__(
        self, members: MemberRepository, sender: Sender, picks: PickService, signer: SignerSource
    ) -> None:
        self._members = members
        self._sender = sender
        self._picks = picks
        self._signer = signer

    def send_daily(self, key: MemberKey, day: date, at: datetime) -> ReminderReport:
        """The day's reminder for one member, as of the scheduled instant `at`."""
        report = ReminderReport()
        read = self._picks.member_day(key, day)  # the profile, the picks records, the week's plan
        member = read.member
        skipped = not_sending(member, day)
        if skipped is not None or member is None:
            report.outcomes["all"] = skipped or SendOutcome.NO_PROFILE
            return report
        # With the people: whether the email address is suppressed; with the day's picks, if
        # chosen now, the email's claim (one write for both)
        address = member.email if self._sender.may_email(member) else None
        hold = self._sender.hold(f"daily#{day.isoformat()}#email") if address else None
        chosen = self._picks.for_reminder(member, day, at, read=read, address=address, hold=hold)
        picks = chosen.picks
        if picks.nothing_to_do:  # nobody chosen, or all of them reached before the reminder hour
            report.outcomes["all"] = SendOutcome.NOTHING_DUE
            return report
        signer = self._signer
        told = bool(health_words(picks, at))  # the email says drafts leave health out
        asked = focus_ask(member)  # the email asks for a current focus, once

        def send(channel: ReminderChannel) -> SendOutcome:
            outcome = self._sender.deliver(
                member,
                channel,
                f"daily#{day.isoformat()}",
                at,
                email=lambda: daily_email(picks, signer(), at),
                text=lambda: daily_sms(picks),
                texted=texted_lines(picks),
                suppressed=chosen.suppressed,
                held=chosen.held,
            )
            if told and channel is ReminderChannel.EMAIL and outcome in _DELIVERED:
                self._members.health_note_sent(member.key, day)  # once: not in tomorrow's email
            if asked and channel is ReminderChannel.EMAIL and outcome in _DELIVERED:
                self._members.focus_ask_sent(member.key, day)
            return outcome

        return self._sender.each_channel(member, send, report, "Reminder send failed")
