"""A member on a phone, in a real browser: from the reminder in the outbox to a logged
conversation, one-tap links with JavaScript off, and what axe-core finds on every page.

The local stack runs as `make run` would (a subprocess, real HTTP on loopback); Chromium is
Debian's, driven by Playwright for Python; axe-core comes from npm (tests/browser/package.json).
"""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import ARTIFACTS, SCREENSHOTS
from tests.local_stack import Running, call

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PHONE = {"width": 360, "height": 740}
SAM = "sam@bridges.example.org"
SAM_PHONE = "+13125550142"


@pytest.fixture(scope="module")
def reminder(stack: Running) -> dict[str, Any]:
    """Sam's daily reminder, sent at his 08:00 (Chicago) today and waiting in the outbox: the
    picks it names are today's, so the API's /picks/today shows what the links changed."""
    chicago = ZoneInfo("America/Chicago")
    today_at_eight = datetime.now(chicago).replace(hour=8, minute=0, second=0, microsecond=0)
    at = today_at_eight.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    status, _ = call(f"{stack.url}/_local/tick?at={at}", "POST")
    assert status == 200
    outbox = call(f"{stack.url}/_local/outbox.json")[1]
    emails = [mail for mail in outbox["emails"] if mail["to"] == [SAM]]
    assert emails, outbox
    return dict(emails[-1])


@pytest.fixture(scope="module")
def sam_token(stack: Running) -> str:
    tokens = call(f"{stack.url}/_local/tokens")[1]["tokens"]
    return str(next(entry["token"] for entry in tokens if entry["email"] == SAM))


def axe(page: Any, axe_source: Path) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now."""
    page.add_script_tag(path=str(axe_source))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def measure(page: Any, name: str, axe_source: Path, figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Record the page's weight, its time to first render and its axe-core result."""
    page.wait_for_function(
        "performance.getEntriesByName('first-contentful-paint').length > 0", timeout=10_000
    )
    timing = page.evaluate(
        """() => {
            const navigation = performance.getEntriesByType('navigation')[0];
            return {
                bytes: navigation.encodedBodySize,
                transfer: navigation.transferSize,
                // what the page asks for; not the favicon Chromium asks for by itself, sometimes in time
                resources: performance.getEntriesByType('resource')
                    .filter((entry) => !entry.name.endsWith('/favicon.ico')).length,
                fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
                server: navigation.responseStart - navigation.requestStart,
                scroll_width: document.documentElement.scrollWidth,
            };
        }"""
    )
    violations = axe(page, axe_source)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    summary = f"{len(violations)} violations ({len(serious)} serious or critical)"
    if violations:
        summary += ": " + ", ".join(f"{v['id']} ({v['impact']})" for v in violations)
    figures.append(
        {
            "page": name,
            "bytes": timing["bytes"],
            "transfer_bytes": timing["transfer"],
            "first_render_ms": timing["fcp"],
            "server_ms": timing["server"],
            "axe": summary,
        }
    )
    assert timing["resources"] == 0, "the page loads nothing else (no scripts, styles, fonts, images)"
    assert timing["scroll_width"] <= PHONE["width"], "no sideways scrolling on a 360 px phone"
    assert serious == [], [
        (v["id"], v["impact"], v["help"], [n["html"] for n in v["nodes"]]) for v in serious
    ]
    return violations


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SCREENSHOTS.append(path)  # listed at the end of the test run
    return path


def test_from_the_reminder_email_to_a_logged_conversation(
    stack: Running,
    reminder: dict[str, Any],
    sam_token: str,
    browser: Any,
    axe_source: Path,
    figures: list[dict[str, Any]],
) -> None:
    # axe-core is injected as a script, which the pages' own policy forbids: this context lets it.
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="en-US")
    page = context.new_page()
    # Given Sam's reminder email, opened from the outbox
    page.goto(f"{stack.url}/_local/outbox/{reminder['number']}")
    first_pick = page.locator("h2").first.inner_text()
    name = first_pick.split(". ", 1)[1]
    # When he follows "Log a conversation" under his first pick
    page.get_by_role("link", name="Log a conversation").first.click()
    page.wait_for_load_state()
    # Then a small form opens, made for that person and no one else
    assert page.get_by_role("heading", level=1).inner_text() == f"Log a conversation with {name}"
    assert page.get_by_label("Who did you talk to?").count() == 0
    assert page.locator("datalist, option").count() == 0
    today = datetime.now(ZoneInfo("America/Chicago")).date()
    assert page.get_by_label("When", exact=True).input_value() == today.isoformat()
    measure(page, "form (GET /log, the API function's first request: cold)", axe_source, figures)
    page.reload()
    measure(page, "form (GET /log, warm)", axe_source, figures)
    screenshot(page, "quick-log-form-360")

    # A slip: a date in the future. The error appears beside the field, input kept.
    page.get_by_label("When", exact=True).fill((today + timedelta(days=3)).isoformat())
    page.get_by_label("What did you talk about?").fill("Coffee near her office; she offered an intro.")
    page.get_by_role("button", name="Save conversation").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert "That date is in the future" in page.locator("#when-error").inner_text()
    assert page.get_by_label("When", exact=True).get_attribute("aria-invalid") == "true"
    assert page.get_by_label("What did you talk about?").input_value() == (
        "Coffee near her office; she offered an intro."
    )
    measure(page, "form with errors (POST /log, 422)", axe_source, figures)
    screenshot(page, "quick-log-errors-360")

    # Fixed and saved
    page.get_by_label("When", exact=True).fill(today.isoformat())
    page.get_by_label("Call", exact=True).check()
    page.get_by_label("What happens next?").fill("Send her my updated CV")
    due = today + timedelta(days=40)
    page.get_by_label("By when?").fill(due.isoformat())
    page.get_by_label("Advice").check()
    page.get_by_role("button", name="Save conversation").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Saved"
    status = page.get_by_role("status").inner_text()
    assert status == f"Your call with {name} today is logged."
    assert f"Next step saved for {due:%a} {due.day} {due:%b}" in page.locator(".picture").inner_text()
    measure(page, "saved (POST /log)", axe_source, figures)
    screenshot(page, "quick-log-saved-360")
    context.close()

    # And the conversation is there through the API
    contacts = call(f"{stack.url}/contacts?q={quote(name)}&limit=5", token=sam_token)[1]["items"]
    (person,) = [c for c in contacts if c["name"] == name]
    latest = call(f"{stack.url}/contacts/{person['id']}/interactions", token=sam_token)[1]["items"][0]
    assert latest["summary"] == "Coffee near her office; she offered an intro."
    assert latest["channel"] == "call"
    assert latest["outcomes"] == ["advice"]
    assert person["next_step"] == {"text": "Send her my updated CV", "due": due.isoformat()}


def test_the_personal_link_lists_contacts_only_when_asked(
    stack: Running, sam_token: str, browser: Any, axe_source: Path, figures: list[dict[str, Any]]
) -> None:
    url = call(f"{stack.url}/me/form-link", token=sam_token)[1]["url"]
    local = f"{stack.url}/log?" + url.split("?", 1)[1]
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="en-US")
    page = context.new_page()
    # Given Sam opens his bookmarked personal link: a form that names no one
    page.goto(local)
    assert page.get_by_label("Who did you talk to?").input_value() == ""
    assert page.locator("option").count() == 0
    measure(page, "personal form (GET /log)", axe_source, figures)
    # When he asks for his contacts, they are offered as he types
    page.get_by_role("button", name="Show my contacts").click()
    page.wait_for_load_state()
    assert page.locator("datalist#people option").count() > 0
    measure(page, "personal form with contacts (POST /log)", axe_source, figures)
    context.close()


def test_one_tap_links_and_undo_work_with_javascript_off(
    stack: Running, reminder: dict[str, Any], sam_token: str, browser: Any
) -> None:
    reached_out = re.findall(r"I reached out: (\S+)", reminder["text"])[1]  # the second pick
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(reached_out)
    question = page.get_by_role("heading", level=1).inner_text()
    name = re.fullmatch(r"Did you reach out to (.+)\?", question)
    assert name is not None
    page.get_by_role("button", name="Yes, I reached out").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Nice work!"
    assert page.get_by_role("status").inner_text() == f"Logged: you reached out to {name.group(1)} today."
    picks = call(f"{stack.url}/picks/today", token=sam_token)[1]["picks"]
    assert picks[1]["status"] == "done"
    page.get_by_role("button", name="Undo").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Undone"
    assert call(f"{stack.url}/picks/today", token=sam_token)[1]["picks"][1]["status"] == "pending"
    context.close()


def test_one_tap_and_unsubscribe_pages_pass_axe(
    stack: Running, reminder: dict[str, Any], browser: Any, axe_source: Path, figures: list[dict[str, Any]]
) -> None:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(re.findall(r"Snooze 30 days: (\S+)", reminder["text"])[2])
    assert page.get_by_role("button", name="Snooze 30 days").is_visible()
    measure(page, "one-tap snooze (GET /log)", axe_source, figures)
    unsubscribe = re.search(r"Unsubscribe from email reminders: (\S+)", reminder["text"])
    assert unsubscribe is not None
    page.goto(unsubscribe.group(1))
    assert page.get_by_role("button", name="Unsubscribe").is_visible()
    measure(page, "unsubscribe (GET /unsubscribe)", axe_source, figures)
    page.goto(f"{stack.url}/log?t=not-a-link")
    assert page.get_by_role("heading", level=1).inner_text() == "This link doesn't work"
    measure(page, "invalid link", axe_source, figures)
    context.close()


def test_the_pages_are_styled_under_their_own_content_security_policy(
    stack: Running, reminder: dict[str, Any], browser: Any
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(re.findall(r"Log a conversation: (\S+)", reminder["text"])[0])
    button = page.get_by_role("button", name="Save conversation")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 92, 173)"
    assert button.bounding_box()["height"] >= 44  # a comfortable tap target
    assert not [text for text in console if "Content Security Policy" in text]
    context.close()


def test_a_text_reply_is_answered_and_shown_in_the_outbox(stack: Running, reminder: dict[str, Any]) -> None:
    request = urllib.request.Request(f"{stack.url}/_local/sms?from={quote(SAM_PHONE)}", data=b"help")
    with urllib.request.urlopen(request, timeout=30) as response:
        result = json.load(response)
    assert result["delivered"][0]["error"] is None
    (reply,) = result["replies"]
    assert reply["to"] == SAM_PHONE
    assert "DONE 1" in reply["message"]
    assert "DONE 1 when you&#x27;ve reached out" in call(f"{stack.url}/_local/outbox")[1]


def test_a_new_address_is_confirmed_from_its_inbox_and_the_pages_pass_axe(
    stack: Running, browser: Any, axe_source: Path, figures: list[dict[str, Any]]
) -> None:
    tokens = call(f"{stack.url}/_local/tokens")[1]["tokens"]
    jordan = str(next(entry["token"] for entry in tokens if entry["email"] == "jordan@bridges.example.org"))
    status, me = call(f"{stack.url}/me", "PATCH", {"email": "jordan.lee@example.org"}, token=jordan)
    assert (status, me["email"], me["pending_email"]) == (
        200,
        "jordan@bridges.example.org",
        "jordan.lee@example.org",
    )
    outbox = call(f"{stack.url}/_local/outbox.json")[1]
    (mail,) = [mail for mail in outbox["emails"] if mail["to"] == ["jordan.lee@example.org"]]
    (url,) = re.findall(r"https?://\S+/email\?t=[\w.-]+", mail["text"])
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="en-US")
    page = context.new_page()
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Use this email address?"
    measure(page, "confirm a new address (GET /email)", axe_source, figures)
    assert (
        call(f"{stack.url}/me", token=jordan)[1]["email"] == "jordan@bridges.example.org"
    )  # a GET changes nothing
    page.get_by_role("button", name="Use this address").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Email address confirmed"
    measure(page, "address confirmed (POST /email)", axe_source, figures)
    assert call(f"{stack.url}/me", token=jordan)[1]["email"] == "jordan.lee@example.org"
    context.close()


def test_the_quick_log_form_in_spanish_for_a_spanish_member(
    stack: Running, sam_token: str, browser: Any, axe_source: Path, figures: list[dict[str, Any]]
) -> None:
    """Issue 17: Sam reads Spanish; his personal link's form, its mistakes and what it saved are
    in Spanish (lang="es"), whatever language the phone's browser prefers, and axe finds nothing."""
    assert call(f"{stack.url}/me", "PATCH", {"language": "es"}, sam_token)[0] == 200
    try:
        url = call(f"{stack.url}/me/form-link", token=sam_token)[1]["url"]
        context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="en-US")
        page = context.new_page()
        page.goto(f"{stack.url}/log?" + url.split("?", 1)[1])
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.get_by_role("heading", level=1).inner_text() == "Registrar una conversación"
        assert measure(page, "quick-log form in Spanish", axe_source, figures) == []
        # A mistake is said beside its field, in Spanish
        page.get_by_role("button", name="Guardar conversación").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "es"
        assert (
            "Escribe el nombre de la persona con quien hablaste."
            in page.locator("#contact-error").inner_text()
        )
        assert page.get_by_label("¿Con quién hablaste?").get_attribute("aria-invalid") == "true"
        assert measure(page, "quick-log form in Spanish, with a mistake", axe_source, figures) == []
        # Then the conversation is saved, and the page says so in Spanish
        page.get_by_label("¿Con quién hablaste?").fill("Lucía Ortega")
        page.get_by_label("Nos acabamos de conocer").check()
        page.get_by_label("Llamada", exact=True).check()
        page.get_by_label("¿De qué hablaron?").fill("Café; me habló de su equipo")
        page.get_by_role("button", name="Guardar conversación").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Guardado"
        assert page.get_by_role("status").inner_text() == "Registramos tu llamada con Lucía Ortega de hoy."
        assert "Añadimos a Lucía Ortega a tus contactos." in page.locator("main").inner_text()
        assert measure(page, "quick-log saved, in Spanish", axe_source, figures) == []
        context.close()
    finally:
        call(f"{stack.url}/me", "PATCH", {"language": "en"}, sam_token)
