"""How an English draft says the member's notes (rendering/drafts.py puts them together): the
greeting, the time since, a help idea turned towards the person ("proof-read her CV" -> "I
could proof-read your CV"), how you met or the last conversation as a pleasantry, and the
short text message. rendering/grammar_es.py says the same in Spanish."""

from __future__ import annotations

import re
from datetime import datetime

from tracker.domain.model import Contact
from tracker.domain.names import greeting_name
from tracker.rendering import recall
from tracker.rendering.clauses import clause as _any_clause
from tracker.rendering.focus import focus_clause
from tracker.rendering.labels import time_since
from tracker.rendering.wording_sets import DEFAULT, Wording

WORDS: Wording = DEFAULT

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


_ING_NOT_DOING = frozenset({"morning", "evening", "nothing", "something", "anything", "wedding"})
_NOUN_START = frozenset({"your", "a", "an", "the", "some", "any", "my", "our", "their", "his", "her"})
_DANGLING = frozenset(
    {"and", "or", "the", "a", "an", "to", "of", "with", "for", "in", "at", "on", "by", "from", "your", "my"}
)
LAST_RESORT = "Hi there, it's been a while! How could I help you?"


def clause(text: str, limit: int = 140, *, lower: bool = False) -> str:
    """A note as a clause inside an English sentence (see rendering/clauses.py)."""
    return _any_clause(text, limit, _DANGLING, lower=lower)


def keeps(text: str) -> bool:
    """Every note can be said in an English draft."""
    return True


def tidy(text: str) -> str:
    return text


def hello(contact: Contact, *, given_only: bool = False) -> str:
    name = greeting_name(contact)
    if name and given_only:
        first = name.split(" ")[0]
        surname = contact.name.split()[-1] if len(contact.name.split()) > 1 else None
        name = None if first.endswith(".") or first == surname else first
    return f"Hi {name}," if name else "Hi there,"


def since(then: datetime, now: datetime) -> str:
    return time_since(then, now)


def focus(text: str) -> str:
    return focus_clause(text)


def sms_fits(text: str) -> bool:
    return len(text) <= 160


def linkedin_fallback(hello: str) -> str:
    return f"{hello} it's been a while! How could I help you at the moment?"


# "her" is "your" before a noun ("her CV") and "you" otherwise ("introduce her to Jo").
_AFTER_OBJECT = re.compile(
    r"\s+(to|with|for|about|at|on|in|into|up|out|over|through|the|a|an|and|or|if|when|know|my|our"
    r"|some|this|that|these|those|what|how|back)\b|\s*$|\s*[,.;!?)]"
)


def addressed(text: str) -> str:
    def swap(found: re.Match[str]) -> str:
        word = found.group(0)
        replacement = _SECOND_PERSON[word.lower()]
        if word.lower() == "her" and _AFTER_OBJECT.match(text, found.end()):
            replacement = "you"
        return replacement.capitalize() if word[0].isupper() else replacement

    text = _PRONOUN.sub(swap, text)
    # "you is moving" / "you has" read wrong once "she"/"he" became "you"
    return re.sub(r"\b(you|You) (is|was|has|does)\b", lambda m: f"{m[1]} " + _YOU_VERB[m[2]], text)


_YOU_VERB = {"is": "are", "was": "were", "has": "have", "does": "do"}


def follow_up(summary: str) -> tuple[str, str] | None:
    return recall.follow_up(summary, addressed)


def _offer_idea(idea: str) -> tuple[str, bool]:
    """A help idea turned towards the person, and whether it is something to do (a verb
    phrase) rather than a thing to help with."""
    idea = addressed(idea)
    words = idea.split(" ")
    head = words[0].lower()
    if head == "to" and len(words) > 1:
        return " ".join(words[1:]), True  # "to review your CV"
    if head.endswith("ing") and len(head) > 4 and head not in _ING_NOT_DOING:
        return f"help by {idea}", True  # "introducing you to Jo"
    first = words[0]
    if head in _NOUN_START or (first[1:] != first[1:].lower() and "-" not in first):
        return idea, False  # "your portfolio review", "LinkedIn intro to…"
    return idea, True  # "proof-read your CV"


def offer(idea: str, limit: int) -> tuple[str, str]:
    """The move (OFFER_DO or OFFER_WITH) and the help idea to say in it."""
    text, doing = _offer_idea(clause(idea, limit, lower=True))
    return ("OFFER_DO" if doing else "OFFER_WITH"), text


def _met_clause(met: str) -> tuple[str, bool]:
    """How you met as a clause after "when" ("we met at…"), or as a plain note."""
    words = met.split(" ")
    head = words[0].lower()
    if head in {"we", "we'd", "we've"}:
        return "we" + met[2:], True
    if head in {"met", "worked", "studied", "sat", "played", "volunteered", "shared"}:
        return f"we {met[:1].lower()}{met[1:]}", True
    if head in {"she", "he", "they"} and len(words) > 1:
        return addressed(met[:1].lower() + met[1:]), True
    # A plain note keeps its pronouns ("her" may be someone else: "my cousin at her wedding") and
    # its capital after the colon: it may be a name ("how we met: Berlin meetup, 2019").
    return met, False


def memory(note: str, limit: int) -> str:
    return addressed(clause(note, limit, lower=True))


def last_talk(summary: str, limit: int) -> tuple[str, str]:
    """The move that recalls the last conversation, and the clause to say in it."""
    shape = recall.last_talk(clause(summary, limit), addressed)
    if shape:  # "our coffee near your office last time", "when we caught up over lunch"
        kind, said = shape
        return ("LAST_TALK_SHORT" if kind == "talk" else "LAST_TALK_WHEN"), said
    said = addressed(clause(summary, limit, lower=True))
    if len(said.split()) <= 3 and not said.split()[0].endswith("ed"):
        return "LAST_TALK_SHORT", said  # "interview prep"
    return "LAST_TALK", said


def met(note: str, limit: int) -> tuple[str, str]:
    """The move that recalls how you met, and the clause to say in it."""
    role = recall.how_we_met(clause(note, limit))
    if role:
        kind, said = role
        return ("MET_ROLE" if kind == "role" else "MET_WHEN"), said
    said, when = _met_clause(clause(note, limit))
    return ("MET_WHEN" if when else "MET_NOTE"), said


def step_hook(step: str, limit: int) -> tuple[str, str]:
    """The open next step as a follow-up: "I still mean to send my updated CV", a note as it is."""
    text, doing = _offer_idea(clause(step, limit, lower=True))
    if doing and not text.startswith("help by "):
        return "HOOK_DO", text
    return "HOOK_NOTE", addressed(clause(step, limit, lower=True))


def sms(hello: str, focus: str, ideas: list[str], limit: int) -> str:
    """The text-message draft: the lapse, why now and an offer, in a few words each."""
    why = focus_clause(clause(focus, limit)) + ", and you came to mind." if focus.strip(" .,;:!?…") else ""
    why = why[:1].upper() + why[1:]
    offer = "How could I help you these days?"
    if ideas:
        idea, doing = _offer_idea(clause(ideas[0], limit, lower=True))
        offer = f"Could I {idea}?" if doing else f"Could I help with {idea}?"
    return " ".join(part for part in (f"{hello} it's been a while!", why, offer) if part)
