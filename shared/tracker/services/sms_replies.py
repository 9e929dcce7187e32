"""Text replies to the daily SMS: DONE 1, 1, SNOOZE 2, HELP, STOP and START, or in Spanish
LISTO 1 / HECHO 1, POSPONER 2, AYUDA, PARAR (ALTO, BAJA, CANCELAR) and INICIAR. A member is
answered in their own language; a number no member holds, in the language of its words.

DONE n and SNOOZE n act on line n of the last daily text sent to the member (its send record
keeps what it numbered), for a day and a half: not on whatever today's picks are by then.

Only a member who proved the number (services/phones.py) is acted for. The number's STOP is
kept per number: a STOP from a number no member holds is kept too, and nothing is texted to a
number that said STOP until START (UNSTOP, YES) comes from it.

Two-way SMS publishes each inbound text to an SNS topic as JSON (originationNumber,
destinationNumber, messageBody, inboundMessageId, ...). The sender is found by a lookup item
keyed by a hash of the number, never by scanning members. Every text gets at most one short
answer, sent once per inbound message whatever the retries; after STOP nothing more is sent
to that number until START. Answers, like reminders, name people by first name only.
"""

from __future__ import annotations

import secrets

from tracker.domain.errors import InvalidInput
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Identity, Member, ReminderChannel
from tracker.domain.sending import KEEP_SEND_RECORDS, SEND_LEASE, SendClaim, SendInFlight
from tracker.domain.sms import (
    REPLY_WINDOW,
    Answer,
    InboundSms,
    Keyword,
    ReplyOutcome,
    SmsCommand,
    parse_reply,
)
from tracker.observability import logger
from tracker.ports import Clock, Repositories, Texter
from tracker.rendering.i18n import speaker
from tracker.rendering.labels import short_name, speaker_of
from tracker.rendering.sms import (
    already_on,
    help_text,
    help_while_stopped,
    no_recent_text,
    not_understood,
    pick_reply,
    started,
    started_outside_hours,
    stopped,
    unknown_number_help,
    unknown_number_started,
    unnamed_pick,
)
from tracker.services.members import MemberService
from tracker.services.picks import PickService


class SmsReplyService:
    def __init__(
        self,
        repositories: Repositories,
        members: MemberService,
        picks: PickService,
        texter: Texter,
        clock: Clock,
    ) -> None:
        self._phones = repositories.phones
        self._member_store = repositories.members
        self._sends = repositories.sends
        self._day_picks = repositories.picks
        self._contacts = repositories.contacts
        self._members = members
        self._picks = picks
        self._texter = texter
        self._clock = clock

    def handle(self, sms: InboundSms) -> ReplyOutcome:
        command = parse_reply(sms.body)
        owner = self._phones.owner(sms.from_number)
        member = self._member_store.get(owner.member) if owner else None
        if owner is None or member is None or member.phone != sms.from_number or not member.phone_verified:
            return self._from_unknown_number(command, sms)
        # After STOP only START and HELP are answered (carriers require HELP to be, always); a
        # repeated STOP (another message) is not answered again, a retry of the same one is.
        answered = command.keyword in (Keyword.START, Keyword.HELP)
        if owner.opted_out and not answered and owner.opted_out_by != sms.message_id:
            return ReplyOutcome(Answer.SILENT, replied=False)
        send = f"sms-reply#{sms.message_id}"
        claim = secrets.token_hex(8)
        now = int(self._clock.now().timestamp())
        taken = self._sends.claim(
            member.key,
            send,
            claim,
            now=now,
            lease=int(SEND_LEASE.total_seconds()),
            keep=int(KEEP_SEND_RECORDS.total_seconds()),
        )
        if taken is SendClaim.ALREADY_SENT:
            return ReplyOutcome(Answer.SILENT, replied=False)
        if taken is SendClaim.IN_FLIGHT:
            raise SendInFlight(send)
        try:
            answer, text = self._act(member, command, sms, opted_out=owner.opted_out)
            message_id = self._texter.send(sms.from_number, text) if text else "none"
        except Exception:
            self._sends.release(member.key, send, claim)
            raise
        self._sends.complete(member.key, send, claim, message_id=message_id, at=self._clock.now())
        logger.info("SMS reply handled", extra={"keyword": command.keyword.value, "answer": answer.value})
        return ReplyOutcome(answer, replied=text is not None)

    def _from_unknown_number(self, command: SmsCommand, sms: InboundSms) -> ReplyOutcome:
        """A number no member has proved theirs: nothing acts for anyone. Its STOP is still kept
        (a code sent to someone else's phone is answered so), START ends it, HELP is answered;
        in Spanish when the words were Spanish."""
        words = speaker("es" if command.spanish else "en")
        if command.keyword is Keyword.STOP:
            stop = self._phones.stop(sms.from_number)
            if stop is not None and stop.by != sms.message_id:
                return ReplyOutcome(Answer.SILENT, replied=False)  # said before: not answered again
            self._phones.set_opt_out(sms.from_number, opted_out=True, by=sms.message_id)
            self._texter.send(sms.from_number, stopped(words))
            return ReplyOutcome(Answer.STOPPED, replied=True)
        if command.keyword is Keyword.START and self._phones.stop(sms.from_number) is not None:
            self._phones.set_opt_out(sms.from_number, opted_out=False, by=None)
            self._texter.send(sms.from_number, unknown_number_started(words))
            return ReplyOutcome(Answer.STARTED, replied=True)
        if command.keyword is Keyword.HELP:
            self._texter.send(sms.from_number, unknown_number_help(words))
            return ReplyOutcome(Answer.HELP, replied=True)
        return ReplyOutcome(Answer.SILENT, replied=False)

    def _act(
        self, member: Member, command: SmsCommand, sms: InboundSms, *, opted_out: bool
    ) -> tuple[Answer, str | None]:
        identity = Identity(member.key.org_id, member.key.member_id, member.email)
        words = speaker_of(member)
        if command.keyword is Keyword.STOP:
            self._phones.set_opt_out(sms.from_number, opted_out=True, by=sms.message_id)
            if ReminderChannel.SMS in member.reminder_channels:
                channels = [c for c in member.reminder_channels if c is not ReminderChannel.SMS]
                self._members.update(identity, ProfileChanges(reminder_channels=tuple(channels)))
            return Answer.STOPPED, stopped(words)
        if command.keyword is Keyword.START:
            return self._start(member, identity, sms, opted_out=opted_out)
        if command.keyword is Keyword.HELP:
            return Answer.HELP, help_while_stopped(words) if opted_out else help_text(words)
        if command.keyword is Keyword.UNKNOWN:
            return Answer.NOT_UNDERSTOOD, not_understood(words)
        return self._on_pick(member, command)

    def _start(
        self, member: Member, identity: Identity, sms: InboundSms, *, opted_out: bool
    ) -> tuple[Answer, str | None]:
        words = speaker_of(member)
        if not opted_out and ReminderChannel.SMS in member.reminder_channels:
            return Answer.STARTED, already_on(words)
        self._phones.set_opt_out(sms.from_number, opted_out=False, by=None)
        if ReminderChannel.SMS not in member.reminder_channels:
            try:
                self._members.update(
                    identity,
                    ProfileChanges(reminder_channels=(*member.reminder_channels, ReminderChannel.SMS)),
                )
            except InvalidInput:  # the reminder hour is outside texting hours
                return Answer.STARTED, started_outside_hours(member.reminder_hour, words)
        return Answer.STARTED, started(member.reminder_hour, words)

    def _on_pick(  # noqa: PLR0911 - one answer per situation a reply can meet
        self, member: Member, command: SmsCommand
    ) -> tuple[Answer, str | None]:
        """DONE n / SNOOZE n against the last daily text sent (within REPLY_WINDOW), numbered as
        that text numbered them: after midnight it is still yesterday's text that was answered."""
        words = speaker_of(member)
        sent = self._sends.last_daily_text(member.key, since=self._clock.now() - REPLY_WINDOW)
        record = self._day_picks.get_day(member.key, sent.local_date) if sent and sent.numbered else None
        if sent is None or (sent.numbered and record is None):
            by_email = bool(member.email) and ReminderChannel.EMAIL in member.reminder_channels
            return Answer.NO_RECENT_TEXT, no_recent_text(
                by_email=by_email, hour=member.reminder_hour, words=words
            )
        if record is None:
            return Answer.NO_PICKS, pick_reply(Answer.NO_PICKS, words=words)
        keyword = command.keyword
        numbers = tuple(line.number for line in sent.numbered)
        number = command.number
        if number is None:
            settled = record.done_ids | record.snoozed_ids
            still_open = [line.number for line in sent.numbered if line.contact_id not in settled]
            if len(still_open) != 1:
                return Answer.WHICH_ONE, pick_reply(
                    Answer.WHICH_ONE, words=words, keyword=keyword, numbers=numbers
                )
            number = still_open[0]
        line = sent.line(number)
        if line is None:
            return Answer.NO_SUCH_PICK, pick_reply(
                Answer.NO_SUCH_PICK, words=words, keyword=keyword, number=number, numbers=numbers
            )
        contact_id = line.contact_id
        people = self._contacts.get_many(member.key, [contact_id])
        if contact_id not in people or contact_id not in (*record.pick_ids, *record.next_step_ids):
            return Answer.GONE, pick_reply(Answer.GONE, words=words, number=number)
        name = short_name(people[contact_id], unnamed_pick(number, words))
        if command.keyword is Keyword.DONE:
            if contact_id in record.done_ids:
                return Answer.ALREADY, pick_reply(Answer.ALREADY, words=words, keyword=keyword, name=name)
            self._picks.done(member, contact_id, day=record)
            return Answer.DONE, pick_reply(Answer.DONE, words=words, name=name)
        if contact_id in record.snoozed_ids:
            return Answer.ALREADY, pick_reply(Answer.ALREADY, words=words, keyword=keyword, name=name)
        self._picks.snooze(member, contact_id, day=record)
        return Answer.SNOOZED, pick_reply(Answer.SNOOZED, words=words, name=name)
