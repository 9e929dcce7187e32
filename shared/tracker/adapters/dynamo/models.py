"""PynamoDB models of the one table. Only this package imports PynamoDB; the keys the items
are stored under are spelled in keys.py.

Indexes are sparse: an item appears in one only while it carries that index's key attribute.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from pynamodb.attributes import (
    Attribute,
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.connection import TableConnection
from pynamodb.connection.base import MetaTable
from pynamodb.constants import STRING
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection
from pynamodb.models import Model


def instant_text(value: datetime) -> str:
    """A UTC instant to the second as fixed-width text, so that text order is time order in
    key conditions (and 7 bytes shorter than with microseconds, in every item and index).

    isoformat, not strftime: strftime's %Y leaves years before 1000 unpadded ("21-08-26T..."),
    which neither sorts nor parses back.
    """
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def parse_instant(text: str) -> datetime:
    whole = text.split(".", 1)[0].removesuffix("Z")  # older text carried microseconds
    return datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


class InstantAttribute(Attribute[datetime]):
    attr_type = STRING

    def serialize(self, value: datetime) -> str:
        return instant_text(value)

    def deserialize(self, value: str) -> datetime:
        return parse_instant(value)


class DateAttribute(Attribute[date]):
    attr_type = STRING

    def serialize(self, value: date) -> str:
        return value.isoformat()

    def deserialize(self, value: str) -> date:
        return date.fromisoformat(value)


class _Item(Model):
    class Meta:
        table_name = "unbound"  # bind() sets the real name before first use
        connect_timeout_seconds = 3
        read_timeout_seconds = 5
        max_retry_attempts = 3

    pk = UnicodeAttribute(hash_key=True, attr_name="PK")
    sk = UnicodeAttribute(range_key=True, attr_name="SK")


# ---------------------------------------------------------------- indexes


class DueIndex(GlobalSecondaryIndex["ContactItem"]):
    class Meta:
        index_name = "due-index"
        projection = IncludeProjection(["starred"])

    pk = UnicodeAttribute(hash_key=True, attr_name="PK")
    due_at = UnicodeAttribute(range_key=True)


class NextStepIndex(GlobalSecondaryIndex["ContactItem"]):
    class Meta:
        index_name = "next-step-index"
        projection = KeysOnlyProjection()

    pk = UnicodeAttribute(hash_key=True, attr_name="PK")
    next_step_due = UnicodeAttribute(range_key=True)


# What a line of the Network page shows and its filters read (domain.contacts.ContactRow): the
# sort indexes hold it, so that a sorted page is one Query. Not the notes, help ideas, memories
# or summaries (long texts), nor what every write changes (revision, updated_at): a write of
# those alone writes no entry. An entry is about 400 bytes (bench.network_bench).
ROW_ATTRIBUTES = [
    "name",
    "company",
    "role",
    "email",
    "how_we_met",
    "relationship",
    "tags",
    "starred",
    "archived",
    "last_contact_at",
    "next_step_text",
    "next_step_due",
    "due_at",
]


class NameRowIndex(GlobalSecondaryIndex["ContactItem"]):
    """The Network page by name: casefolded, accent-free name, then the contact id (a tiebreak)."""

    class Meta:
        index_name = "name-row-index"
        projection = IncludeProjection(ROW_ATTRIBUTES)

    pk = UnicodeAttribute(hash_key=True, attr_name="PK")
    name_key = UnicodeAttribute(range_key=True)


class LastRowIndex(GlobalSecondaryIndex["ContactItem"]):
    """The Network page by last contact: instant_text() or "0" (never logged), then the id."""

    class Meta:
        index_name = "last-row-index"
        projection = IncludeProjection(ROW_ATTRIBUTES)

    pk = UnicodeAttribute(hash_key=True, attr_name="PK")
    last_key = UnicodeAttribute(range_key=True)


class ReminderSlotIndex(GlobalSecondaryIndex["MemberItem"]):
    class Meta:
        index_name = "reminder-slot-index"
        projection = KeysOnlyProjection()

    reminder_slot = UnicodeAttribute(hash_key=True)
    pk = UnicodeAttribute(range_key=True, attr_name="PK")


class ReviewSlotIndex(GlobalSecondaryIndex["MemberItem"]):
    class Meta:
        index_name = "review-slot-index"
        projection = KeysOnlyProjection()

    review_slot = UnicodeAttribute(hash_key=True)
    pk = UnicodeAttribute(range_key=True, attr_name="PK")


class OrgMembersIndex(GlobalSecondaryIndex["MemberItem"]):
    class Meta:
        index_name = "org-members-index"
        projection = KeysOnlyProjection()

    org_id = UnicodeAttribute(hash_key=True)
    pk = UnicodeAttribute(range_key=True, attr_name="PK")


# ---------------------------------------------------------------- items


class OrgItem(_Item):
    name = UnicodeAttribute()
    default_time_zone = UnicodeAttribute()
    default_cadence_days = NumberAttribute()
    default_reminder_hour = NumberAttribute()
    # New members' weekly targets; absent on programs saved before they could be set.
    default_goal_people = NumberAttribute(null=True)
    default_goal_new_people = NumberAttribute(null=True)
    default_goal_reconnects = NumberAttribute(null=True)
    default_language = UnicodeAttribute(null=True)  # absent: English


class MemberItem(_Item):
    org_id = UnicodeAttribute()
    member_id = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    display_name = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    phone_verified = BooleanAttribute(null=True)
    time_zone = UnicodeAttribute()
    reminder_hour = NumberAttribute()
    reminder_channels = ListAttribute(of=UnicodeAttribute, default=list)
    picks_per_day = NumberAttribute()
    default_cadence_days = NumberAttribute()
    weekly_review_day = UnicodeAttribute()
    weekly_review_hour = NumberAttribute()
    current_focus = UnicodeAttribute(null=True)
    language = UnicodeAttribute(null=True)  # absent: English (items saved before it could be set)
    drafts_may_mention_health = BooleanAttribute(null=True)  # absent: not decided yet
    health_note_sent_on = DateAttribute(null=True)
    focus_ask_sent_on = DateAttribute(null=True)
    paused_until = DateAttribute(null=True)
    created_at = InstantAttribute()
    updated_at = InstantAttribute()
    reminder_slot = UnicodeAttribute(null=True)
    review_slot = UnicodeAttribute(null=True)
    goal_people = NumberAttribute(null=True)  # the weekly goal; absent until the member sets one
    goal_new_people = NumberAttribute(null=True)
    goal_reconnects = NumberAttribute(null=True)
    is_admin = BooleanAttribute(null=True)
    invited = BooleanAttribute(null=True)
    email_paused = UnicodeAttribute(null=True)
    pending_email = UnicodeAttribute(null=True)
    last_active_week = UnicodeAttribute(null=True)
    first_check_week = UnicodeAttribute(null=True)

    reminder_slot_index = ReminderSlotIndex()
    review_slot_index = ReviewSlotIndex()
    org_members_index = OrgMembersIndex()


class ContactItem(_Item):
    # The contact's id is the end of its sort key, not stored twice.
    name = UnicodeAttribute()
    given_name = UnicodeAttribute(null=True)
    called_name = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    company = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    linkedin_url = UnicodeAttribute(null=True)
    how_we_met = UnicodeAttribute(null=True)
    shared_memory = UnicodeAttribute(null=True)
    known_since = DateAttribute(null=True)
    met = UnicodeAttribute(null=True)  # recently | before; absent (stored before it was asked): recently
    relationship = UnicodeAttribute()
    tags = ListAttribute(of=UnicodeAttribute, default=list)
    starred = BooleanAttribute(default=False)
    cadence_days = NumberAttribute()
    notes = UnicodeAttribute(null=True)
    help_ideas = ListAttribute(of=UnicodeAttribute, default=list)
    next_step_text = UnicodeAttribute(null=True)
    next_step_due = UnicodeAttribute(null=True)  # YYYY-MM-DD; text so that the index can key on it
    archived = BooleanAttribute(default=False)
    last_contact_at = InstantAttribute(null=True)
    last_summary = UnicodeAttribute(null=True)
    snoozed_until = InstantAttribute(null=True)
    rotation_until = InstantAttribute(null=True)
    due_at = UnicodeAttribute(null=True)  # instant_text(); absent while archived
    name_key = UnicodeAttribute(null=True)  # name-row-index: keys.name_key(); absent: not backfilled yet
    last_key = UnicodeAttribute(null=True)  # last-row-index: keys.last_key()
    conversation_count = NumberAttribute(default=0, attr_name="interaction_count")
    revision = NumberAttribute(default=0)
    created_at = InstantAttribute()
    updated_at = InstantAttribute()

    due_index = DueIndex()
    next_step_index = NextStepIndex()
    name_row_index = NameRowIndex()
    last_row_index = LastRowIndex()


class ConversationItem(_Item):
    # The contact, the time and the id are in the sort key, not stored twice.
    channel = UnicodeAttribute()
    summary = UnicodeAttribute(null=True)
    next_step_text = UnicodeAttribute(null=True)
    # Not stored as `next_step_due`: that is the next-step index's sort key, for contacts only.
    next_step_due = DateAttribute(null=True, attr_name="step_due")
    # Conversations logged before carry it under that name (so they are in the index); read only.
    legacy_next_step_due = DateAttribute(null=True, attr_name="next_step_due")
    help_offered = UnicodeAttribute(null=True)
    help_received = UnicodeAttribute(null=True)
    outcomes = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = InstantAttribute()
    uncounted = BooleanAttribute(null=True)  # imported: in no week's counters (absent: counted)


class PicksItem(_Item):
    """SK = PICKS#<local date>: the day's reconnect picks and next steps, as chosen."""

    local_date = DateAttribute()
    pick_ids = ListAttribute(of=UnicodeAttribute, default=list)
    next_step_ids = ListAttribute(of=UnicodeAttribute, default=list)
    done_ids = UnicodeSetAttribute(null=True)
    snoozed_ids = UnicodeSetAttribute(null=True)
    created_at = InstantAttribute()
    expires_at = NumberAttribute()  # DynamoDB TTL
    # The day's email, claimed and sent here rather than in a SEND# item (sends.py): "open", then
    # "claimed <claim>" (with its lease) and "sent <message id>". Absent on records kept before.
    email_send = UnicodeAttribute(null=True)
    email_lease = NumberAttribute(null=True)


EMAIL_OPEN = "open"  # PicksItem.email_send: the day's email not claimed yet


def email_claimed(claim: str) -> str:
    return f"claimed {claim}"


def email_sent(message_id: str) -> str:
    return f"sent {message_id}"


class TextedLine(MapAttribute[str, Any]):
    """One numbered line of a daily text (short names: a text lists up to a few)."""

    number = NumberAttribute(attr_name="n")
    contact_id = UnicodeAttribute(attr_name="c")
    kind = UnicodeAttribute(attr_name="k")  # pick | next_step


class SendItem(_Item):
    """SK = SEND#<kind>#<local date>#<channel>: at most one send per member, day, kind and channel."""

    status = UnicodeAttribute()  # claimed | sent
    claim = UnicodeAttribute()
    lease_until = NumberAttribute()
    message_id = UnicodeAttribute(null=True)
    sent_at = InstantAttribute(null=True)
    expires_at = NumberAttribute()  # DynamoDB TTL; kept a week, well past every retry
    texted = ListAttribute(of=TextedLine, null=True)  # a daily text's numbered people, for replies


class SuppressionItem(_Item):
    """PK = SUPPRESSION#<sha256 of the address>: never mailed again (bounce or complaint)."""

    reason = UnicodeAttribute()
    suppressed_at = InstantAttribute()


class _WeekCounters(_Item):
    """Counters of one week, moved with ADD (commutative) in the transaction that logs a conversation.
    Absent counters are 0."""

    conversations = NumberAttribute(null=True)
    people = NumberAttribute(null=True)
    new_people = NumberAttribute(null=True)
    reconnects = NumberAttribute(null=True)
    outcome_job_lead = NumberAttribute(null=True)
    outcome_referral = NumberAttribute(null=True)
    outcome_introduction = NumberAttribute(null=True)
    outcome_information = NumberAttribute(null=True)
    outcome_advice = NumberAttribute(null=True)
    outcome_other = NumberAttribute(null=True)


class MemberWeekItem(_WeekCounters):
    """SK = WEEK#<ISO week> in the member's partition: that week's progress against its targets."""

    goal_people = NumberAttribute(null=True)  # the targets, set at the week's first write
    goal_new_people = NumberAttribute(null=True)
    goal_reconnects = NumberAttribute(null=True)
    people_ids = UnicodeSetAttribute(null=True)  # who was reached: each person counts once
    new_people_ids = UnicodeSetAttribute(null=True)  # of them, who counted as new
    known_before_ids = UnicodeSetAttribute(null=True)  # added that week, first spoken with, known before
    reconnect_ids = UnicodeSetAttribute(null=True)  # and who as reconnects
    met_at = InstantAttribute(null=True)  # when every goal was met (absent: not met)
    paused = BooleanAttribute(null=True)  # the weekly check found the member paused
    counted = BooleanAttribute(null=True)  # counts towards the org-week's members_counted


class OrgWeekItem(_WeekCounters):
    """PK = ORG#<org>, SK = WEEK#<ISO week>: the program's aggregate for its report (no member ids)."""

    members_active = NumberAttribute(null=True)  # members who logged a conversation that week
    members_met = NumberAttribute(null=True)  # members whose week met all their goals
    members_counted = NumberAttribute(null=True)  # active members counting towards the minimum group


class PlanItem(_Item):
    """SK = PLAN#<ISO week>: next week's plan, the people to reach with why, and its acceptance."""

    week = UnicodeAttribute()
    contact_ids = ListAttribute(of=UnicodeAttribute, default=list)
    kinds = ListAttribute(of=UnicodeAttribute, default=list)  # reconnect | next_step, per person
    planned_days = ListAttribute(of=UnicodeAttribute, default=list)  # YYYY-MM-DD per person, once accepted
    new_people = NumberAttribute(default=0)
    created_at = InstantAttribute()
    accepted_at = InstantAttribute(null=True)
    expires_at = NumberAttribute()  # DynamoDB TTL
    # The email of the weekly check that made the plan (the week before's), as PicksItem's
    email_send = UnicodeAttribute(null=True)
    email_lease = NumberAttribute(null=True)


class RegistryItem(_Item):
    """Deployment-wide facts that no member owns, e.g. the time zones members live in."""

    values = UnicodeSetAttribute(null=True)


class UndoItem(_Item):
    """SK = UNDO#<id>: what one quick-log action changed, for its undo link (TTL)."""

    status = UnicodeAttribute()  # claimed (the action is under way) | ready
    action = UnicodeAttribute(null=True)
    contact_id = UnicodeAttribute(null=True)
    after_revision = NumberAttribute(null=True)
    before = UnicodeAttribute(null=True)  # the contact item before the action, as DynamoDB JSON
    conversation_id = UnicodeAttribute(null=True, attr_name="interaction_id")
    conversation_when = InstantAttribute(null=True, attr_name="interaction_when")
    local_date = DateAttribute(null=True)
    expires_at = NumberAttribute()  # DynamoDB TTL


class PhoneOwnerItem(_Item):
    """PK = PHONE#<sha256 of the E.164 number>, SK = OWNER: who proved the number is theirs.

    Attribute names avoid `org_id`, the org-members-index key: owners must not appear there.
    `opted_out` is how STOP was kept before the number had a record of its own (PhoneStopItem):
    still honoured, cleared by START.
    """

    owner_org = UnicodeAttribute()
    owner_member = UnicodeAttribute()
    opted_out = BooleanAttribute(null=True)
    opted_out_by = UnicodeAttribute(null=True)


class PhoneStopItem(_Item):
    """PK = PHONE#<sha256>, SK = STOP: the number said STOP. Kept whoever holds the number (and
    after erasure: it names no one); only START, UNSTOP or YES from the number removes it."""

    stopped_by = UnicodeAttribute(null=True)  # the inbound message that said STOP
    stopped_at = InstantAttribute()


class PhoneCheckItem(_Item):
    """SK = PHONE_CHECK in the member's partition: the code texted to a number they have not
    proved yet (its SHA-256 only), its tries left and the day's count of codes (TTL)."""

    phone = UnicodeAttribute()
    digest = UnicodeAttribute()
    sent_at = InstantAttribute()
    code_expires_at = InstantAttribute()
    tries_left = NumberAttribute()
    day = DateAttribute()
    codes_today = NumberAttribute()
    expires_at = NumberAttribute()  # DynamoDB TTL: two days, so the day's count outlives the code


class TombstoneItem(_Item):
    """SK = TOMBSTONE in a removed or erased member's partition: when; nothing else of them."""

    buried_at = InstantAttribute()


class LinkUseItem(_Item):
    """SK = LINKUSE#<link id>#<local date>: how many writes one signed link made that day (TTL)."""

    uses = NumberAttribute(default=0)
    expires_at = NumberAttribute()  # DynamoDB TTL


class SessionItem(_Item):
    """SK = SESSION#<hash of the cookie's secret>: a signed-in browser (the secret is never stored).
    In the member's partition, so erasing the member deletes it."""

    email = UnicodeAttribute(null=True)
    groups = ListAttribute(of=UnicodeAttribute, default=list)
    refresh_token = UnicodeAttribute()
    access_expires_at = InstantAttribute()
    created_at = InstantAttribute()
    last_seen_at = InstantAttribute()
    email_problem = UnicodeAttribute(null=True)  # as of the last touch (see WebSession)
    expires_at = NumberAttribute()  # DynamoDB TTL: gone for good a day after it stopped working


class UploadItem(_Item):
    """SK = IMPORT#<id>: an import the web app previewed, until it is confirmed (its parts hold
    the file) and a day after; then DynamoDB's TTL deletes it. In the member's partition."""

    file_name = UnicodeAttribute()
    status = UnicodeAttribute()
    preview = UnicodeAttribute()
    result = UnicodeAttribute(null=True)
    parts = NumberAttribute()
    created_at = InstantAttribute()
    claimed_at = InstantAttribute(null=True)
    expires_at = NumberAttribute()  # DynamoDB TTL


class UploadPartItem(_Item):
    """SK = IMPORT#<id>#<n>: the Nth piece of the uploaded file, compressed, in base64 (an item
    holds 400 KB; a string, as the local stack's DynamoDB answers item reads as JSON text)."""

    data = UnicodeAttribute()
    expires_at = NumberAttribute()  # DynamoDB TTL


class FormLinkItem(_Item):
    """SK = FORM_LINK: the version a member's personal quick-log link must carry to be valid."""

    version = NumberAttribute()


class WordingItem(_Item):
    """PK = ORG#<org>, SK = WORDING#<language>: the program's own phrasings, only the moves it
    overrides, as JSON ({"MOVE": ["phrasing", ...]}; at most 19 moves of 6 phrasings of 140
    characters: under 20 KB)."""

    phrasings = UnicodeAttribute()
    updated_at = InstantAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)


ALL_MODELS: tuple[type[_Item], ...] = (
    OrgItem,
    MemberItem,
    ContactItem,
    ConversationItem,
    PicksItem,
    SendItem,
    SuppressionItem,
    RegistryItem,
    UndoItem,
    PhoneOwnerItem,
    PhoneStopItem,
    PhoneCheckItem,
    TombstoneItem,
    FormLinkItem,
    LinkUseItem,
    SessionItem,
    UploadItem,
    UploadPartItem,
    MemberWeekItem,
    OrgWeekItem,
    PlanItem,
    WordingItem,
)


class _Binding:
    connection: ClassVar[TableConnection | None] = None


def bound_connection() -> TableConnection:
    """The one connection every model uses (tests register botocore handlers on its client)."""
    if _Binding.connection is None:
        raise RuntimeError("the models are not bound to a table yet")
    return _Binding.connection


def bind(table_name: str, region: str, host: str | None = None) -> TableConnection:
    """Point every model at one table through one shared connection (one botocore client).

    PynamoDB would otherwise give each model class its own connection and client.
    """
    key_schema: list[dict[str, Any]] = []
    definitions: dict[str, dict[str, Any]] = {}
    indexes: list[dict[str, Any]] = []
    for model in ALL_MODELS:
        schema = model._get_schema()
        key_schema = [dict(key) for key in schema["key_schema"]]
        for definition in schema["attribute_definitions"]:
            definitions[definition["AttributeName"]] = dict(definition)
        indexes.extend(
            {"IndexName": index["index_name"], "KeySchema": index["key_schema"]}
            for index in schema["global_secondary_indexes"]
        )
    meta_table = MetaTable(
        {
            "TableName": table_name,
            "KeySchema": key_schema,
            "AttributeDefinitions": list(definitions.values()),
            "GlobalSecondaryIndexes": indexes,
        }
    )
    meta = _Item.Meta
    connection = TableConnection(
        table_name,
        meta_table=meta_table,
        region=region,
        host=host,
        connect_timeout_seconds=meta.connect_timeout_seconds,
        read_timeout_seconds=meta.read_timeout_seconds,
        max_retry_attempts=meta.max_retry_attempts,
    )
    model_classes: tuple[type[_Item], ...] = (_Item, *ALL_MODELS)
    for model_class in model_classes:
        model_class.Meta.table_name = table_name
        setattr(model_class.Meta, "region", region)  # noqa: B010 - Meta is PynamoDB's plain class
        setattr(model_class.Meta, "host", host)  # noqa: B010
        model_class._connection = connection
    _Binding.connection = connection
    return connection
