"""Drafted openers for reconnect picks, built only from the member's own notes.

Three parts, as career advisers suggest after a long silence: acknowledge the lapse with a
pleasantry (how you met, or your last conversation), say why you are reaching out now (your
current focus), and offer something in return (your help ideas for this person).

A draft greets the person by the name they go by (tracker.domain.names), and says nothing about
health or treatment unless the member said it may (tracker.domain.health): a clause that does
is left out, and the draft says which words it left out so that the member can be told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tracker.domain.health import Screened, screened
from tracker.domain.model import Contact, Member
from tracker.domain.names import greeting_name
from tracker.domain.picks import DailyPicks, PickStatus
from tracker.rendering.focus import focus_clause
from tracker.rendering.labels import time_since

ASK_TIP = (
    "When you talk, ask how you can help them: people appreciate an unexpected message "
    "more than we tend to expect."
)

# Help ideas are notes about the contact ("proof-read her CV"); in a message to them the
# pronouns become "you"/"your".
_SECOND_PERSON = {
    "her": "your",
    "his": "your",
    "their": "your",
    "him": "you",
    "them": "you",
    "she": "you",
    "he": "you",
    "they": "you",
    "hers": "yours",
    "theirs": "yours",
}
_PRONOUN = re.compile(r"\b(" + "|".join(_SECOND_PERSON) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    lapse: str
    why_now: str
    offer: str
    left_out: tuple[str, ...] = ()  # health words whose clauses the draft does not say

    @property
    def text(self) -> str:
        return " ".join((self.lapse, self.why_now, self.offer))


def _clause(text: str, limit: int = 140, *, lower: bool = False) -> str:
    """A note as a clause inside a sentence: its first sentence, no full stop, not too long.

    With `lower`, a Title-case first word loses its capital ("Proof-read" -> "proof-read"),
    while names and acronyms ("LinkedIn", "UX") keep theirs.
    """
    text = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".!? ")
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
    word = first.split(" ", 1)[0]
    if lower and word[:1].isupper() and word[1:] == word[1:].lower():
        first = first[:1].lower() + first[1:]
    return first


# "her" is "your" before a noun ("her CV") and "you" otherwise ("introduce her to Jo").
_AFTER_OBJECT = re.compile(
    r"\s+(to|with|for|about|at|on|in|into|up|out|over|through|the|a|an|and|or|if|when|know)\b|\s*$|\s*[,.;!?)]"
)


def _addressed(text: str) -> str:
    def swap(found: re.Match[str]) -> str:
        word = found.group(0)
        replacement = _SECOND_PERSON[word.lower()]
        if word.lower() == "her" and _AFTER_OBJECT.match(text, found.end()):
            replacement = "you"
        return replacement.capitalize() if word[0].isupper() else replacement

    return _PRONOUN.sub(swap, text)


class _Notes:
    """The member's notes as a draft may use them: with the clauses about health left out
    (unless the member said drafts may mention it), remembering which words went."""

    def __init__(self, member: Member) -> None:
        self._keep_all = member.drafts_may_mention_health is True
        self.left_out: dict[str, None] = {}

    def __call__(self, text: str | None) -> str | None:
        if not text or self._keep_all:
            return text
        # The clause the draft quotes is screened, not the whole note.
        found: Screened = screened(_clause(text, 10_000))
        self.left_out.update(dict.fromkeys(found.words))
        return found.kept


def draft_opener(member: Member, contact: Contact, now: datetime) -> Draft:
    usable = _Notes(member)
    name = greeting_name(contact)
    hello = f"Hi {name}," if name else "Hi there,"
    if contact.last_contact_at:
        since = time_since(contact.last_contact_at, now)
        lapse = f"{hello} it's been {since} since we last spoke; sorry for the silence!"
    else:
        lapse = f"{hello} it's been a while since we were last in touch."
    how_we_met, last_summary = usable(contact.how_we_met), usable(contact.last_summary)
    if how_we_met:
        memory = _clause(how_we_met)
        lapse += f" I was thinking back to how we know each other ({memory}) and it made me smile."
    elif last_summary:
        lapse += f" I still remember our last conversation ({_clause(last_summary)})."
    else:
        lapse += " I hope you've been well."
    focus = _clause(usable(member.current_focus) or "", 160, lower=False)
    if focus.strip(" .,;:!?…"):
        why_now = f"The reason I'm writing now: {focus_clause(focus)}, and you came to mind."
    else:
        why_now = "I'm getting back in touch with people I've enjoyed knowing, and you came to mind."
    idea = next((kept for kept in map(usable, contact.help_ideas) if kept), None)
    if idea:
        idea = _addressed(_clause(idea, lower=True))
        offer = f"And I'd love to return the favour: I could {idea}, if that would help?"
    else:
        offer = "Is there anything I could help you with at the moment? I'd be glad to return the favour."
    return Draft(lapse=lapse, why_now=why_now, offer=offer, left_out=tuple(usable.left_out))


def focus_notice(member: Member) -> str | None:
    """What GET /me says while drafts leave part of the member's current focus out and the
    member has not said whether they may say it."""
    if member.drafts_may_mention_health is not None:
        return None
    found = screened(member.current_focus)
    if not found.words:
        return None
    quoted = "; ".join(f'"{part}"' for part in found.left_out)
    return (
        f"Drafts leave {quoted} out of your current focus: it mentions your health, and what you "
        "share about it is yours to decide. To keep it in drafts, set drafts_may_mention_health to "
        "true; to keep leaving it out (and no longer see this), set it to false."
    )


def health_note(day: DailyPicks, now: datetime) -> str | None:
    """A daily email's note, once per member: today's drafts left out what the member's notes
    say about health. None when nothing was left out, the member has decided, or was told."""
    member = day.member
    if member.drafts_may_mention_health is not None or member.health_note_sent_on is not None:
        return None
    words: dict[str, None] = {}
    for pick in day.picks:
        if pick.status is PickStatus.PENDING:
            words.update(dict.fromkeys(draft_opener(member, pick.contact, now).left_out))
    if not words:
        return None
    listed = ", ".join(f'"{word}"' for word in words)
    return (
        f"A note about these drafts: they leave out what your notes say about health or treatment "
        f"({listed}), so that you decide what you share, and with whom. If you'd rather they kept it, "
        'set "drafts_may_mention_health": true on your profile (PATCH /me). We will only mention this once.'
    )
