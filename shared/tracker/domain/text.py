"""How people's words are compared: one rule for search, the quick-log form and imports."""

from __future__ import annotations

import unicodedata


def fold(value: str) -> str:
    """`value` as a reader compares it: case and the accents of Latin letters do not matter
    ("Zoë" is "zoe", "Víctor" is "victor"); other scripts' marks (Japanese voicing) stay."""
    text = unicodedata.normalize("NFKC", value).casefold()
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue  # é -> e
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))
