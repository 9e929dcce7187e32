"""Items to domain objects and back. Fields stored under their own name are copied by name
(numbers and flags read back as such); the rest is spelled out once, here."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from typing import Any

from pynamodb.attributes import BooleanAttribute, NumberAttribute

from tracker.domain.contacts import ContactRow
from tracker.domain.goals import WeekProgress
from tracker.domain.model import (
    Channel,
    Contact,
    Conversation,
    Language,
    Member,
    MemberKey,
    Met,
    NextStep,
    Org,
    Outcome,
    Relationship,
    ReminderChannel,
    Weekday,
    WeeklyGoal,
)
from tracker.domain.org import OrgWeek
from tracker.domain.plans import Plan, PlanKind

from .keys import (
    CONTACT,
    ORG,
    PROFILE,
    WEEK,
    contact_sk,
    conversation_sk,
    last_key,
    member_pk,
    name_key,
    org_pk,
    parse_conversation_sk,
)
from .models import (
    ContactItem,
    ConversationItem,
    MemberItem,
    MemberWeekItem,
    OrgItem,
    OrgWeekItem,
    PlanItem,
    _Item,
    _WeekCounters,
    instant_text,
    parse_instant,
)

# Fields of the domain objects whose stored form differs from theirs (mapped below).
_MEMBER_OWN = {
    "key",
    "reminder_channels",
    "weekly_review_day",
    "weekly_goal",
    "is_admin",
    "invited",
    "drafts_may_mention_health",  # three states: absent is "not decided", not false
    "language",  # absent is English
}
_CONTACT_OWN = {"contact_id", "relationship", "met", "tags", "help_ideas", "next_step"}


def _plain(kind: type[Any], own: set[str]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.name not in own)


_MEMBER_PLAIN = _plain(Member, _MEMBER_OWN)
_CONTACT_PLAIN = _plain(Contact, _CONTACT_OWN)
_ROW_PLAIN = _plain(ContactRow, {"contact_id", "relationship", "tags", "next_step", "due_at"})


def _read(item: _Item, name: str) -> Any:
    value = getattr(item, name)
    attribute = item.get_attributes()[name]
    if isinstance(attribute, NumberAttribute):
        return None if value is None and attribute.null else int(value or 0)
    if isinstance(attribute, BooleanAttribute):
        return bool(value)
    return value


# ---------------------------------------------------------------- orgs and members


def org_to_item(org: Org) -> OrgItem:
    return OrgItem(
        org_pk(org.org_id),
        ORG,
        name=org.name,
        default_time_zone=org.default_time_zone,
        default_cadence_days=org.default_cadence_days,
        default_reminder_hour=org.default_reminder_hour,
        default_goal_people=org.default_goal.people,
        default_goal_new_people=org.default_goal.new_people,
        default_goal_reconnects=org.default_goal.reconnects,
        default_language=_language_or_none(org.default_language),
    )


def org_from_item(item: OrgItem) -> Org:
    goal = WeeklyGoal()
    if item.default_goal_people is not None:
        goal = WeeklyGoal(
            int(item.default_goal_people),
            int(item.default_goal_new_people or 0),
            int(item.default_goal_reconnects or 0),
        )
    return Org(
        org_id=item.pk.removeprefix("ORG#"),
        name=item.name,
        default_time_zone=item.default_time_zone,
        default_cadence_days=int(item.default_cadence_days),
        default_reminder_hour=int(item.default_reminder_hour),
        default_goal=goal,
        default_language=_language(item.default_language),
    )


def member_to_item(member: Member) -> MemberItem:
    goal = member.weekly_goal
    return MemberItem(
        member_pk(member.key),
        PROFILE,
        org_id=member.key.org_id,
        member_id=member.key.member_id,
        **{name: getattr(member, name) for name in _MEMBER_PLAIN},
        reminder_channels=[channel.value for channel in member.reminder_channels],
        weekly_review_day=member.weekly_review_day.value,
        reminder_slot=member.reminder_slot,
        review_slot=member.review_slot,
        goal_people=goal.people if goal else None,
        goal_new_people=goal.new_people if goal else None,
        goal_reconnects=goal.reconnects if goal else None,
        is_admin=member.is_admin or None,
        invited=member.invited or None,
        drafts_may_mention_health=member.drafts_may_mention_health,
        language=_language_or_none(member.language),
    )


def _language_or_none(language: Language) -> str | None:
    """English, the default, is not stored: an item without a language reads as English."""
    return None if language is Language.EN else language.value


def _language(stored: str | None) -> Language:
    """A language this code knows; anything else (absent, or one a newer version wrote) as English."""
    return Language(stored) if stored in set(Language) else Language.EN


def member_from_item(item: MemberItem) -> Member:
    return Member(
        key=MemberKey(item.org_id, item.member_id),
        **{name: _read(item, name) for name in _MEMBER_PLAIN},
        reminder_channels=tuple(ReminderChannel(str(value)) for value in item.reminder_channels),
        weekly_review_day=Weekday(item.weekly_review_day),
        weekly_goal=_goal(item),
        is_admin=bool(item.is_admin),
        invited=bool(item.invited),
        drafts_may_mention_health=item.drafts_may_mention_health,
        language=_language(item.language),
    )


def _goal(item: MemberItem | MemberWeekItem) -> WeeklyGoal | None:
    people: float | None = item.goal_people  # absent until a goal is set
    if people is None:
        return None
    return WeeklyGoal(int(people), int(item.goal_new_people or 0), int(item.goal_reconnects or 0))


# ---------------------------------------------------------------- contacts and conversations


def contact_to_item(owner: MemberKey, contact: Contact) -> ContactItem:
    due_at = contact.due_at
    next_step = contact.next_step
    return ContactItem(
        member_pk(owner),
        contact_sk(contact.contact_id),
        **{name: getattr(contact, name) for name in _CONTACT_PLAIN},
        relationship=contact.relationship.value,
        met=contact.met.value,
        tags=list(contact.tags),
        help_ideas=list(contact.help_ideas),
        next_step_text=next_step.text if next_step else None,
        next_step_due=next_step.due.isoformat() if next_step and next_step.due else None,
        due_at=instant_text(due_at) if due_at else None,
        name_key=name_key(contact.name, contact.contact_id),
        last_key=last_key(contact.last_contact_at, contact.contact_id),
    )


def contact_from_item(item: ContactItem) -> Contact:
    next_step = None
    if item.next_step_text:
        due = date.fromisoformat(item.next_step_due) if item.next_step_due else None
        next_step = NextStep(item.next_step_text, due)
    return Contact(
        contact_id=item.sk.removeprefix(CONTACT),
        **{name: _read(item, name) for name in _CONTACT_PLAIN},
        relationship=Relationship(item.relationship),
        met=Met(item.met) if item.met else Met.RECENTLY,
        tags=tuple(str(tag) for tag in item.tags or ()),
        help_ideas=tuple(str(idea) for idea in item.help_ideas or ()),
        next_step=next_step,
    )


def row_from_entry(entry: ContactItem) -> ContactRow:
    """A Network row from a sort index's entry (which holds models.ROW_ATTRIBUTES)."""
    due = date.fromisoformat(entry.next_step_due) if entry.next_step_due else None
    return ContactRow(
        contact_id=entry.sk.removeprefix(CONTACT),
        **{name: _read(entry, name) for name in _ROW_PLAIN},
        relationship=Relationship(entry.relationship),
        tags=tuple(str(tag) for tag in entry.tags or ()),
        next_step=NextStep(entry.next_step_text, due) if entry.next_step_text else None,
        due_at=parse_instant(entry.due_at) if entry.due_at else None,
    )


def contact_to_json(owner: MemberKey, contact: Contact) -> str:
    """A contact as its item's DynamoDB JSON (an undo record keeps the contact as it was)."""
    return json.dumps(contact_to_item(owner, contact).serialize())


def contact_from_json(text: str) -> Contact:
    return contact_from_item(ContactItem.from_raw_data(json.loads(text)))


def conversation_to_item(owner: MemberKey, conversation: Conversation) -> ConversationItem:
    next_step = conversation.next_step
    return ConversationItem(
        member_pk(owner),
        conversation_sk(conversation.contact_id, conversation.when, conversation.conversation_id),
        channel=conversation.channel.value,
        summary=conversation.summary,
        next_step_text=next_step.text if next_step else None,
        next_step_due=next_step.due if next_step else None,
        help_offered=conversation.help_offered,
        help_received=conversation.help_received,
        outcomes=[outcome.value for outcome in conversation.outcomes],
        created_at=conversation.created_at,
        uncounted=None if conversation.counted else True,
    )


def conversation_from_item(item: ConversationItem) -> Conversation:
    due = item.next_step_due or item.legacy_next_step_due
    next_step = NextStep(item.next_step_text, due) if item.next_step_text else None
    contact_id, when, conversation_id = parse_conversation_sk(item.sk)
    return Conversation(
        conversation_id=conversation_id,
        contact_id=contact_id,
        when=parse_instant(when),
        channel=Channel(item.channel),
        summary=item.summary,
        next_step=next_step,
        help_offered=item.help_offered,
        help_received=item.help_received,
        outcomes=tuple(Outcome(str(value)) for value in item.outcomes or ()),
        created_at=item.created_at,
        counted=not item.uncounted,
    )


# ---------------------------------------------------------------- weeks and plans


def _counts(item: _WeekCounters) -> dict[str, Any]:
    return {
        "week": item.sk.removeprefix(WEEK),
        "conversations": int(item.conversations or 0),
        "people": int(item.people or 0),
        "new_people": int(item.new_people or 0),
        "reconnects": int(item.reconnects or 0),
        "outcomes": {
            outcome: int(getattr(item, f"outcome_{outcome.value}") or 0)
            for outcome in Outcome
            if getattr(item, f"outcome_{outcome.value}")
        },
    }


def week_from_item(item: MemberWeekItem) -> WeekProgress:
    return WeekProgress(
        goal=_goal(item),
        people_ids=frozenset(item.people_ids or ()),
        new_people_ids=frozenset(item.new_people_ids or ()),
        known_before_ids=frozenset(item.known_before_ids or ()),
        reconnect_ids=frozenset(item.reconnect_ids or ()),
        met=item.met_at is not None,
        paused=bool(item.paused),
        counted=bool(item.counted),
        **_counts(item),
    )


def org_week_from_item(item: OrgWeekItem) -> OrgWeek:
    return OrgWeek(
        members_active=int(item.members_active or 0),
        members_met=int(item.members_met or 0),
        members_counted=int(item.members_counted or 0),
        **_counts(item),
    )


def org_week_from_shards(items: Iterable[OrgWeekItem]) -> OrgWeek:
    """One week of a program from its shards' items (keys.py `org_week_pk`), summed: a shard may
    hold a negative counter (a conversation counted in another shard before, taken back in this
    one); outcomes that sum to 0 are not shown, as with one item."""
    parts = [org_week_from_item(item) for item in items]
    outcomes: dict[Outcome, int] = {}
    for part in parts:
        for outcome, n in part.outcomes.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + n
    return OrgWeek(
        week=parts[0].week,
        members_active=sum(part.members_active for part in parts),
        members_met=sum(part.members_met for part in parts),
        members_counted=sum(part.members_counted for part in parts),
        conversations=sum(part.conversations for part in parts),
        people=sum(part.people for part in parts),
        new_people=sum(part.new_people for part in parts),
        reconnects=sum(part.reconnects for part in parts),
        outcomes={outcome: n for outcome, n in outcomes.items() if n},
    )


def plan_from_item(item: PlanItem) -> Plan:
    planned = [date.fromisoformat(str(day)) if day else None for day in item.planned_days or ()]
    return Plan(
        week=item.week,
        contact_ids=tuple(str(i) for i in item.contact_ids),
        kinds=tuple(PlanKind(str(kind)) for kind in item.kinds),
        new_people=int(item.new_people or 0),
        created_at=item.created_at,
        accepted_at=item.accepted_at,
        planned_days=tuple(planned),
    )
