"""Drafted openers for reconnect picks, built only from the member's own notes.

Three parts, as career advisers suggest after a long silence: acknowledge the lapse with a
pleasantry (how you met, or your last conversation), say why you are reaching out now (your
current focus), and offer something in return (your help ideas for this person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tracker.domain.model import Contact, Member
from tracker.rendering.labels import first_name, time_since

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


def draft_opener(member: Member, contact: Contact, now: datetime) -> Draft:
    hello = f"Hi {first_name(contact.name)},".replace(" ,", ",")
    if contact.last_contact_at:
        since = time_since(contact.last_contact_at, now)
        lapse = f"{hello} it's been {since} since we last spoke; sorry for the silence!"
    else:
        lapse = f"{hello} it's been a while since we were last in touch."
    if contact.how_we_met:
        memory = _clause(contact.how_we_met)
        lapse += f" I was thinking back to how we know each other ({memory}) and it made me smile."
    elif contact.last_summary:
        lapse += f" I still remember our last conversation ({_clause(contact.last_summary)})."
    else:
        lapse += " I hope you've been well."
    if member.current_focus:
        focus = _clause(member.current_focus, 160, lower=True)
        why_now = f"The reason I'm writing now: I'm looking into {focus}, and you came to mind."
    else:
        why_now = "I'm getting back in touch with people I've enjoyed knowing, and you came to mind."
    if contact.help_ideas:
        idea = _addressed(_clause(contact.help_ideas[0], lower=True))
        offer = f"And I'd love to return the favour: I could {idea}, if that would help?"
    else:
        offer = "Is there anything I could help you with at the moment? I'd be glad to return the favour."
    return Draft(lapse=lapse, why_now=why_now, offer=offer)
