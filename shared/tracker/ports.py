"""What the services need from the world, as `typing.Protocol`s: one repository per aggregate,
and the mailer, texter, queue, sign-in directory and clock.

The DynamoDB adapters (tracker/adapters/dynamo) and the AWS ones (tracker/adapters/aws.py,
cognito.py) implement them in production and in the local stack; the tests' in-memory fakes
(tests/fakes) implement them too, and one contract test (tests/contract) runs the same cases
against both sets of repositories, so the fakes cannot drift from the real thing.

Every repository method is scoped by the `MemberKey` (or org id) it is given, which the
services take from a verified token or signed link: no method reaches another member's data.
Writes that depend on what was read are conditional and raise `ConcurrentUpdate` (the caller
reads again and retries, see services/retry.py) or answer False, as each method says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

from tracker.domain.clock import Clock
from tracker.domain.contacts import ContactOrder, ContactRow
from tracker.domain.corrections import Correction
from tracker.domain.dispatch import ReminderRequest, SlotPage
from tracker.domain.goals import WeekProgress, WeekRecount, WeekTally, WeekUntally
from tracker.domain.links import LinkSigner
from tracker.domain.messages import OutgoingEmail
from tracker.domain.model import Contact, Conversation, Member, MemberKey, Org, PhoneOwner, WeeklyGoal
from tracker.domain.org import Account, OrgWeek
from tracker.domain.phones import PhoneCheck, Stop
from tracker.domain.picks import DayPicks, DueCandidate, MemberDay
from tracker.domain.plans import Plan
from tracker.domain.quicklog import UndoRecord
from tracker.domain.sending import HeldSend, SendClaim
from tracker.domain.sessions import Challenge, OpenedSession, Tokens, WebSession
from tracker.domain.sms import SentText, Texted
from tracker.domain.uploads import StagedUpload
from tracker.domain.wording import WordingSet

SlotIndex = Literal["reminder", "review"]
SignerSource = Callable[[], LinkSigner]  # the link signer, made on first use (its secret is fetched)

__all__ = [
    "BulkRepository",
    "Clock",
    "ContactRepository",
    "ConversationRepository",
    "Directory",
    "Mailer",
    "MemberRepository",
    "OrgRepository",
    "PhoneRepository",
    "PickRepository",
    "QuickLogRepository",
    "ReminderQueue",
    "Repositories",
    "SendRepository",
    "SessionRepository",
    "SignInProvider",
    "SignerSource",
    "SlotIndex",
    "Texter",
    "WeekRepository",
    "WordingRepository",
]


# ---------------------------------------------------------------- repositories


class MemberRepository(Protocol):
    """Member profiles, the registry of time zones in use, and the dispatch's slot indexes."""

    def get(self, key: MemberKey) -> Member | None: ...

    def add(self, member: Member) -> Member:
        """Store a new profile; if one appeared meanwhile, keep and return that one."""
        ...

    def save(self, member: Member) -> None:
        """Write the profile and settings as `member` has them. The weekly goal and the last
        active week stay as stored: each has a writer of its own that decides from what it read
        (WeekRepository.save_goal, the logging transaction), which a save of a profile read
        earlier must not undo."""
        ...

    def erase(self, key: MemberKey) -> int:
        """Delete every item of the member's partition (profile last) but the tombstone; how many
        there were."""
        ...

    def pause_email(self, key: MemberKey, reason: str | None) -> None:
        """Stop (or, with None, restart) email to the member: its own writer, which a profile
        save leaves alone (save keeps it as stored, like the goal). No profile: nothing."""
        ...

    def health_note_sent(self, key: MemberKey, on: date) -> None:
        """Remember that a daily email told the member (on `on`) that drafts leave health details
        out: its own writer, kept by a profile save, like the paused email. No profile: nothing."""
        ...

    def focus_ask_sent(self, key: MemberKey, on: date) -> None:
        """Remember that a daily email asked the member (on `on`) for a current focus: its own
        writer, kept by a profile save, like health_note_sent. No profile: nothing."""
        ...

    def note_first_check(self, key: MemberKey, week: str) -> None:
        """Remember the week the member's first weekly check (a welcome) reviewed, once: a week
        already noted stays, and a profile save leaves it alone. No profile: nothing."""
        ...

    def bury(self, key: MemberKey, at: datetime) -> None:
        """Mark the member as removed or erased, for good: a tombstone that holds no personal
        data (the member id, in their partition's key, and when)."""
        ...

    def buried(self, key: MemberKey) -> bool:
        """Whether the member was removed or erased (their tokens and links no longer work)."""
        ...

    def register_time_zone(self, time_zone: str) -> None: ...

    def time_zones(self) -> set[str]: ...

    def slot_page(
        self, index: SlotIndex, slot: str, *, after: MemberKey | None, limit: int
    ) -> tuple[list[MemberKey], MemberKey | None]:
        """Up to `limit` members whose reminder or review slot is `slot`, from the one after
        `after`; with where the next page starts (None once the slot's end was reached)."""
        ...


class PhoneRepository(Protocol):
    """Who proved a phone number is theirs, whether the number said STOP, and the code on its way
    to a number a member has not proved yet."""

    def owner(self, phone: str) -> PhoneOwner | None:
        """The member who proved the number theirs last, with the number's STOP record."""
        ...

    def stop(self, phone: str) -> Stop | None:
        """The number's STOP record, whoever holds the number (None: texts may go)."""
        ...

    def move(self, owner: MemberKey, *, old: str | None, new: str | None) -> MemberKey | None:
        """Move the lookup from the member's old number to the new one (the newest proof of a
        number wins; a number is only released by the member who holds it). Returns the other
        member who held `new` until now, if one did. Never touches a STOP record."""
        ...

    def set_opt_out(self, phone: str, *, opted_out: bool, by: str | None) -> None:
        """Record STOP (or, with False, START) on the number, held by anyone or by no one."""
        ...

    def check(self, key: MemberKey) -> PhoneCheck | None:
        """The latest code texted for the member (spent or not), until its record expires."""
        ...

    def put_check(self, key: MemberKey, check: PhoneCheck) -> None: ...

    def spend_try(self, key: MemberKey, check: PhoneCheck) -> bool:
        """One try fewer, if the stored check is still `check` as read (False: it changed)."""
        ...

    def end_check(self, key: MemberKey, check: PhoneCheck) -> None:
        """No tries left on `check` (a used code is not used twice); the day's count stays."""
        ...


class OrgRepository(Protocol):
    def get(self, org_id: str) -> Org | None: ...

    def put(self, org: Org) -> None: ...

    def weeks(self, org_id: str, first: str, last: str) -> dict[str, OrgWeek]:
        """The org's weekly counters from `first` to `last` (a small fixed number of calls)."""
        ...

    def members(self, org_id: str, *, after: str | None, limit: int) -> tuple[list[Member], str | None]:
        """One page of the org's member profiles in id order, and the id to continue after (None
        when no more follow; a page that is exactly full may still carry one, to an empty page)."""
        ...


class ContactRepository(Protocol):
    def add(self, owner: MemberKey, contact: Contact) -> None:
        """Store a new contact; its id must be new (adding one that exists is an error)."""
        ...

    def get(self, owner: MemberKey, contact_id: str) -> Contact | None: ...

    def get_many(self, owner: MemberKey, contact_ids: Iterable[str]) -> dict[str, Contact]:
        """Several contacts at once; missing ones are simply absent."""
        ...

    def get_many_checking(
        self, owner: MemberKey, contact_ids: Iterable[str], address: str
    ) -> tuple[dict[str, Contact], bool]:
        """`get_many`, and whether `address` is on the suppression list (SendRepository's
        `is_suppressed`), in the same read."""
        ...

    def replace(self, owner: MemberKey, contact: Contact, *, expected_revision: int) -> None:
        """Write the contact whole if it is still at that revision; else ConcurrentUpdate (also if
        it was deleted meanwhile: it is not created again)."""
        ...

    def delete(self, owner: MemberKey, contact_id: str) -> bool:
        """Delete the contact and its conversations; False if there was no such contact."""
        ...

    def iter(self, owner: MemberKey, *, after: str | None, page_size: int) -> Iterator[Contact]:
        """The member's contacts in id (creation) order, after the id `after`."""
        ...

    def iter_sorted(
        self, owner: MemberKey, order: ContactOrder, *, after: str | None, page_size: int
    ) -> Iterator[tuple[str, ContactRow]]:
        """(position, row) by NAME (folded name, then id) or LAST (the most recent first,
        never-logged contacts last), after the position `after` (one this method gave).
        Positions end with "#<contact id>". Rows only: what the sort's index holds."""
        ...

    def due(self, owner: MemberKey, at: datetime, limit: int) -> list[DueCandidate]:
        """Up to `limit` contacts due by `at` (archived ones never are), the most overdue first
        (the due-date index)."""
        ...

    def next_steps_due(self, owner: MemberKey, by: date, limit: int) -> list[str]:
        """Up to `limit` contacts whose next step is due on or before `by`, earliest first
        (archived ones too)."""
        ...


class ConversationRepository(Protocol):
    def logging_state(
        self, owner: MemberKey, contact_id: str, weeks: Iterable[str]
    ) -> tuple[Member | None, Contact | None, dict[str, WeekProgress]]:
        """What logging a conversation decides from, read together and consistently."""
        ...

    def record(
        self,
        owner: MemberKey,
        conversation: Conversation,
        *,
        seen: Contact,
        after: Contact,
        advances: bool,
        tally: WeekTally | None = None,
    ) -> None:
        """Store the conversation, what logging changes on the contact (from `after`: its count and
        revision go up by one from what is stored, edits made since `seen` stay) and the week's
        counters (the member's and the org's) at once. ConcurrentUpdate, writing nothing, if the
        conversation is stored already or anything the decision rested on changed meanwhile: the
        contact gone or, when `advances`, given a later conversation or a new cadence or archived
        state (when not, no longer contacted after it); the tally's assumptions."""
        ...

    def iter(
        self, owner: MemberKey, contact_id: str, *, after: str | None, page_size: int
    ) -> Iterator[tuple[str, Conversation]]:
        """A contact's conversations, newest first, each with its position (for a cursor)."""
        ...

    def get(
        self, owner: MemberKey, contact_id: str, when: datetime, conversation_id: str
    ) -> Conversation | None: ...

    def between(
        self, owner: MemberKey, contact_id: str, start: datetime, end: datetime
    ) -> list[Conversation]:
        """A contact's conversations from `start` (included) to `end` (excluded)."""
        ...

    def correction_state(
        self, owner: MemberKey, contact_id: str
    ) -> tuple[Contact | None, list[Conversation]]:
        """The contact, then every conversation with them, newest first, read consistently in
        that order (so that the contact's revision covers what was read)."""
        ...

    def correct(self, owner: MemberKey, correction: Correction) -> None:
        """Replace (or delete) the conversation, write the contact as `correction.contact` and move
        the weeks' counters, at once. ConcurrentUpdate, writing nothing, if the conversation or
        the contact's revision changed since `correction.seen` was read, or the weeks moved
        (the tally's and untally's conditions)."""
        ...


class PickRepository(Protocol):
    def get_day(self, owner: MemberKey, local_date: date) -> DayPicks | None: ...

    def days(self, owner: MemberKey, first: date, last: date) -> list[DayPicks]:
        """The days from `first` to `last` (inclusive) that have picks, oldest first, read
        strongly consistent in one request: today's picks and the days whose picks still rest."""
        ...

    def member_day(self, owner: MemberKey, day: date, since: date, *, consistent: bool = False) -> MemberDay:
        """The profile, the days from `since` to `day` that have picks (oldest first) and the
        people `day`'s accepted plan puts on it, in one Query (eventually consistent unless
        `consistent`: the writes that depend on it are conditional)."""
        ...

    def save_day(
        self, owner: MemberKey, day: DayPicks, *, expires_at: int, held: HeldSend | None = None
    ) -> bool:
        """Keep the day's picks; False, writing nothing, if the day already has picks. With
        `held`, the same write claims the day's email (`daily#<date>#email`): SendRepository
        then finds it claimed, as if by `claim`. The day's email is claimed on its picks record
        from then on (the day's record must be kept before that send is claimed)."""
        ...

    def mark(self, owner: MemberKey, local_date: date, contact_id: str, *, done: bool) -> bool:
        """Mark a pick done or snoozed; False if it is not one of the day's."""
        ...

    def claim_done(self, owner: MemberKey, local_date: date, contact_id: str) -> bool:
        """Mark one of the day's picks (or next steps) done unless it is done already: True for
        the one caller that marked it, whatever the concurrency; False otherwise."""
        ...

    def release_done(self, owner: MemberKey, local_date: date, contact_id: str) -> None:
        """Take back a `claim_done` whose action then failed."""
        ...


class WeekRepository(Protocol):
    """The member's weeks (progress against goals) and next week's plans."""

    def get(self, owner: MemberKey, week: str) -> WeekProgress | None: ...

    def history(self, owner: MemberKey, first: str, last: str) -> dict[str, WeekProgress]: ...

    def history_and_plan(
        self, owner: MemberKey, first: str, last: str, plan_week: str
    ) -> tuple[dict[str, WeekProgress], Plan | None]:
        """`history` and `get_plan(plan_week)` read together (the Goals page's one read)."""
        ...

    def save_goal(
        self, member: Member, goal: WeeklyGoal, *, week: str, seen: WeekProgress | None, at: datetime
    ) -> None:
        """The goal on the profile and on the current week, the week decided again (the org's
        count of members who met follows); ConcurrentUpdate on a race."""
        ...

    def recount(self, owner: MemberKey, recount: WeekRecount) -> None:
        """Move the person between the week's new and known-before people, `new_people` by one
        (the member's week, and the org's unless `program_closed`) and whether the week met its
        goals with it, at once; ConcurrentUpdate, writing nothing, unless the contact's revision,
        the person's place, the week's counters, goal and met state are as read."""
        ...

    def mark_paused(self, owner: MemberKey, week: str, goal: WeeklyGoal) -> None:
        """Mark the week paused; it keeps its targets, or takes `goal` if it has none yet."""
        ...

    def get_plan(self, owner: MemberKey, week: str) -> Plan | None: ...

    def member_and_plan(self, owner: MemberKey, week: str) -> tuple[Member | None, Plan | None]:
        """The profile and `week`'s plan in one read (eventually consistent: `add_plan` is
        conditional, so a plan missed by it is found when keeping another)."""
        ...

    def add_plan(
        self, owner: MemberKey, plan: Plan, *, expires_at: int, held: HeldSend | None = None
    ) -> bool:
        """Keep a week's plan, not accepted yet, unless the week has one already (then False).
        With `held`, the same write claims the email of the week before's check
        (`weekly#<week before>#email`), as `PickRepository.save_day` does the day's email."""
        ...

    def accept_plan(self, owner: MemberKey, week: str, days: Iterable[date | None], at: datetime) -> bool:
        """Mark the plan accepted with each person's day; False if it already was."""
        ...

    def planned_for(self, owner: MemberKey, day: date) -> tuple[list[str], datetime | None]:
        """The people an accepted plan puts on `day`, and when it was accepted."""
        ...


class SendRepository(Protocol):
    """Exactly-once sends (claims with a lease), and the list of addresses never to mail."""

    def claim(self, owner: MemberKey, send: str, claim: str, *, now: int, lease: int, keep: int) -> SendClaim:
        """CLAIMED (held until `now + lease`) if no one holds `send` or the holder's lease ended
        before `now`; ALREADY_SENT once it was completed; otherwise IN_FLIGHT."""
        ...

    def complete(
        self,
        owner: MemberKey,
        send: str,
        claim: str,
        *,
        message_id: str,
        at: datetime,
        texted: tuple[Texted, ...] | None = None,
    ) -> None:
        """Mark the send made, if `claim` still holds it (else another attempt's record stands);
        a daily text's record keeps what it numbered (`texted`) in the same write."""
        ...

    def last_daily_text(self, owner: MemberKey, *, since: datetime) -> SentText | None:
        """The member's daily text sent last, if at or after `since`, with what it numbered
        (one Query over the latest days' records; nothing read beyond them)."""
        ...

    def release(self, owner: MemberKey, send: str, claim: str) -> None:
        """Give the send back for a retry, if `claim` holds it and it was not completed."""
        ...

    def is_suppressed(self, address: str) -> bool: ...

    def suppress(self, address: str, reason: str, at: datetime) -> None: ...

    def suppressions(self, addresses: Iterable[str]) -> dict[str, str]:
        """Which of `addresses` (at most 100) are never mailed again, and why (bounce or
        complaint), in one read."""
        ...


class QuickLogRepository(Protocol):
    """The quick-log links' records: each action's undo, and the personal link's version."""

    def claim_undo(self, owner: MemberKey, undo_id: str, *, expires_at: int) -> bool:
        """Reserve `undo_id` for one action; False if it was reserved before (a repeat)."""
        ...

    def release_undo(self, owner: MemberKey, undo_id: str) -> None: ...

    def save_undo(self, owner: MemberKey, record: UndoRecord, *, expires_at: int) -> None: ...

    def get_undo(self, owner: MemberKey, undo_id: str) -> UndoRecord | None:
        """A finished action's record; None if unknown, undone already, or still under way."""
        ...

    def apply_undo(self, owner: MemberKey, record: UndoRecord, untally: WeekUntally | None = None) -> bool:
        """Take the action back at once (contact, conversation, week counters, day's pick,
        the record spent); False, writing nothing, if anything changed since."""
        ...

    def use_link(self, owner: MemberKey, link_id: str, day: date, *, limit: int, expires_at: int) -> bool:
        """Count one write by the link `link_id` on the member's `day`; False, counting
        nothing, if it made `limit` that day already."""
        ...

    def form_link_version(self, owner: MemberKey) -> int | None: ...

    def ensure_form_link_version(self, owner: MemberKey, initial: int, *, rotate: bool = False) -> int:
        """The current version (created as `initial` if there is none); `rotate` moves it on."""
        ...


class BulkRepository(Protocol):
    """A member's whole network at once, for imports and exports."""

    def all_contacts(self, owner: MemberKey) -> Iterator[Contact]: ...

    def all_conversations(self, owner: MemberKey) -> Iterator[Conversation]:
        """Every conversation, grouped by contact, oldest first."""
        ...

    def add_all(
        self, owner: MemberKey, contacts: Iterable[Contact], conversations: Iterable[Conversation]
    ) -> None: ...

    def replace_all(self, owner: MemberKey, changes: list[tuple[Contact, Contact]]) -> list[Contact]:
        """Write each (as read, as it becomes) pair unless it changed since it was read;
        returns the contacts that did change meanwhile (not written)."""
        ...


class UploadRepository(Protocol):
    """Files the web app holds between an import's preview and its confirmation, each in its
    member's partition (another member cannot reach it; erasing the member deletes it)."""

    def stage(self, owner: MemberKey, upload: StagedUpload, file: bytes) -> None:
        """Keep the file and what its dry run said, until `upload.expires_at`."""
        ...

    def find(self, owner: MemberKey, import_id: str) -> StagedUpload | None:
        """What is known of the import, without its file (one GetItem)."""
        ...

    def file(self, owner: MemberKey, import_id: str) -> bytes | None:
        """The file as it was uploaded (one Query), or None if it is gone."""
        ...

    def claim(self, owner: MemberKey, import_id: str, now: datetime, stalled_before: datetime) -> bool:
        """Mark a previewed import as being imported since `now` (or one whose import began
        before `stalled_before` and never finished); False, changing nothing, if it was imported
        or another request is importing it."""
        ...

    def finish(self, owner: MemberKey, import_id: str, result: str | None) -> None:
        """The import's result (the report as JSON), its file dropped; None puts it back to
        previewed (the import failed and may be tried again)."""
        ...


class WordingRepository(Protocol):
    """Each program's wording set, one item per program and language under the org."""

    def get(self, org_id: str, language: str) -> WordingSet | None:
        """The program's set (one GetItem), or None when it keeps the default wording."""
        ...

    def put(self, wording: WordingSet) -> None:
        """Keep the set as it now is; a set with no moves left is deleted (the default wording)."""
        ...


class SessionRepository(Protocol):
    """The web app's sessions, each kept in its member's partition (erasing the member ends them)."""

    def add(self, session: WebSession) -> None: ...

    def open(self, key: MemberKey, secret_hash: str) -> OpenedSession:
        """The session, the member's profile and whether the member was removed or erased, read
        together (one BatchGetItem): the one read a signed-in page starts with."""
        ...

    def update(self, session: WebSession) -> bool:
        """Write the session as it now is (refreshed, seen again); False, writing nothing, if it
        was deleted meanwhile (signed out, or the member erased)."""
        ...

    def delete(self, key: MemberKey, secret_hash: str) -> WebSession | None:
        """End the session at once; the session as it was (None if there was none)."""
        ...

    def delete_all(self, key: MemberKey) -> list[WebSession]:
        """End every session of the member at once (a new password); the sessions as they were."""
        ...


@dataclass(frozen=True)
class Repositories:
    members: MemberRepository
    phones: PhoneRepository
    orgs: OrgRepository
    contacts: ContactRepository
    conversations: ConversationRepository
    picks: PickRepository
    weeks: WeekRepository
    sends: SendRepository
    quicklog: QuickLogRepository
    bulk: BulkRepository
    sessions: SessionRepository
    uploads: UploadRepository
    wordings: WordingRepository


# ---------------------------------------------------------------- the world outside


class Mailer(Protocol):
    def send(self, email: OutgoingEmail) -> str:
        """Hand the email to the provider; returns its message id."""
        ...


class Texter(Protocol):
    def send(self, phone: str, text: str) -> str: ...

    def is_opted_out(self, phone: str) -> bool: ...


class ReminderQueue(Protocol):
    def send_all(self, requests: list[ReminderRequest]) -> None: ...


class SlotPageQueue(Protocol):
    """Where a dispatch hands on the slot pages it has no budget left for (the dispatch
    function takes them up again, one message per invocation)."""

    def send_all(self, pages: list[SlotPage]) -> None: ...


class SignInProvider(Protocol):
    """Signing in with an email and password, through the user pool's app client. Each call
    raises SignInRefused (tracker.domain.sessions) when the pool says no."""

    def password(self, email: str, password: str) -> Tokens | Challenge: ...

    def new_password(self, challenge: Challenge, new_password: str) -> Tokens | Challenge: ...

    def app_code(self, challenge: Challenge, code: str) -> Tokens | Challenge:
        """The six-digit code of the account's authenticator app (SOFTWARE_TOKEN_MFA);
        SignInRefused("wrong_app_code", "challenge_expired") when the pool says no."""
        ...

    def refresh(self, refresh_token: str) -> Tokens: ...

    def revoke(self, refresh_token: str) -> None:
        """Best effort: the token is forgotten with the session anyway."""
        ...

    def forgot_password(self, email: str) -> None:
        """Ask the user pool to email a code for a new password. An address without an account
        raises SignInRefused("credentials"), which the pages never tell apart from a sent code."""
        ...

    def reset_password(self, email: str, code: str, new_password: str) -> None:
        """The emailed code and the new password; SignInRefused("wrong_code", "expired_code",
        "weak_password", "throttled") when the pool says no."""
        ...


class Directory(Protocol):
    """Sign-in accounts: an account's id is the member id; its org is fixed at invitation."""

    def invite(self, email: str, name: str | None, org_id: str) -> str:
        """Create the account and send the invitation; returns the new member id. Raises
        AccountExists (tracker.domain.org) if someone signs in with that address already."""
        ...

    def remove(self, member_id: str, org_id: str) -> bool:
        """Delete the account if it belongs to `org_id`; True when it is gone (or never was)."""
        ...

    def account(self, email: str) -> Account | None:
        """The account that signs in with this address (None if there is none)."""
        ...
