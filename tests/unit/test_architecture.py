"""The architecture's import rules (.importlinter, run by `make lint`) fail when broken.

Each case copies the code to a temporary folder, breaks one rule there and runs the same
contracts on the copy: an import cycle, an import from a lower layer to a higher one, the
Lambda layer reaching into the local stack. The real tree keeps every contract.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(root / ".importlinter"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": f"{root / 'shared'}{os.pathsep}{root}"},
        check=False,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("shared", "local", "functions"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=ignore)
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def add_import(module: Path, statement: str) -> None:
    module.write_text(module.read_text() + f"\n{statement}  # noqa: E402, F401\n")


def test_the_tree_keeps_every_contract() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "3 kept, 0 broken" in result.stdout


def test_an_import_cycle_breaks_the_build(copy: Path) -> None:
    domain = copy / "shared" / "tracker" / "domain"
    add_import(domain / "ids.py", "from tracker.domain import cursor")
    add_import(domain / "cursor.py", "from tracker.domain import ids")
    result = lint(copy)
    assert result.returncode != 0
    assert "No import cycles, at any depth of the tree BROKEN" in result.stdout
    assert ".ids -> .cursor" in result.stdout


def test_a_lower_layer_importing_a_higher_one_breaks_the_build(copy: Path) -> None:
    add_import(copy / "shared" / "tracker" / "domain" / "picks.py", "from tracker.services import picks")
    result = lint(copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "tracker.domain.picks -> tracker.services.picks" in result.stdout


def test_an_adapter_importing_a_service_breaks_the_build(copy: Path) -> None:
    add_import(copy / "shared" / "tracker" / "adapters" / "aws.py", "from tracker.services import sending")
    result = lint(copy)
    assert result.returncode != 0
    assert "tracker.adapters.aws -> tracker.services.sending" in result.stdout


def test_the_layer_reaching_into_the_local_stack_breaks_the_build(copy: Path) -> None:
    add_import(copy / "shared" / "tracker" / "observability.py", "import local.template")
    result = lint(copy)
    assert result.returncode != 0
    assert "never imports the local stack or the handlers BROKEN" in result.stdout
