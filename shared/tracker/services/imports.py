"""Importing a file into the member's network, and what the member is told about it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tracker.domain.model import Identity
from tracker.formats import read_file
from tracker.formats.merge import conversation_key, plan_import
from tracker.formats.parsed import FileFormat
from tracker.formats.people import RowProblem
from tracker.ports import BulkRepository, Clock
from tracker.services.members import MemberService
from tracker.services.recount import RecountService

MAX_LISTED = 500  # problems listed per kind; the counts stay exact


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
                RowProblem(row, "this contact was changed while the file was imported; import it again")
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
        )
