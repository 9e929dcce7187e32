"""The quick-log links: log a conversation, say "I reached out", snooze, undo and unsubscribe
from a reminder, without signing in. No HTTP here: the public pages call these.

Who is acting comes only from a verified signed link (tracker/links.py). Every action that
changes data is a POST carrying the link (a GET only shows what would happen), is done at
most once per link (or per rendered form), and leaves a record from which its signed undo
link can put things back as long as nothing else changed the contact since.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tracker import weeks
from tracker.clock import Clock
from tracker.contacts import MAX_ATTEMPTS, ContactService, retry_pause
from tracker.domain import (
    Channel,
    Contact,
    Identity,
    Interaction,
    Member,
    Outcome,
    QuickAction,
    ReminderChannel,
    UndoRecord,
)
from tracker.errors import NotFound
from tracker.goals import WeekUntally, untally
from tracker.interactions import InteractionService
from tracker.links import PICK_LINK_LIFETIME, ExpiredLink, InvalidLink, LinkClaims, LinkSigner, Purpose
from tracker.members import MemberService
from tracker.picks import SNOOZE, PickService, local_date

if TYPE_CHECKING:
    from tracker.dal import DynamoStore

FORM_LINK_LIFETIME = timedelta(days=365)
UNDO_LINK_LIFETIME = timedelta(days=1)
KEEP_UNDO_RECORDS = timedelta(days=2)  # past the undo link's expiry: a late undo finds nothing
MAX_SUGGESTIONS = 300  # names offered in the form's contact list
MAX_NAME_SEARCH = 2000  # contacts read at most to find a typed name (a Query on the partition)
REACHED_OUT_SUMMARY = "Reached out (daily pick)"

ONE_TAP = frozenset({Purpose.REACHED_OUT, Purpose.SNOOZE})
FORM = frozenset({Purpose.LOG, Purpose.FORM})
LOG_PAGE = ONE_TAP | FORM | {Purpose.UNDO}


class LinkTrouble(StrEnum):
    INVALID = "invalid"  # altered, not ours, or for something else
    EXPIRED = "expired"
    REVOKED = "revoked"  # a personal link replaced by a newer one
    GONE = "gone"  # the member or the contact no longer exists


class LinkProblem(Exception):
    """A link that cannot be used. Nothing was changed."""

    def __init__(self, trouble: LinkTrouble) -> None:
        super().__init__(trouble.value)
        self.trouble = trouble


class AmbiguousName(Exception):
    """Several contacts answer to the name typed; the member must say which."""

    def __init__(self, name: str, count: int) -> None:
        super().__init__(name)
        self.name = name
        self.count = count


@dataclass(frozen=True)
class OpenLink:
    """A verified link with the member (and contact) it speaks for."""

    token: str
    claims: LinkClaims
    member: Member
    contact: Contact | None

    @property
    def purpose(self) -> Purpose:
        return self.claims.purpose

    @property
    def identity(self) -> Identity:
        return Identity(self.member.key.org_id, self.member.key.member_id, self.member.email)


@dataclass(frozen=True)
class QuickLogEntry:
    """What the member filled in on the quick-log form, validated."""

    contact_name: str
    when: date
    channel: Channel = Channel.OTHER
    summary: str | None = None
    next_step: str | None = None
    next_step_due: date | None = None
    next_step_done: bool = False
    help_offered: str | None = None
    help_received: str | None = None
    outcomes: tuple[Outcome, ...] = ()


@dataclass(frozen=True)
class ActionResult:
    action: QuickAction
    contact: Contact
    interaction: Interaction | None = None
    created_contact: bool = False
    repeated: bool = False  # the same link (or form) came again: nothing new was done
    undo_token: str | None = None
    details_token: str | None = None  # opens the full form for this contact


class UndoOutcome(StrEnum):
    UNDONE = "undone"
    NOTHING_TO_UNDO = "nothing_to_undo"  # undone already, expired, or never finished
    CHANGED_SINCE = "changed_since"


@dataclass(frozen=True)
class FormLink:
    url: str
    expires_at: datetime


@dataclass
class _Done:
    """What an action did, for its undo record."""

    action: QuickAction
    contact: Contact
    before: Contact | None
    interaction: Interaction | None = None
    local_date: date | None = None


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def contact_label(contact: Contact, *, with_company: bool) -> str:
    """How the form names a contact; with the company when several share a name."""
    if with_company and contact.company:
        return f"{contact.name} ({contact.company})"
    return contact.name


class QuickLogService:
    def __init__(
        self,
        store: DynamoStore,
        members: MemberService,
        contacts: ContactService,
        interactions: InteractionService,
        picks: PickService,
        signer: Callable[[], LinkSigner],
        clock: Clock,
    ) -> None:
        self._store = store
        self._members = members
        self._contacts = contacts
        self._interactions = interactions
        self._picks = picks
        self._signer = signer
        self._clock = clock

    # ------------------------------------------------------------ links

    def open(self, token: str, purposes: Collection[Purpose]) -> OpenLink:
        """Verify a link for one of `purposes` and load whom it speaks for, or raise LinkProblem."""
        try:
            claims = self._signer().verify(token, purposes, now=self._clock.now())
        except ExpiredLink as error:
            raise LinkProblem(LinkTrouble.EXPIRED) from error
        except InvalidLink as error:
            raise LinkProblem(LinkTrouble.INVALID) from error
        member = self._store.get_member(claims.member)
        if member is None:
            raise LinkProblem(LinkTrouble.GONE)
        if claims.purpose is Purpose.FORM and self._store.form_link_version(member.key) != claims.version:
            raise LinkProblem(LinkTrouble.REVOKED)
        contact = None
        if claims.contact_id:
            try:
                contact = self._contacts.get(member.key, claims.contact_id)
            except NotFound as error:
                if claims.purpose is not Purpose.UNDO:  # undoing an added contact: it may be gone
                    raise LinkProblem(LinkTrouble.GONE) from error
        return OpenLink(token, claims, member, contact)

    def form_link(self, identity: Identity, *, rotate: bool = False) -> FormLink:
        """The member's personal quick-log link; `rotate` makes every earlier one invalid."""
        member = self._members.profile(identity)
        # A random first version: after the member's data is erased, old links stay dead.
        version = self._store.ensure_form_link_version(
            member.key, secrets.randbelow(2**31) + 1, rotate=rotate
        )
        expires = self._clock.now() + FORM_LINK_LIFETIME
        signer = self._signer()
        token = signer.token(Purpose.FORM, member.key, expires=expires, version=version)
        return FormLink(url=signer.url("/log", token), expires_at=expires)

    def details_token(self, link: OpenLink, contact_id: str) -> str:
        """A link to the full form for one contact (the "Log a conversation" link of a reminder)."""
        expires = self._clock.now() + PICK_LINK_LIFETIME
        return self._signer().token(Purpose.LOG, link.member.key, expires=expires, contact_id=contact_id)

    # ------------------------------------------------------------ what a page shows

    def today(self, member: Member) -> date:
        return local_date(member, self._clock.now())

    def acted_today(self, link: OpenLink) -> bool:
        """Whether this one-tap link's action was already taken today (done or snoozed)."""
        if link.contact is None:
            return False
        record = self._store.get_day_picks(link.member.key, self.today(link.member))
        if record is None:
            return False
        marked = record.snoozed_ids if link.purpose is Purpose.SNOOZE else record.done_ids
        return link.contact.contact_id in marked

    def can_undo(self, link: OpenLink) -> bool:
        return (
            bool(link.claims.ref) and self._store.get_undo(link.member.key, link.claims.ref or "") is not None
        )

    def suggestions(self, member: Member) -> list[str]:
        """Names for the form's contact list (with the company where names repeat), A to Z."""
        people = [c for c in self._contacts_of(member, MAX_SUGGESTIONS) if not c.archived]
        counts: dict[str, int] = {}
        for person in people:
            counts[normalise_name(person.name)] = counts.get(normalise_name(person.name), 0) + 1
        labels = {contact_label(p, with_company=counts[normalise_name(p.name)] > 1) for p in people}
        return sorted(labels, key=str.casefold)

    # ------------------------------------------------------------ actions

    def reached_out(self, link: OpenLink) -> ActionResult:
        """ "I reached out": logs a conversation with the link's contact, once per link (and
        not at all if today's pick was already marked done another way, e.g. by SMS)."""
        if self.acted_today(link):
            return self._repeat(link, self._undo_id(link, link.token))
        return self._once(link, link.token, lambda: self._reach_out(link))

    def snooze(self, link: OpenLink) -> ActionResult:
        """ "Snooze 30 days", once per link."""
        if self.acted_today(link):
            return self._repeat(link, self._undo_id(link, link.token))
        return self._once(link, link.token, lambda: self._snooze(link))

    def log(self, link: OpenLink, entry: QuickLogEntry, submission: str) -> ActionResult:
        """The form: logs the conversation (adding the contact if the name is new), once per
        rendered form (`submission` is the form's own random id). Raises AmbiguousName."""
        key = f"{link.token}#{submission}" if submission else f"{link.token}#{secrets.token_hex(8)}"
        contact, created = self._resolve(link, entry.contact_name)
        return self._once(link, key, lambda: self._log(link, contact, created, entry))

    def undo(self, link: OpenLink) -> UndoOutcome:
        member = link.member
        for attempt in range(MAX_ATTEMPTS):
            record = self._store.get_undo(member.key, link.claims.ref or "")
            if record is None or record.contact_id != link.claims.contact_id:
                return UndoOutcome.NOTHING_TO_UNDO
            untally = self._untally(member, record)
            if self._store.apply_undo(member.key, record, untally):
                return UndoOutcome.UNDONE
            current = self._store.get_contact(member.key, record.contact_id)
            if current is not None and current.revision != record.after_revision:
                return UndoOutcome.CHANGED_SINCE
            retry_pause(attempt)  # the week moved meanwhile (another conversation): read it again
        return UndoOutcome.CHANGED_SINCE

    def _untally(self, member: Member, record: UndoRecord) -> WeekUntally | None:
        """What the undone conversation counted in its week, to take back with it."""
        if not (record.interaction_id and record.interaction_when):
            return None
        interaction = self._store.get_interaction(
            member.key, record.contact_id, record.interaction_when, record.interaction_id
        )
        week = weeks.week_of(record.interaction_when, member.time_zone)
        seen = self._store.get_week(member.key, week)
        if interaction is None or seen is None:
            return None
        others = self._store.interactions_between(
            member.key,
            record.contact_id,
            weeks.starts_at(week, member.time_zone),
            weeks.ends_at(week, member.time_zone),
        )
        other = any(i.interaction_id != interaction.interaction_id for i in others)
        return untally(member, record.before, interaction, seen, other_that_week=other)

    def unsubscribe(self, link: OpenLink) -> Member:
        """One-click unsubscribe: email reminders off. Texts, if chosen, stay as they are."""
        member = link.member
        if ReminderChannel.EMAIL not in member.reminder_channels:
            return member
        channels = [channel for channel in member.reminder_channels if channel is not ReminderChannel.EMAIL]
        return self._members.update(link.identity, {"reminder_channels": channels})

    # ------------------------------------------------------------ the actions themselves

    def _reach_out(self, link: OpenLink) -> _Done:
        member, before = link.member, self._required_contact(link)
        day = self._todays_pick(member, before.contact_id)
        if day is not None:
            interaction, after, marked = self._picks.log_done(member, before.contact_id, {})
            return _Done(QuickAction.REACHED_OUT, after, before, interaction, marked)
        interaction, after = self._interactions.log(
            member.key, before.contact_id, {"summary": REACHED_OUT_SUMMARY}
        )
        return _Done(QuickAction.REACHED_OUT, after, before, interaction)

    def _snooze(self, link: OpenLink) -> _Done:
        member, before = link.member, self._required_contact(link)
        day = self._todays_pick(member, before.contact_id)
        if day is not None:
            return _Done(QuickAction.SNOOZE, self._picks.snooze(member, before.contact_id), before, None, day)
        until = self._clock.now() + SNOOZE
        after = self._contacts.update(member.key, before.contact_id, {"snoozed_until": until})
        return _Done(QuickAction.SNOOZE, after, before)

    def _log(self, link: OpenLink, contact: Contact, created: bool, entry: QuickLogEntry) -> _Done:
        member = link.member
        fields: dict[str, Any] = {
            "when": self._instant(member, entry.when),
            "channel": entry.channel,
            "summary": entry.summary,
            "help_offered": entry.help_offered,
            "help_received": entry.help_received,
            "outcomes": list(entry.outcomes),
            "next_step_done": entry.next_step_done,
        }
        if entry.next_step:
            fields["next_step"] = {"text": entry.next_step, "due": entry.next_step_due}
        fields = {name: value for name, value in fields.items() if value is not None}
        before = None if created else contact
        if not created and self._todays_pick(member, contact.contact_id) is not None:
            interaction, after, marked = self._picks.log_done(member, contact.contact_id, fields)
            return _Done(QuickAction.LOG, after, before, interaction, marked)
        interaction, after = self._interactions.log(member.key, contact.contact_id, fields)
        return _Done(QuickAction.LOG, after, before, interaction)

    def _once(self, link: OpenLink, key: str, act: Callable[[], _Done]) -> ActionResult:
        """Do `act` unless this key acted before; keep what it changed for the undo link."""
        member = link.member
        undo_id = self._undo_id(link, key)
        now = self._clock.now()
        keep = int((now + KEEP_UNDO_RECORDS).timestamp())
        if not self._store.claim_undo(member.key, undo_id, expires_at=keep):
            return self._repeat(link, undo_id)
        try:
            done = act()
        except Exception:
            self._store.release_undo(member.key, undo_id)
            raise
        undo_token = None
        # Only an action that was the sole change to the contact can be taken back safely.
        consistent = (done.before is None and done.contact.revision == 1) or (
            done.before is not None and done.contact.revision == done.before.revision + 1
        )
        if consistent:
            self._store.save_undo(
                member.key,
                UndoRecord(
                    undo_id=undo_id,
                    action=done.action,
                    contact_id=done.contact.contact_id,
                    after_revision=done.contact.revision,
                    before=done.before,
                    interaction_id=done.interaction.interaction_id if done.interaction else None,
                    interaction_when=done.interaction.when if done.interaction else None,
                    local_date=done.local_date,
                ),
                expires_at=keep,
            )
            undo_token = self._undo_token(link, done.contact.contact_id, undo_id)
        return ActionResult(
            action=done.action,
            contact=done.contact,
            interaction=done.interaction,
            created_contact=done.before is None,
            undo_token=undo_token,
            details_token=self.details_token(link, done.contact.contact_id),
        )

    def _repeat(self, link: OpenLink, undo_id: str) -> ActionResult:
        record = self._store.get_undo(link.member.key, undo_id)
        contact_id = record.contact_id if record else (link.contact.contact_id if link.contact else None)
        if contact_id is None:
            raise LinkProblem(LinkTrouble.GONE)
        try:
            contact = self._contacts.get(link.member.key, contact_id)
        except NotFound as error:
            raise LinkProblem(LinkTrouble.GONE) from error
        action = record.action if record else _action_of(link.purpose)
        return ActionResult(
            action=action,
            contact=contact,
            repeated=True,
            undo_token=self._undo_token(link, contact_id, undo_id) if record else None,
            details_token=self.details_token(link, contact_id),
        )

    @staticmethod
    def _undo_id(link: OpenLink, key: str) -> str:
        return hashlib.sha256(f"{link.member.key.member_id}#{key}".encode()).hexdigest()[:32]

    def _undo_token(self, link: OpenLink, contact_id: str, undo_id: str) -> str:
        expires = self._clock.now() + UNDO_LINK_LIFETIME
        return self._signer().token(
            Purpose.UNDO, link.member.key, expires=expires, contact_id=contact_id, ref=undo_id
        )

    # ------------------------------------------------------------ helpers

    def _required_contact(self, link: OpenLink) -> Contact:
        if link.contact is None:
            raise LinkProblem(LinkTrouble.INVALID)
        return link.contact

    def _todays_pick(self, member: Member, contact_id: str) -> date | None:
        """Today's local date if the contact is one of today's picks or next steps, not yet done."""
        today = self.today(member)
        record = self._store.get_day_picks(member.key, today)
        if record is None or contact_id not in (*record.pick_ids, *record.next_step_ids):
            return None
        if contact_id in record.done_ids:
            return None
        return today

    def _instant(self, member: Member, day: date) -> datetime:
        """Today means now; an earlier day means its midday, in the member's time zone."""
        if day == self.today(member):
            return self._clock.now()
        return datetime.combine(day, time(12), tzinfo=ZoneInfo(member.time_zone)).astimezone(UTC)

    def _resolve(self, link: OpenLink, name: str) -> tuple[Contact, bool]:
        """The contact the form names: the link's own, one of the member's, or a new one."""
        wanted = normalise_name(name)
        if link.contact is not None and wanted in _names_of(link.contact):
            return link.contact, False
        matches = [c for c in self._contacts_of(link.member, MAX_NAME_SEARCH) if wanted in _names_of(c)]
        if len(matches) > 1:
            labelled = [c for c in matches if normalise_name(contact_label(c, with_company=True)) == wanted]
            if len(labelled) != 1:
                raise AmbiguousName(name, len(matches))
            matches = labelled
        if matches:
            return matches[0], False
        return self._contacts.create(link.identity, {"name": " ".join(name.split())}), True

    def _contacts_of(self, member: Member, limit: int) -> Iterator[Contact]:
        for count, contact in enumerate(self._store.iter_contacts(member.key, after=None, page_size=100)):
            if count >= limit:
                return
            yield contact


def _names_of(contact: Contact) -> set[str]:
    return {normalise_name(contact.name), normalise_name(contact_label(contact, with_company=True))}


def _action_of(purpose: Purpose) -> QuickAction:
    if purpose is Purpose.REACHED_OUT:
        return QuickAction.REACHED_OUT
    if purpose is Purpose.SNOOZE:
        return QuickAction.SNOOZE
    return QuickAction.LOG
