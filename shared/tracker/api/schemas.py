"""The JSON the API takes and gives, as pydantic models (and so the OpenAPI document)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any, Generic, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tracker.domain import (
    Channel,
    Contact,
    Interaction,
    Member,
    NextStep,
    Outcome,
    Relationship,
    ReminderChannel,
    Weekday,
)

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
    from tracker.imports.people import linkedin_profile

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


# ---------------------------------------------------------------- next steps


class NextStepIn(_In):
    text: FilledShortText = Field(
        description='What happens next, e.g. "Email her next month about the project"'
    )
    due: Day | None = Field(default=None, description="When it is due (YYYY-MM-DD)")


class NextStepOut(_Out):
    text: str
    due: date | None

    @classmethod
    def of(cls, next_step: NextStep | None) -> NextStepOut | None:
        return cls(text=next_step.text, due=next_step.due) if next_step else None


# ---------------------------------------------------------------- contacts


class ContactFields(_In):
    email: Email | None = None
    phone: Phone | None = None
    company: ShortText | None = None
    role: ShortText | None = None
    linkedin_url: LinkedInUrl | None = None
    how_we_met: Text | None = Field(
        default=None, description="How you know them; drafts use it to recall the connection"
    )
    relationship: Relationship | None = None
    tags: list[Tag] | None = Field(default=None, max_length=20)
    starred: Flag | None = None
    cadence_days: CadenceDays | None = None
    notes: LongText | None = None
    help_ideas: list[ShortText] | None = Field(
        default=None, max_length=20, description="Ways you could help this person"
    )
    next_step: NextStepIn | None = None


class ContactCreate(ContactFields):
    name: Name
    last_contact_at: When | None = Field(
        default=None,
        description="When you last spoke, if you remember (otherwise they are due for a reconnect at once)",
    )

    def fields(self) -> dict[str, Any]:
        out = self.model_dump(exclude_none=True)
        if self.next_step is not None:
            out["next_step"] = self.next_step.model_dump()
        return out


class ContactPatch(ContactFields):
    """Only the fields you send change; send null to clear an optional field."""

    # Fields that cannot be cleared: null is refused (below), and the document does not offer it.
    name: Name | None = Field(default=None, json_schema_extra=_not_null)
    relationship: Relationship | None = Field(default=None, json_schema_extra=_not_null)
    starred: Flag | None = Field(default=None, json_schema_extra=_not_null)
    cadence_days: CadenceDays | None = Field(default=None, json_schema_extra=_not_null)
    archived: Flag | None = Field(
        default=None, description="Archived contacts are never picked", json_schema_extra=_not_null
    )

    @model_validator(mode="after")
    def _fields_that_cannot_be_cleared(self) -> ContactPatch:
        return _refuse_nulls(self, {"name", "relationship", "starred", "cadence_days", "archived"})

    def changes(self) -> dict[str, Any]:
        out = self.model_dump(exclude_unset=True)
        if self.next_step is not None:
            out["next_step"] = self.next_step.model_dump()
        return out


class ContactOut(_Out):
    id: str
    name: str
    email: str | None
    phone: str | None
    company: str | None
    role: str | None
    linkedin_url: str | None
    how_we_met: str | None
    relationship: Relationship
    tags: list[str]
    starred: bool
    cadence_days: int
    notes: str | None
    help_ideas: list[str]
    next_step: NextStepOut | None
    archived: bool
    last_contact_at: Instant | None = Field(description="When the latest logged conversation took place")
    last_summary: str | None = Field(description="What the latest conversation was about")
    due_at: Instant | None = Field(description="When this person next becomes a reconnect pick")
    snoozed_until: Instant | None
    interaction_count: int
    created_at: Instant
    updated_at: Instant

    @classmethod
    def of(cls, contact: Contact) -> ContactOut:
        return cls(
            id=contact.contact_id,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            company=contact.company,
            role=contact.role,
            linkedin_url=contact.linkedin_url,
            how_we_met=contact.how_we_met,
            relationship=contact.relationship,
            tags=list(contact.tags),
            starred=contact.starred,
            cadence_days=contact.cadence_days,
            notes=contact.notes,
            help_ideas=list(contact.help_ideas),
            next_step=NextStepOut.of(contact.next_step),
            archived=contact.archived,
            last_contact_at=contact.last_contact_at,
            last_summary=contact.last_summary,
            due_at=contact.due_at,
            snoozed_until=contact.snoozed_until,
            interaction_count=contact.interaction_count,
            created_at=contact.created_at,
            updated_at=contact.updated_at,
        )


T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null when this was the last"
    )


# ---------------------------------------------------------------- interactions


class InteractionCreate(_In):
    when: When | None = Field(
        default=None, description="When you spoke, with a time zone offset (default: now)"
    )
    channel: Channel = Channel.OTHER
    summary: LongText | None = Field(default=None, description="What you talked about")
    next_step: NextStepIn | None = Field(
        default=None, description="What happens next; it becomes the contact's next step"
    )
    next_step_done: Flag = Field(
        default=False,
        description="The contact's previous next step is done (cleared unless a new one is given)",
    )
    help_offered: Text | None = None
    help_received: Text | None = None
    outcomes: list[Outcome] = Field(default_factory=list, max_length=len(Outcome))

    def fields(self) -> dict[str, Any]:
        out = self.model_dump(exclude_none=True)
        if self.next_step is not None:
            out["next_step"] = self.next_step.model_dump()
        return out


class InteractionOut(_Out):
    id: str
    contact_id: str
    when: Instant
    channel: Channel
    summary: str | None
    next_step: NextStepOut | None
    help_offered: str | None
    help_received: str | None
    outcomes: list[Outcome]
    created_at: Instant

    @classmethod
    def of(cls, interaction: Interaction) -> InteractionOut:
        return cls(
            id=interaction.interaction_id,
            contact_id=interaction.contact_id,
            when=interaction.when,
            channel=interaction.channel,
            summary=interaction.summary,
            next_step=NextStepOut.of(interaction.next_step),
            help_offered=interaction.help_offered,
            help_received=interaction.help_received,
            outcomes=list(interaction.outcomes),
            created_at=interaction.created_at,
        )


class LoggedInteractionOut(InteractionOut):
    contact: ContactOut = Field(description="The contact after this conversation: last contact, due date")


# ---------------------------------------------------------------- the member


class MemberPatch(_In):
    """Only the fields you send change; send null to clear an optional field."""

    email: Email | None = None
    phone: MemberPhone | None = Field(default=None, description="For SMS reminders, in E.164 form")
    display_name: Name | None = None
    time_zone: TimeZone | None = Field(default=None, json_schema_extra=_not_null)
    reminder_hour: Hour | None = Field(
        default=None, description="Local hour of the daily reminder", json_schema_extra=_not_null
    )
    reminder_channels: list[ReminderChannel] | None = Field(
        default=None,
        max_length=10,
        description="How reminders reach you; empty turns them off",
        json_schema_extra=_not_null,
    )
    picks_per_day: Annotated[int, Field(ge=1, le=3), Whole] | None = Field(
        default=None, json_schema_extra=_not_null
    )
    default_cadence_days: CadenceDays | None = Field(
        default=None, description="Cadence given to contacts added from now on", json_schema_extra=_not_null
    )
    weekly_review_day: Weekday | None = Field(default=None, json_schema_extra=_not_null)
    weekly_review_hour: Hour | None = Field(default=None, json_schema_extra=_not_null)
    current_focus: Text | None = Field(
        default=None, description='What you are looking for now; drafts say it ("why I reach out now")'
    )
    paused_until: Day | None = Field(
        default=None, description="No reminders and no missed goals until this date (treatment, bad weeks)"
    )

    @model_validator(mode="after")
    def _fields_that_cannot_be_cleared(self) -> MemberPatch:
        return _refuse_nulls(
            self,
            {
                "time_zone",
                "reminder_hour",
                "reminder_channels",
                "picks_per_day",
                "default_cadence_days",
                "weekly_review_day",
                "weekly_review_hour",
            },
        )

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class MemberOut(_Out):
    id: str
    org_id: str
    email: str | None
    phone: str | None
    display_name: str | None
    time_zone: str
    reminder_hour: int
    reminder_channels: list[ReminderChannel]
    picks_per_day: int
    default_cadence_days: int
    weekly_review_day: Weekday
    weekly_review_hour: int
    current_focus: str | None
    paused_until: date | None
    created_at: Instant
    updated_at: Instant

    @classmethod
    def of(cls, member: Member) -> MemberOut:
        return cls(
            id=member.key.member_id,
            org_id=member.key.org_id,
            email=member.email,
            phone=member.phone,
            display_name=member.display_name,
            time_zone=member.time_zone,
            reminder_hour=member.reminder_hour,
            reminder_channels=list(member.reminder_channels),
            picks_per_day=member.picks_per_day,
            default_cadence_days=member.default_cadence_days,
            weekly_review_day=member.weekly_review_day,
            weekly_review_hour=member.weekly_review_hour,
            current_focus=member.current_focus,
            paused_until=member.paused_until,
            created_at=member.created_at,
            updated_at=member.updated_at,
        )


class ErasedOut(BaseModel):
    erased_items: int


# ---------------------------------------------------------------- reconnect picks


class DraftOut(BaseModel):
    lapse: str = Field(description="Acknowledges the silence, with a memory from your notes")
    why_now: str = Field(description="Why you are reaching out now (your current focus)")
    offer: str = Field(description="Something you could offer in return")
    text: str = Field(description="The three parts together, ready to edit and send")


class PickLinksOut(BaseModel):
    reached_out: str
    snooze: str
    log: str


class PickOut(BaseModel):
    number: int = Field(description="Its number in today's list (SMS replies use it: DONE 2)")
    status: Literal["pending", "done", "snoozed"]
    contact: ContactOut
    draft: DraftOut
    ask_tip: str
    links: PickLinksOut


class NextStepDueOut(BaseModel):
    contact: ContactOut
    log_link: str


class TodaysPicksOut(BaseModel):
    date: date
    picks: list[PickOut]
    next_steps: list[NextStepDueOut]


class PickDoneIn(_In):
    when: When | None = Field(default=None, description="When you reached out (default: now)")
    channel: Channel = Channel.OTHER
    summary: LongText | None = None

    def fields(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class SnoozeIn(_In):
    days: Annotated[int, Field(ge=1, le=365), Whole] = Field(
        default=30, description="How long to leave them be"
    )
