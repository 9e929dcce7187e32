"""POST /imports with files we write for each format and variant, including hostile ones:
the good rows always get in, the bad ones are named, and nothing is a 500."""

from __future__ import annotations

import base64
import codecs

import pytest

from tests.conftest import ApiClient, invoke
from tests.imports.helpers import all_contacts, by_name, post_file

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def linkedin(*rows: str, preamble: bool = True, newline: str = "\n") -> str:
    lines = ["Notes:", '"Some emails may be missing."', ""] if preamble else []
    return newline.join([*lines, LINKEDIN_HEADER, *rows]) + newline


def test_a_linkedin_export_with_bom_and_windows_line_endings(api: ApiClient) -> None:
    data = (
        codecs.BOM_UTF8
        + linkedin(
            "Ana,Lima,https://www.linkedin.com/in/ana-lima,,Acme,Engineer,15 Mar 2024",
            'Bo,Sato,https://www.linkedin.com/in/bo-sato,bo@example.org,"Globex, Inc.",Director,01 Jan 2020',
            newline="\r\n",
        ).encode()
    )
    reply = post_file(api, data)
    assert reply.status == 200
    assert (reply.body["format"], reply.body["new"]) == ("linkedin", 2)
    people = by_name(api)
    assert people["Bo Sato"]["company"] == "Globex, Inc."
    assert people["Bo Sato"]["email"] == "bo@example.org"
    assert people["Ana Lima"]["how_we_met"] == "Connected on LinkedIn, 15 March 2024"


def test_an_older_linkedin_export_without_url_and_columns_in_another_order(api: ApiClient) -> None:
    data = (
        b"Company,Connected On,Email Address,Last Name,First Name,Position\nAcme,3 Feb 2019,,Lima,Ana,CTO\n"
    )
    reply = post_file(api, data)
    assert reply.status == 200
    assert reply.body["format"] == "linkedin"
    ana = by_name(api)["Ana Lima"]
    assert (ana["company"], ana["role"], ana["linkedin_url"]) == ("Acme", "CTO", None)


def test_names_in_any_script_and_quoted_fields_with_commas_and_newlines(api: ApiClient) -> None:
    data = linkedin(
        '山田,太郎,https://www.linkedin.com/in/yamada,,"株式会社テスト, 東京",'
        '"Engineer,\nPlatform",1 Apr 2021',
        "Ψυχή,Ἀθηνᾶ,https://www.linkedin.com/in/athina,,Ὀλυμπία,Sage,2 Apr 2021",
        "محمد,علي,https://www.linkedin.com/in/ali,,شركة,مدير,3 Apr 2021",
    ).encode()
    reply = post_file(api, data)
    assert reply.body["new"] == 3
    people = by_name(api)
    assert people["山田 太郎"]["company"] == "株式会社テスト, 東京"
    assert people["山田 太郎"]["role"] == "Engineer, Platform"
    assert "Ψυχή Ἀθηνᾶ" in people
    assert "محمد علي" in people


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("cp1252", b""),
    ],
)
def test_outlook_csv_in_other_encodings(api: ApiClient, encoding: str, bom: bytes) -> None:
    text = (
        '"First Name","Last Name","Company","Job Title","E-mail Address","Mobile Phone"\r\n'
        '"Jürgen","Müller","Bäckerei Köln","Geschäftsführer","jm@example.de","+49 170 1234567"\r\n'
    )
    reply = post_file(api, bom + text.encode(encoding))
    assert reply.status == 200, reply.body
    assert reply.body["format"] == "outlook"
    person = by_name(api)["Jürgen Müller"]
    assert (person["company"], person["role"], person["phone"]) == (
        "Bäckerei Köln",
        "Geschäftsführer",
        "+491701234567",
    )


def test_a_shift_jis_csv(api: ApiClient) -> None:
    rows = "太郎,山田,株式会社テスト,taro@example.jp\r\n花子,佐藤,グーグル,hanako@example.jp\r\n"
    data = b"First Name,Last Name,Company,Email Address\r\n" + rows.encode("shift_jis")
    reply = post_file(api, data)
    assert reply.status == 200, reply.body
    assert set(by_name(api)) == {"太郎 山田", "花子 佐藤"}


def test_google_multiple_values_in_one_cell(api: ApiClient) -> None:
    data = (
        b"Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,"
        b"Phone 1 - Value,Organization 1 - Name,Organization 1 - Title\n"
        b"Ana Lima,Ana,Lima,* myContacts ::: Mentors ::: * starred,"
        b"* Work,ana@work.example ::: ana@home.example,"
        b"Mobile,+44 7700 900123 ::: +44 20 7946 0000,Acme,CTO\n"
    )
    reply = post_file(api, data)
    assert reply.body["format"] == "google"
    ana = by_name(api)["Ana Lima"]
    assert (ana["email"], ana["phone"], ana["tags"], ana["starred"]) == (
        "ana@work.example",
        "+447700900123",
        ["Mentors"],
        True,
    )
    assert "ana@home.example" in ana["notes"]
    assert "+44 20 7946 0000" in ana["notes"]


def test_a_vcard_30_and_40_file_with_several_cards(api: ApiClient) -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\nORG:Acme;R&D\r\nTITLE:CTO\r\n"
        b"EMAIL;TYPE=INTERNET,pref:ana@example.org\r\nTEL;TYPE=CELL:+1 415 555 0100\r\n"
        b"NOTE:Met at the meetup\\, liked hiking\\nSecond line\r\n"
        b"URL:https://www.linkedin.com/in/ana-lima/\r\nCATEGORIES:Mentors,Tech\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Sato\r\nEMAIL;PREF=1:bo@example.org\r\nEND:VCARD\r\n"
    )
    reply = post_file(api, data, content_type="text/vcard")
    assert (reply.body["format"], reply.body["new"]) == ("vcard", 2)
    ana = by_name(api)["Ana Lima"]
    assert ana["company"] == "Acme"
    assert ana["role"] == "CTO"
    assert ana["phone"] == "+14155550100"
    assert ana["notes"] == "Met at the meetup, liked hiking\nSecond line"
    assert ana["linkedin_url"] == "https://www.linkedin.com/in/ana-lima"
    assert ana["tags"] == ["Mentors", "Tech"]


def test_a_card_without_end_and_a_card_with_nothing_in_it(api: ApiClient) -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nX-FOO:bar\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Off\r\nEMAIL:cut@example.org\r\n"
    )
    reply = post_file(api, data)
    assert reply.status == 200
    assert reply.body["new"] == 1
    assert reply.body["skipped_rows"] == [
        {"row": 1, "field": None, "reason": "card has no name, email address or phone"}
    ]
    assert set(by_name(api)) == {"Cut Off"}


def test_a_bad_row_never_loses_the_good_ones(api: ApiClient) -> None:
    data = linkedin(
        "Ana,Lima,https://www.linkedin.com/in/ana,not-an-email,Acme,CTO,1 Jan 2020",
        ",,,,,,01 Jan 2023",
        "X" * 300 + ",Long,https://www.linkedin.com/in/x,,Acme,CTO,1 Jan 2020",
        "Bo,Sato,https://www.linkedin.com/in/bo,,Globex,Engineer,not a date",
    ).encode()
    reply = post_file(api, data)
    assert reply.status == 200, reply.body
    report = reply.body
    assert report["new"] == 2
    assert report["errors"] == [{"row": 7, "field": "name", "reason": "name is longer than 200 characters"}]
    assert [row["row"] for row in report["skipped_rows"]] == [6]
    people = by_name(api)
    assert people["Ana Lima"]["email"] is None
    assert "not-an-email" in people["Ana Lima"]["notes"]  # kept, not lost
    assert people["Bo Sato"]["how_we_met"] == "Connected on LinkedIn"


def test_an_unterminated_quote_keeps_every_row_before_it(api: ApiClient) -> None:
    data = linkedin(
        "Ana,Lima,https://www.linkedin.com/in/ana,,Acme,CTO,1 Jan 2020",
        'Cy,"Unterminated,https://www.linkedin.com/in/cy,,Initech,Boss,1 Jan 2020',
        "Bo,Sato,https://www.linkedin.com/in/bo,,Globex,Engineer,1 Jan 2020",
    ).encode()
    reply = post_file(api, data)
    assert reply.status == 200
    people = by_name(api)
    assert people["Ana Lima"]["role"] == "CTO"
    # The quote runs to the end of the file, so the rest is one (odd) row, imported as text.
    assert reply.body["rows"] == 2
    assert any(name.startswith("Cy Unterminated") for name in people)


def test_formula_cells_are_imported_as_plain_text(api: ApiClient) -> None:
    data = linkedin('=HYPERLINK("http://evil.example"),Lima,,,@SUM(1+1),+cmd|calc,1 Jan 2020').encode()
    reply = post_file(api, data)
    assert reply.body["new"] == 1
    person = all_contacts(api)[0]
    assert person["name"] == '=HYPERLINK("http://evil.example") Lima'
    assert person["company"] == "@SUM(1+1)"


def test_duplicate_headers_take_the_first_non_empty_value(api: ApiClient) -> None:
    data = b"First Name,Last Name,Email Address,Email Address,Company\nAna,Lima,,ana@example.org,Acme\n"
    reply = post_file(api, data)
    assert reply.status == 200
    assert by_name(api)["Ana Lima"]["email"] == "ana@example.org"


def test_ragged_rows_are_read_as_far_as_they_go(api: ApiClient) -> None:
    data = (
        b"First Name,Last Name,Email Address,Company\nAna,Lima\nBo,Sato,bo@example.org,Globex,extra,cells\n"
    )
    reply = post_file(api, data)
    assert reply.body["new"] == 2
    assert by_name(api)["Bo Sato"]["company"] == "Globex"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty"),
        (b"   \r\n\r\n  ", "The file is empty"),
        (LINKEDIN_HEADER.encode() + b"\r\n", "The file has a header but no contacts"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "This is not a text file"),
        (b"hello,world\nthis,is\nnot,contacts\n", "This is not a contacts file we can read"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "The file looks like UTF-16-LE but is not valid"),
        (b'{"contacts": []}', "This is not a contacts file we can read"),
    ],
)
def test_an_unreadable_file_is_a_422_naming_the_problem(api: ApiClient, data: bytes, expected: str) -> None:
    reply = post_file(api, data)
    assert reply.status == 422, reply.body
    assert reply.body["error"]["message"].startswith(expected)
    assert reply.body["error"]["details"][0]["field"] == "body"
    assert all_contacts(api) == []


def test_a_file_over_the_size_limit_is_a_413(api: ApiClient) -> None:
    ten_mb_line = linkedin("Ana,Lima,,,Acme," + "x" * 10_000_000 + ",1 Jan 2020").encode()
    for as_base64 in (False, True):
        reply = post_file(api, ten_mb_line, as_base64=as_base64)
        assert reply.status == 413
        assert reply.body["error"]["code"] == "payload_too_large"
        assert "4 MB" in reply.body["error"]["message"]


def test_a_long_line_under_the_limit_is_cut_to_the_field_size_with_a_warning(api: ApiClient) -> None:
    data = b"Name,E-mail 1 - Value,Notes\nAna Lima,ana@example.org," + b"n" * 3_000_000 + b"\n"
    reply = post_file(api, data)
    assert reply.status == 200
    assert reply.body["warnings"] == [
        {"row": 2, "field": "notes", "reason": "notes were cut to 10000 characters"}
    ]
    assert len(by_name(api)["Ana Lima"]["notes"]) == 10_000


def test_too_many_rows_is_a_413(api: ApiClient) -> None:
    data = ("Name,Email Address\n" + "".join(f"P{i},p{i}@example.org\n" for i in range(25_001))).encode()
    reply = post_file(api, data)
    assert reply.status == 413
    assert "more than 25000 rows" in reply.body["error"]["message"]


def test_json_routes_keep_their_64_kb_limit(api: ApiClient) -> None:
    reply = api.post("/contacts", raw_body='{"name": "' + "x" * 70_000 + '"}')
    assert reply.status == 413
    assert "64 KB" in reply.body["error"]["message"]


def test_a_multipart_upload_from_a_form(api: ApiClient) -> None:
    boundary = "----tracker1234"
    file_part = linkedin("Ana,Lima,https://www.linkedin.com/in/ana,,Acme,CTO,1 Jan 2020")
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="Connections.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n{file_part}\r\n--{boundary}--\r\n"
    ).encode()
    reply = post_file(api, body, content_type=f"multipart/form-data; boundary={boundary}", as_base64=True)
    assert reply.status == 200, reply.body
    assert set(by_name(api)) == {"Ana Lima"}


def test_a_form_without_a_file_is_a_422(api: ApiClient) -> None:
    body = b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--b--\r\n'
    reply = post_file(api, body, content_type="multipart/form-data; boundary=b")
    assert reply.status == 422
    assert reply.body["error"]["details"] == [
        {"field": "file", "message": "The form has no file: send it in a field named 'file'"}
    ]


def test_a_dry_run_reports_and_writes_nothing(api: ApiClient) -> None:
    api.post("/contacts", {"name": "Ana Lima", "company": "Acme"})
    data = linkedin(
        "Ana,Lima,https://www.linkedin.com/in/ana,,Acme,CTO,1 Jan 2020",
        "Bo,Sato,https://www.linkedin.com/in/bo,,Globex,Engineer,1 Jan 2020",
        "Bo,Sato,https://www.linkedin.com/in/bo,,Globex,Engineer,1 Jan 2020",
        "oops,,,,,,",
    ).encode()
    before = all_contacts(api)
    reply = post_file(api, data, dry_run=True)
    assert reply.status == 200
    report = reply.body
    assert report["dry_run"] is True
    assert {k: report[k] for k in ("rows", "new", "updated", "unchanged", "skipped", "failed")} == {
        "rows": 4,
        "new": 2,  # Bo, and "oops" (a name is all a person needs)
        "updated": 1,
        "unchanged": 0,
        "skipped": 1,
        "failed": 0,
    }
    assert report["skipped_rows"] == [
        {"row": 7, "field": None, "reason": "the same person as row 6; merged into them"}
    ]
    assert all_contacts(api) == before


def test_a_base64_body_and_a_body_that_is_not_base64(api: ApiClient) -> None:
    good = post_file(api, linkedin("Ana,Lima,,,Acme,CTO,1 Jan 2020").encode(), as_base64=True)
    assert good.status == 200
    event = api.event("POST", "/imports", raw_body="!!!not base64!!!", headers={"content-type": "text/csv"})
    event["isBase64Encoded"] = True
    assert invoke(event).status == 422
    assert base64  # the module is used by post_file for the encoded case
