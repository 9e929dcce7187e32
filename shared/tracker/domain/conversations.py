"""Conversations: what logging one does to its contact. The latest conversation restarts the
contact's cadence; one logged late only adds to the count."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tracker.domain.model import Channel, Contact, Conversation, NextStep, Outcome

# A phone's clock may run a little ahead of ours; anything later is a mistake.
FUTURE_TOLERANCE = timedelta(minutes=10)
LAST_SUMMARY_CHARS = 500


@dataclass(frozen=True)
class NewConversation:
    """A conversation to log. `when` defaults to now; `next_step_done` clears the contact's
    previous next step (None: the caller's default, e.g. done for a due next step's pick)."""

    when: datetime | None = None
    channel: Channel = Channel.OTHER
    summary: str | None = None
    next_step: NextStep | None = None
    next_step_done: bool | None = None
    help_offered: str | None = None
    help_received: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    # What you remember enjoying together, said as you log: it becomes the contact's shared
    # memory (drafts open with it); None leaves the contact's as it is.
    shared_memory: str | None = None


def after_logging(
    seen: Contact, conversation: Conversation, *, advances: bool, step_done: bool, now: datetime
) -> Contact:
    """The contact as it is once this conversation is logged.

    The latest conversation sets the last contact, restarts the cadence and ends any snooze
    or rotation cool-down; an older one, logged late, leaves those alone. A next step given
    with the conversation becomes the contact's; `next_step_done` clears the previous one.
    """
    next_step = conversation.next_step or (None if step_done else seen.next_step)
    after = replace(
        seen,
        conversation_count=seen.conversation_count + 1,
        revision=seen.revision + 1,
        updated_at=now,
        next_step=next_step,
    )
    if not advances:
        return after
    summary = conversation.summary[:LAST_SUMMARY_CHARS] if conversation.summary else seen.last_summary
    return replace(
        after,
        last_contact_at=conversation.when,
        last_summary=summary,
        snoozed_until=None,
        rotation_until=None,
    )
