"""Who in an import is already in the member's network, and what importing would change.

Same person = same email address, same LinkedIn profile, or the same name and company
(unless their LinkedIn profiles say they are two people). A match only
fills fields that are empty: what the member typed is never overwritten, except that a
connection date (LinkedIn's *Connected On*) before the week a contact was added says the member
knew them before ("we go back"). Imported people are old acquaintances ("before") unless the
file says otherwise (this app's own export). New people get first due dates spread over the
cadence, oldest connections first.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tracker.domain.contacts import known_before_added, unique
from tracker.domain.conversations import FUTURE_TOLERANCE, LAST_SUMMARY_CHARS, after_logging
from tracker.domain.errors import N_
from tracker.domain.ids import new_id
from tracker.domain.model import DEFAULT_TIME_ZONE, Contact, Conversation, Met, Relationship
from tracker.formats.people import (
    MAX_HELP_IDEAS,
    MAX_TAGS,
    ImportedConversation,
    ImportedPerson,
    RowProblem,
    given_in,
    identity_text,
    row_problem,
)

FILLABLE = (
    *("given_name", "called_name", "email", "phone", "company", "role", "linkedin_url"),
    *("how_we_met", "shared_memory", "notes"),
)


@dataclass
class ImportPlan:
    """What the import does: everything here is written, or (dry run) only reported."""

    new: list[Contact] = field(default_factory=list)
    changed: list[tuple[Contact, Contact]] = field(default_factory=list)  # (as stored, as it becomes)
    conversations: list[Conversation] = field(default_factory=list)
    rows_new: list[int] = field(default_factory=list)
    rows_updated: list[int] = field(default_factory=list)
    rows_unchanged: list[int] = field(default_factory=list)
    merged_rows: list[RowProblem] = field(default_factory=list)  # the same person again in the file
    row_of: dict[str, int] = field(default_factory=dict)  # contact id -> first row naming them


class _NameAlikes:
    """The contacts of one name and company, in the order they came, each with the LinkedIn
    profile they are known by. Finding the first one a person's profile does not tell apart
    looks at two heaps, not at every name-alike: a file of one name on 25,000 profiles made
    each row walk past all the rows before it (nearly three minutes)."""

    def __init__(self) -> None:
        self._position: dict[str, int] = {}  # in the order they came
        self._profile: dict[str, str | None] = {}
        self._without_profile: list[tuple[int, str]] = []  # a heap; entries given a profile since go lazily
        self._with_profile: dict[str, list[tuple[int, str]]] = {}  # a heap per profile

    def add(self, contact_id: str, profile: str | None) -> None:
        """A contact joining, or one already here whose profile has just been filled in
        (a profile is only ever filled, never changed)."""
        position = self._position.setdefault(contact_id, len(self._position))
        if contact_id not in self._profile:
            self._profile[contact_id] = None
            heapq.heappush(self._without_profile, (position, contact_id))
        if profile is not None and self._profile[contact_id] is None:
            self._profile[contact_id] = profile
            heapq.heappush(self._with_profile.setdefault(profile, []), (position, contact_id))

    def first(self, profile: str | None) -> str | None:
        """The first to come that `profile` does not tell apart: two people who share a name
        and company are two when their LinkedIn profiles differ. (Different emails are not
        enough: people have a work and a personal address.)"""
        if profile is None:
            return next(iter(self._position), None)
        without = self._without_profile
        while without and self._profile[without[0][1]] is not None:
            heapq.heappop(without)
        heads = [heap[0] for heap in (without, self._with_profile.get(profile, [])) if heap]
        return min(heads)[1] if heads else None


class _Matcher:
    def __init__(self, stored: Iterable[Contact]) -> None:
        self._by_email: dict[str, str] = {}
        self._by_profile: dict[str, str] = {}
        self._by_name: dict[tuple[str, str], _NameAlikes] = {}
        self._stored_by_name: dict[tuple[str, str], _NameAlikes] = {}  # only contacts stored before
        self._names_of: dict[str, set[tuple[str, str]]] = {}  # a filled-in company adds a second
        self._from_file: dict[str, str] = {}  # id in this app's own export -> the contact it became
        contacts = list(stored)
        self._stored = {contact.contact_id for contact in contacts}
        for contact in contacts:
            self.add(contact)

    def add(self, contact: Contact, emails: Iterable[str] = (), source_id: str | None = None) -> None:
        if source_id is not None:
            self._from_file.setdefault(source_id, contact.contact_id)
        for email in (contact.email, *emails):
            if email:
                self._by_email.setdefault(email.casefold(), contact.contact_id)
        profile = contact.linkedin_url
        if profile:
            self._by_profile.setdefault(profile, contact.contact_id)
        names = self._names_of.setdefault(contact.contact_id, set())
        names.add((identity_text(contact.name), identity_text(contact.company)))
        indexes = [self._by_name]
        if contact.contact_id in self._stored:
            indexes.append(self._stored_by_name)
        for key in names:
            for index in indexes:
                index.setdefault(key, _NameAlikes()).add(contact.contact_id, profile)

    def find(self, person: ImportedPerson) -> str | None:
        own_export = person.source_id is not None
        if own_export:
            # This app's own export: its id names the contact (re-importing into the same
            # account), and two rows with different ids are two people however alike.
            if person.source_id in self._stored:
                return person.source_id
            if person.source_id in self._from_file:
                return self._from_file[person.source_id]
        candidates: list[str | None] = [self._by_email.get(email.casefold()) for email in person.emails]
        if person.linkedin_url:
            candidates.append(self._by_profile.get(person.linkedin_url))
        key = (identity_text(person.name), identity_text(person.company))
        alikes = (self._stored_by_name if own_export else self._by_name).get(key)
        if alikes is not None:
            candidates.append(alikes.first(person.linkedin_url))
        for contact_id in candidates:
            if contact_id is not None and (not own_export or contact_id in self._stored):
                return contact_id
        return None


def plan_import(
    people: list[ImportedPerson],
    existing: list[Contact],
    existing_conversations: dict[str, Counter[tuple[str, str, str]]],
    *,
    now: datetime,
    default_cadence_days: int,
    time_zone: str = DEFAULT_TIME_ZONE,
) -> ImportPlan:
    plan = ImportPlan()
    matcher = _Matcher(existing)
    stored = {contact.contact_id: contact for contact in existing}
    current: dict[str, Contact] = {}
    connected: dict[str, date | None] = {}
    for person in people:
        target = matcher.find(person)
        if target is None:
            contact = _new_contact(person, now, default_cadence_days)
            contact = _add_conversations(plan, contact, person.conversations, Counter(), now, new=True)
            current[contact.contact_id] = contact
            connected[contact.contact_id] = person.connected_on
            plan.row_of[contact.contact_id] = person.row
            plan.rows_new.append(person.row)
            matcher.add(contact, person.emails, person.source_id)
            continue
        before = current.get(target) or stored[target]
        if target in plan.row_of:
            plan.merged_rows.append(
                row_problem(
                    person.row,
                    N_("the same person as row {other}; merged into them"),
                    other=plan.row_of[target],
                )
            )
        else:
            plan.row_of[target] = person.row
        merged = _filled(before, person, now, time_zone)
        if person.conversations:
            known = existing_conversations.setdefault(target, Counter())
            merged = _add_conversations(
                plan, merged, person.conversations, known, now, new=target not in stored
            )
        current[target] = merged
        matcher.add(merged, person.emails, person.source_id)
    for contact_id, contact in current.items():
        if contact_id not in stored:
            continue
        before = stored[contact_id]
        if contact == before:
            plan.rows_unchanged.append(plan.row_of[contact_id])
        else:
            plan.rows_updated.append(plan.row_of[contact_id])
            plan.changed.append((before, replace(contact, revision=before.revision + 1, updated_at=now)))
    new = [contact for contact_id, contact in current.items() if contact_id not in stored]
    plan.new = spread_first_due_dates(new, connected, existing, now=now, cadence_days=default_cadence_days)
    return plan


def _new_contact(person: ImportedPerson, now: datetime, default_cadence_days: int) -> Contact:
    return Contact(
        contact_id=new_id(),
        name=person.name,
        given_name=person.given_name,
        called_name=person.called_name,
        created_at=now,
        updated_at=now,
        email=person.email,
        phone=person.phone,
        company=person.company,
        role=person.role,
        linkedin_url=person.linkedin_url,
        how_we_met=person.how_we_met,
        shared_memory=person.shared_memory,
        known_since=person.connected_on
        if person.connected_on and person.connected_on <= now.date()
        else None,
        met=person.met or Met.BEFORE,  # an address book holds people the member knows
        relationship=person.relationship or Relationship.BUSINESS,
        tags=unique(person.tags),
        starred=person.starred,
        cadence_days=person.cadence_days or default_cadence_days,
        notes=person.notes,
        help_ideas=person.help_ideas,
        next_step=person.next_step,
        archived=person.archived,
        last_contact_at=person.last_contact_at
        if person.last_contact_at and person.last_contact_at <= now
        else None,
        last_summary=person.last_summary,
        snoozed_until=person.snoozed_until,
    )


def _filled(contact: Contact, person: ImportedPerson, now: datetime, time_zone: str) -> Contact:
    """Empty fields filled from the file; nothing the member already has is changed, but an
    earlier connection date is a fact: it becomes `known_since`, and if it is before the week
    the contact was added, the member knew them before."""
    changes: dict[str, Any] = {
        name: getattr(person, name)
        for name in FILLABLE
        if getattr(contact, name) is None and getattr(person, name) is not None
    }
    connected = person.connected_on
    earlier = connected is not None and (contact.known_since is None or connected < contact.known_since)
    if connected is not None and earlier and connected <= now.date():
        changes["known_since"] = connected
        if known_before_added(connected, contact.created_at, time_zone):
            changes["met"] = Met.BEFORE
    tags = unique((*contact.tags, *person.tags))[:MAX_TAGS]
    if tags != contact.tags:
        changes["tags"] = tags
    # The member's own ideas stay as they are; the file's new ones follow, while there is room
    room = max(0, MAX_HELP_IDEAS - len(contact.help_ideas))
    ideas = [idea for idea in dict.fromkeys(person.help_ideas) if idea not in contact.help_ideas][:room]
    if ideas:
        changes["help_ideas"] = (*contact.help_ideas, *ideas)
    if "given_name" in changes and not given_in(contact.name, changes["given_name"]):
        del changes["given_name"]  # the file's given name, not the one the member wrote
    if contact.next_step is None and person.next_step is not None:
        changes["next_step"] = person.next_step
    return replace(contact, **changes) if changes else contact


def conversation_key(when: datetime, channel: str, summary: str | None) -> tuple[str, str, str]:
    return (when.astimezone(UTC).isoformat(), channel, summary or "")


def _add_conversations(
    plan: ImportPlan,
    contact: Contact,
    conversations: list[ImportedConversation],
    known: Counter[tuple[str, str, str]],
    now: datetime,
    *,
    new: bool,
) -> Contact:
    """Conversations not already stored join the contact; for a contact already stored each
    moves its last contact as logging it would. `known` counts the stored conversations by
    content: a file's conversation matches one stored (and is skipped) only while an unmatched
    stored one is left, so two identical conversations in a file are two."""
    for conversation in sorted(conversations, key=lambda c: c.when):
        key = conversation_key(conversation.when, conversation.channel.value, conversation.summary)
        if conversation.when > now + FUTURE_TOLERANCE:
            continue
        if known[key] > 0:
            known[key] -= 1
            continue
        logged = Conversation(
            conversation_id=new_id(),
            contact_id=contact.contact_id,
            when=conversation.when,
            channel=conversation.channel,
            created_at=now,
            summary=conversation.summary,
            next_step=conversation.next_step,
            help_offered=conversation.help_offered,
            help_received=conversation.help_received,
            outcomes=conversation.outcomes,
            counted=False,  # imports leave the weeks' progress alone
        )
        plan.conversations.append(logged)
        if new:
            # A new contact's row already says its last contact; only the count follows.
            contact = replace(contact, conversation_count=contact.conversation_count + 1)
            if contact.last_contact_at is None or contact.last_contact_at < logged.when:
                summary = logged.summary[:LAST_SUMMARY_CHARS] if logged.summary else None
                contact = replace(contact, last_contact_at=logged.when, last_summary=summary)
            continue
        advances = contact.last_contact_at is None or logged.when > contact.last_contact_at
        after = after_logging(contact, logged, advances=advances, step_done=False, now=now)
        contact = replace(after, revision=contact.revision, next_step=contact.next_step or after.next_step)
    return contact


def spread_first_due_dates(
    new: list[Contact],
    connected: dict[str, date | None],
    existing: list[Contact],
    *,
    now: datetime,
    cadence_days: int,
) -> list[Contact]:
    """First due dates for people never contacted, so that importing 500 does not make 500
    due today: no day of the coming cadence gets more than its share of the people due then
    (those already due in that window count), and the oldest connections come first."""
    waiting = [c for c in new if c.last_contact_at is None and not c.archived]
    if not waiting:
        return new
    window = timedelta(days=cadence_days)
    occupied: Counter[int] = Counter()
    for contact in existing:
        due = contact.due_at
        if due is not None and now <= due < now + window:
            occupied[(due - now).days] += 1
    per_day = max(1, math.ceil((len(waiting) + sum(occupied.values())) / cadence_days))
    order = sorted(
        range(len(waiting)),
        key=lambda i: (
            connected.get(waiting[i].contact_id) is None,
            connected.get(waiting[i].contact_id) or date.min,
            i,
        ),
    )
    first_due: dict[str, datetime] = {}
    day = 0
    for index in order:
        while occupied[day] >= per_day:
            day += 1
        occupied[day] += 1
        first_due[waiting[index].contact_id] = now + timedelta(days=day)
    return [
        replace(contact, rotation_until=first_due[contact.contact_id])
        if contact.contact_id in first_due and first_due[contact.contact_id] > now
        else contact
        for contact in new
    ]
