"""Importing a file into the member's network, and what the member is told about it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field, replace

from tracker.domain.errors import N_, NotFound
from tracker.domain.ids import is_id, new_id
from tracker.domain.model import Contact, Identity, MemberKey
from tracker.domain.uploads import KEPT_FOR, STALLED_AFTER, StagedUpload, UploadStatus
from tracker.formats import read_file
from tracker.formats.merge import ImportPlan, conversation_key, plan_import
from tracker.formats.parsed import FileFormat
from tracker.formats.people import ImportedPerson, RowProblem, row_problem
from tracker.ports import BulkRepository, Clock, UploadRepository
from tracker.services.members import MemberService
from tracker.services.recount import RecountService

MAX_LISTED = 500  # problems listed per kind; the counts stay exact
MAX_EXAMPLES = 10  # rows of each kind a preview shows (and keeps)

# What an update fills in, in the member's words (the fields an import may fill).
_FILLED = {
    "email": "email",
    "phone": "phone",
    "company": "company",
    "role": "role",
    "linkedin_url": "LinkedIn profile",
    "how_we_met": "how you met",
    "known_since": "when you connected",
    "tags": "tags",
    "notes": "notes",
    "given_name": "given name",
    "called_name": "what you call them",
    "met": "whether you just met",
    "conversation_count": "conversations",
}


@dataclass(frozen=True)
class RowExample:
    """One row of the file and what importing does with it, for a preview."""

    row: int
    name: str
    reason: str


@dataclass
class ImportReport:
    format: FileFormat
    dry_run: bool
    rows: int
    new: int
    updated: int
    unchanged: int
    skipped: int
    failed: int
    conversations_added: int
    errors: list[RowProblem] = field(default_factory=list)
    skipped_rows: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    # The first rows of each outcome ("new", "updated", "unchanged") with what happens to them.
    examples: dict[str, list[RowExample]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ImportReport:
        data = json.loads(text)

        def problems(name: str) -> list[RowProblem]:
            return [
                RowProblem(**{**problem, "values": tuple(tuple(pair) for pair in problem.get("values", ()))})
                for problem in data[name]
            ]

        return cls(
            format=FileFormat(data["format"]),
            dry_run=bool(data["dry_run"]),
            rows=int(data["rows"]),
            new=int(data["new"]),
            updated=int(data["updated"]),
            unchanged=int(data["unchanged"]),
            skipped=int(data["skipped"]),
            failed=int(data["failed"]),
            conversations_added=int(data["conversations_added"]),
            errors=problems("errors"),
            skipped_rows=problems("skipped_rows"),
            warnings=problems("warnings"),
            examples={kind: [RowExample(**e) for e in rows] for kind, rows in data["examples"].items()},
        )

    def shortened(self, listed: int) -> ImportReport:
        """The same counts, with only the first `listed` rows of each list."""
        return replace(
            self,
            errors=self.errors[:listed],
            skipped_rows=self.skipped_rows[:listed],
            warnings=self.warnings[:listed],
            examples={kind: rows[:listed] for kind, rows in self.examples.items()},
        )


def _examples(
    people: list[ImportedPerson], plan: ImportPlan, updated: list[int]
) -> dict[str, list[RowExample]]:
    names = {person.row: person.name for person in people}
    changes: dict[int, tuple[Contact, Contact]] = {
        plan.row_of[after.contact_id]: (before, after) for before, after in plan.changed
    }

    def filled(row: int) -> str:
        before, after = changes[row]
        what = [label for name, label in _FILLED.items() if getattr(before, name) != getattr(after, name)]
        return "already in your network: adds " + (", ".join(what) if what else "details")

    return {
        "new": [
            RowExample(row, names.get(row, ""), "not in your network yet: added")
            for row in plan.rows_new[:MAX_EXAMPLES]
        ],
        "updated": [RowExample(row, names.get(row, ""), filled(row)) for row in updated[:MAX_EXAMPLES]],
        "unchanged": [
            RowExample(row, names.get(row, ""), "already in your network with these details: nothing to add")
            for row in plan.rows_unchanged[:MAX_EXAMPLES]
        ],
    }


class ImportService:
    def __init__(
        self, bulk: BulkRepository, members: MemberService, clock: Clock, recount: RecountService
    ) -> None:
        self._bulk = bulk
        self._members = members
        self._clock = clock
        self._recount = recount

    def import_file(self, identity: Identity, raw: bytes, *, dry_run: bool) -> ImportReport:
        """Read the file, match it against the member's network (read once), and unless this
        is a dry run write the new and changed contacts in batches."""
        parsed = read_file(raw)
        owner = identity.member
        profile = self._members.profile(identity)
        existing = list(self._bulk.all_contacts(owner))
        known: dict[str, Counter[tuple[str, str, str]]] = {}
        if any(person.conversations for person in parsed.people):
            for conversation in self._bulk.all_conversations(owner):
                key = conversation_key(conversation.when, conversation.channel.value, conversation.summary)
                known.setdefault(conversation.contact_id, Counter())[key] += 1
        now = self._clock.now()
        plan = plan_import(
            parsed.people,
            existing,
            known,
            now=now,
            default_cadence_days=profile.default_cadence_days,
            time_zone=profile.time_zone,
        )
        errors = list(parsed.errors)
        updated = plan.rows_updated
        if not dry_run:
            lost = {contact.contact_id for contact in self._bulk.replace_all(owner, plan.changed)}
            conversations = [c for c in plan.conversations if c.contact_id not in lost]
            self._bulk.add_all(owner, plan.new, conversations)
            lost_rows = {plan.row_of[contact_id] for contact_id in lost}
            errors += [
                row_problem(row, N_("this contact was changed while the file was imported; import it again"))
                for row in sorted(lost_rows)
            ]
            updated = [row for row in updated if row not in lost_rows]
            # A connection date that says the member knew someone before corrects the week
            # that counted them as new (the contact is written first: a re-import finds the
            # contact unchanged, a PATCH of `met` corrects it as well).
            for before, after in plan.changed:
                if before.met != after.met and after.contact_id not in lost:
                    self._recount.correct(owner, after.contact_id)
        skipped = [*parsed.skipped, *plan.merged_rows]
        return ImportReport(
            format=parsed.format,
            dry_run=dry_run,
            rows=parsed.rows,
            new=len(plan.rows_new),
            updated=len(updated),
            unchanged=len(plan.rows_unchanged),
            skipped=len(skipped),
            failed=len(errors),
            conversations_added=len(plan.conversations),
            errors=sorted(errors, key=lambda p: p.row)[:MAX_LISTED],
            skipped_rows=sorted(skipped, key=lambda p: p.row)[:MAX_LISTED],
            warnings=sorted(parsed.warnings, key=lambda p: p.row)[:MAX_LISTED],
            examples=_examples(parsed.people, plan, sorted(updated)),
        )


@dataclass(frozen=True)
class StagedImport:
    upload: StagedUpload
    preview: ImportReport
    result: ImportReport | None


class StagedImportService:
    """The web app's import: a dry run whose file is kept server-side (never sent back to the
    browser), then, once confirmed, the same import as POST /imports, done once whatever the
    number of confirmations (the upload is claimed with a conditional write)."""

    def __init__(self, imports: ImportService, uploads: UploadRepository, clock: Clock) -> None:
        self._imports = imports
        self._uploads = uploads
        self._clock = clock

    def preview(self, identity: Identity, raw: bytes, file_name: str) -> StagedImport:
        """The dry run's report, and the file kept for an hour under a new import id.
        InvalidInput / PayloadTooLarge (the file cannot be read) as POST /imports raises them."""
        report = self._imports.import_file(identity, raw, dry_run=True).shortened(MAX_EXAMPLES)
        now = self._clock.now()
        upload = StagedUpload(
            import_id=new_id(),
            file_name=file_name,
            status=UploadStatus.PREVIEWED,
            preview=report.to_json(),
            result=None,
            created_at=now,
            expires_at=now + KEPT_FOR,
        )
        self._uploads.stage(identity.member, upload, raw)
        return StagedImport(upload, report, None)

    def find(self, owner: MemberKey, import_id: str) -> StagedImport:
        """The member's import (NotFound for another member's, an unknown or a malformed id)."""
        upload = self._uploads.find(owner, import_id) if is_id(import_id) else None
        if upload is None:
            raise NotFound("No such import")
        result = ImportReport.from_json(upload.result) if upload.result else None
        return StagedImport(upload, ImportReport.from_json(upload.preview), result)

    def expired(self, staged: StagedImport) -> bool:
        """Previewed (or cut off while importing) and kept longer than its hour."""
        confirmable = staged.upload.status is UploadStatus.PREVIEWED or self.stalled(staged)
        return confirmable and self._clock.now() >= staged.upload.expires_at

    def stalled(self, staged: StagedImport) -> bool:
        """Its import began but was cut off (it may be confirmed again)."""
        return staged.upload.stalled(self._clock.now())

    def confirm(self, identity: Identity, import_id: str) -> StagedImport:
        """Import the kept file, once: a second confirmation (a double click, a resent form)
        finds it claimed and imports nothing. NotFound if there is no such file any more."""
        staged = self.find(identity.member, import_id)
        if self.expired(staged):
            return staged
        now = self._clock.now()
        if not self._uploads.claim(identity.member, import_id, now, now - STALLED_AFTER):
            return self.find(identity.member, import_id)
        try:
            raw = self._uploads.file(identity.member, import_id)
            if raw is None:
                raise NotFound("The file is no longer kept")
            report = self._imports.import_file(identity, raw, dry_run=False).shortened(MAX_EXAMPLES)
        except BaseException:
            self._uploads.finish(identity.member, import_id, None)  # may be confirmed again
            raise
        self._uploads.finish(identity.member, import_id, report.to_json())
        done = replace(staged.upload, status=UploadStatus.IMPORTED, result=report.to_json())
        return StagedImport(done, staged.preview, report)
