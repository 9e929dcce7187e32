"""The templates behind our emails and pages: HTML escaped, plain text as typed, every page's
style sheet the one the policy allows, and Jinja2 loaded only when something is rendered."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tracker.domain import Contact, Member, MemberKey
from tracker.domain.links import LinkSigner
from tracker.domain.model import ReminderChannel
from tracker.domain.picks import DailyPicks, PickStatus, ReconnectPick
from tracker.domain.plans import Plan, PlanKind, PlannedPerson, PlannedWeek
from tracker.domain.quicklog import LinkTrouble, UndoOutcome
from tracker.rendering import pages
from tracker.rendering.emails import daily_email
from tracker.rendering.environment import TEMPLATES, environment

NOW = datetime(2026, 11, 26, 14, tzinfo=UTC)
TODAY = date(2026, 11, 26)
SAM = Member(
    key=MemberKey("bridges", "m-1"),
    email="sam@example.org",
    display_name="Sam Rivera",
    time_zone="America/Chicago",
    created_at=NOW,
    updated_at=NOW,
    reminder_channels=(ReminderChannel.EMAIL,),
)
BEN = Contact(
    contact_id="c-ben",
    name="Ben & Co <Ltd>",
    company='"Acme" & Sons',
    last_contact_at=NOW - timedelta(days=100),
    last_summary="Tea & biscuits",
    created_at=NOW,
    updated_at=NOW,
)
SIGNER = LinkSigner(b"s" * 48, "https://tracker.example.org")


def test_the_text_part_shows_what_was_typed_and_the_html_part_escapes_it() -> None:
    day = DailyPicks(SAM, TODAY, [ReconnectPick(BEN, PickStatus.PENDING)], [])
    email = daily_email(day, SIGNER, NOW)
    assert '1. Ben & Co <Ltd> ("Acme" & Sons)' in email.text
    assert "Last time: Tea & biscuits" in email.text
    assert "&amp;" not in email.text
    assert "1. Ben &amp; Co &lt;Ltd&gt;</h2>" in email.html
    assert "&quot;Acme&quot; &amp; Sons" in email.html
    assert "Tea & biscuits" not in email.html
    assert "<Ltd>" not in email.html
    (snooze,) = re.findall(r'<a href="([^"]+)">Snooze 30 days</a>', email.html)
    assert f"Snooze 30 days: {snooze}" in email.text


PLANNED = PlannedWeek(
    Plan("2026-W49", ("c-ben",), (PlanKind.RECONNECT,), 1, NOW),
    [PlannedPerson(BEN, PlanKind.RECONNECT, "Reconnect: <no> log", TODAY + timedelta(days=2))],
)
PAGES: dict[str, Callable[[], pages.Page]] = {
    "log_form": lambda: pages.log_form(
        pages.FormView(token="t", submission="s", today=TODAY, contact=BEN, errors={"contact": "?"})
    ),
    "one_tap": lambda: pages.one_tap(True, BEN, "t", "d", acted=False),
    "undo_confirm": lambda: pages.undo_confirm(BEN.name, "t", possible=True),
    "undone": lambda: pages.undone(UndoOutcome.CHANGED_SINCE, BEN.name),
    "unsubscribe_confirm": lambda: pages.unsubscribe_confirm("t", SAM),
    "unsubscribed": lambda: pages.unsubscribed(SAM),
    "plan_confirm": lambda: pages.plan_confirm("t", PLANNED, TODAY),
    "link_problem": lambda: pages.link_problem(LinkTrouble.EXPIRED),
    "missing_link": pages.missing_link,
    "too_large": lambda: pages.too_large(64 * 1024),
    "unexpected_error": pages.unexpected_error,
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_serves_the_style_sheet_its_policy_allows_and_nothing_else(name: str) -> None:
    html = PAGES[name]().html
    (served,) = re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(served.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in pages.HEADERS["Content-Security-Policy"]
    assert html.startswith('<!doctype html><html lang="en">')
    assert "<script" not in html
    assert " style=" not in html
    assert "<Ltd>" not in html


def test_every_template_compiles() -> None:
    names = environment().list_templates()
    assert {"emails/layout.html", "emails/layout.txt", "pages/base.html"} <= set(names)
    assert len(names) == len(list(TEMPLATES.rglob("*.*")))
    for name in names:
        environment().get_template(name)


def test_jinja2_loads_on_the_first_render_not_on_import() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared"
    probe = (
        "import pkgutil, sys, tracker.rendering as rendering\n"
        "for module in pkgutil.iter_modules(rendering.__path__):\n"
        "    __import__(f'tracker.rendering.{module.name}')\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('jinja2', 'markupsafe')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=shared
    )
    assert result.stdout.strip() == "[]"
