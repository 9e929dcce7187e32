"""Chromium (Debian's, driven by Playwright for Python) and axe-core for the browser tests.

Locally a missing browser, driver or axe-core skips these tests with the reason; in CI
(`CI` set, as .ci/run does) it fails them, so the browser tests can never silently vanish.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import summary

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent / "artifacts"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# As the machine notes say: a closed network, so no background traffic, no sandbox as root.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SECTION = "public pages and the web app in Chromium"
FIGURES: list[dict[str, Any]] = []
SCREENSHOTS: list[Path] = []


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require(available: bool, reason: str) -> None:
    if available:
        return
    if in_ci():
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs what they need)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def axe_source() -> Path:
    require(AXE.is_file(), f"axe-core is not installed ({AXE}); run `npm ci --prefix tests/browser`")
    return AXE


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    chromium = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    require(chromium is not None, f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright Python package is missing (pip install -r requirements-dev.txt)")
        raise
    # Playwright's launch() starts Chromium with a fresh, temporary profile (user data dir).
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def figures() -> list[dict[str, Any]]:
    return FIGURES


def pytest_sessionfinish() -> None:
    """Write the figures and report them (tests/summary.py prints them after the run)."""
    if not FIGURES and not SCREENSHOTS:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser-figures.json").write_text(json.dumps(FIGURES, indent=2), encoding="utf-8")
    for figure in FIGURES:
        summary.report(
            SECTION,
            f"{figure['page']}: {figure['bytes']:,} bytes, first contentful paint "
            f"{figure['first_render_ms']:.0f} ms (of which the server {figure['server_ms']:.0f} ms), "
            f"axe-core: {figure['axe']}",
        )
    for path in SCREENSHOTS:
        summary.report(SECTION, f"screenshot: {path}")
    summary.report(SECTION, f"figures: {ARTIFACTS / 'browser-figures.json'}")
