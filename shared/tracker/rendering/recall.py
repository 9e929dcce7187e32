"""The member's notes about a person as sentences of a draft, never read back after a colon:
the last conversation or how you met as a pleasantry, and what the last conversation said was
coming as a follow-up question ("She is moving to the data team" -> "Did you end up moving to
the data team?").

Each function says which shape it found (a wording set of rendering/wording.py) and the clause
to put in it, or None when the note has no shape it knows: the draft then falls back to a
phrasing that quotes the note.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# What a conversation is called: "coffee near her office" reads "our coffee near your office".
_TALKS = frozenset(
    {"coffee", "lunch", "call", "chat", "walk", "drinks", "drink", "dinner", "breakfast", "brunch"}
    | {"meeting", "catch-up", "catchup", "video", "phone", "zoom", "tea", "beer", "visit", "talk"}
    | {"conversation", "session", "meetup", "game", "run", "hike", "swim", "ride"}
)
_TALK_ADJECTIVES = frozenset({"quick", "long", "short", "great", "lovely", "brief", "good", "nice", "first"})
# Verbs in the past that start a note with the member as its subject left out ("Met at…").
_PAST = frozenset(
    {"met", "caught", "spoke", "had", "went", "sent", "told", "said", "gave", "took", "ran", "saw"}
    | {"got", "rang", "wrote", "sat", "ate", "did", "made", "found", "bumped", "grabbed", "chatted"}
)
# ...of which those the member did alone: "Emailed to congratulate him" is "I emailed".
_ONE_WAY = frozenset({"emailed", "texted", "messaged", "wrote", "sent", "called", "rang", "phoned", "asked"})
_NOT_PAST = frozenset({"need", "bed", "red", "shed", "seed", "speed", "feed", "weed", "breed"})
# Who a person was to the member: "Old colleague from my first job" -> "you were my colleague…".
_ROLES = frozenset(
    {"colleague", "co-worker", "coworker", "manager", "boss", "mentor", "mentee", "flatmate"}
    | {"roommate", "housemate", "neighbour", "neighbor", "volunteer", "classmate", "teammate"}
    | {"client", "teacher", "tutor", "coach", "supervisor", "landlord", "trainer", "buddy"}
)
_FORMER = frozenset({"old", "former", "ex", "ex-"})
_PARTICIPLES = frozenset({"introduced", "connected", "paired", "matched", "seated", "put", "placed"})


def _lower_first(text: str) -> str:
    word = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if word[1:] == word[1:].lower() and word != "I" else text


def _past(word: str) -> bool:
    return word in _PAST or (word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST)


def last_talk(summary: str, addressed: Callable[[str], str]) -> tuple[str, str] | None:
    """The last conversation's first note as ("talk", "coffee near your office") for "our …
    last time", or ("when", "we caught up over lunch") for "when …"; None for other shapes."""
    text = _lower_first(summary)
    words = text.split(" ")
    head = words[0].lower()
    if head in {"a", "an", "the"} and len(words) > 1:
        words, head = words[1:], words[1].lower()
        text = " ".join(words)
    second = words[1].lower() if len(words) > 1 else ""
    if head in _TALKS or (head in _TALK_ADJECTIVES and second in _TALKS):
        return "talk", addressed(text)
    if head in {"she", "he", "they"} and _past(second):
        return "when", addressed(text)
    if head in {"we", "i"} and _past(second):
        return "when", text
    if _past(head):
        return "when", ("I " if head in _ONE_WAY else "we ") + addressed(text)
    return None


def how_we_met(met: str) -> tuple[str, str] | None:
    """How you met as ("role", "colleague from my first job") for "when you were my …", or
    ("when", "we were introduced by my cousin at her wedding"); None for other shapes.
    Its pronouns stay: "her" may be someone else ("my cousin at her wedding")."""
    text = _lower_first(met)
    words = text.split(" ")
    if words[0].lower() in {"my", "a", "an", "the"} and len(words) > 1:
        words = words[1:]
        text = " ".join(words)
    lowered = [word.lower().strip(",;:") for word in words]
    if lowered[0] in _PARTICIPLES and len(words) > 1:
        return "when", f"we were {text}"
    if _past(lowered[0]) and len(words) > 1:
        return "when", f"we {text}"  # "Chatted at the design meetup"
    if lowered[0] in _ROLES:
        return "role", text
    if len(words) > 1 and lowered[1] in _ROLES and not re.search("['\u2019]s$", lowered[0]):
        return "role", " ".join(words[1:]) if lowered[0] in _FORMER else text
    return None


_WILL = re.compile(r"^(?:she|he|they)(?:'ll| will| is going to| are going to| plans? to) (\w+)\b(.*)$", re.I)
_DOING = re.compile(r"^(?:she|he|they)(?:'s| is|'re| are) (\w+ing)\b(.*)$", re.I)
# When it was to happen, as said back then: "next month" is past by now.
_WHEN = re.compile(
    r"\s+(?:(?:next|this|later this|in the new) (?:week|month|year|spring|summer|autumn|winter)|soon)$"
)
_NOT_DOING = frozenset({"being", "nothing", "something", "thing", "bring"})


def follow_up(summary: str, addressed: Callable[[str], str]) -> tuple[str, str] | None:
    """A question about what the last conversation said was coming: ("doing", "moving to the
    data team") for "Did you end up …?", or ("will", "ask whether it can be three days a week")
    for "Did you get to …?". The first sentence or clause that says so; None if none does."""
    for part in re.split(r"(?<=[.!?;])\s+|,\s+(?:and\s+)?(?=(?:she|he|they)\b)", " ".join(summary.split())):
        clause = part.strip().rstrip(".!?;,")
        for shape, pattern in (("will", _WILL), ("doing", _DOING)):
            found = pattern.match(clause)
            if found and found[1].lower() not in _NOT_DOING:
                rest = _WHEN.sub("", re.split(r",| and | but | so ", found[2], maxsplit=1)[0].rstrip())
                return shape, addressed(f"{found[1].lower()}{rest}")
    return None
