"""The languages members read: a gettext catalog per language, and dates, times and weekdays
as the member's locale writes them (Babel).

Catalogs live in locale/<lang>/LC_MESSAGES/messages.po (the source, in the repository);
`make build` compiles each to messages.mo beside it, and a catalog with no .mo, or an older
one, is compiled here from its .po on first use instead (the local stack and the tests), in
memory. A msgid is the English text, so English needs no translations and reads as today.

`speaker(language, time_zone)` is what rendering code asks for: one immutable object per
(language, locale), cached, so it is safe to share between threads.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().with_name("locale")
DOMAIN = "messages"
LANGUAGES = ("en", "es")  # the first is the default, and the language of every msgid
DEFAULT_LANGUAGE = LANGUAGES[0]

# Spanish as written in Spain for members whose time zone is there; elsewhere (the programs
# this serves are in the US) Spanish as written in the United States.
_SPAIN = frozenset({"Europe/Madrid", "Atlantic/Canary", "Africa/Ceuta"})
ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def locale_for(language: str, time_zone: str) -> str:
    """The Babel locale a member's dates are written in."""
    if language == "es":
        return "es_ES" if time_zone in _SPAIN else "es_US"
    return "en_US"


def catalog_path(language: str, suffix: str = "po") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """The language's catalog: its compiled .mo when that is up to date, else its .po compiled
    now. An unknown language is refused (the profile only ever holds one of LANGUAGES)."""
    if language not in LANGUAGES:
        raise ValueError(f"no catalog for language {language!r}")
    source, compiled = catalog_path(language), catalog_path(language, "mo")
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with compiled.open("rb") as mo:
            return gettext.GNUTranslations(mo)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _plain(text: str) -> str:
    """CLDR's no-break spaces ("9:00 a. m.") as plain ones: a text stays as short as it can be."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@dataclass(frozen=True)
class Speaker:
    """How one member's messages read: the words (gettext) and the dates (Babel)."""

    language: str
    locale: str

    @property
    def english(self) -> bool:
        return self.language == "en"

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.language).ngettext(singular, plural, count)

    def day_label(self, value: date) -> str:
        """ "Wed 2 Dec"; "mié 2 dic"."""
        if self.english:
            return f"{value:%a} {value.day} {value:%b}"
        return self._date(value, "EEE d MMM")

    def date_label(self, value: date) -> str:
        """ "2 Dec 2026"; "2 dic 2026"."""
        if self.english:
            return f"{value.day} {value:%b %Y}"
        return self._date(value, "d MMM y")

    def month(self, value: date) -> str:
        """ "Dec"; "dic"."""
        if self.english:
            return f"{value:%b}"
        return self._date(value, "MMM")

    def weekday(self, number: int) -> str:
        """Monday is 0: "Friday"; "viernes"."""
        if self.english:
            return ENGLISH_DAYS[number]
        from babel.dates import get_day_names

        return str(get_day_names("wide", locale=self.locale)[number])

    def hour(self, value: int) -> str:
        """A whole hour: "09:00" in English as always; "9:00 a. m." (es_US), "9:00" (es_ES)."""
        if self.english:
            return f"{value:02d}:00"
        from babel.dates import format_time

        return _plain(format_time(time(value), "short", locale=self.locale))

    def _date(self, value: date, pattern: str) -> str:
        from babel.dates import format_date

        return _plain(format_date(value, pattern, locale=self.locale)).replace(".", "")


@cache
def speaker(language: str = DEFAULT_LANGUAGE, time_zone: str = "UTC") -> Speaker:
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    return Speaker(language, locale_for(language, time_zone))
