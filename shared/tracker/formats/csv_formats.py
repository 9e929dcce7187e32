"""Contact CSVs: LinkedIn Connections.csv, Google Contacts (three generations), Outlook, this
app's own export, and any other CSV whose column names say what they hold.

Columns are always found by their header name, never by position: LinkedIn moves URL about,
Google and Outlook have dozens of columns, and a spreadsheet re-save may reorder them.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime

from tracker.domain.errors import N_, InvalidInput, PayloadTooLarge
from tracker.formats import own_format
from tracker.formats.parsed import FileFormat, ParsedFile
from tracker.formats.people import ImportedPerson, address_book_labels, row_problem

HEADER_SEARCH_ROWS = 30  # LinkedIn puts a few "Notes:" lines before its header
MULTI_VALUE = " ::: "  # Google joins several values in one cell with this

# Which column holds what, by normalised header name.
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("full", r"^(name|full name|display name)$"),
        ("first", r"^(first name|given name)$"),
        ("middle", r"^(middle name|additional name)$"),
        ("last", r"^(last name|family name|surname)$"),
        ("suffix", r"^(suffix|name suffix)$"),
        ("nickname", r"^nickname$"),
        ("email", r"^(e-?mail( address)?|e-?mail \d+ - value|e-?mail \d+ address|section \d+ - e-?mail)$"),
        ("email_type", r"^e-?mail \d+ - (type|label)$"),
        ("phone", r"^(phone \d+ - value|([a-z' ]+ )?phone( \d+)?|mobile|section \d+ - (phone|mobile))$"),
        (
            "company",
            r"^(company|organi[sz]ation( name| \d+ - name)?|section \d+ - company)$",
        ),
        ("role", r"^(position|job title|organi[sz]ation title|organi[sz]ation \d+ - title)$"),
        ("profile", r"^(url|profile url|linkedin( url| profile)?)$"),
        ("website", r"^(website \d+ - value|web ?page|personal web page|business web page|website)$"),
        ("notes", r"^notes?$"),
        ("labels", r"^(labels|group membership|categories)$"),
        ("connected", r"^connected on$"),
    )
)
_KNOWN_FOR_HEADER = {"full", "first", "last", "email", "company", "profile"}


def normalised_header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').casefold().split())


def _allow_fields_as_long_as(text: str) -> None:
    """A cell may be as long as the file. The limit is process-wide, so it only ever grows: a small
    file must not leave a limit that a later CSV read elsewhere in the process trips over."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))


def read_csv(text: str, *, max_rows: int) -> ParsedFile:
    """Every person of a contacts CSV, with the rows that could not be read and why."""
    _allow_fields_as_long_as(text)
    records = _records(text)
    header, header_row = _find_header(records)
    names = [normalised_header(cell) for cell in header]
    if own_format.is_own_header(names):
        return _read_own(records, names, max_rows=max_rows)
    columns = _columns(names)
    parsed = ParsedFile(_format_of(names, columns))
    for row, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        parsed.rows += 1
        if parsed.rows > max_rows:
            raise _too_many(max_rows)
        person = _person(row, cells, columns, parsed.format)
        if person is None:
            parsed.skipped.append(row_problem(row, N_("has no name, email address or profile")))
            continue
        parsed.people.append(person)
    if header_row and parsed.rows == 0:
        raise InvalidInput(N_("The file has a header but no contacts"), field="body")
    return parsed


def split_records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the records after it, each with the line it starts on (for the CLI,
    which sends large files in parts)."""
    _allow_fields_as_long_as(text)
    records = _records(text)
    header, _ = _find_header(records)
    return header, list(records)


class _Records:
    """csv.reader over the text, remembering on which line each record starts."""

    def __init__(self, text: str) -> None:
        self._reader = csv.reader(io.StringIO(text, newline=""), strict=False)
        self._buffer: list[tuple[int, list[str]]] = []

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        while self._buffer:
            yield self._buffer.pop(0)
        while True:
            record = self._next()
            if record is None:
                return
            yield record

    def peek(self, count: int) -> list[tuple[int, list[str]]]:
        while len(self._buffer) < count:
            record = self._next()
            if record is None:
                break
            self._buffer.append(record)
        return list(self._buffer)

    def take(self, count: int) -> None:
        del self._buffer[:count]

    def _next(self) -> tuple[int, list[str]] | None:
        start = self._reader.line_num + 1
        try:
            return start, next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            raise InvalidInput(
                N_("Line {line} is not valid CSV: {error}"), field="body", line=start, error=str(error)
            ) from error


def _records(text: str) -> _Records:
    return _Records(text.replace("\r\r\n", "\r\n"))


def _find_header(records: _Records) -> tuple[list[str], int]:
    """The first row that names the columns we need; what comes before it is a preamble."""
    candidates = records.peek(HEADER_SEARCH_ROWS)
    if not candidates:
        raise InvalidInput(N_("The file is empty"), field="body")
    for index, (row, cells) in enumerate(candidates):
        names = [normalised_header(cell) for cell in cells]
        if own_format.is_own_header(names) or len(_KNOWN_FOR_HEADER & set(_columns(names))) >= 2:
            records.take(index + 1)
            return cells, row
    first = ", ".join(cell[:40] for cell in candidates[0][1][:8])
    raise InvalidInput(
        N_(
            "This is not a contacts file we can read: no header row naming columns such as "
            "First Name, Last Name, Email Address or Company was found (first row: {first})"
        ),
        field="body",
        first=first,
    )


def _columns(names: list[str]) -> dict[str, list[int]]:
    """Each role's columns, in file order. A name seen before is not matched again: a header
    may be a million empty or repeated names."""
    columns: dict[str, list[int]] = {}
    roles: dict[str, str | None] = {}
    for index, name in enumerate(names):
        if name not in roles:
            roles[name] = _role(name)
        role = roles[name]
        if role is not None:
            columns.setdefault(role, []).append(index)
    return columns


def _role(name: str) -> str | None:
    if "fax" in name or "pager" in name or "yomi" in name or "phonetic" in name:
        return None
    return next((role for role, pattern in _ROLES if pattern.match(name)), None)


def _format_of(names: list[str], columns: dict[str, list[int]]) -> FileFormat:
    found = set(names)
    if "connected on" in found or {"first name", "last name", "url", "position"} <= found:
        return FileFormat.LINKEDIN
    if any(re.match(r"^e-mail \d+ - (value|type|label)$", n) for n in found) or "group membership" in found:
        return FileFormat.GOOGLE
    if "section 1 - email" in found:
        return FileFormat.GOOGLE
    if "e-mail address" in found or "e-mail display name" in found or "business phone" in found:
        return FileFormat.OUTLOOK
    return FileFormat.CSV


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _present(cells: list[str], indexes: list[int]) -> list[int]:
    """The columns this row has: a short row under a header of thousands of columns costs
    what the row holds, not what the header names."""
    return indexes[: bisect.bisect_left(indexes, len(cells))]


def _values(cells: list[str], columns: dict[str, list[int]], role: str) -> list[str]:
    found: list[str] = []
    for index in _present(cells, columns.get(role, [])):
        for value in _cell(cells, index).split(MULTI_VALUE):
            if value.strip():
                found.append(value.strip())
    return found


def _first(cells: list[str], columns: dict[str, list[int]], role: str) -> str | None:
    values = _values(cells, columns, role)
    return values[0] if values else None


def _emails(cells: list[str], columns: dict[str, list[int]]) -> list[str]:
    """Addresses in column order, the one Google marks primary ("* Work") first."""
    types = set(columns.get("email_type", []))
    primary: list[str] = []
    rest: list[str] = []
    for index in _present(cells, columns.get("email", [])):
        values = [v.strip() for v in _cell(cells, index).split(MULTI_VALUE) if v.strip()]
        if index - 1 in types and _cell(cells, index - 1).startswith("*"):
            primary += values
        else:
            rest += values
    return primary + rest


def _person(
    row: int, cells: list[str], columns: dict[str, list[int]], file_format: FileFormat
) -> ImportedPerson | None:
    parts = [_first(cells, columns, role) for role in ("first", "middle", "last", "suffix")]
    full = _first(cells, columns, "full")
    name = full or " ".join(p for p in parts if p) or _first(cells, columns, "nickname") or ""
    emails = _emails(cells, columns)
    profile = _first(cells, columns, "profile")
    websites = _values(cells, columns, "website")
    if profile:
        websites.insert(0, profile)
    company = _first(cells, columns, "company")
    if not (name or emails or company or websites):
        return None
    labels = _values(cells, columns, "labels")
    if file_format is FileFormat.OUTLOOK:
        labels = [part for label in labels for part in label.split(";")]
    connected = _date(_first(cells, columns, "connected"))
    return ImportedPerson(
        row=row,
        name=name,
        given_name=parts[0],
        company=company,
        role=_first(cells, columns, "role"),
        notes=_first(cells, columns, "notes"),
        tags=tuple(address_book_labels(labels)),
        starred=any(label.strip("* ").casefold() == "starred" for label in labels),
        connected_on=connected,
        how_we_met=_how_we_met(file_format, connected),
        email_candidates=emails,
        phone_candidates=_values(cells, columns, "phone"),
        website_candidates=websites,
    )


def _how_we_met(file_format: FileFormat, connected: date | None) -> str | None:
    if file_format is not FileFormat.LINKEDIN:
        return None
    when = f", {connected.day} {connected:%B %Y}" if connected else ""
    return f"Connected on LinkedIn{when}"


_DATE_FORMATS = ("%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")


def _date(text: str | None) -> date | None:
    if not text:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a date, no zone
        except ValueError:
            continue
    return None


def _too_many(max_rows: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        N_("The file has more than {most} rows; import it in parts (the command-line tool does this)"),
        field="body",
        most=max_rows,
    )


def _read_own(records: _Records, names: list[str], *, max_rows: int) -> ParsedFile:
    parsed = ParsedFile(FileFormat.TRACKER)
    rows = own_format.OwnRows()
    # Only our columns are read, each from its first column of that name: a row costs the
    # same whatever else the header names.
    first: dict[str, int] = {}
    for index, name in enumerate(names):
        first.setdefault(name, index)
    wanted = {name: first[name] for name in own_format.COLUMNS if name in first}
    for row, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        parsed.rows += 1
        if parsed.rows > max_rows:
            raise _too_many(max_rows)
        values = {name: (cells[i] if i < len(cells) else "") for name, i in wanted.items()}
        person = rows.add(row, values)
        if person is not None:
            parsed.people.append(person)
    rows.finish()
    parsed.errors += rows.errors
    parsed.warnings += rows.warnings
    return parsed
