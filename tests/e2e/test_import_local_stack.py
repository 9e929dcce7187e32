"""`make run`, then a member brings in their LinkedIn export with the command-line tool."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench.import_bench import linkedin_export
from tests.e2e.test_local_stack import all_contacts
from tests.imports.helpers import corpus_dir
from tests.local_stack import ROOT, Running, call

pytestmark = pytest.mark.e2e
MEMBER = "jordan@bridges.example.org"


@pytest.fixture(scope="module")
def token(stack: Running) -> str:
    status, body = call(f"{stack.url}/_local/tokens")
    assert status == 200
    return next(entry["token"] for entry in body["tokens"] if entry["email"] == MEMBER)


def cli(stack: Running, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "tools/tracker_cli.py", "--api", stack.url, "--as", MEMBER, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_linkedin_export_imported_with_the_cli_gives_reminders_new_people_to_pick(
    stack: Running, token: str
) -> None:
    export = corpus_dir() / "linkedin" / "notes-preamble-two-blank-lines-missing-date.csv"
    before = {c["name"] for c in all_contacts(stack, token)}
    # A dry run first: nothing changes
    dry = cli(stack, "import", str(export), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "7 new" in dry.stdout
    assert "Dry run" in dry.stdout
    assert {c["name"] for c in all_contacts(stack, token)} == before
    # Then the import itself
    done = cli(stack, "import", str(export))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{export.name} (linkedin): 7 new, 0 updated, 0 unchanged")
    contacts = {c["name"]: c for c in all_contacts(stack, token)}
    imported = [contacts[name] for name in ("Ada Lovelace", "Katherine Johnson", "Tim Berners-Lee")]
    assert all(c["linkedin_url"] and c["due_at"] for c in imported)
    # The oldest connection (2019) comes first: due before the others, within days (the demo's
    # own people already due then take their share of each day), so the reminders soon pick her
    now = datetime.now(UTC)
    due = {c["name"]: datetime.fromisoformat(c["due_at"]) for c in imported}
    assert due["Katherine Johnson"] <= now + timedelta(days=7)
    assert due["Katherine Johnson"] < due["Ada Lovelace"]  # the newest waits her turn
    assert due["Katherine Johnson"] <= due["Tim Berners-Lee"]
    # And a second import changes nothing
    again = cli(stack, "import", str(export))
    assert "0 new, 0 updated, 7 unchanged" in again.stdout


def test_a_large_file_goes_in_parts_with_a_progress_bar_and_exports_back(
    stack: Running, tmp_path: Path
) -> None:
    large = tmp_path / "Connections.csv"
    large.write_bytes(linkedin_export(1_500))
    # (parts start over 1 MB by default; a smaller threshold keeps this test quick)
    done = cli(stack, "import", str(large), "--rows", "500", "--part-over", "20000")
    assert done.returncode == 0, done.stderr
    assert "500/1500 rows" in done.stderr  # the progress bar moves part by part
    assert "1500/1500 rows" in done.stderr
    assert "1500 new" in done.stdout
    exported = tmp_path / "network.json"
    result = cli(stack, "export", "--format", "json", "-o", str(exported))
    assert result.returncode == 0, result.stderr
    names: list[Any] = [c["name"] for c in json.loads(exported.read_text())["contacts"]]
    assert len(names) >= 1_500


def test_a_bad_file_is_reported_by_the_cli(stack: Running, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = cli(stack, "import", str(empty))
    assert result.returncode == 1
    assert "422: The file is empty" in result.stderr
