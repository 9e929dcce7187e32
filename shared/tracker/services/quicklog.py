"""The quick-log links: log a conversation, say "I reached out", snooze, undo and unsubscribe
from a reminder, without signing in. No HTTP here: the public pages call these.

Who is acting comes only from a verified signed link (domain/links.py), and `open` is the one
place a link is checked (signature, purpose, expiry, revocation, whom it names): the public
pages call nothing else first. Every action that changes data is a POST carrying the link (a
GET only shows what would happen), is done at most once per link (or per form the server
rendered and signed), at most MAX_LINK_WRITES_PER_DAY times a day per link, and leaves a
record from which its signed undo link can put things back as long as nothing else changed
the contact since. A reminder's "Log a conversation" link writes about its own contact only;
only the personal link may name, find or add anyone else.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Collection, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from tracker.domain import weeks
from tracker.domain.contacts import ContactChanges, NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.errors import NotFound
from tracker.domain.goals import WeekUntally, untally
from tracker.domain.links import PICK_LINK_LIFETIME, ExpiredLink, InvalidLink, Purpose
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Contact, Conversation, Identity, Member, NextStep, ReminderChannel
from tracker.domain.picks import REACHED_OUT_SUMMARY, SNOOZE, AlreadyDone, local_date
from tracker.domain.quicklog import (
    FORM_LINK_LIFETIME,
    KEEP_LINK_USES,
    KEEP_UNDO_RECORDS,
    MAX_LINK_WRITES_PER_DAY,
    MAX_NAME_SEARCH,
    MAX_SUGGESTIONS,
    UNDO_LINK_LIFETIME,
    ActionResult,
    AmbiguousName,
    FormLink,
    LinkProblem,
    LinkTrouble,
    OpenLink,
    QuickAction,
    QuickLogEntry,
    UndoOutcome,
    UndoRecord,
    UnknownForm,
    action_of,
    contact_label,
    names_of,
    normalise_name,
)
from tracker.ports import Clock, Repositories, SignerSource
from tracker.services.contacts import ContactService
from tracker.services.conversations import ConversationService
from tracker.services.members import MemberService
from tracker.services.picks import PickService
from tracker.services.retry import MAX_ATTEMPTS, retry_pause


@dataclass
class _Done:
    """What an action did, for its undo record."""

    action: QuickAction
    contact: Contact
    before: Contact | None
    conversation: Conversation | None = None
    local_date: date | None = None


class QuickLogService:
    def __init__(
        self,
        repositories: Repositories,
        members: MemberService,
        contacts: ContactService,
        conversations: ConversationService,
        picks: PickService,
        signer: SignerSource,
        clock: Clock,
    ) -> None:
        self._records = repositories.quicklog
        self._stored = repositories  # members, day picks, contacts, conversations and weeks, as read
        self._members = members
        self._contacts = contacts
        self._conversations = conversations
        self._picks = picks
        self._signer = signer
        self._clock = clock

    # ------------------------------------------------------------ links

    def open(self, token: str, purposes: Collection[Purpose]) -> OpenLink:
        """Verify a link for one of `purposes` and load whom it speaks for, or raise LinkProblem.
        Every public page opens its link here; a check that applies to every link (say, the
        member's account is being removed) belongs here too."""
        try:
            claims = self._signer().verify(token, purposes, now=self._clock.now())
        except ExpiredLink as error:
            raise LinkProblem(LinkTrouble.EXPIRED) from error
        except InvalidLink as error:
            raise LinkProblem(LinkTrouble.INVALID) from error
        if self._stored.members.buried(claims.member):  # removed or erased: every link is dead
            raise LinkProblem(LinkTrouble.REMOVED)
        member = self._stored.members.get(claims.member)
        if member is None:
            raise LinkProblem(LinkTrouble.GONE)
        if claims.purpose is Purpose.FORM and self._records.form_link_version(member.key) != claims.version:
            raise LinkProblem(LinkTrouble.REVOKED)
        if claims.purpose is Purpose.LOG and not claims.contact_id:
            raise LinkProblem(LinkTrouble.INVALID)  # a reminder's form link always names its person
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
        return self.member_form_link(self._members.profile(identity), rotate=rotate)

    def member_form_link(self, member: Member, *, rotate: bool = False) -> FormLink:
        """The same, for a member already read (the web app's session holds the profile)."""
        # A random first version: after the member's data is erased, old links stay dead.
        version = self._records.ensure_form_link_version(
            member.key, secrets.randbelow(2**31) + 1, rotate=rotate
        )
        expires = self._clock.now() + FORM_LINK_LIFETIME
        signer = self._signer()
        token = signer.token(Purpose.FORM, member.key, expires=expires, version=version)
        return FormLink(url=signer.url("/log", token), expires_at=expires)

    def details_token(self, link: OpenLink, contact_id: str) -> str:
        """A link to the full form for one contact (the "Log a conversation" link of a reminder);
        it never outlives the link it was made from."""
        latest = datetime.fromtimestamp(link.claims.expires_at, UTC)
        expires = min(self._clock.now() + PICK_LINK_LIFETIME, latest)
        return self._signer().token(Purpose.LOG, link.member.key, expires=expires, contact_id=contact_id)

    def form_id(self, link: OpenLink) -> str:
        """The signed id of one rendered form of this link (see `log`)."""
        return self._signer().form_id(link.token)

    # ------------------------------------------------------------ what a page shows

    def today(self, member: Member) -> date:
        return local_date(member, self._clock.now())

    def acted_today(self, link: OpenLink) -> bool:
        """Whether this one-tap link's action was already taken today (done or snoozed)."""
        if link.contact is None:
            return False
        record = self._stored.picks.get_day(link.member.key, self.today(link.member))
        if record is None:
            return False
        marked = record.snoozed_ids if link.purpose is Purpose.SNOOZE else record.done_ids
        return link.contact.contact_id in marked

    def can_undo(self, link: OpenLink) -> bool:
        return (
            bool(link.claims.ref)
            and self._records.get_undo(link.member.key, link.claims.ref or "") is not None
        )

    def suggestions(self, link: OpenLink) -> list[str]:
        """Names for the form's contact list (with the company where names repeat), A to Z:
        for the personal link only; a reminder's link shows no one but its own contact."""
        if link.purpose is not Purpose.FORM:
            return []
        member = link.member
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
        """The form: logs the conversation, once per rendered form: `submission` is the id we
        signed into it (`form_id`); any other raises UnknownForm and changes nothing. A
        reminder's link logs with its own contact whatever name is posted; the personal link
        finds the name typed, or adds it. Raises AmbiguousName."""
        if not self._signer().is_form_id(link.token, submission):
            raise UnknownForm()
        key = f"{link.token}#{submission}"
        if link.purpose is Purpose.LOG:
            known: Contact | None = self._required_contact(link)
        else:
            known = self._find(link, entry.contact_name)  # a new name is added by the action itself
        return self._once(link, key, lambda: self._log(link, known, entry))

    def undo(self, link: OpenLink) -> UndoOutcome:
        member = link.member
        for attempt in range(MAX_ATTEMPTS):
            record = self._records.get_undo(member.key, link.claims.ref or "")
            if record is None or record.contact_id != link.claims.contact_id:
                return UndoOutcome.NOTHING_TO_UNDO
            if self._conversation_deleted(member, record):
                return UndoOutcome.DELETED_SINCE
            untally = self._untally(member, record)
            if self._records.apply_undo(member.key, record, untally):
                return UndoOutcome.UNDONE
            current = self._stored.contacts.get(member.key, record.contact_id)
            if current is not None and current.revision != record.after_revision:
                return UndoOutcome.CHANGED_SINCE
            retry_pause(attempt)  # the week moved meanwhile (another conversation): read it again
        return UndoOutcome.CHANGED_SINCE

    def _conversation_deleted(self, member: Member, record: UndoRecord) -> bool:
        """The conversation the action logged is gone (deleted through the API, not just changed)."""
        if not (record.conversation_id and record.conversation_when):
            return False
        if self._stored.conversations.get(
            member.key, record.contact_id, record.conversation_when, record.conversation_id
        ):
            return False
        _, history = self._stored.conversations.correction_state(member.key, record.contact_id)
        return all(c.conversation_id != record.conversation_id for c in history)

    def _untally(self, member: Member, record: UndoRecord) -> WeekUntally | None:
        """What the undone conversation counted in its week, to take back with it."""
        if not (record.conversation_id and record.conversation_when):
            return None
        conversation = self._stored.conversations.get(
            member.key, record.contact_id, record.conversation_when, record.conversation_id
        )
        week = weeks.week_of(record.conversation_when, member.time_zone)
        seen = self._stored.weeks.get(member.key, week)
        if conversation is None or seen is None:
            return None
        others = self._stored.conversations.between(
            member.key,
            record.contact_id,
            weeks.starts_at(week, member.time_zone),
            weeks.ends_at(week, member.time_zone),
        )
        other = any(i.conversation_id != conversation.conversation_id for i in others)
        return untally(member, record.before, conversation, seen, other_that_week=other)

    def unsubscribe(self, link: OpenLink) -> Member:
        """One-click unsubscribe: email reminders off. Texts, if chosen, stay as they are."""
        member = link.member
        if ReminderChannel.EMAIL not in member.reminder_channels:
            return member
        channels = [channel for channel in member.reminder_channels if channel is not ReminderChannel.EMAIL]
        return self._members.update(link.identity, ProfileChanges(reminder_channels=tuple(channels)))

    # ------------------------------------------------------------ the actions themselves

    def _reach_out(self, link: OpenLink) -> _Done:
        member, before = link.member, self._required_contact(link)
        day = self._todays_pick(member, before.contact_id)
        if day is not None:
            with suppress(AlreadyDone):  # done today by another way: logged, not marked again
                conversation, after, marked = self._picks.log_done(member, before.contact_id)
                return _Done(QuickAction.REACHED_OUT, after, before, conversation, marked)
        conversation, after = self._conversations.log(
            member.key, before.contact_id, NewConversation(summary=REACHED_OUT_SUMMARY)
        )
        return _Done(QuickAction.REACHED_OUT, after, before, conversation)

    def _snooze(self, link: OpenLink) -> _Done:
        member, before = link.member, self._required_contact(link)
        day = self._todays_pick(member, before.contact_id)
        if day is not None:
            return _Done(QuickAction.SNOOZE, self._picks.snooze(member, before.contact_id), before, None, day)
        until = self._clock.now() + SNOOZE
        after = self._contacts.update(member.key, before.contact_id, ContactChanges(snoozed_until=until))
        return _Done(QuickAction.SNOOZE, after, before)

    def _log(self, link: OpenLink, known: Contact | None, entry: QuickLogEntry) -> _Done:
        """Log the form's conversation with `known`, or with a new contact of the name typed."""
        member = link.member
        created = known is None
        contact = known or self._contacts.create(
            link.identity, NewContact(name=" ".join(entry.contact_name.split()), met=entry.met)
        )
        new = self.conversation(member, entry)
        before = None if created else contact
        if not created and self._todays_pick(member, contact.contact_id) is not None:
            with suppress(AlreadyDone):  # the pick was marked done already: the conversation counts
                conversation, after, marked = self._picks.log_done(member, contact.contact_id, new)
                return _Done(QuickAction.LOG, after, before, conversation, marked)
        conversation, after = self._conversations.log(member.key, contact.contact_id, new)
        return _Done(QuickAction.LOG, after, before, conversation)

    def _once(self, link: OpenLink, key: str, act: Callable[[], _Done]) -> ActionResult:
        """Do `act` unless this key acted before; keep what it changed for the undo link."""
        member = link.member
        undo_id = self._undo_id(link, key)
        now = self._clock.now()
        keep = int((now + KEEP_UNDO_RECORDS).timestamp())
        if not self._records.claim_undo(member.key, undo_id, expires_at=keep):
            return self._repeat(link, undo_id)
        if not self._records.use_link(
            member.key,
            self._link_id(link),
            self.today(member),
            limit=MAX_LINK_WRITES_PER_DAY,
            expires_at=int((now + KEEP_LINK_USES).timestamp()),
        ):
            self._records.release_undo(member.key, undo_id)
            raise LinkProblem(LinkTrouble.USED_UP)
        try:
            done = act()
        except Exception:
            self._records.release_undo(member.key, undo_id)
            raise
        undo_token = None
        # Only an action that was the sole change to the contact can be taken back safely.
        consistent = (done.before is None and done.contact.revision == 1) or (
            done.before is not None and done.contact.revision == done.before.revision + 1
        )
        if consistent:
            self._records.save_undo(
                member.key,
                UndoRecord(
                    undo_id=undo_id,
                    action=done.action,
                    contact_id=done.contact.contact_id,
                    after_revision=done.contact.revision,
                    before=done.before,
                    conversation_id=done.conversation.conversation_id if done.conversation else None,
                    conversation_when=done.conversation.when if done.conversation else None,
                    local_date=done.local_date,
                ),
                expires_at=keep,
            )
            undo_token = self._undo_token(link, done.contact.contact_id, undo_id)
        return ActionResult(
            action=done.action,
            contact=done.contact,
            conversation=done.conversation,
            created_contact=done.before is None,
            undo_token=undo_token,
            details_token=self.details_token(link, done.contact.contact_id),
        )

    def _repeat(self, link: OpenLink, undo_id: str) -> ActionResult:
        record = self._records.get_undo(link.member.key, undo_id)
        contact_id = record.contact_id if record else (link.contact.contact_id if link.contact else None)
        if contact_id is None:
            raise LinkProblem(LinkTrouble.GONE)
        try:
            contact = self._contacts.get(link.member.key, contact_id)
        except NotFound as error:
            raise LinkProblem(LinkTrouble.GONE) from error
        action = record.action if record else action_of(link.purpose)
        return ActionResult(
            action=action,
            contact=contact,
            repeated=True,
            undo_token=self._undo_token(link, contact_id, undo_id) if record else None,
            details_token=self.details_token(link, contact_id),
        )

    @staticmethod
    def _link_id(link: OpenLink) -> str:
        return hashlib.sha256(link.token.encode()).hexdigest()[:32]

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
        record = self._stored.picks.get_day(member.key, today)
        if record is None or contact_id not in (*record.pick_ids, *record.next_step_ids):
            return None
        if contact_id in record.done_ids:
            return None
        return today

    def conversation(self, member: Member, entry: QuickLogEntry) -> NewConversation:
        """The conversation a checked form describes (the quick-log form, or a contact's log form
        in the web app), at the instant its day means for the member."""
        return NewConversation(
            when=self.instant(member, entry.when),
            channel=entry.channel,
            summary=entry.summary,
            next_step=NextStep(entry.next_step, entry.next_step_due) if entry.next_step else None,
            next_step_done=entry.next_step_done,
            help_offered=entry.help_offered,
            help_received=entry.help_received,
            outcomes=entry.outcomes,
            shared_memory=entry.shared_memory,
        )

    def instant(self, member: Member, day: date) -> datetime:
        """Today means now; an earlier day means its midday, in the member's time zone."""
        if day == self.today(member):
            return self._clock.now()
        return datetime.combine(day, time(12), tzinfo=ZoneInfo(member.time_zone)).astimezone(UTC)

    def _find(self, link: OpenLink, name: str) -> Contact | None:
        """The contact the form names: the link's own or one of the member's; None for a new name."""
        wanted = normalise_name(name)
        if link.contact is not None and wanted in names_of(link.contact):
            return link.contact
        matches = [c for c in self._contacts_of(link.member, MAX_NAME_SEARCH) if wanted in names_of(c)]
        if len(matches) > 1:
            labelled = [c for c in matches if normalise_name(contact_label(c, with_company=True)) == wanted]
            if len(labelled) != 1:
                raise AmbiguousName(name, len(matches))
            matches = labelled
        return matches[0] if matches else None

    def _contacts_of(self, member: Member, limit: int) -> Iterator[Contact]:
        for count, contact in enumerate(self._stored.contacts.iter(member.key, after=None, page_size=100)):
            if count >= limit:
                return
            yield contact
