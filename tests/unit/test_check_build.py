"""The build check's rendering probe, run here against the source tree.

`make build` runs `tools/check_build.py` on the SAM build; its probes are Python source in
strings, so nothing else (ruff, mypy) reads them. Running the render probe on `shared/` in a
fresh isolated interpreter catches a probe that drifted from the code before CI's build does.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import jinja2
import markupsafe

ROOT = Path(__file__).resolve().parents[2]


def _check_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_build", ROOT / "tools" / "check_build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_render_probe_renders_an_email_and_a_page_from_the_shared_code_alone() -> None:
    check_build = _check_build()
    # The layer holds tracker and its rendering libraries; here they sit in shared/ and the venv.
    libraries = {str(Path(package.__file__).resolve().parents[1]) for package in (jinja2, markupsafe)}
    roots = [str(ROOT / "shared"), *sorted(libraries)]

    result = check_build._probe(sys.executable, check_build.RENDER_PROBE, roots)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["outside"] == []
    assert report["templates"].startswith(str(ROOT / "shared"))
    text, html, page = report["sizes"]
    assert text > 100
    assert html > text
    assert page > 1000
