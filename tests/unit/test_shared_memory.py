"""A contact's shared memory (issue 15): kept, exported in our own CSV and imported back."""

from __future__ import annotations

import csv
import io

from tests.fakes.services import MemoryServices
from tracker.domain.contacts import NewContact
from tracker.domain.model import Identity

MEMORY = 'The pub quiz nights at the Crown, "Quizzy" and all'


def test_a_shared_memory_goes_out_in_the_export_and_comes_back_on_import(
    app: MemoryServices, sam: Identity
) -> None:
    app.contacts.create(sam, NewContact(name="Ana Lima", shared_memory=MEMORY))
    exported = app.exports.csv(app.exports.network(sam.member))
    (row,) = [r for r in csv.DictReader(io.StringIO(exported)) if r["record"] == "contact"]
    assert row["shared_memory"] == MEMORY
    other = Identity("bridges", "22222222-bbbb-4bbb-8bbb-222222222222", "jo@example.org")
    assert app.imports.import_file(other, exported.encode(), dry_run=False).new == 1
    (imported,) = app.exports.network(other.member).contacts
    assert imported.shared_memory == MEMORY
