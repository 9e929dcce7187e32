"""Pages, emails and texts point only to what exists: the web app has sign-in and Today so far,
and no settings page (issue 18), so a member is sent to the API (`PATCH /me`, `PUT /goals`,
`GET /me/form-link`), the unsubscribe and plan pages, or a reply to a text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import tracker

SHARED = Path(tracker.__file__).parent
# Every text a member or admin may read: templates, and the string literals of the modules that
# word messages, pages and the API's errors (docstrings are for us).
TEMPLATES = sorted((SHARED / "rendering" / "templates").rglob("*.*"))
MODULES = sorted(
    path for folder in ("rendering", "web", "services", "api") for path in (SHARED / folder).rglob("*.py")
)
NOWHERE = re.compile(
    r"\b(in|from|to) the app\b|\bapp's\b|\b(in|from) (your|the) settings\b|settings page|profile page"
    r"|\bweb app\b|\bin your goals\b|\bdashboard\b",
    re.IGNORECASE,
)
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)  # notes for us, never shown


def literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            found.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.append(node.value)
    return found


def test_no_message_or_page_sends_a_member_to_an_app_or_settings_page_that_does_not_exist() -> None:
    assert TEMPLATES
    assert MODULES
    found = [
        f"{path.relative_to(SHARED)}: {match.group(0)!r}"
        for path in TEMPLATES
        for match in NOWHERE.finditer(JINJA_COMMENT.sub("", path.read_text(encoding="utf-8")))
    ]
    found += [
        f"{path.relative_to(SHARED)}: {text[:80]!r}"
        for path in MODULES
        for text in literals(path)
        if NOWHERE.search(text)
    ]
    assert found == []
