"""What every schema shares: the text, number and date rules, the error shape and pages."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
)
from pydantic_core import PydanticCustomError

# ---------------------------------------------------------------- text


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = re.compile(r"[\r\n]")


def _tidy(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _single_line(value: str) -> str:
    value = _tidy(value)
    if _LINE_BREAKS.search(value) or _CONTROL.search(value.replace("\t", " ")):
        raise ValueError("must be a single line without control characters")
    return value


def _multi_line(value: str) -> str:
    value = _tidy(value.replace("\r\n", "\n"))
    if _CONTROL.search(value.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
        raise ValueError("must not contain control characters")
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be blank")
    return value


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")


def _email(value: str) -> str:
    value = _single_line(value)
    if len(value) > 254 or not _EMAIL.match(value) or ".." in value:
        raise ValueError("must be an email address like name@example.org")
    return value


def _deliverable_email(value: str) -> str:
    """An address we will send mail to (a member's, an invitation's): one mailbox, as the
    email-validator package reads RFC 5321/5322 (no display name or angle brackets, no list, no
    quoted local part, no IP-address domain, no special-use domain), with its domain normalised.
    Nothing is looked up: no DNS."""
    from email_validator import EmailNotValidError, validate_email

    value = _email(value)
    try:
        # SES and Cognito sign-in take no non-ASCII mailbox name (SMTPUTF8): refused here, clearly
        checked = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise ValueError(f"must be one email address like name@example.org ({error})") from error
    return str(checked.ascii_email or checked.normalized)


def usable_email(value: object) -> str | None:
    """An address as the API would take it, or None: for addresses that come from elsewhere."""
    try:
        return _email(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _phone(value: str) -> str:
    value = re.sub(r"[\s().-]", "", _single_line(value))
    if not _PHONE.match(value):
        raise ValueError("must be a phone number in international E.164 form, like +14155550123")
    return value


def _member_phone(value: str) -> str:
    """A number SMS can reach: international form, valid for its country (libphonenumber)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(_single_line(value), None)
    except phonenumbers.NumberParseException as error:
        raise ValueError("must be a phone number in international form, like +14155550123") from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError("is not a valid phone number for its country")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _linkedin_url(value: str) -> str:
    from tracker.formats.people import linkedin_profile

    profile = linkedin_profile(value)
    if profile is None:
        raise ValueError("must be a LinkedIn profile address, like https://www.linkedin.com/in/ana-lima")
    return profile


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _time_zone(value: str) -> str:
    value = value.strip()
    if value not in _known_zones():
        raise ValueError("must be an IANA time zone name, like Europe/London or America/Chicago")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:  # pragma: no cover - listed but unloadable
        raise ValueError("must be an IANA time zone name") from error
    return value


# The text rules above as JSON Schema patterns, so that the OpenAPI document states them: what
# str.strip() takes off either end is ignored, and what is left may hold no control character
# (a single line: no line break either; a tab may stay). Literal characters, not escapes, so
# that every regex dialect reads them alike.
_SPACE = "\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_NOT_IN_LINE = "\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029"
_NOT_IN_TEXT = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
LINE_PATTERN = f"^[{_SPACE}]*(?:[^{_NOT_IN_LINE}]*[^{_NOT_IN_LINE}{_SPACE}])?[{_SPACE}]*$"
FILLED_LINE_PATTERN = f"^[{_SPACE}]*[^{_NOT_IN_LINE}]*[^{_NOT_IN_LINE}{_SPACE}][{_SPACE}]*$"
TEXT_PATTERN = f"^[{_SPACE}]*(?:[^{_NOT_IN_TEXT}]*[^{_NOT_IN_TEXT}{_SPACE}])?[{_SPACE}]*$"


def _documented(pattern: str) -> dict[str, Any]:
    # Documentation only: the validators give friendlier messages than a pattern mismatch.
    return {"json_schema_extra": {"pattern": pattern}}


Name = Annotated[
    str,
    Field(max_length=200, **_documented(FILLED_LINE_PATTERN)),
    AfterValidator(_single_line),
    AfterValidator(_not_blank),
]
ShortText = Annotated[str, Field(max_length=300, **_documented(LINE_PATTERN)), AfterValidator(_single_line)]
FilledShortText = Annotated[
    str,
    Field(max_length=300, **_documented(FILLED_LINE_PATTERN)),
    AfterValidator(_single_line),
    AfterValidator(_not_blank),
]
Text = Annotated[str, Field(max_length=2000, **_documented(TEXT_PATTERN)), AfterValidator(_multi_line)]
LongText = Annotated[str, Field(max_length=10_000, **_documented(TEXT_PATTERN)), AfterValidator(_multi_line)]
Tag = Annotated[
    str,
    Field(min_length=1, max_length=40, **_documented(FILLED_LINE_PATTERN)),
    AfterValidator(_single_line),
    AfterValidator(_not_blank),
]
Email = Annotated[str, Field(max_length=254, examples=["ana@example.org"]), AfterValidator(_email)]
# Addresses we mail (a member's own, an invitation's): held to email-validator's stricter reading.
MemberEmail = Annotated[
    str, Field(max_length=254, examples=["ana@example.org"]), AfterValidator(_deliverable_email)
]
Phone = Annotated[str, Field(max_length=32, examples=["+14155550123"]), AfterValidator(_phone)]
MemberPhone = Annotated[str, Field(max_length=32, examples=["+14155550123"]), AfterValidator(_member_phone)]
TimeZone = Annotated[str, Field(max_length=64, examples=["Europe/London"]), AfterValidator(_time_zone)]
LinkedInUrl = Annotated[
    str,
    Field(max_length=300, examples=["https://www.linkedin.com/in/ana-lima"]),
    AfterValidator(_linkedin_url),
]


def _json_integer(value: object) -> object:
    """What JSON Schema calls an integer (7 or 7.0); pydantic alone would take true, or "7"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


Whole = BeforeValidator(_json_integer)
Hour = Annotated[int, Field(ge=0, le=23), Whole]
CadenceDays = Annotated[
    int, Field(ge=7, le=730, description="Days between conversations before a reconnect"), Whole
]
Flag = Annotated[bool, Field(strict=True)]  # true or false, not 1 or "yes"
_DATE = r"\d{4}-\d{2}-\d{2}"
_RFC3339 = re.compile(rf"^{_DATE}[Tt]\d{{2}}:\d{{2}}:\d{{2}}(\.\d+)?([Zz]|[+-]\d{{2}}:\d{{2}})$")
_ISO_DATE = re.compile(rf"^{_DATE}$")


def _date_time_text(value: object) -> object:
    """Only what the document promises (RFC 3339 text); pydantic alone would take 0 or "0" as 1970."""
    if isinstance(value, datetime) or (isinstance(value, str) and _RFC3339.match(value)):
        return value
    raise ValueError("must be a date and time with an offset, like 2026-03-01T09:30:00Z")


def _date_text(value: object) -> object:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError("must be a date like 2026-03-01")


EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)


def _plausible(value: datetime) -> datetime:
    """A conversation in living memory. The calendar's edges also break week arithmetic (a
    conversation on 0001-01-01 has no week before it) and UTC (0001-01-01T00:00+01:00 is year 0)."""
    try:
        in_utc = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None
    if in_utc < EARLIEST:
        raise ValueError("must be in 1900 or later")
    return value


When = Annotated[AwareDatetime, BeforeValidator(_date_time_text), AfterValidator(_plausible)]
Day = Annotated[date, BeforeValidator(_date_text)]
Instant = Annotated[
    datetime,
    PlainSerializer(lambda value: value.astimezone(UTC).isoformat().replace("+00:00", "Z"), return_type=str),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=10_000)


M = TypeVar("M", bound=BaseModel)


def _not_null(schema: dict[str, Any]) -> None:
    """The document of a PATCH field that may be left out but not cleared: no null on offer."""
    choices = schema.pop("anyOf", None) or []
    schema.update(next((choice for choice in choices if choice.get("type") != "null"), {}))
    if schema.get("default", ...) is None:
        del schema["default"]


def _refuse_nulls(model: M, names: set[str]) -> M:
    """PATCH: these fields may be left out but not cleared."""
    for name in sorted(names & model.model_fields_set):
        if getattr(model, name) is None:
            raise PydanticCustomError("null_not_allowed", "{field} cannot be null", {"field": name})
    return model


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ---------------------------------------------------------------- errors


class FieldProblem(BaseModel):
    field: str = Field(description="Where the problem is, e.g. body.email or query.limit")
    message: str


class ErrorDetail(BaseModel):
    code: str = Field(examples=["validation_error", "not_found"])
    message: str
    details: list[FieldProblem] = Field(default_factory=list)


class ErrorBody(BaseModel):
    error: ErrorDetail


T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null when this was the last"
    )
