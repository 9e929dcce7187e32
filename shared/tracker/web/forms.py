"""Reading form posts: application/x-www-form-urlencoded (browsers) and multipart/form-data
(some mail providers' RFC 8058 one-click unsubscribe), and checking the quick-log form."""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from email.parser import BytesParser
from email.policy import HTTP
from typing import TypeVar
from urllib.parse import parse_qs

from tracker.domain.model import Channel, Met, NextStep, Outcome
from tracker.domain.quicklog import FIELD_LIMITS, FormData, QuickLogEntry
from tracker.rendering.reader import gettext

# Big enough for every field at its limit in any script (a 2,000-character summary in CJK is
# about 18 KB once form-encoded); anything larger is refused with 413 before it is parsed.
MAX_FORM_BYTES = 32 * 1024
MAX_FIELDS = 100

OLDEST = timedelta(days=366 * 20)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def form_in_request(body: str | None, base64_encoded: bool | None, content_type: str) -> FormData:
    """The form a request's body carries, as the HTTP API delivers it (base64 when it is not
    text); an empty form for a body that cannot be read."""
    raw = body or ""
    try:
        data = base64.b64decode(raw, validate=True) if base64_encoded else raw.encode("utf-8")
    except (binascii.Error, UnicodeEncodeError):
        return FormData()
    return parse_form(data, content_type)


def parse_form(body: bytes, content_type: str) -> FormData:
    """The fields of a form post; an empty form for any other kind of body."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "multipart/form-data":
        return _multipart(body, content_type)
    if kind not in ("application/x-www-form-urlencoded", ""):
        return FormData()
    text = body.decode("utf-8", errors="replace")
    try:
        fields = parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:  # more fields than any of our forms has
        return FormData()
    return FormData(fields)


def _multipart(body: bytes, content_type: str) -> FormData:
    header = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", errors="replace")
    message = BytesParser(policy=HTTP).parsebytes(header + body)
    fields: dict[str, list[str]] = {}
    if not message.is_multipart():
        return FormData()
    for part in list(message.iter_parts())[:MAX_FIELDS]:
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        value = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
        fields.setdefault(name, []).append(value)
    return FormData(fields)


@dataclass(frozen=True)
class Upload:
    """A multipart/form-data post with a file: its other fields, and the file if one was chosen."""

    fields: FormData
    file: bytes | None  # None: no file part, or a part that is not a file (no filename)
    file_name: str = ""


def parse_upload(body: bytes, content_type: str, file_field: str = "file") -> Upload:
    """The form's text fields and its one file (`file_field`). Any other kind of body, or a
    multipart body without a boundary, is a form with no fields and no file."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind != "multipart/form-data":
        return Upload(parse_form(body, content_type), None)
    header = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", errors="replace")
    message = BytesParser(policy=HTTP).parsebytes(header + body)
    if not message.is_multipart():
        return Upload(FormData(), None)
    fields: dict[str, list[str]] = {}
    file, file_name = None, ""
    for part in list(message.iter_parts())[:MAX_FIELDS]:
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if name == file_field:
            filename = part.get_filename()
            if filename is not None and file is None:
                file, file_name = data, one_line(str(filename))[:200]
            continue
        if len(data) <= MAX_FORM_BYTES:
            fields.setdefault(name, []).append(data.decode("utf-8", errors="replace"))
    return Upload(FormData(fields), file, file_name)


# ---------------------------------------------------------------- the quick-log form


def one_line(value: str) -> str:
    """Whitespace (line breaks too) collapsed to single spaces; control characters dropped."""
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", value)).split())


def text_block(value: str) -> str:
    """Paragraphs kept; Windows line ends unified; other control characters dropped."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", value.replace("\t", " ")).strip()


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class FormCheck:
    entry: QuickLogEntry | None
    errors: dict[str, str]


def check_quick_log(form: FormData, today: date, kept: NextStep | None = None) -> FormCheck:
    """The form's entry, or what to fix, field by field, in the member's words. `kept` is the
    next step a logged conversation already has (correcting it): sent back unchanged, it stays
    even if its date has passed (as the API allows)."""
    errors: dict[str, str] = {}
    texts = {name: form.first(name) for name in FIELD_LIMITS}
    for name, limit in FIELD_LIMITS.items():
        if len(texts[name]) > limit:
            errors[name] = gettext("Keep this under {limit} characters (it has {count}).").format(
                limit=f"{limit:,}", count=f"{len(texts[name]):,}"
            )
    contact = one_line(texts["contact"])
    if not contact and "contact" not in errors:
        errors["contact"] = gettext("Enter the name of the person you talked to.")
    when = _when(form.first("when"), today, errors)
    channel = _choice(Channel, [form.first("channel")], Channel.OTHER, "channel", errors)
    met = _choice(Met, [form.first("met")], Met.RECENTLY, "met", errors)
    outcomes = _choices(Outcome, form.all("outcomes"), "outcomes", errors)
    next_step = one_line(texts["next_step"])
    due = _due(form.first("next_step_due"), errors)
    if due is not None and due < today and NextStep(next_step, due) != kept:
        errors["next_step_due"] = gettext("Choose today or a later date.")
        due = None
    if due is not None and not next_step and "next_step" not in errors:
        errors["next_step"] = gettext("Say what the next step is, or clear its date.")
    if errors:
        return FormCheck(None, errors)
    entry = QuickLogEntry(
        contact_name=contact,
        when=when,
        met=met,
        channel=channel,
        summary=text_block(texts["summary"]) or None,
        next_step=next_step or None,
        next_step_due=due,
        next_step_done=form.first("next_step_done") == "yes",
        help_offered=text_block(texts["help_offered"]) or None,
        help_received=text_block(texts["help_received"]) or None,
        outcomes=outcomes,
        shared_memory=text_block(texts["shared_memory"]) or None,
    )
    return FormCheck(entry, {})


def _when(raw: str, today: date, errors: dict[str, str]) -> date:
    if not raw.strip():
        return today
    parsed = _date(raw)
    if parsed is None:
        errors["when"] = gettext("Enter the date as year-month-day, for example 2026-11-26.")
    elif parsed > today:
        errors["when"] = gettext("That date is in the future: choose today or an earlier day.")
    elif parsed < today - OLDEST:
        errors["when"] = gettext("Choose a date within the last 20 years.")
    else:
        return parsed
    return today


def _due(raw: str, errors: dict[str, str]) -> date | None:
    if not raw.strip():
        return None
    due = _date(raw)
    if due is None:
        errors["next_step_due"] = gettext("Enter the date as year-month-day, for example 2027-01-12.")
    return due


E = TypeVar("E", Channel, Outcome, Met)


def _choice(kind: type[E], values: list[str], default: E, name: str, errors: dict[str, str]) -> E:
    chosen = _choices(kind, [value for value in values if value], name, errors)
    return chosen[0] if chosen else default


def _choices(kind: type[E], values: list[str], name: str, errors: dict[str, str]) -> tuple[E, ...]:
    chosen: list[E] = []
    for value in values:
        try:
            chosen.append(kind(value))
        except ValueError:
            errors[name] = gettext("Choose from the options listed.")
    return tuple(dict.fromkeys(chosen))
