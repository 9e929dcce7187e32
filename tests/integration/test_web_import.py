"""The web app's Import (/app/import) and downloads (/app/export), as a browser drives them over
the web function: a file from each tool is previewed (counts, the first rows with their
reasons), confirmed once however often the button is pressed, and lands in the network; files
that cannot be read are said beside the field, never a 500; downloads are attachments."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from pathlib import Path

import pytest

from local.provision import Stack
from tests.conftest import ApiClient
from tests.imports.helpers import all_contacts, by_name, corpus_dir
from tests.imports.test_import_corpus import CORPUS
from tests.integration import test_web_app as web
from tests.integration.test_reminders import dynamodb_calls
from tests.integration.test_web_app import PASSWORD, Answer, Browser, account, signed_in
from tests.public_pages import forms_in
from tracker.domain.clock import FixedClock

IMPORT = "/app/import"
STAGED = re.compile(r"^/app/import/([0-9a-z]{26})$")

# The web app's fixtures: Bridges, its admin, and Sam with one contact (Ana Lima, Northwind).
mailed_invitations, program, sam = web.mailed_invitations, web.program, web.sam

# One file of each tool the page names (the shared corpus, read in place).
FILES = [
    "linkedin/full-notes-preamble-dupe-names-empty-row.csv",
    "google/new-google-header-multiline-note-unicode.csv",
    "outlook/outlook-2007-quoted-multiline-notes.csv",
    "vcard/v30-evolution-folded-couchdb.vcf",
]


def multipart(fields: dict[str, str], file_name: str | None, data: bytes) -> tuple[str, bytes]:
    """A browser's multipart/form-data body: the fields, then the file part."""
    boundary = "----tracker" + uuid.uuid4().hex
    body = b""
    for name, value in fields.items():
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n').encode()
    if file_name is not None:
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        body += data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def csrf_of(page: Answer) -> str:
    form = next(f for f in forms_in(page.body) if f.action == IMPORT)
    return form.fields["csrf"][0]


def upload(browser: Browser, file_name: str | None, data: bytes, *, csrf: str | None = None) -> Answer:
    token = csrf if csrf is not None else csrf_of(browser.get(IMPORT))
    return browser.request("POST", IMPORT, raw=multipart({"csrf": token}, file_name, data))


def preview_of(browser: Browser, file_name: str, data: bytes) -> tuple[str, Answer]:
    sent = upload(browser, file_name, data)
    assert sent.status == 303, sent.text
    found = STAGED.match(sent.location)
    assert found, sent.location
    page = browser.get(sent.location)
    assert page.status == 200, page.text
    return sent.location, page


def confirm(browser: Browser, preview: Answer) -> Answer:
    return browser.submit(preview, "Import")


def test_import_is_reached_from_network_and_needs_a_session(sam: ApiClient) -> None:
    browser = signed_in(sam)
    assert 'href="/app/import"' in browser.get("/app/network").body
    page = browser.get(IMPORT)
    assert page.status == 200
    assert 'enctype="multipart/form-data"' in page.body
    assert '<label for="file">' in page.body
    for kind in ("csv", "json", "vcard"):
        assert f'href="/app/export?format={kind}"' in page.body
    assert "<script" not in page.body
    answer = Browser().get(IMPORT)
    assert (answer.status, answer.location) == (303, "/app/sign-in?next=%2Fapp%2Fimport")


@pytest.mark.parametrize("name", FILES)
def test_a_file_from_each_tool_is_previewed_then_imported(sam: ApiClient, name: str) -> None:
    expected = CORPUS[name]
    data = (corpus_dir() / name).read_bytes()
    browser = signed_in(sam)
    before = len(all_contacts(sam))
    token = csrf_of(browser.get(IMPORT))
    with dynamodb_calls() as upload_calls:
        sent = upload(browser, Path(name).name, data, csrf=token)
    where = sent.location
    with dynamodb_calls() as preview_calls:
        preview = browser.get(where)
    assert preview.status == 200
    assert "Check before importing" in preview.text
    assert f"{len(expected.people)} new: will be added" in preview.text
    assert Path(name).name in preview.text
    assert expected.people[0] in preview.text  # the first rows, by name
    assert len(all_contacts(sam)) == before  # a dry run: nothing written
    assert len(preview.body.encode()) < 40_000
    with dynamodb_calls() as confirm_calls:
        done = confirm(browser, preview)
    assert (done.status, done.location) == (303, where)
    with dynamodb_calls() as result_calls:
        result = browser.get(where)
    assert result.status == 200
    assert "Imported" in result.text
    assert f"{len(expected.people)} added" in result.text
    assert set(expected.people) <= set(by_name(sam))
    assert len(all_contacts(sam)) == before + len(expected.people)
    print(  # the cost of each step, for the README's table
        f"\n{name}: upload {len(upload_calls)} calls {upload_calls}; preview {len(preview_calls)}; "
        f"confirm {len(confirm_calls)} {confirm_calls}; result {len(result_calls)}"
    )
    assert len(upload_calls) <= 4, upload_calls  # session, profile, network, the kept file
    assert len(preview_calls) <= 3, preview_calls
    assert len(result_calls) <= 3, result_calls


def test_a_larger_file_costs_a_few_requests_besides_its_batch_writes(sam: ApiClient) -> None:
    from bench.import_bench import linkedin_export

    browser = signed_in(sam)
    where, preview = preview_of(browser, "Connections.csv", linkedin_export(2_000))
    assert "2000 new: will be added" in preview.text
    assert "The first 10 of 2000." in preview.text
    assert len(preview.body.encode()) < 40_000
    with dynamodb_calls() as calls:
        confirm(browser, preview)
    writes = [call for call in calls if call[0] == "BatchWriteItem"]
    print(f"\n2,000 rows confirmed: {len(calls)} DynamoDB calls, {len(writes)} of them BatchWriteItem")
    assert len(calls) - len(writes) <= 8, calls
    assert len(writes) <= 2_000 // 25 + 2  # 25 contacts a batch, and the kept file deleted
    assert "2000 added" in browser.get(where).text


def test_the_preview_gives_each_rows_reason_and_escapes_the_files_cells(sam: ApiClient) -> None:
    browser = signed_in(sam)
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        b"Ana,Lima,,ana@example.org,Northwind,Coach,01 Feb 2020\r\n"  # Sam's Ana: fills in details
        b"<script>alert(1)</script>,Evil,,,Acme,,01 Feb 2021\r\n"
        b",,,,,,01 Jan 2023\r\n"  # only a date: skipped
        b"Bo,Chen,,not-an-email,,,\r\n"
    )
    _, preview = preview_of(browser, "Connections.csv", data)
    assert "LinkedIn connections" in preview.text
    assert "<script>alert(1)</script>" not in preview.body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in preview.body
    assert "Row 2: Ana Lima — already in your network: adds email" in preview.text
    assert "role" in preview.text
    assert re.search(r"Row 4 — \w", preview.text)  # the skipped row, with its reason
    assert "1 already in your network: empty details will be filled" in preview.text
    assert 'href="#skipped"' in preview.body
    assert 'id="skipped"' in preview.body


def test_a_double_confirmation_imports_once(sam: ApiClient) -> None:
    browser = signed_in(sam)
    data = (corpus_dir() / FILES[0]).read_bytes()
    where, preview = preview_of(browser, "Connections.csv", data)
    first = confirm(browser, preview)
    with dynamodb_calls() as calls:
        second = confirm(browser, preview)  # the same form, sent again
    assert (first.status, second.status) == (303, 303)
    assert second.location == where
    assert len(calls) <= 5, calls  # the session, then the claim that fails, and the result
    assert len(all_contacts(sam)) == 1 + len(CORPUS[FILES[0]].people)
    page = browser.get(where)
    assert "Imported" in page.text
    assert not [f for f in forms_in(page.body) if f.action == where]  # no button to import again


@pytest.mark.parametrize(
    ("file_name", "data", "status", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), 422, "not a text file"),
        ("empty.csv", b"", 422, "The file is empty"),
        ("notes.txt", b"just some words\nand more words\n", 422, "not a contacts file we can read"),
        ("", b"", 422, "Choose a contacts file to import"),  # no file chosen
        (None, b"", 422, "Choose a contacts file to import"),  # no file field at all
    ],
)
def test_a_file_that_cannot_be_imported_is_said_beside_the_field(
    sam: ApiClient, file_name: str | None, data: bytes, status: int, message: str
) -> None:
    browser = signed_in(sam)
    answer = upload(browser, file_name, data)
    assert answer.status == status, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert message in answer.text
    assert 'id="file-error"' in answer.body
    assert 'href="#file"' in answer.body  # the summary links to the field
    assert 'aria-invalid="true"' in answer.body
    assert csrf_of(answer)  # the form again, ready for another file


def test_a_file_over_the_limit_is_refused_before_it_is_read(sam: ApiClient) -> None:
    browser = signed_in(sam)
    token = csrf_of(browser.get(IMPORT))
    big = b"First Name,Last Name\r\n" + b"Ana,Lima\r\n" * 450_000  # 4.5 MB
    with dynamodb_calls() as calls:
        answer = browser.request("POST", IMPORT, raw=multipart({"csrf": token}, "big.csv", big))
    assert answer.status == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert "larger than 4 MB" in answer.text
    assert 'id="file-error"' in answer.body
    assert len(calls) <= 2, calls  # the session only
    assert len(by_name(sam)) == 1


def test_an_upload_or_confirmation_without_its_form_token_changes_nothing(sam: ApiClient) -> None:
    browser = signed_in(sam)
    data = (corpus_dir() / FILES[0]).read_bytes()
    assert upload(browser, "Connections.csv", data, csrf="forged").status == 403
    where, preview = preview_of(browser, "Connections.csv", data)
    assert browser.request("POST", where, {"csrf": ["forged"]}).status == 403
    browser.cross_site = True
    form = next(f for f in forms_in(preview.body) if f.action == where)
    assert browser.request("POST", where, form.data()).status == 403
    assert upload(browser, "Connections.csv", data, csrf=csrf_of(browser.get(IMPORT))).status == 403
    browser.cross_site = False
    assert len(by_name(sam)) == 1
    assert "Check before importing" in browser.get(where).text


def test_another_member_can_neither_see_nor_confirm_my_import(aws: Stack, sam: ApiClient) -> None:
    browser = signed_in(sam)
    where, _ = preview_of(browser, "Connections.csv", (corpus_dir() / FILES[0]).read_bytes())
    lee = ApiClient(account(aws, "lee@example.org"))
    lee.get("/me")
    other = Browser()
    assert other.sign_in("lee@example.org", PASSWORD).status == 303
    seen = other.get(where)
    assert seen.status == 404
    assert "no such import" in seen.text
    token = csrf_of(other.get(IMPORT))
    assert other.request("POST", where, {"csrf": [token]}).status == 404
    assert other.get("/app/import/not-an-id").status == 404
    assert len(by_name(sam)) == 1
    assert by_name(lee) == {}
    assert "Check before importing" in browser.get(where).text  # still Sam's to confirm


def test_while_another_request_imports_the_page_refreshes_and_a_cut_off_import_may_be_confirmed_again(
    sam: ApiClient, clock: FixedClock
) -> None:
    from tracker.runtime import dynamo_repositories

    browser = signed_in(sam)
    where, preview = preview_of(browser, "Connections.csv", (corpus_dir() / FILES[0]).read_bytes())
    import_id = where.rsplit("/", 1)[1]
    now = clock.now()
    # Given a confirmation that began importing (another request, still running)
    assert dynamo_repositories().uploads.claim(sam.identity.member, import_id, now, now)
    busy = browser.get(where)
    assert "Importing…" in busy.text
    assert '<meta http-equiv="refresh" content="3">' in busy.body
    assert confirm(browser, preview).location == where  # a click meanwhile imports nothing
    assert len(all_contacts(sam)) == 1
    # When it never finishes (the function's time ran out), the page offers to import again
    clock.advance(minutes=3)
    cut_off = browser.get(where)
    assert "The import did not finish" in cut_off.text
    assert "refresh" not in cut_off.body
    done = browser.submit(cut_off, "Import")
    assert done.location == where
    assert "Imported" in browser.get(where).text
    assert len(all_contacts(sam)) == 1 + len(CORPUS[FILES[0]].people)


def test_a_preview_left_over_an_hour_asks_for_the_file_again(sam: ApiClient, clock: FixedClock) -> None:
    browser = signed_in(sam)
    where, preview = preview_of(browser, "Connections.csv", (corpus_dir() / FILES[0]).read_bytes())
    clock.advance(minutes=61)
    late = confirm(browser, preview)
    assert late.status == 410
    assert "choose the file again" in late.text
    assert browser.get(where).status == 410
    assert len(by_name(sam)) == 1


def test_downloads_are_attachments_in_each_format(sam: ApiClient) -> None:
    assert sam.post("/contacts", {"name": '=HYPERLINK("http://x.example")', "company": "+Acme"}).status == 201
    browser = signed_in(sam)
    stamp = r"networking-tracker-\d{4}-\d{2}-\d{2}"
    answers = {}
    for kind, content_type, extension in (
        ("csv", "text/csv; charset=utf-8", "csv"),
        ("json", "application/json", "json"),
        ("vcard", "text/vcard; charset=utf-8", "vcf"),
    ):
        with dynamodb_calls() as calls:
            answer = browser.get(f"/app/export?format={kind}")
        assert answer.status == 200
        assert answer.headers["content-type"] == content_type
        assert re.fullmatch(
            f'attachment; filename="{stamp}\\.{extension}"', answer.headers["content-disposition"]
        )
        assert len(calls) <= 3, calls
        answers[kind] = answer.body
    rows = list(csv.DictReader(io.StringIO(answers["csv"].lstrip("\ufeff"))))
    names = {row["name"] for row in rows}
    assert '\'=HYPERLINK("http://x.example")' in names  # a spreadsheet shows it, never runs it
    assert "'+Acme" in {row["company"] for row in rows}
    assert {c["name"] for c in json.loads(answers["json"])["contacts"]} >= {"Ana Lima"}
    assert answers["vcard"].count("BEGIN:VCARD") == 2
    assert "FN:Ana Lima\r\n" in answers["vcard"]
    assert "ORG:Northwind\r\n" in answers["vcard"]
    # The vCards read back as the same people: nothing new, nothing to fill.
    _, preview = preview_of(browser, "network.vcf", answers["vcard"].encode())
    assert "0 new: will be added" in preview.text
    assert "2 already in your network, nothing to add" in preview.text
    assert browser.get("/app/export?format=xls").status == 303  # to the Settings' downloads
    assert Browser().get("/app/export?format=vcard").status == 303  # signed out: to sign-in


def test_a_spanish_members_preview_gives_each_rows_reason_in_spanish(sam: ApiClient) -> None:
    assert sam.patch("/me", {"language": "es"}).status == 200
    browser = signed_in(sam)
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        b"Bo,Chen,,bo@example.org,Acme,,01 Feb 2021\r\n"
        b",,,,,,01 Jan 2023\r\n"  # only a date: skipped
        b"Bo,Chen,,bo@example.org,Acme,,01 Feb 2021\r\n"  # the same person again: merged
    )
    _, preview = preview_of(browser, "Connections.csv", data)
    assert "no tiene nombre, correo electrónico ni perfil" in preview.text
    assert "la misma persona que la fila 2; se unieron" in preview.text
    assert "has no name" not in preview.text
    # And a file that cannot be read is said in Spanish beside the field
    empty = upload(browser, "Connections.csv", b"")
    assert empty.status == 422
    assert "El archivo está vacío." in empty.text
