"""The JSON of the member's own profile and settings."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from tracker.api.schemas.common import (
    CadenceDays,
    Day,
    Flag,
    Hour,
    Instant,
    MemberEmail,
    MemberPhone,
    Name,
    Text,
    TimeZone,
    Whole,
    _In,
    _not_null,
    _Out,
    _refuse_nulls,
)
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Language, Member, ReminderChannel, Weekday
from tracker.rendering.drafts import focus_notice


class MemberPatch(_In):
    """Only the fields you send change; send null to clear an optional field."""

    email: MemberEmail | None = None
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
    language: Language | None = Field(
        default=None,
        description="The language of your emails, texts and pages: en (English) or es (Spanish)",
        json_schema_extra=_not_null,
    )
    current_focus: Text | None = Field(
        default=None,
        description='What you are working towards now, written as it would follow "I\'m …": e.g. '
        '"getting back into UX research" or "looking for part-time product roles". Drafts say it '
        "(\"The reason I'm writing now: I'm getting back into UX research\"); other shapes are "
        'rephrased to fit ("a return to nursing": "I\'m looking into a return to nursing"). A part '
        "that mentions health or treatment is left out of drafts unless drafts_may_mention_health is true",
    )
    drafts_may_mention_health: Flag | None = Field(
        default=None,
        description="Whether drafts may say what your focus and notes say about health or treatment "
        "(cancer, chemo, treatment, surgery, hospital, sick leave; quimio, tratamiento, baja médica…). "
        "Until you choose, they leave it out and `draft_notice` says what was left out",
        json_schema_extra=_not_null,
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
                "language",
                "drafts_may_mention_health",
            },
        )

    def changes(self) -> ProfileChanges:
        values = self.model_dump(exclude_unset=True)
        if "reminder_channels" in values:
            values["reminder_channels"] = tuple(values["reminder_channels"])
        return ProfileChanges(**values)


class PhoneStatus(StrEnum):
    NONE = "none"  # no number
    UNVERIFIED = (
        "unverified"  # a code was texted (or may be asked for): nothing is texted until it is entered
    )
    VERIFIED = "verified"
    STOPPED = "stopped"  # the number replied STOP: nothing is texted to it until START comes from it


class PhoneCode(_In):
    code: Annotated[
        str, Field(pattern=r"^\s*\d{6}\s*$", description="The six digits we texted to your number")
    ]


class MemberOut(_Out):
    id: str
    org_id: str
    email: str | None
    phone: str | None
    pending_email: str | None = Field(
        description="A new address you entered: we mailed it a link, and it becomes your address "
        "once you open that link (until then mail goes to `email`)"
    )
    email_problem: str | None = Field(
        description="Why email no longer reaches you (a bounce, a spam report, a refusal), and what "
        "to do; null while it does"
    )
    phone_status: PhoneStatus = Field(
        description="Whether texts may go to your number: enter the code we texted to it "
        "(POST /me/phone/verify) to make it `verified`"
    )
    display_name: str | None
    time_zone: str
    reminder_hour: int
    reminder_channels: list[ReminderChannel]
    picks_per_day: int
    default_cadence_days: int
    weekly_review_day: Weekday
    weekly_review_hour: int
    language: Language
    current_focus: str | None
    drafts_may_mention_health: bool | None = Field(
        description="Whether drafts may mention health or treatment; null until you choose (they don't)"
    )
    draft_notice: str | None = Field(
        description="What drafts leave out of your current focus because it mentions your health, "
        "and how to keep it; null once you have chosen (drafts_may_mention_health) or nothing is left out"
    )
    paused_until: date | None
    created_at: Instant
    updated_at: Instant

    @classmethod
    def of(cls, member: Member, *, stopped: bool, email_problem: str | None = None) -> MemberOut:
        own = ("id", "org_id", "phone_status", "email_problem", "draft_notice")
        plain = {name: getattr(member, name) for name in cls.model_fields if name not in own}
        plain["reminder_channels"] = list(member.reminder_channels)
        status = (
            PhoneStatus.NONE
            if not member.phone
            else PhoneStatus.STOPPED
            if stopped
            else PhoneStatus.VERIFIED
            if member.phone_verified
            else PhoneStatus.UNVERIFIED
        )
        return cls(
            **plain,
            id=member.key.member_id,
            org_id=member.key.org_id,
            phone_status=status,
            email_problem=email_problem,
            draft_notice=focus_notice(member),
        )


class ErasedOut(BaseModel):
    erased_items: int
