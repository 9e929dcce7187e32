"""What to call a person in a greeting: their given name, never a title, an email address or a
number (an address book's "Mr. John Doe Sr." is John; a card named only by its email address
has no name to greet, and a draft says "Hi there" instead)."""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

# Before a name (compared case-insensitively, without a full stop).
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lady",
        "lord",
        "rev",
        "revd",
        "fr",
        "sr",
        "sra",
        "srta",
        "dra",
        "dña",
        "doña",
        "lic",
        "ing",
        "herr",
        "frau",
        "mme",
        "mlle",
        "capt",
        "col",
        "hon",
    }
)
# After a name.
SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "dds", "esq", "cpa", "rn", "msc", "dphil", "jd"}
)
_EDGES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[]{},;:!?"
_INITIALS = re.compile(r"[^\W\d_]|(?:[^\W\d_]\.)+[^\W\d_]?")  # J, J., J.R., J.R
_JOINERS = frozenset("'\u2019-")  # O'Brien, Jean-Luc


class Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def given_name(self) -> str | None: ...

    @property
    def called_name(self) -> str | None: ...


def _key(word: str) -> str:
    return word.casefold().rstrip(".")


def _words(text: str) -> list[str]:
    """The words of a name, edge punctuation gone; symbols alone (an emoji) are no word."""
    words = [word.strip(_EDGES) for word in unicodedata.normalize("NFC", text).split()]
    return [word for word in words if any(char.isalnum() or char == "@" for char in word)]


def _is_name_word(word: str) -> bool:
    """Letters (with their accents), joined by apostrophes or hyphens: no digits, no "@"."""
    core = word.rstrip(".")
    return (
        bool(core)
        and all(char in _JOINERS or unicodedata.category(char)[0] in "LM" for char in core)
        and any(unicodedata.category(char)[0] == "L" for char in core)
    )


def _is_initial(word: str) -> bool:
    return bool(_INITIALS.fullmatch(word))


def _trimmed(words: list[str]) -> list[str]:
    """Without the titles in front and the suffixes at the end."""
    while len(words) > 1 and _key(words[0]) in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and _key(words[-1]) in SUFFIXES:
        words = words[:-1]
    return words


def _in_order(name: str) -> list[str]:
    """The words of a full name, given name first ("Doe, John" is John Doe), without titles."""
    if name.count(",") == 1:
        family, rest = (_words(part) for part in name.split(","))
        # A family name alone before the comma: not "John Doe, Jr."
        if len(family) == 1 and rest and _key(rest[0]) not in SUFFIXES:
            return _trimmed([*rest, *family])
    return _trimmed(_words(name))


def first_name(name: str | None) -> str | None:
    """The first name in a full name as people write it ("Dr. John Q. Public, III" is John,
    "Public, John" is John), or None when there is none to greet: an email address, a number,
    only initials or titles."""
    words = [word for word in _in_order(name or "") if not _is_initial(word)]
    if not words or _key(words[0]) in HONORIFICS | SUFFIXES or not _is_name_word(words[0]):
        return None
    return words[0].rstrip(".")


def given(text: str | None) -> str | None:
    """A given name as kept ("Mary Ann" stays whole), or None if it is no name to greet."""
    words = _trimmed(_words(text or ""))
    if not words or not all(_is_name_word(word) for word in words):
        return None
    if all(_is_initial(word) or _key(word) in HONORIFICS | SUFFIXES for word in words):
        return None
    return " ".join(words)


def greeting_name(person: Named) -> str | None:
    """What a greeting calls a person: what the member calls them, else their given name,
    else the first name in their full name; None when none of these is a name."""
    called = _words(person.called_name or "")
    if called and all(_is_name_word(word) for word in called):
        return " ".join(called)  # the member's own choice, titles and all ("Dr. Ruiz")
    return given(person.given_name) or first_name(person.name)


def initial(name: str | None) -> str | None:
    """The initial of a name ("J."), for where a name would say too much or is not one."""
    words = _in_order(name or "")
    if not words or not _is_name_word(words[0]) or _key(words[0]) in HONORIFICS:
        return None
    return words[0][0].upper() + "."
