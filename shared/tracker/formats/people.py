"""What an import file says about one person, cleaned to the rules the API holds typed data to."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.domain.errors import N_
from tracker.domain.model import Channel, Met, NextStep, Outcome, Relationship
from tracker.domain.text import fold

NAME_CHARS = 200
SHORT_CHARS = 300
TEXT_CHARS = 2000
NOTES_CHARS = 10_000
MAX_TAGS = 20
TAG_CHARS = 40
MAX_HELP_IDEAS = 20
CADENCE_RANGE = range(7, 731)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_PHONE_PUNCTUATION = re.compile(r"[\s().\-/]")
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub)/([^/?#\s]+)", re.IGNORECASE)


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with one row (a CSV line, or the Nth card of a vCard file)."""

    row: int
    message: str  # in English, as the API says it
    field: str | None = None
    # The message as marked for the catalogs (N_) and what fills its places, so that a page
    # says it in its reader's language (rendering/reader.said_row); "": the message itself.
    template: str = ""
    values: tuple[tuple[str, str | int], ...] = ()


def row_problem(row: int, template: str, field: str | None = None, **values: str | int) -> RowProblem:
    """A row's problem from its message as marked for the catalogs, its places filled."""
    return RowProblem(
        row, template.format(**values) if values else template, field, template, tuple(values.items())
    )


@dataclass(frozen=True)
class ImportedConversation:
    """A conversation from this app's own export, re-imported."""

    when: datetime
    channel: Channel = Channel.OTHER
    summary: str | None = None
    next_step: NextStep | None = None
    help_offered: str | None = None
    help_received: str | None = None
    outcomes: tuple[Outcome, ...] = ()


@dataclass
class ImportedPerson:
    row: int
    name: str
    given_name: str | None = None  # an address book's first name, when its full name has it
    called_name: str | None = None  # only this app's own export carries it
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    role: str | None = None
    linkedin_url: str | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()
    connected_on: date | None = None  # when the member connected with them (known_since)
    how_we_met: str | None = None
    shared_memory: str | None = None  # only this app's own export carries it
    met: Met | None = None  # this app's own export says; other files: "before"
    # Only this app's own export carries the rest.
    relationship: Relationship | None = None
    starred: bool = False
    cadence_days: int | None = None
    help_ideas: tuple[str, ...] = ()
    next_step: NextStep | None = None
    archived: bool = False
    last_contact_at: datetime | None = None
    last_summary: str | None = None
    snoozed_until: datetime | None = None
    conversations: list[ImportedConversation] = field(default_factory=list)
    source_id: str | None = None  # the contact's id in this app's own export
    # Everything a file lists, before `settle` picks the one email, phone and profile kept
    # in their own fields; the others go to the notes, so that nothing is lost.
    email_candidates: list[str] = field(default_factory=list)
    phone_candidates: list[str] = field(default_factory=list)
    website_candidates: list[str] = field(default_factory=list)
    emails: tuple[str, ...] = ()  # every valid address, for matching existing contacts

    def settle(self) -> tuple[list[RowProblem], RowProblem | None]:
        """Clean every field to the API's rules. Returns warnings (imported, something left
        out or cut) and the error that stops this row, if any."""
        warnings: list[RowProblem] = []
        emails = [e for e in (clean_email(c) for c in [*self.email_candidates, self.email or ""]) if e]
        emails = list(dict.fromkeys(emails))
        unreadable = [
            c.strip() for c in [*self.email_candidates, self.email or ""] if c.strip() and not clean_email(c)
        ]
        phones_given = [p.strip() for p in [self.phone or "", *self.phone_candidates] if p.strip()]
        phones = list(dict.fromkeys(phones_given))
        phone = next((p for p in (clean_phone(p) for p in phones) if p), None)
        websites = [w.strip() for w in self.website_candidates if w.strip()]
        profile = self.linkedin_url or next((p for p in map(linkedin_profile, websites) if p), None)
        self.email, self.emails = (emails[0] if emails else None), tuple(emails)
        self.phone = phone
        self.linkedin_url = profile
        extras = [
            _listed("Other email addresses", emails[1:]),
            _listed("Not email addresses", unreadable),
            _listed("Phone numbers", [p for p in phones if phone is None or clean_phone(p) != phone]),
            _listed("Websites", [w for w in websites if profile is None or linkedin_profile(w) != profile]),
        ]
        notes = join_notes(self.notes, *extras)
        if notes and len(notes) >= NOTES_CHARS:
            warnings.append(
                row_problem(self.row, N_("notes were cut to {limit} characters"), "notes", limit=NOTES_CHARS)
            )
        self.notes = notes
        for name, limit in (("company", SHORT_CHARS), ("role", SHORT_CHARS)):
            value = getattr(self, name)
            if value and len(value) > limit:
                warnings.append(
                    row_problem(
                        self.row, N_("{column} was cut to {limit} characters"), name, column=name, limit=limit
                    )
                )
            setattr(self, name, single_line(value, limit))
        self.how_we_met = multi_line(self.how_we_met, TEXT_CHARS)
        self.shared_memory = multi_line(self.shared_memory, TEXT_CHARS)
        self.tags = tags_from(list(self.tags))
        self.help_ideas = tuple(i for i in (single_line(h) for h in self.help_ideas) if i)[:MAX_HELP_IDEAS]
        self.name = single_line(self.name, 100_000) or single_line(self.company) or self.email or ""
        self.given_name = given_in(self.name, single_line(self.given_name, NAME_CHARS))
        self.called_name = single_line(self.called_name, NAME_CHARS)
        if not self.name:
            return warnings, row_problem(self.row, N_("has no name or email address"), "name")
        if len(self.name) > NAME_CHARS:
            return warnings, row_problem(
                self.row, N_("name is longer than {limit} characters"), "name", limit=NAME_CHARS
            )
        return warnings, None


def given_in(name: str, given: str | None) -> str | None:
    """`given` if the full name shows it, else None: a card whose N and FN disagree (N says
    Forrest Gump, FN Joe Due) is greeted by the name the member sees."""
    if given is None:
        return None
    return given if "".join(fold(given).split()) in "".join(fold(name).split()) else None


def _listed(label: str, values: list[str]) -> str | None:
    return f"{label}: {', '.join(values)}" if values else None


def single_line(value: str | None, limit: int = SHORT_CHARS) -> str | None:
    """Trimmed one-line text, or None when nothing is left. Over-long text is cut, not lost
    silently: callers that must not cut check `fits` first."""
    if value is None:
        return None
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", value).replace("\n", " ")).strip()
    return text[:limit] if text else None


def multi_line(value: str | None, limit: int = NOTES_CHARS) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n")
    text = _CONTROL.sub("", text.replace("\r", "\n")).strip()
    return text[:limit] if text else None


def clean_email(value: str | None) -> str | None:
    """An address the API would accept, or None. Display forms lose their name part."""
    text = single_line(value, 400)
    if not text:
        return None
    found = re.search(r"<([^<>\s]+@[^<>\s]+)>", text)
    if found:
        text = found.group(1)
    text = text.removeprefix("mailto:").removeprefix("MAILTO:").strip()
    if len(text) > 254 or ".." in text or not _EMAIL.match(text):
        return None
    return text


def clean_phone(value: str | None) -> str | None:
    """E.164 (+<country><number>) as the API stores phones, or None when the number has no
    country code we can be sure of (then it is kept in the notes instead)."""
    text = single_line(value, 64)
    if not text:
        return None
    text = text.removeprefix("tel:")
    compact = _PHONE_PUNCTUATION.sub("", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    return compact if _E164.match(compact) else None


def linkedin_profile(value: str | None) -> str | None:
    """A LinkedIn profile address in one canonical spelling, so that the same person's URL
    matches whatever the export added (no scheme, no www., ?trk=..., a trailing slash)."""
    text = single_line(value, 400)
    if not text:
        return None
    found = _LINKEDIN.match(text.replace("\\:", ":"))
    if not found:
        return None
    kind, slug = found.group(1).lower(), found.group(2).rstrip(".,;")
    return f"https://www.linkedin.com/{kind}/{slug.lower()}"


def identity_text(value: str | None) -> str:
    """Names and companies compared as people read them: case, accents on Latin letters,
    punctuation and spacing do not make two people out of one."""
    if not value:
        return ""
    text = re.sub(r"[\W_]+", " ", fold(value))
    return " ".join(text.split())


SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts", "starred"})


def address_book_labels(values: list[str]) -> list[str]:
    """An address book's labels (groups, categories) as tags: Google marks its system groups
    with "* " ("* myContacts", "* starred"); those go, and the mark goes from the rest.
    Only for address books: our own export's tags are the member's, kept as typed."""
    labels = [value.strip().removeprefix("* ") for value in values]
    return [label for label in labels if label.strip().casefold() not in SYSTEM_GROUPS]


def tags_from(values: list[str]) -> tuple[str, ...]:
    """Tags on one line each, empties dropped, repeats (any case) once."""
    seen: dict[str, str] = {}
    for value in values:
        tag = single_line(value, TAG_CHARS)
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())[:MAX_TAGS]


def join_notes(*parts: str | None) -> str | None:
    return multi_line("\n\n".join(part for part in parts if part))
