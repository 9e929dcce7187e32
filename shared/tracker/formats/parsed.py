"""The result of reading an import file, before anything is compared with stored contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tracker.formats.people import ImportedPerson, RowProblem


class FileFormat(StrEnum):
    LINKEDIN = "linkedin"
    GOOGLE = "google"
    OUTLOOK = "outlook"
    VCARD = "vcard"
    TRACKER = "tracker"  # this app's own CSV export
    CSV = "csv"  # another CSV whose columns we recognise by name


@dataclass
class ParsedFile:
    format: FileFormat
    rows: int = 0
    people: list[ImportedPerson] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)  # rows not imported
    skipped: list[RowProblem] = field(default_factory=list)  # rows with nothing to import
    warnings: list[RowProblem] = field(default_factory=list)  # imported, a value left out
