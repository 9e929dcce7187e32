"""The web app's Import pages (routes: tracker/web/app_import.py): choosing a file, the dry
run's preview, the import's progress and its result. Names and cells from the file are plain
text to the templates, which escape them like every other value."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.rendering.app_pages import Chrome, Field, Page, render_page
from tracker.rendering.reader import N_, gettext

IMPORT = "/app/import"

# The formats the importer recognises (tracker.formats.parsed.FileFormat), as the member knows them.
FORMATS = {
    "linkedin": N_("LinkedIn connections (Connections.csv)"),
    "google": N_("Google Contacts CSV"),
    "outlook": N_("Outlook contacts CSV"),
    "vcard": N_("vCard (.vcf)"),
    "tracker": N_("Networking Tracker CSV (our own download)"),
    "csv": N_("CSV with columns we recognise"),
}

Row = tuple[int, str, str]  # (row of the file, name if it has one, what happens to it)


@dataclass(frozen=True)
class ReportView:
    """An import's report (tracker.services.imports.ImportReport) as the page shows it."""

    format: str
    rows: int
    new: int
    updated: int
    unchanged: int
    skipped: int
    failed: int
    conversations_added: int
    examples: dict[str, list[Row]]  # the first rows of each outcome: new ... failed
    warnings: list[tuple[int, str]]


@dataclass(frozen=True)
class ImportView:
    import_id: str
    file_name: str
    state: str  # "previewed", "importing", "stalled" (cut off; may be confirmed again), "imported", "expired"
    report: ReportView  # the dry run's until imported, then the import's


@dataclass(frozen=True)
class Outcome:
    """One line of the counts, with the first rows of that kind and what happens to them."""

    key: str
    label: str
    count: int
    rows: list[tuple[int, str, str]]  # (row, name, reason); name empty where the row has none


def _outcomes(report: ReportView, done: bool) -> list[Outcome]:
    def examples(kind: str) -> list[Row]:
        return report.examples.get(kind, [])

    return [
        Outcome(
            "new", gettext("added") if done else gettext("new: will be added"), report.new, examples("new")
        ),
        Outcome(
            "updated",
            gettext("updated") if done else gettext("already in your network: empty details will be filled"),
            report.updated,
            examples("updated"),
        ),
        Outcome(
            "unchanged",
            gettext("already in your network, nothing to add"),
            report.unchanged,
            examples("unchanged"),
        ),
        Outcome(
            "skipped",
            gettext("skipped: nothing to import, or the same person again"),
            report.skipped,
            examples("skipped"),
        ),
        Outcome(
            "failed",
            gettext("not imported") if done else gettext("cannot be imported"),
            report.failed,
            examples("failed"),
        ),
    ]


def choose(csrf: str, error: str | None = None, *, status: int = 200) -> Page:
    """The upload form (and the downloads), with the file's problem beside its field."""
    field = Field("file", "", error)
    return render_page(
        "import",
        status,
        Chrome(csrf, "/app/network"),
        title=gettext("Import contacts")
        if error is None
        else gettext("Import contacts: please check the file"),
        csrf=csrf,
        field=field,
        problems=[field] if error else [],
    )


def staged(view: ImportView, csrf: str, *, status: int = 200) -> Page:
    """The preview (before confirming), the progress (while importing) or the result."""
    report = view.report
    titles = {
        "previewed": N_("Check before importing"),
        "importing": N_("Importing…"),
        "stalled": N_("The import did not finish"),
        "imported": N_("Imported"),
        "expired": N_("This preview has expired"),
    }
    return render_page(
        "import_preview",
        status,
        Chrome(csrf, "/app/network"),
        title=gettext(titles[view.state]),
        csrf=csrf,
        state=view.state,
        file_name=view.file_name,
        format=gettext(FORMATS[report.format]) if report.format in FORMATS else report.format,
        rows=report.rows,
        outcomes=_outcomes(report, view.state == "imported"),
        warnings=report.warnings,
        conversations=report.conversations_added,
        to_write=report.new + report.updated,
        action=f"{IMPORT}/{view.import_id}",
    )
