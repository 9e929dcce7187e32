"""The member's world as plain data: members, contacts, conversations. No storage, no HTTP.

One word each: a *conversation* (the HTTP API's paths say "interactions"), an *org* (people call
it their program).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

DEFAULT_CADENCE_DAYS = 90
DEFAULT_REMINDER_HOUR = 8
DEFAULT_PICKS_PER_DAY = 1
DEFAULT_TIME_ZONE = "UTC"
DEFAULT_REVIEW_HOUR = 16
SLOT_SHARDS = 4  # members of one zone and hour are split over this many index partitions
SMS_EARLIEST_HOUR = 8  # SMS only between 08:00 and 21:00 recipient time
SMS_LATEST_HOUR = 21
DEFAULT_GOAL_PEOPLE = 3
DEFAULT_GOAL_NEW_PEOPLE = 1
DEFAULT_GOAL_RECONNECTS = 1


class Met(StrEnum):
    """Whether the member met a person in the week they added them, or knew them before."""

    RECENTLY = "recently"  # "we just met": a new person in the week they were added
    BEFORE = "before"  # "we go back": a reconnect after 90 days of silence, never new


class Relationship(StrEnum):
    BUSINESS = "business"
    PERSONAL = "personal"


class Channel(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    VIDEO = "video"
    TEXT = "text"
    EVENT = "event"
    OTHER = "other"


class Outcome(StrEnum):
    JOB_LEAD = "job_lead"
    REFERRAL = "referral"
    INTRODUCTION = "introduction"
    INFORMATION = "information"
    ADVICE = "advice"
    OTHER = "other"


class ReminderChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Language(StrEnum):
    """What a member reads in: their emails, texts and pages (rendering/i18n.py has the catalogs)."""

    EN = "en"
    ES = "es"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in `date.weekday()`."""
        return list(Weekday).index(self)


@dataclass(frozen=True)
class MemberKey:
    """Whose data this is. Every stored item's key starts with it."""

    org_id: str
    member_id: str


@dataclass(frozen=True)
class Identity:
    """Who is asking, as the verified token says. Never taken from a request body or path."""

    org_id: str
    member_id: str
    email: str | None = None
    groups: frozenset[str] = frozenset()

    @property
    def member(self) -> MemberKey:
        return MemberKey(self.org_id, self.member_id)

    @property
    def is_admin(self) -> bool:
        return "admins" in self.groups


@dataclass(frozen=True)
class WeeklyGoal:
    """Weekly targets: people to be in touch with, of whom new people and reconnects.

    Small and reachable by default; a new person or a reconnect also counts as a person.
    """

    people: int = DEFAULT_GOAL_PEOPLE
    new_people: int = DEFAULT_GOAL_NEW_PEOPLE
    reconnects: int = DEFAULT_GOAL_RECONNECTS


@dataclass(frozen=True)
class Org:
    org_id: str
    name: str
    default_time_zone: str = DEFAULT_TIME_ZONE
    default_cadence_days: int = DEFAULT_CADENCE_DAYS
    default_reminder_hour: int = DEFAULT_REMINDER_HOUR
    default_goal: WeeklyGoal = field(default_factory=WeeklyGoal)  # new members' targets
    default_language: Language = Language.EN


@dataclass(frozen=True)
class Member:
    key: MemberKey
    email: str | None
    created_at: datetime
    updated_at: datetime
    display_name: str | None = None
    phone: str | None = None
    phone_verified: bool = False  # the member entered the code texted to `phone`
    time_zone: str = DEFAULT_TIME_ZONE
    reminder_hour: int = DEFAULT_REMINDER_HOUR
    reminder_channels: tuple[ReminderChannel, ...] = (ReminderChannel.EMAIL,)
    picks_per_day: int = DEFAULT_PICKS_PER_DAY
    default_cadence_days: int = DEFAULT_CADENCE_DAYS
    weekly_review_day: Weekday = Weekday.FRI
    weekly_review_hour: int = DEFAULT_REVIEW_HOUR
    current_focus: str | None = None
    language: Language = Language.EN
    # Whether drafts may say what the member's notes say about health; None: not decided yet
    # (drafts leave it out, and the member is told so).
    drafts_may_mention_health: bool | None = None
    health_note_sent_on: date | None = None  # a daily email told them drafts leave health out
    focus_ask_sent_on: date | None = None  # a daily email asked them, once, for a current focus
    paused_until: date | None = None
    weekly_goal: WeeklyGoal | None = None  # None: never set, the defaults apply
    is_admin: bool = False  # the org's staff (the token's `admins` group, last seen)
    invited: bool = False  # added by an admin and not signed in yet
    email_paused: str | None = None  # why email stopped: the provider refused an address for good
    pending_email: str | None = None  # a new address, waiting for its confirmation link to be opened
    last_active_week: str | None = None  # ISO week of the latest logged conversation
    first_check_week: str | None = None  # the week reviewed by the first weekly check sent: a welcome

    @property
    def goal(self) -> WeeklyGoal:
        return self.weekly_goal or WeeklyGoal()

    @property
    def shard(self) -> int:
        return slot_shard(self.key.member_id)

    @property
    def reminder_slot(self) -> str | None:
        """Index key of the hourly dispatch for daily picks; None when no channel is on."""
        if not self.reminder_channels:
            return None
        return reminder_slot(self.time_zone, self.reminder_hour, self.shard)

    @property
    def review_slot(self) -> str | None:
        if not self.reminder_channels:
            return None
        return review_slot(self.time_zone, self.weekly_review_day, self.weekly_review_hour, self.shard)


def slot_shard(member_id: str) -> int:
    """Which of the SLOT_SHARDS index partitions a member's reminder and review slots use."""
    return hashlib.sha256(member_id.encode()).digest()[0] % SLOT_SHARDS


def reminder_slot(time_zone: str, local_hour: int, shard: int) -> str:
    return f"{time_zone}#{local_hour:02d}#{shard}"


def review_slot(time_zone: str, day: Weekday, local_hour: int, shard: int) -> str:
    return f"{time_zone}#{day.value}#{local_hour:02d}#{shard}"


@dataclass(frozen=True)
class NextStep:
    text: str
    due: date | None = None


@dataclass(frozen=True, kw_only=True)
class ContactDetails:
    """What the member tells about a person (a contact adds what the tracker keeps)."""

    name: str
    given_name: str | None = None  # from an address book's first-name field, or set
    called_name: str | None = None  # what the member calls them ("Bea"); greetings prefer it
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    role: str | None = None
    linkedin_url: str | None = None
    how_we_met: str | None = None
    shared_memory: str | None = None  # what the member remembers enjoying together
    known_since: date | None = None  # when the member first met or connected with them, if known
    relationship: Relationship = Relationship.BUSINESS
    tags: tuple[str, ...] = ()
    starred: bool = False
    notes: str | None = None
    help_ideas: tuple[str, ...] = ()
    next_step: NextStep | None = None


@dataclass(frozen=True, kw_only=True)
class Contact(ContactDetails):
    contact_id: str
    created_at: datetime
    updated_at: datetime
    cadence_days: int = DEFAULT_CADENCE_DAYS
    # Stored before this was asked: "recently", which counts them as today's rule did (new only
    # if added in the week of their first conversation with no last contact known before).
    met: Met = Met.RECENTLY
    archived: bool = False
    last_contact_at: datetime | None = None
    last_summary: str | None = None
    snoozed_until: datetime | None = None
    rotation_until: datetime | None = None
    conversation_count: int = 0
    revision: int = 0

    @property
    def due_at(self) -> datetime | None:
        """When this person next becomes a reconnect pick; None if archived.

        Due a cadence after the last logged conversation, or at once if none was ever
        logged, and never before a snooze or the rotation cool-down after a pick ends.
        """
        if self.archived:
            return None
        due = (
            self.last_contact_at + timedelta(days=self.cadence_days)
            if self.last_contact_at
            else self.created_at
        )
        for not_before in (self.snoozed_until, self.rotation_until):
            if not_before and not_before > due:
                due = not_before
        return due


@dataclass(frozen=True)
class Conversation:
    conversation_id: str
    contact_id: str
    when: datetime
    channel: Channel
    created_at: datetime
    summary: str | None = None
    next_step: NextStep | None = None
    help_offered: str | None = None
    help_received: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    counted: bool = True  # in its week's progress (logged); an imported one never was


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list; pass `next_cursor` back to get the next one (None: that was all)."""

    items: list[T] = field(default_factory=list)
    next_cursor: str | None = None


@dataclass(frozen=True)
class PhoneOwner:
    """Who proved a phone number is theirs, and whether that number said STOP (the number's own
    record, whoever holds it)."""

    member: MemberKey
    opted_out: bool = False
    opted_out_by: str | None = None  # the inbound message that said STOP
