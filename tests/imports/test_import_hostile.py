"""POST /imports with files built to make the parser work hard: one card as large as a
file, a property folded over hundreds of thousands of lines, a header of thousands of
columns. Each is answered like any other file: the readable rows imported, the rest named.
How long they take is measured by bench/import_hostile.py, not here."""

from __future__ import annotations

import base64

from tests.conftest import ApiClient
from tests.imports.helpers import by_name, post_file


def card(*lines: bytes) -> bytes:
    return b"BEGIN:VCARD\r\nVERSION:2.1\r\n" + b"".join(line + b"\r\n" for line in lines) + b"END:VCARD\r\n"


def qp_folded_note(size: int) -> bytes:
    """A quoted-printable NOTE whose value is `size` bytes once its lines are joined, one
    encoded byte ('=41', an A) on each physical line."""
    return b"NOTE;ENCODING=QUOTED-PRINTABLE:" + b"=41=\r\n" * (size // 3) + b"B"


def test_a_card_over_256_kb_is_a_row_error_and_the_cards_around_it_import(api: ApiClient) -> None:
    data = (
        card(b"FN:Ana Lima", b"EMAIL:ana@example.org")
        + card(b"FN:Huge Note", qp_folded_note(300 * 1024))
        + card(b"FN:Bo Sato", b"TEL:+44 7700 900123")
    )
    reply = post_file(api, data, content_type="text/vcard")
    assert reply.status == 200, reply.body
    assert (reply.body["new"], reply.body["failed"]) == (2, 1)
    assert reply.body["errors"] == [
        {"row": 2, "field": None, "reason": "card is larger than 256 KB and was not read"}
    ]
    assert set(by_name(api)) == {"Ana Lima", "Bo Sato"}


def test_a_card_under_the_limit_imports_however_it_is_folded(api: ApiClient) -> None:
    # One encoded byte a line, space-folded text, and a photo larger than the limit (photos
    # are dropped unread, so they do not count)
    photo = base64.b64encode(bytes(range(256)) * 1600)  # 400 KB, 546 KB in base64
    folded_photo = b"PHOTO;ENCODING=BASE64;TYPE=JPEG:" + b"\r\n ".join(
        photo[start : start + 72] for start in range(0, len(photo), 72)
    )
    data = (
        card(b"FN:Folded Note", qp_folded_note(200 * 1024))
        + card(b"FN:Spaced Note", b"NOTE:" + b"\r\n ".join([b"word"] * 20_000))
        + card(b"FN:Big Photo", b"EMAIL:photo@example.org", folded_photo)
    )
    reply = post_file(api, data, content_type="text/vcard")
    assert reply.status == 200, reply.body
    assert (reply.body["new"], reply.body["failed"]) == (3, 0)
    people = by_name(api)
    assert people["Folded Note"]["notes"] == "A" * 10_000  # cut to the notes' length, with a warning
    assert people["Spaced Note"]["notes"] == "word" * 2_500
    assert people["Big Photo"]["email"] == "photo@example.org"


def test_rows_under_a_header_of_thousands_of_columns_import(api: ApiClient) -> None:
    extra = b"".join(b",E-mail %d - Type,E-mail %d - Value" % (n, n) for n in range(2, 3000))
    header = b"First Name,Last Name,E-mail 1 - Type,E-mail 1 - Value,Company" + extra + b"\n"
    rows = b"Ana,Lima,* Work,ana@example.org,Acme\nBo,Sato,,bo@example.org,Globex" + b",," * 2998 + b"\n"
    reply = post_file(api, header + rows)
    assert reply.status == 200, reply.body
    people = by_name(api)
    assert (people["Ana Lima"]["email"], people["Bo Sato"]["email"]) == ("ana@example.org", "bo@example.org")


def test_this_apps_csv_with_thousands_of_other_columns_reads_the_first_of_each(api: ApiClient) -> None:
    header = b"record,id,name,contact_id,when,company" + b"".join(b",extra %d" % n for n in range(5000))
    data = (
        header
        + b",name,company\ncontact,c1,Ana Lima,,,Acme\n"
        + b"contact,c2,Bo Sato,,,Globex"
        + b"," * 5000
        + b",Other Name,Other Company\n"
    )
    reply = post_file(api, data)
    assert reply.status == 200, reply.body
    assert (reply.body["format"], reply.body["new"]) == ("tracker", 2)
    assert {name: person["company"] for name, person in by_name(api).items()} == {
        "Ana Lima": "Acme",
        "Bo Sato": "Globex",
    }
