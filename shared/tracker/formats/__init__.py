"""Reading contact files (LinkedIn, Google, Outlook, vCard, this app's own CSV) into people."""

from __future__ import annotations

from tracker.domain.errors import N_, InvalidInput, PayloadTooLarge
from tracker.formats.csv_formats import read_csv
from tracker.formats.parsed import FileFormat, ParsedFile
from tracker.formats.text import decode
from tracker.formats.vcards import looks_like_vcard, read_vcards

MAX_ROWS = 25_000


def read_file(raw: bytes, *, max_rows: int = MAX_ROWS) -> ParsedFile:
    """Every person in the file, whatever its format, each row settled to the API's rules."""
    if not raw.strip():
        raise InvalidInput(N_("The file is empty"), field="body")
    from tracker.formats.text import to_utf8

    data = to_utf8(raw)
    if looks_like_vcard(data):
        parsed = read_vcards(data, max_rows=max_rows)
    else:
        if b"\x00" in data[:4096]:
            raise InvalidInput(N_("This is not a text file: it looks like a binary file"), field="body")
        parsed = read_csv(decode(data), max_rows=max_rows)
    settled = []
    for person in parsed.people:
        warnings, error = person.settle()
        parsed.warnings += warnings
        if error is not None:
            parsed.errors.append(error)
        else:
            settled.append(person)
    parsed.people = settled
    return parsed


__all__ = ["MAX_ROWS", "FileFormat", "ParsedFile", "PayloadTooLarge", "read_file"]
