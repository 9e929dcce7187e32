"""GET /export: every contact and conversation, as JSON or as a CSV that imports back."""

from __future__ import annotations

import csv
import io
import unicodedata
import uuid
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ApiClient, invoke
from tests.imports.helpers import post_file
from tracker.domain import Channel, Identity, Outcome


def add(api: ApiClient, **fields: Any) -> dict[str, Any]:
    reply = api.post("/contacts", fields)
    assert reply.status == 201, reply.body
    return reply.body


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_json_export_has_every_contact_with_its_conversations(api: ApiClient) -> None:
    ana = add(api, name="Ana Lima", company="Acme", tags=["mentor"])
    add(api, name="Bo Sato")
    api.post(f"/contacts/{ana['id']}/interactions", {"when": "2026-10-01T10:00:00Z", "summary": "Coffee"})
    api.post(f"/contacts/{ana['id']}/interactions", {"when": "2026-11-01T10:00:00Z", "channel": "call"})
    reply = api.get("/export", format="json")
    assert reply.status == 200
    assert reply.headers["content-disposition"] == 'attachment; filename="networking-tracker-2026-11-26.json"'
    exported = {c["name"]: c for c in reply.body["contacts"]}
    assert set(exported) == {"Ana Lima", "Bo Sato"}
    assert [c["summary"] for c in exported["Ana Lima"]["conversations"]] == ["Coffee", None]
    assert exported["Ana Lima"]["tags"] == ["mentor"]
    assert exported["Bo Sato"]["conversations"] == []


def test_export_is_only_the_callers_network(api: ApiClient, other_api: ApiClient) -> None:
    add(api, name="Mine")
    add(other_api, name="Theirs")
    assert [c["name"] for c in api.get("/export", format="json").body["contacts"]] == ["Mine"]
    assert [row["name"] for row in csv_rows(other_api.get("/export", format="csv").body)] == ["Theirs"]


def test_csv_export_neutralises_spreadsheet_formulas(api: ApiClient) -> None:
    add(api, name='=HYPERLINK("http://evil.example")', company="+cmd|' /C calc'!A0", role="-2+3")
    add(api, name="@SUM(A1)", notes="\tstarts with a tab", how_we_met="'quoted already")
    reply = api.get("/export", format="csv")
    assert reply.headers["content-type"] == "text/csv; charset=utf-8"
    cells = [cell for row in csv_rows(reply.body) for cell in row.values() if cell]
    dangerous = [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert dangerous == []
    names = sorted(row["name"] for row in csv_rows(reply.body))
    assert names == ['\'=HYPERLINK("http://evil.example")', "'@SUM(A1)"]
    # And importing the file back gives the very same text
    fresh = ApiClient(Identity("bridges", str(uuid.uuid4()), "new@example.org"))
    assert post_file(fresh, reply.body.encode()).body["new"] == 2
    back = {c["name"]: c for c in fresh.get("/export", format="json").body["contacts"]}
    assert back['=HYPERLINK("http://evil.example")']["company"] == "+cmd|' /C calc'!A0"
    assert back["@SUM(A1)"]["how_we_met"] == "'quoted already"


# Characters a spreadsheet reads as = + - @ (NFKC folds them): fullwidth, small, and a double =
FULLWIDTH_EQUALS, FULLWIDTH_PLUS, FULLWIDTH_MINUS, FULLWIDTH_AT = "\uff1d", "\uff0b", "\uff0d", "\uff20"
SMALL_EQUALS, TWO_EQUALS = "\ufe66", "\u2a75"
FULLWIDTH_ACME = "\uff21\uff43\uff4d\uff45"  # letters only: nothing to run


def test_csv_export_neutralises_characters_spreadsheets_fold_to_formula_signs(api: ApiClient) -> None:
    link = f'{FULLWIDTH_EQUALS}HYPERLINK("http://evil.example")'
    command = f"{FULLWIDTH_PLUS}cmd|' /C calc'!A0"
    total = f"{FULLWIDTH_AT}SUM(A1)"
    add(api, name=link, company=command, role=f"{FULLWIDTH_MINUS}2{FULLWIDTH_PLUS}3")
    add(api, name=total, notes=f"{SMALL_EQUALS}1+1", how_we_met=f"{TWO_EQUALS}A1")
    add(api, name="Ana Lima", company=FULLWIDTH_ACME)
    reply = api.get("/export", format="csv")
    cells = [cell for row in csv_rows(reply.body) for cell in row.values() if cell]
    formula_starts = ("=", "+", "-", "@", "\t", "\r")
    assert [cell for cell in cells if unicodedata.normalize("NFKC", cell).startswith(formula_starts)] == []
    rows = {row["name"]: row for row in csv_rows(reply.body)}
    assert sorted(rows) == sorted([f"'{link}", f"'{total}", "Ana Lima"])
    assert (rows[f"'{link}"]["company"], rows[f"'{total}"]["notes"]) == (f"'{command}", f"'{SMALL_EQUALS}1+1")
    assert rows["Ana Lima"]["company"] == FULLWIDTH_ACME
    # And importing the file back gives the very same text
    fresh = ApiClient(Identity("bridges", str(uuid.uuid4()), "new@example.org"))
    assert post_file(fresh, reply.body.encode()).body["new"] == 3
    back = {c["name"]: c for c in fresh.get("/export", format="json").body["contacts"]}
    assert (back[link]["company"], back[total]["notes"], back[total]["how_we_met"]) == (
        command,
        f"{SMALL_EQUALS}1+1",
        f"{TWO_EQUALS}A1",
    )
    assert back["Ana Lima"]["company"] == FULLWIDTH_ACME


def test_export_is_gzip_compressed_when_the_client_accepts_it(api: ApiClient) -> None:
    for number in range(50):
        add(api, name=f"Person {number}", company="Acme Corporation International")
    event = api.event("GET", "/export", query={"format": "csv"}, headers={"accept-encoding": "gzip"})
    result = invoke(event)
    assert result.headers["content-encoding"] == "gzip"


def test_an_unknown_export_format_is_a_422(api: ApiClient) -> None:
    reply = api.get("/export", format="xlsx")
    assert reply.status == 422
    assert reply.body["error"]["details"][0]["field"] == "query.format"


def test_tags_come_back_as_typed_even_those_an_address_book_would_mark(api: ApiClient) -> None:
    """Google marks its system groups "* myContacts", "* starred": those are dropped from
    Google files, never from our own export (a member's "*VIP" or "starred" tag stays)."""
    add(api, name="Ana Lima", tags=["*VIP", "starred", "* myContacts", "mentor"])
    exported = api.get("/export", format="csv").body
    newcomer = ApiClient(Identity("bridges", str(uuid.uuid4()), "newcomer@example.org"))
    assert post_file(newcomer, exported.encode()).body["new"] == 1
    (ana,) = newcomer.get("/export", format="json").body["contacts"]
    assert ana["tags"] == ["*VIP", "starred", "* myContacts", "mentor"]


# ---------------------------------------------------------------- round trip

TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", categories=["L", "N", "P", "S", "Zs"], exclude_characters="\u2028\u2029"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
FORMULA_TEXT = st.one_of(
    TEXT, st.builds(lambda s, p: p + s, TEXT, st.sampled_from(["=", "+", "-", "@", "'"]))
)
MULTILINE = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
EMAIL = st.from_regex(r"[a-z]{1,10}\.[a-z0-9]{1,8}@[a-z]{2,10}\.(org|com|example)", fullmatch=True)
WHEN = st.integers(min_value=0, max_value=400 * 24).map(
    lambda hours: f"2025-10-{1 + hours % 28:02d}T{hours % 24:02d}:00:00Z"
)

CONTACT = st.fixed_dictionaries(
    {"name": FORMULA_TEXT},
    optional={
        "email": EMAIL,
        "phone": st.from_regex(r"\+[1-9][0-9]{7,12}", fullmatch=True),
        "company": FORMULA_TEXT,
        "role": TEXT,
        "linkedin_url": st.from_regex(r"https://www\.linkedin\.com/in/[a-z0-9-]{3,20}", fullmatch=True),
        "how_we_met": MULTILINE,
        "relationship": st.sampled_from(["business", "personal"]),
        "tags": st.lists(TEXT.map(lambda t: t[:40]), max_size=3, unique_by=str.casefold),
        "starred": st.booleans(),
        "cadence_days": st.integers(min_value=7, max_value=730),
        "notes": MULTILINE,
        "help_ideas": st.lists(TEXT, max_size=3),
        # (the API refuses a due date before the member's today: 2026-11-26 on the tests' clock)
        "next_step": st.fixed_dictionaries(
            {"text": TEXT}, optional={"due": st.dates(min_value=date(2026, 11, 26)).map(str)}
        ),
        "archived": st.booleans(),
    },
)
CONVERSATION = st.fixed_dictionaries(
    {"when": WHEN},
    optional={
        "channel": st.sampled_from([c.value for c in Channel]),
        "summary": MULTILINE,
        "help_offered": TEXT,
        "help_received": TEXT,
        "outcomes": st.lists(st.sampled_from([o.value for o in Outcome]), max_size=3, unique=True),
        "next_step": st.fixed_dictionaries({"text": TEXT}),
    },
)
NETWORK = st.lists(st.tuples(CONTACT, st.lists(CONVERSATION, max_size=3)), max_size=5)

VARYING = {"id", "contact_id", "created_at", "updated_at", "due_at"}


def comparable(export: dict[str, Any]) -> list[dict[str, Any]]:
    """The export less what a new account necessarily gives anew: ids, timestamps, and the
    due dates of people never contacted (spread again over the cadence on import)."""
    contacts = []
    for contact in export["contacts"]:
        kept = {k: v for k, v in contact.items() if k not in VARYING}
        # (conversations at the same instant have no order of their own)
        kept["conversations"] = sorted(
            ({k: v for k, v in c.items() if k not in VARYING} for c in contact["conversations"]), key=repr
        )
        if contact["last_contact_at"] is not None:
            kept["due_at"] = contact["due_at"]
        contacts.append(kept)
    return sorted(contacts, key=repr)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(network=NETWORK)
def test_exported_csv_imports_back_to_the_same_data(api: ApiClient, network: list[Any]) -> None:
    # Given a member's network typed through the API (a new member for each example)
    owner = ApiClient(Identity("bridges", str(uuid.uuid4()), "owner@example.org"))
    for fields, conversations in network:
        contact = add(owner, **{k: v for k, v in fields.items() if k != "archived"})
        for conversation in conversations:
            assert owner.post(f"/contacts/{contact['id']}/interactions", conversation).status == 201
        if fields.get("archived"):
            owner.patch(f"/contacts/{contact['id']}", {"archived": True})
    before = owner.get("/export", format="json").body
    # When its CSV export is imported into a new account
    exported = owner.get("/export", format="csv").body
    newcomer = ApiClient(Identity("bridges", str(uuid.uuid4()), "newcomer@example.org"))
    report = post_file(newcomer, exported.encode()).body
    assert (report["new"], report["failed"], report["warnings"]) == (len(network), 0, [])
    # Then that account holds the same contacts and conversations
    assert comparable(newcomer.get("/export", format="json").body) == comparable(before)
    # And importing the export into the account it came from changes nothing
    again = post_file(owner, exported.encode()).body
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, len(network))
    assert again["conversations_added"] == 0
