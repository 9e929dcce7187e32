"""Who reads the page being built, and so in which language it is written: the signed-in
member's (the web app's session), the member a signed link is for, or, before anyone is known
(sign-in, a forgotten password), what the browser asks for (Accept-Language).

Set once where a request learns who reads it (tracker/web), read wherever a page's words are
chosen, so that no function has to pass the language along. The web function answers one
request at a time, and `reset` starts each request afresh: a page never inherits the last
reader's language.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Protocol

from tracker.domain.errors import TrackerError
from tracker.domain.model import Member
from tracker.domain.sending import REFUSED, UNDELIVERABLE
from tracker.rendering.i18n import DEFAULT_LANGUAGE, LANGUAGES, Speaker, speaker
from tracker.rendering.labels import speaker_of

_READER: ContextVar[Speaker | None] = ContextVar("reader", default=None)


def N_(message: str) -> str:
    """A message said later through `gettext(...)` (a label kept in a table): gettext's usual
    name for "translate later", which Babel extracts."""
    return message


def words() -> Speaker:
    """How the page being built reads: its reader's language and date formats."""
    return _READER.get() or speaker()


def read_as(language: str, time_zone: str = "UTC") -> None:
    _READER.set(speaker(language, time_zone))


def read_by(member: Member) -> None:
    """The page is for this member: their language, their locale's dates."""
    _READER.set(speaker_of(member))


def browser_language(accept_language: str, chosen: str = "") -> str:
    """The language to show someone not signed in: one they chose with the page's switch
    (`?lang=es`), else the first of ours their browser prefers (`es-MX,es;q=0.9` is Spanish),
    else English."""
    if chosen in LANGUAGES:
        return chosen
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def reset(accept_language: str = "", chosen: str = "") -> None:
    """A new request: the browser's language until a member is known."""
    read_as(browser_language(accept_language, chosen))


def gettext(message: str) -> str:
    """The message in the reader's language (Babel extracts every `gettext("...")`)."""
    return words().gettext(message)


def said(error: TrackerError) -> str:
    """A service's error in the reader's language: its message as marked for the catalogs
    (`N_` in the services and the domain), its places filled after; one with no translation
    reads as the API says it."""
    return words().gettext(error.template).format(**error.values) if error.values else gettext(error.template)


class Marked(Protocol):
    """A message made from a catalog's template (an import's row problem, formats/people.py)."""

    @property
    def message(self) -> str: ...
    @property
    def template(self) -> str: ...
    @property
    def values(self) -> tuple[tuple[str, str | int], ...]: ...


def said_problem(problem: str | None) -> str | None:
    """Why email no longer reaches a member (domain/sending.py's words, as the session keeps
    them) in the reader's language."""
    if not problem:
        return None
    prefix, _, suffix = REFUSED.partition("{reason}")
    if problem.startswith(prefix) and problem.endswith(suffix):
        reason = problem[len(prefix) : len(problem) - len(suffix)]
        return gettext(REFUSED).format(reason=reason)
    return gettext(problem) if problem in UNDELIVERABLE.values() else problem


def said_row(problem: Marked) -> str:
    """An import row's problem in the reader's language (marked where it is made, its places
    filled after); one kept before problems carried their template reads as stored."""
    if not problem.template:
        return problem.message
    return words().gettext(problem.template).format(**dict(problem.values))


def ngettext(singular: str, plural: str, count: int) -> str:
    return words().ngettext(singular, plural, count)
