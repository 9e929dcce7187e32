"""Texts: how many SMS parts a text takes, and what a member's reply asks for."""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from tracker.domain.picks import DailyPicks, numbered_pending

_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = set("^{}\\[~]|€")
MAX_SEGMENTS = 2


def sms_segments(text: str) -> int:
    """How many SMS parts the text takes (GSM-7: 160/153 per part, else UCS-2: 70/67)."""
    if all(char in _GSM7 or char in _GSM7_EXTENDED for char in text):
        units = sum(2 if char in _GSM7_EXTENDED else 1 for char in text)
        return 1 if units <= 160 else -(-units // 153)
    units = sum(2 if ord(char) > 0xFFFF else 1 for char in text)
    return 1 if units <= 70 else -(-units // 67)


class Keyword(StrEnum):
    DONE = "done"
    SNOOZE = "snooze"
    HELP = "help"
    STOP = "stop"
    START = "start"
    UNKNOWN = "unknown"


# The opt-out, opt-in and help words carriers (CTIA) and AWS recognise, in any case; any of them
# counts, alone or in a short phrase ("stop all", "please stop", "stop texting me").
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT-OUT", "REMOVE"}
)
START_WORDS = frozenset({"START", "UNSTOP", "YES"})
HELP_WORDS = frozenset({"HELP", "INFO", "?"})
_STOP_PHRASE = re.compile(
    r"^(?:PLEASE\s+)?(?:STOP|STOPALL|UNSUBSCRIBE|CANCEL|END|QUIT|REVOKE|OPT[\s-]?OUT)"
    r"(?:\s+(?:ALL|IT|NOW|PLEASE|TEXTS?|TEXTING(?:\s+ME)?|MESSAGES?|MESSAGING(?:\s+ME)?|SENDING(?:\s+ME)?))*"
    r"(?:\s+PLEASE)?$"
)
# The same in Spanish, beside the English ones (accents and case ignored: "baja", "Sí").
SPANISH_STOP_WORDS = frozenset({"PARAR", "ALTO", "BAJA", "CANCELAR"})
SPANISH_START_WORDS = frozenset({"INICIAR", "ALTA", "SI"})
SPANISH_HELP_WORDS = frozenset({"AYUDA"})
_SPANISH_STOP_PHRASE = re.compile(
    r"^(?:POR\s+FAVOR\s+)?(?:PARAR|ALTO|BAJA|CANCELAR)"
    r"(?:\s+(?:TODO|YA|MENSAJES|LOS\s+MENSAJES|POR\s+FAVOR))*$"
)
MAX_PICK_NUMBER = 99

_COMMAND = re.compile(r"^(?:(DONE|SNOOZE|LISTO|HECHO|POSPONER)\s*#?\s*(\d{1,3})?|#?(\d{1,3}))$")
_SPANISH_VERBS = frozenset({"LISTO", "HECHO", "POSPONER"})


@dataclass(frozen=True)
class SmsCommand:
    keyword: Keyword
    number: int | None = None
    spanish: bool = False  # said with a Spanish word (answers to an unknown number follow it)


def _unaccented(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def parse_reply(text: str) -> SmsCommand:  # noqa: PLR0911 - one answer per kind of reply
    """What a reply asks for, in English or Spanish, forgiving case, accents, spacing and a
    trailing full stop."""
    words = " ".join(_unaccented(unicodedata.normalize("NFKC", text)).upper().split())
    words = words.rstrip(".!").lstrip("¡").strip()
    if words in STOP_WORDS or _STOP_PHRASE.match(words):
        return SmsCommand(Keyword.STOP)
    if words in SPANISH_STOP_WORDS or _SPANISH_STOP_PHRASE.match(words):
        return SmsCommand(Keyword.STOP, spanish=True)
    if words in START_WORDS or words in SPANISH_START_WORDS:
        return SmsCommand(Keyword.START, spanish=words in SPANISH_START_WORDS)
    if words in HELP_WORDS or words in SPANISH_HELP_WORDS:
        return SmsCommand(Keyword.HELP, spanish=words in SPANISH_HELP_WORDS)
    found = _COMMAND.match(words)
    if found is None:
        return SmsCommand(Keyword.UNKNOWN)
    verb, number, bare = found.groups()
    digits = number or bare
    value = int(digits) if digits else None
    if value is not None and not 1 <= value <= MAX_PICK_NUMBER:
        return SmsCommand(Keyword.UNKNOWN)
    keyword = Keyword.SNOOZE if verb in ("SNOOZE", "POSPONER") else Keyword.DONE
    return SmsCommand(keyword, value, spanish=verb in _SPANISH_VERBS)


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


# A reply acts on the last daily text for this long after it was sent: past midnight, on
# yesterday's text; the next morning's text takes over.
REPLY_WINDOW = timedelta(hours=36)


class TextedKind(StrEnum):
    RECONNECT_PICK = "pick"
    NEXT_STEP = "next_step"


@dataclass(frozen=True)
class Texted:
    """One numbered line of a daily text: the number a reply names, and whom it stands for."""

    number: int
    contact_id: str
    kind: TextedKind = TextedKind.RECONNECT_PICK


@dataclass(frozen=True)
class SentText:
    """A daily text as its send record keeps it: the member's local date it was for, when it
    went, and what it numbered."""

    local_date: date
    sent_at: datetime
    numbered: tuple[Texted, ...]

    def line(self, number: int) -> Texted | None:
        return next((texted for texted in self.numbered if texted.number == number), None)


def texted_lines(day: DailyPicks) -> tuple[Texted, ...]:
    """What the day's text numbers (rendering/sms.daily_sms lists the same)."""
    return tuple(Texted(number, contact.contact_id) for number, contact in numbered_pending(day))


class Answer(StrEnum):
    """What happened with one inbound text (for logs and tests; never the text itself)."""

    DONE = "done"
    SNOOZED = "snoozed"
    ALREADY = "already"
    NO_SUCH_PICK = "no_such_pick"
    GONE = "gone"  # the person that line named is no longer among the member's contacts
    WHICH_ONE = "which_one"
    NO_PICKS = "no_picks"  # the text answered numbered no one
    NO_RECENT_TEXT = "no_recent_text"  # no daily text in the last REPLY_WINDOW to match
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
