"""The quick-log form: reading posts, checking what was typed, and the page it renders."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, date, datetime
from urllib.parse import urlencode

from tracker.domain import Channel, Contact, NextStep, Outcome
from tracker.rendering import pages
from tracker.web.forms import FormData, check_quick_log, parse_form

TODAY = date(2026, 11, 26)
URLENCODED = "application/x-www-form-urlencoded"


def form(**fields: str | list[str]) -> FormData:
    return parse_form(urlencode(fields, doseq=True).encode(), URLENCODED)


def test_form_posts_are_read_from_both_encodings() -> None:
    assert form(t="abc", outcomes=["advice", "referral"]).all("outcomes") == ["advice", "referral"]
    body = (
        b'--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n'
        b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nZo\xc3\xab\r\n--b--\r\n'
    )
    parsed = parse_form(body, "multipart/form-data; boundary=b")
    assert parsed.first("List-Unsubscribe") == "One-Click"
    assert parsed.first("note") == "Zoë"
    assert parse_form(b'{"t": "x"}', "application/json").fields == {}
    assert parse_form(b"&".join(b"a=1" for _ in range(500)), URLENCODED).fields == {}


def test_an_almost_empty_form_means_a_conversation_today() -> None:
    check = check_quick_log(form(contact="  Ana \n Lima  "), TODAY)
    assert check.errors == {}
    assert check.entry is not None
    assert (check.entry.contact_name, check.entry.when, check.entry.channel) == (
        "Ana Lima",
        TODAY,
        Channel.OTHER,
    )
    assert check.entry.next_step is None


def test_everything_filled_in() -> None:
    check = check_quick_log(
        form(
            contact="Ana",
            when="2026-11-20",
            channel="video",
            summary="Line one\r\nLine two\x07",
            next_step="Send CV",
            next_step_due="2027-01-12",
            next_step_done="yes",
            outcomes=["advice", "advice", "job_lead"],
        ),
        TODAY,
    )
    entry = check.entry
    assert entry is not None
    assert entry.summary == "Line one\nLine two"
    assert (entry.when, entry.next_step_due, entry.next_step_done) == (
        date(2026, 11, 20),
        date(2027, 1, 12),
        True,
    )
    assert entry.outcomes == (Outcome.ADVICE, Outcome.JOB_LEAD)


def test_each_mistake_is_named_on_its_field() -> None:
    check = check_quick_log(
        form(
            contact="",
            when="26/11/2026",
            channel="carrier pigeon",
            summary="x" * 2001,
            next_step_due="2026-11-01",
            outcomes=["fame"],
        ),
        TODAY,
    )
    assert check.entry is None
    assert set(check.errors) == {"contact", "when", "channel", "summary", "next_step_due", "outcomes"}
    assert check.errors["summary"] == "Keep this under 2,000 characters (it has 2,001)."
    future = check_quick_log(form(contact="Ana", when="2026-11-27"), TODAY)
    assert future.errors == {"when": "That date is in the future: choose today or an earlier day."}
    orphan_date = check_quick_log(form(contact="Ana", next_step_due="2026-12-01"), TODAY)
    assert orphan_date.errors == {"next_step": "Say what the next step is, or clear its date."}


def contact(name: str, **fields: object) -> Contact:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return Contact(contact_id="c1", name=name, created_at=at, updated_at=at, **fields)  # type: ignore[arg-type]


def test_the_form_page_labels_every_field_and_ties_errors_to_them() -> None:
    view = pages.FormView(
        token='tok"en',
        submission="s1",
        today=TODAY,
        suggestions=["Ana <Lima>", "Ben & Co"],
        values=form(contact="", summary="<i>kept</i>", t="x"),
        errors={"contact": "Enter the name of the person you talked to."},
    )
    page = pages.log_form(view)
    html = page.html
    assert page.status == 422
    assert '<html lang="en">' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    for field_id in re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', html):
        assert f'<label for="{field_id}">' in html, field_id
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in described.split():
            assert f'id="{target}"' in html, target
    assert 'value="tok&quot;en"' in html
    assert "Ana &lt;Lima&gt;" in html
    assert "Ben &amp; Co" in html
    assert "&lt;i&gt;kept&lt;/i&gt;</textarea>" in html
    assert "<i>" not in html
    assert 'role="alert"' in html
    # A reminder's form is for its own contact: named in the heading, no field to change them
    ana = contact("Ana <Lima>", next_step=NextStep("Call <back>", date(2026, 11, 20)))
    fixed = pages.log_form(pages.FormView(token="t", submission="s1", today=TODAY, contact=ana)).html
    assert "<h1>Log a conversation with Ana &lt;Lima&gt;</h1>" in fixed
    assert "Call &lt;back&gt;" in fixed
    assert 'name="contact"' not in fixed
    assert "<datalist" not in fixed


def test_the_style_sheet_is_the_only_thing_the_policy_allows() -> None:
    digest = base64.b64encode(hashlib.sha256(pages.CSS.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in pages.HEADERS["Content-Security-Policy"]
    html = pages.log_form(pages.FormView(token="t", submission="s", today=TODAY)).html
    assert re.findall(r"<style>(.*?)</style>", html) == [pages.CSS]
    assert " style=" not in html  # inline style attributes would be blocked


def test_a_next_step_kept_as_logged_may_be_overdue_when_correcting_a_conversation() -> None:
    logged = NextStep("Send CV", date(2026, 11, 20))
    kept = check_quick_log(
        form(contact="Ana", next_step="Send CV", next_step_due="2026-11-20"), TODAY, logged
    )
    assert kept.errors == {}
    assert kept.entry is not None
    assert (kept.entry.next_step, kept.entry.next_step_due) == ("Send CV", date(2026, 11, 20))
    for changed in ({"next_step": "Send two CVs"}, {"next_step_due": "2026-11-21"}):
        fields = {"contact": "Ana", "next_step": "Send CV", "next_step_due": "2026-11-20", **changed}
        check = check_quick_log(form(**fields), TODAY, logged)
        assert check.errors == {"next_step_due": "Choose today or a later date."}, changed
