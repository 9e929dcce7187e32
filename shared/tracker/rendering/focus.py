"""The member's current focus as a clause of their own: what a draft says after "The reason I'm
writing now:".

The API asks for the focus as it would follow "I'm …" ("getting back into UX research"), and
other common shapes are turned into that: "I want to move into data" stays as written, "a
return to nursing" is something "I'm looking into", "find a part-time role" something "I'm
hoping to" do. Never "I'm looking into getting back into…".
"""

from __future__ import annotations

import re

# Words that already make a clause of the focus, with the member as its subject.
_SUBJECTS = frozenset({"i", "i'm", "im", "i've", "i'd", "i'll", "my", "we", "we're", "our"})
# Verbs that say what the member wants or is: "I want to…", "I hope to…", "I am…".
_WANTS = frozenset(
    {"want", "wish", "hope", "plan", "aim", "intend", "need", "would", "am", "have", "like", "love"}
)
# Words that follow "I'm" as they are: "I'm back in the job market", "I'm open to…".
_STATES = frozenset(
    {"back", "ready", "open", "keen", "eager", "interested", "excited", "available", "about"}
    | {"on", "in", "between"}
)
# Adverbs that may come first and stay ("currently looking for…" -> "I'm currently looking for…").
_ADVERBS = frozenset(
    {"currently", "now", "still", "finally", "slowly", "actively", "also", "just", "gradually"}
)
# Verbs in their base form, as a to-do: "find a role in data" -> "I'm hoping to find…".
_DOINGS = frozenset(
    {"find", "get", "return", "go", "move", "switch", "change", "start", "restart", "land", "build"}
    | {"grow", "explore", "learn", "join", "transition", "pivot", "break", "make", "meet", "reconnect"}
    | {"connect", "expand", "rebuild", "re-enter", "reenter", "apply", "try", "look", "work", "step"}
    | {"shift", "take", "secure", "pursue", "launch", "develop", "gain", "improve", "network"}
    | {"retrain", "upskill", "volunteer", "mentor", "train", "study", "finish", "complete"}
)
# -ing words that name a field or a kind of work, not something the member is doing:
# "marketing roles" is something "I'm looking into", not "I'm marketing roles".
_FIELDS = frozenset(
    {"marketing", "engineering", "nursing", "accounting", "consulting", "banking", "publishing"}
    | {"manufacturing", "programming", "computing", "fundraising", "recruiting", "training"}
    | {"coaching", "tutoring", "catering", "farming", "lending", "lobbying", "auditing"}
    | {"bookkeeping", "copywriting", "editing", "writing", "housing", "licensing", "mining"}
    | {"shipping", "sourcing", "staffing", "trading", "underwriting", "warehousing", "teaching"}
    | {"learning", "counselling", "counseling", "broadcasting", "advertising", "landscaping"}
    | {"plumbing", "nothing", "something", "anything", "everything", "morning", "evening"}
)
_WORD = re.compile(r"[\w'-]+")


def focus_clause(focus: str) -> str:
    """`focus` (one clause, as a draft quotes it) as a clause with the member as its subject."""
    focus = focus.replace("\u2019", "'")
    words = _WORD.findall(focus.casefold())
    if words and words[0] in _SUBJECTS:
        return _as_subject(focus)
    text = _lowered(focus)
    adverbs = 0
    while adverbs < len(words) - 1 and words[adverbs] in _ADVERBS:
        adverbs += 1
    head = words[adverbs] if words else ""
    if (head.endswith("ing") and len(head) > 4 and head not in _FIELDS) or head in _STATES:
        return f"I'm {text}"
    if not adverbs and head == "to":
        return f"I'd like {text}"
    if not adverbs and head in _WANTS:
        return f"I {text}"
    # "change of career" is a thing, not a to-do
    doing = head in _DOINGS and words[adverbs + 1 : adverbs + 2] != ["of"]
    parts = text.split(" ", adverbs)
    before, rest = " ".join(parts[:adverbs]), " ".join(parts[adverbs:])
    return " ".join(part for part in ("I'm", before, "hoping to" if doing else "looking into", rest) if part)


def _as_subject(focus: str) -> str:
    """The member's own clause, with "I" as a capital and "im" spelt out."""
    first, _, rest = focus.partition(" ")
    lowered = first.casefold()
    if lowered == "im":
        first = "I'm"
    elif lowered.startswith("i") and lowered[1:2] in ("", "'"):
        first = "I" + first[1:]
    elif first[:1].isupper() and first[1:] == first[1:].lower():
        first = first.lower()  # "My goal is…" after a colon
    return f"{first} {rest}".rstrip()


def _lowered(text: str) -> str:
    """A Title-case first word loses its capital; names and acronyms ("UX", "LinkedIn") keep it."""
    word = text.split(" ", 1)[0]
    if word[:1].isupper() and word[1:] == word[1:].lower():
        return text[:1].lower() + text[1:]
    return text
