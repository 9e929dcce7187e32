"""A program's own wording set: the phrasings of some moves of a draft in its own voice
(survivorship programs have theirs), with safe placeholders only.

A set names moves of rendering/wording.py ("LAPSE_SINCE", "WHY_GENERAL"…) and gives each a few
phrasings; moves it leaves out keep the default ones. A phrasing is plain text with the move's
placeholders written as "{name}", each of them once or more and no other: no attributes, no
indexes, no conversions or format specs, so that a phrasing can only ever show the notes the
draft was already going to show (health screening included). `problems` says what is wrong
with a set, in words an admin can act on; rendering/wording_preview.py shows it on sample
contacts, within every channel's limit.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

from tracker.rendering import wording
from tracker.rendering.reader import N_

MAX_PHRASINGS = 6
MAX_CHARS = 140
MIN_OPENINGS = 3  # picks per day at most: no two drafts of a day open the same way


@dataclass(frozen=True)
class Wording:
    """The phrasings of each move, named as in rendering/wording.py."""

    LAPSE_SINCE: tuple[str, ...]
    LAPSE_UNDATED: tuple[str, ...]
    MEMORY: tuple[str, ...]
    LAST_TALK: tuple[str, ...]
    LAST_TALK_SHORT: tuple[str, ...]
    LAST_TALK_WHEN: tuple[str, ...]
    MET_ROLE: tuple[str, ...]
    MET_WHEN: tuple[str, ...]
    MET_NOTE: tuple[str, ...]
    NO_MEMORY: tuple[str, ...]
    WHY_FOCUS: tuple[str, ...]
    WHY_GENERAL: tuple[str, ...]
    OFFER_DO: tuple[str, ...]
    OFFER_WITH: tuple[str, ...]
    OFFER_ASK: tuple[str, ...]
    HOOK_DO: tuple[str, ...]
    HOOK_NOTE: tuple[str, ...]
    FOLLOW_DOING: tuple[str, ...]
    FOLLOW_WILL: tuple[str, ...]


MOVES = tuple(field.name for field in fields(Wording))
DEFAULT = Wording(**{move: getattr(wording, move) for move in MOVES})

# The placeholders each move's phrasings must use (and the only ones they may).
PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "LAPSE_SINCE": frozenset({"hello", "since"}),
    "LAPSE_UNDATED": frozenset({"hello"}),
    "MEMORY": frozenset({"memory"}),
    "LAST_TALK": frozenset({"summary"}),
    "LAST_TALK_SHORT": frozenset({"summary"}),
    "LAST_TALK_WHEN": frozenset({"summary"}),
    "MET_ROLE": frozenset({"role"}),
    "MET_WHEN": frozenset({"met"}),
    "MET_NOTE": frozenset({"met"}),
    "NO_MEMORY": frozenset(),
    "WHY_FOCUS": frozenset({"focus"}),
    "WHY_GENERAL": frozenset(),
    "OFFER_DO": frozenset({"idea"}),
    "OFFER_WITH": frozenset({"idea"}),
    "OFFER_ASK": frozenset(),
    "HOOK_DO": frozenset({"step"}),
    "HOOK_NOTE": frozenset({"step"}),
    "FOLLOW_DOING": frozenset({"doing"}),
    "FOLLOW_WILL": frozenset({"do"}),
}


class Problem(str):
    """What is wrong, in English as the API and the command line say it, keeping its catalog
    message (marked `N_`) and places, so that a page can say it in its reader's language
    (rendering/app_wording.py)."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, **values: object) -> Problem:
        said = super().__new__(cls, template.format(**values) if values else template)
        said.template = template
        said.values = values
        return said


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _placeholders(phrasing: str) -> list[str] | Problem:
    """The placeholders of a phrasing, or what is wrong with them."""
    try:
        parts = list(string.Formatter().parse(phrasing))
    except ValueError:
        return Problem(N_('a "{" or "}" that is not part of a {placeholder}'))
    names = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return Problem(
                N_('"{{{written}}}" is not a placeholder: placeholders are a name in braces, like {{idea}}'),
                written=written,
            )
        names.append(name)
    return names


def _text_problem(phrasing: str) -> Problem | None:
    if not isinstance(phrasing, str) or not phrasing.strip():
        return Problem(N_("a phrasing is empty"))
    if phrasing != " ".join(phrasing.split()) or _CONTROL.search(phrasing):
        return Problem(N_("a phrasing has a line break or extra spaces"))
    if len(phrasing) > MAX_CHARS:
        return Problem(N_("a phrasing is longer than {most} characters"), most=MAX_CHARS)
    if phrasing[-1] not in ".!?":
        return Problem(N_("a phrasing ends without a full stop, ! or ?"))
    return None


def _phrasing_problem(move: str, phrasing: str) -> Problem | None:
    allowed = PLACEHOLDERS[move]
    names = _text_problem(phrasing) or _placeholders(phrasing)
    if isinstance(names, Problem):
        return names
    unknown = sorted(set(names) - allowed)
    missing = sorted(allowed - set(names))
    if unknown:
        if not allowed:
            return Problem(
                N_("{{{name}}} is not one of this move's placeholders (no placeholders)"), name=unknown[0]
            )
        may = ", ".join(f"{{{name}}}" for name in sorted(allowed))
        return Problem(
            N_("{{{name}}} is not one of this move's placeholders ({may})"), name=unknown[0], may=may
        )
    if missing:
        return Problem(N_("{{{name}}} is missing: every phrasing of this move says it"), name=missing[0])
    if move.startswith("LAPSE") and not phrasing.startswith("{hello}"):
        return Problem(N_("an opening starts with {hello} (the greeting)"))
    return None


def problems(phrasings: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """What is wrong with a program's wording set, by move; empty when nothing is."""
    found: dict[str, str] = {}
    for move, options in phrasings.items():
        if move not in PLACEHOLDERS:
            found[move] = Problem(N_("not a move of a draft (one of {moves})"), moves=", ".join(MOVES))
            continue
        if isinstance(options, str) or not options:
            found[move] = Problem(N_("give a list of one or more phrasings"))
            continue
        least = MIN_OPENINGS if move.startswith("LAPSE") else 1
        if not least <= len(options) <= MAX_PHRASINGS:
            found[move] = Problem(
                N_("give between {least} and {most} phrasings"), least=least, most=MAX_PHRASINGS
            )
            continue
        if len(set(options)) != len(options):
            found[move] = Problem(N_("a phrasing is given twice"))
            continue
        for number, option in enumerate(options, 1):
            problem = _phrasing_problem(move, option)
            if problem:  # the first one, by its place when there are several
                found[move] = (
                    Problem(N_("phrasing {number}: {problem}"), number=number, problem=problem)
                    if len(options) > 1
                    else problem
                )
                break
    return found


def program_wording(phrasings: Mapping[str, Sequence[str]]) -> Wording:
    """The default wording with a program's own phrasings in place of those it gives (which
    `problems` has found nothing wrong with)."""
    if problems(phrasings):
        raise ValueError("a wording set with problems")  # callers check problems() first
    return replace(DEFAULT, **{move: tuple(options) for move, options in phrasings.items()})
