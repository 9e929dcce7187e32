"""What POST /imports answers and GET /export?format=json returns."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tracker.api.schemas.common import Instant
from tracker.api.schemas.contacts import ContactOut, InteractionOut
from tracker.formats.parsed import FileFormat
from tracker.formats.people import RowProblem
from tracker.services.exports import Network
from tracker.services.imports import ImportReport


class RowProblemOut(BaseModel):
    row: int = Field(
        description="The line a CSV row starts on (as a text editor counts), or the card's position"
    )
    field: str | None = Field(default=None, description="The column or value concerned, where there is one")
    reason: str

    @classmethod
    def of(cls, problem: RowProblem) -> RowProblemOut:
        return cls(row=problem.row, field=problem.field, reason=problem.message)


class ImportReportOut(BaseModel):
    format: FileFormat = Field(description="The format the file was recognised as")
    dry_run: bool = Field(description="True: nothing was written, this is what importing would do")
    rows: int = Field(description="Rows (CSV) or cards (vCard) read, blank lines not counted")
    new: int = Field(description="People added")
    updated: int = Field(description="People already in your network whose empty fields were filled")
    unchanged: int = Field(description="People already in your network, nothing to add")
    skipped: int = Field(description="Rows with nothing to import, or the same person again (merged)")
    failed: int = Field(description="Rows not imported; `errors` says why")
    conversations_added: int
    errors: list[RowProblemOut] = Field(description="Rows not imported, with the reason (first 500)")
    skipped_rows: list[RowProblemOut]
    warnings: list[RowProblemOut] = Field(description="Rows imported with a value left out or cut")

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportOut:
        return cls(
            format=report.format,
            dry_run=report.dry_run,
            rows=report.rows,
            new=report.new,
            updated=report.updated,
            unchanged=report.unchanged,
            skipped=report.skipped,
            failed=report.failed,
            conversations_added=report.conversations_added,
            errors=[RowProblemOut.of(p) for p in report.errors],
            skipped_rows=[RowProblemOut.of(p) for p in report.skipped_rows],
            warnings=[RowProblemOut.of(p) for p in report.warnings],
        )


class ExportedContact(ContactOut):
    conversations: list[InteractionOut] = Field(description="Oldest first")


class ExportOut(BaseModel):
    exported_at: Instant
    contacts: list[ExportedContact]

    @classmethod
    def of(cls, network: Network) -> ExportOut:
        return cls(
            exported_at=network.exported_at,
            contacts=[
                ExportedContact(
                    **ContactOut.of(contact).model_dump(),
                    conversations=[
                        InteractionOut.of(c) for c in network.conversations.get(contact.contact_id, [])
                    ],
                )
                for contact in network.contacts
            ],
        )
