"""Every file of the shared corpus (real exports written by others) imports the right people
with the right fields, or names the rows it could not import; never a 500.

The files stay in ../shared/corpus/imports (their licences vary) and are read in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conftest import ApiClient
from tests.imports.helpers import by_name, corpus_dir, post_file


@dataclass
class Expected:
    people: list[str]  # every name, repeated names repeated
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> fields to check
    notes_contain: dict[str, list[str]] = field(default_factory=dict)
    skipped_rows: list[int] = field(default_factory=list)
    format: str = ""


CORPUS: dict[str, Expected] = {
    "linkedin/full-notes-preamble-dupe-names-empty-row.csv": Expected(
        ["Priya Sharma", "Rahul Iyer", "Priya Sharma", "Anita Rao"],
        {
            "Rahul Iyer": {
                "given_name": "Rahul",
                "email": "rahul@example.com",
                "company": "Flipkart",
                "role": "Senior SDE",
                "linkedin_url": "https://www.linkedin.com/in/rahul-iyer",
                "how_we_met": "Connected on LinkedIn, 5 January 2020",
            },
            "Anita Rao": {"company": None, "linkedin_url": "https://www.linkedin.com/in/anita-rao"},
        },
        skipped_rows=[9],  # ",,,,,,01 Jan 2023": only a date
        format="linkedin",
    ),
    "linkedin/no-preamble-url-last-excel-dates.csv": Expected(
        ["John Doe", "Jane Smith", "Bob Wilson", "Alice Brown", "Charlie Davis"],
        {
            "John Doe": {
                "email": "john@example.com",
                "company": "Acme Corp",
                "role": "CEO",
                "linkedin_url": "https://www.linkedin.com/in/johndoe",
                "how_we_met": "Connected on LinkedIn, 15 January 2024",
            },
            "Bob Wilson": {"email": None, "company": "Startup Inc"},
            "Charlie Davis": {"how_we_met": "Connected on LinkedIn, 5 May 2025"},
        },
        format="linkedin",
    ),
    "linkedin/notes-preamble-two-blank-lines-missing-date.csv": Expected(
        [
            "Ada Lovelace",
            "Grace Hopper",
            "Alan Turing",
            "Katherine Johnson",
            "Linus Torvalds",
            "Margaret Hamilton",
            "Tim Berners-Lee",
        ],
        {
            "Ada Lovelace": {"company": "Analytical Engines", "role": "Founder & CEO", "email": None},
            "Tim Berners-Lee": {"how_we_met": "Connected on LinkedIn", "role": "Head of Standards"},
        },
        format="linkedin",
    ),
    "linkedin/unquoted-notes-no-blank-url-variants.csv": Expected(
        ["Jerry Mathis", "Alex Johnson"],
        {
            "Jerry Mathis": {
                "email": "jerry@example.com",
                "linkedin_url": "https://www.linkedin.com/in/jerry-mathis",
            },
            "Alex Johnson": {"linkedin_url": "https://www.linkedin.com/in/alex-johnson", "company": "AWS"},
        },
        format="linkedin",
    ),
    "google/gmail-2007-section-columns.csv": Expected(
        ["John Doe", "Jeniffer Doe"],
        {"John Doe": {"email": "john@example.com", "company": "Example, Corp."}},
        {"John Doe": ["john.doe@example.com"]},
        format="google",
    ),
    "google/new-google-header-multiline-note-unicode.csv": Expected(
        ["Jane Doe", "Bob Smith", "Chloé Van Damme, Jr."],
        {
            "Jane Doe": {
                "given_name": "Jane",
                "email": "jane.doe@acme.example",
                "phone": "+41791234567",
                "company": "Acme Corp",
                "role": "VP Engineering",
                "linkedin_url": "https://www.linkedin.com/in/jane-doe-example",
            },
            "Bob Smith": {"phone": "+14155550100", "company": "Globex", "role": "Designer"},
            "Chloé Van Damme, Jr.": {
                "email": "chloe@vandamme.example",
                "company": "Widgets, Inc.",
                "role": 'Head of "Special" Projects',
                "notes": "Line one\nLine two",
            },
        },
        {"Jane Doe": ["Met at ETH reunion", "jane@personal.example"]},
        format="google",
    ),
    "google/old-google-csv-language-photo-cols-myContacts.csv": Expected(
        [
            "Ada Okafor",
            "Bea Lindqvist",
            "Cyrus Abara",
            "Dara Cho",
            "Elias Bellini",
            "Farrah Dumas",
            "Gus Eriksen",
            "Hana Takahashi",
        ],
        {
            "Ada Okafor": {
                "email": "ada.okafor@northwindfreight.test",
                "phone": "+442079460812",
                "company": "Northwind Freight",
                "role": "Head of Operations",
                "tags": [],
            },
            "Bea Lindqvist": {"tags": ["Work"], "phone": "+4685051244"},
            "Cyrus Abara": {"company": "Harbour & Stone"},
        },
        {"Dara Cho": ["+1 415 555 0188", "+1 650 555 0110"]},
        format="google",
    ),
    "google/old-google-csv-roundcube-multiline-groups.csv": Expected(
        ["Prefix Firstname Middle Lastname Suffix"],
        {
            "Prefix Firstname Middle Lastname Suffix": {
                "email": "home@aaa.pl",
                "company": "company",
                "role": "jobtitle",
                "tags": ["Test"],
            }
        },
        {"Prefix Firstname Middle Lastname Suffix": ['note"note', "work@email.pl", "other@email.com"]},
        format="google",
    ),
    "outlook/outlook-2007-quoted-multiline-notes.csv": Expected(
        ["John Smith"],
        {
            "John Smith": {
                "given_name": "John",
                "email": "john@example.com",
                "company": "International Inc",
                "tags": ["Programming"],
            }
        },
        {"John Smith": ["PHP\nPerl\nPython", "(123) 555-2222"]},
        format="outlook",
    ),
    "outlook/outlook-address-embedded-quotes-newline.csv": Expected(
        [],
        skipped_rows=[2],
        format="outlook",  # only a street address: nobody to add, and said so
    ),
    "vcard/v21-android-qp-utf8-multi.vcf": Expected(
        [
            "john.doe@company.com",
            "jane.doe@company.com",
            "Ñ Ñ Ñ Ñ Ñ",
            "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ",
            "Ñ Ñ Ñ Ñ",
            "ÑÑÑÑ",
        ],
        {
            "john.doe@company.com": {"email": "john.doe@company.com", "given_name": None},
            "ÑÑÑÑ": {"email": "henry@company.com", "given_name": None},  # N has only a family name
        },
        {"Ñ Ñ Ñ Ñ Ñ": ["123456789"]},
        format="vcard",
    ),
    "vcard/v21-aosp-complicated-qp-fold-photo.vcf": Expected(
        ["Joe Due"],
        {
            "Joe Due": {
                "given_name": None,  # N says Forrest Gump: not the name shown
                "email": "forrestgump@walladalla.com",
                "company": "Gump Shrimp Co.",
                "role": "Shrimp Man",
            }
        },
        {"Joe Due": ["The following note is the example from RFC 2045."]},
        format="vcard",
    ),
    "vcard/v21-aosp-shift-jis-qp.vcf": Expected(
        ["安藤 ロイド 1"], {}, {"安藤 ロイド 1": ["メモ"]}, format="vcard"
    ),
    "vcard/v21-outlook-photo-qp-label.vcf": Expected(
        ["Mr. John Richter James Doe Sr."],
        {
            "Mr. John Richter James Doe Sr.": {
                "given_name": "John",
                "email": "john.doe@ibm.cm",
                "company": "IBM",
                "role": "Money Counter",
            }
        },
        format="vcard",
    ),
    "vcard/v21-roundcube-charset-windows1252.vcf": Expected(
        ["John Doë"],
        {"John Doë": {"email": "roundcube@gmail.com", "company": "roundcube.net"}},
        {"John Doë": ["inbox@roundcube.net"]},
        format="vcard",
    ),
    "vcard/v21-thebat-qp-latin2-no-charset.vcf": Expected(
        ["Piotr Iksiński"], {"Piotr Iksiński": {"email": "piotr.iksinski@somedomain.com"}}, format="vcard"
    ),
    "vcard/v30-aosp-ios613-cr-cr-lf-photo.vcf": Expected(
        ["Bob Smith"],
        {"Bob Smith": {"email": "bob@smithauto.com", "company": "Smith Auto Repair"}},
        {"Bob Smith": ["(650) 555-1212", "www.smithauto.com"]},
        format="vcard",
    ),
    "vcard/v30-apple-utf16be-no-bom.vcf": Expected(["Ǽgean ĽdaMonté"], format="vcard"),
    "vcard/v30-evolution-folded-couchdb.vcf": Expected(
        ["Mr. John Richter, James Doe Sr."],
        {"Mr. John Richter, James Doe Sr.": {"email": "john.doe@ibm.com", "company": "IBM", "tags": ["VIP"]}},
        format="vcard",
    ),
    "vcard/v30-gmail-itemN-xablabel-many.vcf": Expected(
        ["VCard Test"],
        {"VCard Test": {"email": "email@example.com", "company": "TheCompany", "role": "TheJobTitle"}},
        {"VCard Test": ["note line 1\nnote line 2", "homeemail@example.com"]},
        format="vcard",
    ),
    "vcard/v30-iphone-ios5-crcrlf-itemN-photo.vcf": Expected(
        ["Mr. John Richter James Doe Sr."],
        {"Mr. John Richter James Doe Sr.": {"email": "john.doe@ibm.com", "company": "IBM"}},
        format="vcard",
    ),
    "vcard/v30-mac-addressbook-mixed-eol-photo.vcf": Expected(
        ["Mr. John Richter,James Doe Sr."],
        {"Mr. John Richter,James Doe Sr.": {"email": "john.doe@ibm.com", "role": "Money Counter"}},
        format="vcard",
    ),
    "vcard/v40-aosp-sort-as-utf8-japanese.vcf": Expected(
        ["安藤 ロイド"], {"安藤 ロイド": {"company": "グーグル", "given_name": "ロイド"}}, format="vcard"
    ),
    "vcard/v40-fullcontact-altid-impp.vcf": Expected(
        ["Prefix FirstName MiddleName LastName Suffix"],
        {
            "Prefix FirstName MiddleName LastName Suffix": {
                "email": "home@example.com",
                "company": "Organization1",
            }
        },
        {"Prefix FirstName MiddleName LastName Suffix": ["work@example.com"]},
        format="vcard",
    ),
    "vcard/v40-vobject-full-rfc6350-props.vcf": Expected(
        ["Dr. John Q. Public, III"],
        {
            "Dr. John Q. Public, III": {
                "given_name": "John",
                "email": "johnny@personal.example.org",
                "phone": "+15555555555",
                "company": "Example Corp.",
                "tags": ["BUSINESS", "NETWORKING"],
            }
        },
        {"Dr. John Q. Public, III": ["john.public@example.com"]},
        format="vcard",
    ),
}


def test_every_corpus_file_has_expectations() -> None:
    root = corpus_dir()
    files = {str(path.relative_to(root)) for path in root.glob("*/*") if path.suffix in {".csv", ".vcf"}}
    assert files == set(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file_imports_the_right_people(api: ApiClient, name: str) -> None:
    expected = CORPUS[name]
    data = (corpus_dir() / name).read_bytes()
    # Given a member with an empty network, when they import the file
    reply = post_file(api, data)
    # Then everyone in it is added, and rows that had nobody in them are named
    assert reply.status == 200, reply.body
    report = reply.body
    assert report["format"] == expected.format
    assert report["failed"] == 0, report["errors"]
    assert report["new"] == len(expected.people)
    assert [row["row"] for row in report["skipped_rows"]] == expected.skipped_rows
    stored = by_name(api)
    assert sorted(stored) == sorted(set(expected.people))
    for person, fields in expected.fields.items():
        assert {key: stored[person][key] for key in fields} == fields, person
    for person, fragments in expected.notes_contain.items():
        for fragment in fragments:
            assert fragment in (stored[person]["notes"] or ""), (person, fragment)
    # And importing it again changes nothing
    again = post_file(api, data).body
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, len(expected.people))
    assert by_name(api) == stored
