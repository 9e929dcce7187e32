"""Text replies to the daily SMS: DONE 1, 1, SNOOZE 2, HELP, STOP and START.

Two-way SMS publishes each inbound text to an SNS topic as JSON (originationNumber,
destinationNumber, messageBody, inboundMessageId, ...). The sender is found by a lookup item
keyed by a hash of the number, never by scanning members. Every text gets at most one short
answer, sent once per inbound message whatever the retries; after STOP nothing more is sent
to that number until START. Answers, like reminders, name people by first name only.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tracker.clock import Clock
from tracker.domain import SMS_EARLIEST_HOUR, SMS_LATEST_HOUR, Identity, Member, ReminderChannel, SendClaim
from tracker.drafts import first_name
from tracker.errors import InvalidInput
from tracker.members import MemberService
from tracker.observability import logger
from tracker.picks import SNOOZE, PickService, local_date
from tracker.reminders import KEEP_SEND_RECORDS, SEND_LEASE, SendInFlight, Texter

if TYPE_CHECKING:
    from tracker.dal import DynamoStore


class Keyword(StrEnum):
    DONE = "done"
    SNOOZE = "snooze"
    HELP = "help"
    STOP = "stop"
    START = "start"
    UNKNOWN = "unknown"


# The opt-out and opt-in words carriers and AWS recognise; any of them counts.
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT-OUT", "OPT OUT", "REMOVE"}
)
START_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO", "?"})
MAX_PICK_NUMBER = 99

_COMMAND = re.compile(r"^(?:(DONE|SNOOZE)\s*#?\s*(\d{1,3})?|#?(\d{1,3}))$")


@dataclass(frozen=True)
class SmsCommand:
    keyword: Keyword
    number: int | None = None


def parse_reply(text: str) -> SmsCommand:
    """What a reply asks for, forgiving case, spacing and a trailing full stop."""
    words = " ".join(unicodedata.normalize("NFKC", text).upper().split())
    words = words.rstrip(".!").strip()
    if words in STOP_WORDS:
        return SmsCommand(Keyword.STOP)
    if words in START_WORDS:
        return SmsCommand(Keyword.START)
    if words in HELP_WORDS:
        return SmsCommand(Keyword.HELP)
    found = _COMMAND.match(words)
    if found is None:
        return SmsCommand(Keyword.UNKNOWN)
    verb, number, bare = found.groups()
    digits = number or bare
    value = int(digits) if digits else None
    if value is not None and not 1 <= value <= MAX_PICK_NUMBER:
        return SmsCommand(Keyword.UNKNOWN)
    return SmsCommand(Keyword.SNOOZE if verb == "SNOOZE" else Keyword.DONE, value)


@dataclass(frozen=True)
class InboundSms:
    from_number: str
    body: str
    message_id: str

    @classmethod
    def from_notification(cls, message: str) -> InboundSms | None:
        """The text from a two-way SMS notification; None if it is not one."""
        try:
            payload: Any = json.loads(message)
        except ValueError:
            return None
        if not isinstance(payload, dict):
            return None
        number = normalise_phone(str(payload.get("originationNumber") or ""))
        body = payload.get("messageBody")
        if number is None or not isinstance(body, str):
            return None
        message_id = str(payload.get("inboundMessageId") or "") or secrets.token_hex(12)
        return cls(number, body[:1600], message_id[:100])


def normalise_phone(raw: str) -> str | None:
    """A number in E.164 form (as member profiles hold them), or None."""
    import phonenumbers

    try:
        number = phonenumbers.parse(raw.strip(), None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# ---------------------------------------------------------------- what we answer

BRAND = "Networking Tracker"
_HOW = "DONE 1 when you've reached out to pick 1, SNOOZE 1 to skip them for 30 days. STOP ends texts."
HELP_TEXT = f"{BRAND}: reply {_HOW} START restarts them."
NOT_UNDERSTOOD = f"{BRAND}: sorry, I didn't get that. Reply {_HOW}"
UNKNOWN_NUMBER_HELP = f"{BRAND}: this number isn't linked to a member. Ask your program for help."
STOPPED = f"{BRAND}: you won't get any more texts from us. Reply START to turn them back on."
STARTED = f"{BRAND}: texts are back on. Your picks come at {{hour:02d}}:00. Reply HELP for help."
STARTED_OUTSIDE_HOURS = (
    f"{BRAND}: replies are back on, but texts only go out {SMS_EARLIEST_HOUR:02d}:00-{SMS_LATEST_HOUR:02d}:00"
    " and your reminder hour is {hour:02d}:00. Change it in the app."
)
ALREADY_ON = f"{BRAND}: texts are already on. Reply HELP for help."


class Answer(StrEnum):
    """What happened with one inbound text (for logs and tests; never the text itself)."""

    DONE = "done"
    SNOOZED = "snoozed"
    ALREADY = "already"
    NO_SUCH_PICK = "no_such_pick"
    WHICH_ONE = "which_one"
    NO_PICKS = "no_picks"
    HELP = "help"
    NOT_UNDERSTOOD = "not_understood"
    STOPPED = "stopped"
    STARTED = "started"
    SILENT = "silent"  # opted out, unknown number, or answered before
    MALFORMED = "malformed"


@dataclass(frozen=True)
class ReplyOutcome:
    answer: Answer
    replied: bool


class SmsReplyService:
    def __init__(
        self, store: DynamoStore, members: MemberService, picks: PickService, texter: Texter, clock: Clock
    ) -> None:
        self._store = store
        self._members = members
        self._picks = picks
        self._texter = texter
        self._clock = clock

    def handle(self, sms: InboundSms) -> ReplyOutcome:
        command = parse_reply(sms.body)
        owner = self._store.phone_owner(sms.from_number)
        member = self._store.get_member(owner.member) if owner else None
        if owner is None or member is None or member.phone != sms.from_number:
            # Only HELP gets an answer from a number we don't know (carriers require one).
            if command.keyword is Keyword.HELP:
                self._texter.send(sms.from_number, UNKNOWN_NUMBER_HELP)
                return ReplyOutcome(Answer.HELP, replied=True)
            return ReplyOutcome(Answer.SILENT, replied=False)
        # A repeated STOP (another message) is not answered again; a retry of the same one is.
        restarting = command.keyword is Keyword.START
        if owner.opted_out and not restarting and owner.opted_out_by != sms.message_id:
            return ReplyOutcome(Answer.SILENT, replied=False)
        send = f"sms-reply#{sms.message_id}"
        claim = secrets.token_hex(8)
        now = int(self._clock.now().timestamp())
        taken = self._store.claim_send(
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
            self._store.release_send(member.key, send, claim)
            raise
        self._store.complete_send(member.key, send, claim, message_id=message_id, at=self._clock.now())
        logger.info("SMS reply handled", extra={"keyword": command.keyword.value, "answer": answer.value})
        return ReplyOutcome(answer, replied=text is not None)

    def _act(
        self, member: Member, command: SmsCommand, sms: InboundSms, *, opted_out: bool
    ) -> tuple[Answer, str | None]:
        identity = Identity(member.key.org_id, member.key.member_id, member.email)
        if command.keyword is Keyword.STOP:
            self._store.set_sms_opt_out(sms.from_number, opted_out=True, by=sms.message_id)
            if ReminderChannel.SMS in member.reminder_channels:
                channels = [c for c in member.reminder_channels if c is not ReminderChannel.SMS]
                self._members.update(identity, {"reminder_channels": channels})
            return Answer.STOPPED, STOPPED
        if command.keyword is Keyword.START:
            return self._start(member, identity, sms, opted_out=opted_out)
        if command.keyword is Keyword.HELP:
            return Answer.HELP, HELP_TEXT
        if command.keyword is Keyword.UNKNOWN:
            return Answer.NOT_UNDERSTOOD, NOT_UNDERSTOOD
        return self._on_pick(member, command)

    def _start(
        self, member: Member, identity: Identity, sms: InboundSms, *, opted_out: bool
    ) -> tuple[Answer, str | None]:
        if not opted_out and ReminderChannel.SMS in member.reminder_channels:
            return Answer.STARTED, ALREADY_ON
        self._store.set_sms_opt_out(sms.from_number, opted_out=False, by=None)
        if ReminderChannel.SMS not in member.reminder_channels:
            try:
                self._members.update(
                    identity, {"reminder_channels": [*member.reminder_channels, ReminderChannel.SMS]}
                )
            except InvalidInput:  # the reminder hour is outside texting hours
                return Answer.STARTED, STARTED_OUTSIDE_HOURS.format(hour=member.reminder_hour)
        return Answer.STARTED, STARTED.format(hour=member.reminder_hour)

    def _on_pick(  # noqa: PLR0911 - one answer per situation a reply can meet
        self, member: Member, command: SmsCommand
    ) -> tuple[Answer, str | None]:
        """DONE n / SNOOZE n against today's picks, numbered as the day's SMS numbered them."""
        today = local_date(member, self._clock.now())
        record = self._store.get_day_picks(member.key, today)
        if record is None or not record.pick_ids:
            return Answer.NO_PICKS, f"{BRAND}: you have no reconnect picks today. Reply HELP for help."
        verb = "DONE" if command.keyword is Keyword.DONE else "SNOOZE"
        number = command.number
        if number is None:
            open_picks = [
                n
                for n, contact_id in enumerate(record.pick_ids, 1)
                if contact_id not in record.done_ids | record.snoozed_ids
            ]
            if len(open_picks) != 1:
                return Answer.WHICH_ONE, f"{BRAND}: which one? Reply {verb} with its number, e.g. {verb} 1."
            number = open_picks[0]
        if number > len(record.pick_ids):
            last = len(record.pick_ids)
            which = "1" if last == 1 else f"1 to {last}"
            return Answer.NO_SUCH_PICK, f"{BRAND}: there's no pick {number} today. Reply {verb} {which}."
        contact_id = record.pick_ids[number - 1]
        people = self._store.get_contacts(member.key, [contact_id])
        name = first_name(people[contact_id].name) if contact_id in people else f"pick {number}"
        if command.keyword is Keyword.DONE:
            if contact_id in record.done_ids:
                return Answer.ALREADY, f"{BRAND}: {name} is already marked done today."
            self._picks.done(member, contact_id, {})
            return Answer.DONE, f"{BRAND}: noted, you reached out to {name}. Well done!"
        if contact_id in record.snoozed_ids:
            return Answer.ALREADY, f"{BRAND}: {name} is already snoozed."
        self._picks.snooze(member, contact_id)
        days = SNOOZE // timedelta(days=1)
        return Answer.SNOOZED, f"{BRAND}: snoozed {name} for {days} days."
