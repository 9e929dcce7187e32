"""Words about health and treatment, in English and Spanish, and text without them.

A draft goes to someone else: what a member shares about their health is theirs to decide,
so a clause that mentions it ("…while I finish treatment") is left out of drafts unless the
member said drafts may mention it. The list is short and plain on purpose; a false alarm
costs a clause of a draft, and the member is told which words were found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.domain.text import fold

# As `fold` writes them (no accents, lower case); each a whole word or phrase, endings allowed.
_WORDS = (
    # English
    r"cancers?",
    r"chemo\w*",
    r"radiotherap\w*",
    r"radiation",
    r"treatments?",
    r"oncolog\w*",
    r"tumou?rs?",
    r"surger(?:y|ies)",
    r"diagnos(?:is|es|ed)",
    r"remission",
    r"hospital\w*",
    r"illness(?:es)?",
    r"sick leave",
    r"medical leave",
    r"leuka?emia",
    r"lymphoma",
    r"melanoma",
    r"carcinoma",
    r"sarcoma",
    r"mastectom\w*",
    r"biops(?:y|ies)",
    r"convalescen\w*",
    # Spanish
    r"quimio\w*",
    r"radioterapi\w*",
    r"tratamientos?",
    r"oncologi\w*",
    r"tumor(?:es)?",
    r"cirugias?",
    r"diagnostic(?:o|ad[oa]s?)",
    r"remision",
    r"enfermedad(?:es)?",
    r"baja medica",
    r"baja por enfermedad",
    r"leucemia",
    r"linfoma",
    r"biopsias?",
    r"convalecencia",
)
_HEALTH = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _WORDS) + r")\b")

# Where one clause ends and the next begins: punctuation, or a joining word that starts one.
_JOINING = (
    *("while", "whilst", "after", "since", "because", "as", "during", "following", "until"),
    *("though", "although", "and", "but", "with"),
    *("mientras", "después", "despues", "tras", "desde", "porque", "durante", "hasta", "aunque"),
    *("y", "pero", "con"),
)
_JOIN = r"(?:" + "|".join(_JOINING) + r")\b"
_BOUNDARY = re.compile(r"[,;:.!?\u2013\u2014]+\s*|\s+-\s+|\s+(?=" + _JOIN + ")", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*\([^()]*\)")
_LOOSE_START = re.compile(r"^[\s,;:.!?\u2013\u2014-]*(?:" + _JOIN + r")?[\s,;:]*", re.IGNORECASE)
_LOOSE_END = re.compile(r"[\s,;:\u2013\u2014-]+$")


@dataclass(frozen=True)
class Screened:
    """Text as a draft may say it: `kept` (None if nothing is left), the health words found
    and the parts of the text left out for them, as written."""

    kept: str | None
    words: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()


def health_words(text: str | None) -> tuple[str, ...]:
    """The health and treatment words in `text`, as folded, in order, each once."""
    if not text:
        return ()
    return tuple(dict.fromkeys(" ".join(found.group(0).split()) for found in _HEALTH.finditer(fold(text))))


def screened(text: str | None) -> Screened:
    """`text` without the clauses that mention health: "UX research while I finish
    treatment" keeps "UX research"; "Recovering from surgery" keeps nothing."""
    words = health_words(text)
    if not text or not words:
        return Screened(text or None)
    left_out = [found.group(0) for found in _BRACKETED.finditer(text) if health_words(found.group(0))]
    text = _BRACKETED.sub(lambda found: "" if health_words(found.group(0)) else found.group(0), text)
    clauses = _clauses(text)
    kept = [clause for clause in clauses if not health_words(clause)]
    left_out += [clause for clause in clauses if health_words(clause)]
    joined = "".join(kept)
    if kept and kept[0] is not clauses[0]:
        joined = _LOOSE_START.sub("", joined, count=1)  # the join of a clause left out: "…, and"
    joined = _LOOSE_END.sub("", joined)
    parts = (part.strip(" ,;:.!?()\u2013\u2014-") for part in left_out)
    return Screened(joined or None, words, tuple(part for part in parts if part))


def _clauses(text: str) -> list[str]:
    """`text` cut before each boundary, so that joining the pieces gives `text` back."""
    starts = [0, *(found.start() for found in _BOUNDARY.finditer(text) if found.start() > 0)]
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
