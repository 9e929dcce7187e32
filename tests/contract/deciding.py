"""Logging a conversation as ConversationService does it, in two halves a test can pull apart:
decide from what is stored (`decide`), then record (`Decision.record`), perhaps after other
writes made the decision stale. Correcting one (`correction`) likewise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.domain import weeks
from tracker.domain.conversations import after_logging
from tracker.domain.corrections import ConversationChanges, Correction, correct
from tracker.domain.goals import WeekTally, tally
from tracker.domain.model import DEFAULT_TIME_ZONE, Contact, Conversation, MemberKey
from tracker.ports import Repositories


@dataclass(frozen=True)
class Decision:
    said: Conversation
    seen: Contact  # the contact as read
    after: Contact  # the contact as logging leaves it
    advances: bool  # the latest conversation: it moves the last contact and the due date
    counted: WeekTally

    def record(self, repos: Repositories, owner: MemberKey) -> None:
        repos.conversations.record(
            owner, self.said, seen=self.seen, after=self.after, advances=self.advances, tally=self.counted
        )


def decide(repos: Repositories, owner: MemberKey, said: Conversation) -> Decision | None:
    """What logging `said` would write, decided from what is stored; None if no such contact."""
    profile, seen, by_week = repos.conversations.logging_state(
        owner, said.contact_id, weeks.possible_weeks(said.when)
    )
    if seen is None:
        return None
    week_seen = by_week.get(weeks.week_of(said.when, profile.time_zone if profile else DEFAULT_TIME_ZONE))
    advances = seen.last_contact_at is None or said.when > seen.last_contact_at
    after = after_logging(seen, said, advances=advances, step_done=False, now=said.created_at)
    return Decision(said, seen, after, advances, tally(profile, seen, said, week_seen, advances=advances))


def correction(
    repos: Repositories,
    owner: MemberKey,
    contact_id: str,
    conversation_id: str,
    changes: ConversationChanges | None,
    *,
    now: datetime,
) -> Correction:
    """What changing (or, with no `changes`, deleting) a conversation would write, decided as
    ConversationService decides it: the contact, then its conversations, then the weeks."""
    seen, history = repos.conversations.correction_state(owner, contact_id)
    assert seen is not None
    before = next(c for c in history if c.conversation_id == conversation_id)
    after = changes.apply(before) if changes is not None else None
    instants = [before.when] + ([after.when] if after else [])
    profile, _, by_week = repos.conversations.logging_state(
        owner, contact_id, set().union(*(weeks.possible_weeks(w) for w in instants))
    )
    return correct(owner, profile, seen, history, before, after, by_week, now=now)
