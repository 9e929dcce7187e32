"""Duplicates merge instead of multiplying, and imported people are spread over the cadence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from math import ceil

import boto3

from local.provision import Stack
from tests.conftest import ApiClient
from tests.imports.helpers import all_contacts, by_name, post_file
from tracker.domain.clock import FixedClock

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def linkedin(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def test_a_match_fills_empty_fields_and_never_overwrites_what_the_member_typed(api: ApiClient) -> None:
    # Given a contact the member typed, with a role and notes but no email or profile
    typed = api.post(
        "/contacts", {"name": "Ana Lima", "company": "Acme", "role": "Head of Data", "notes": "Met at PyCon"}
    ).body
    # When a LinkedIn export has her (same name and company, spelled differently) with more
    data = linkedin("ANA,lima,https://www.linkedin.com/in/ana-lima,ana@acme.example,ACME,CTO,1 Jan 2020")
    report = post_file(api, data).body
    # Then she is updated, not duplicated: empty fields filled, typed ones kept
    assert (report["new"], report["updated"]) == (0, 1)
    [ana] = all_contacts(api)
    assert ana["id"] == typed["id"]
    assert (ana["name"], ana["role"], ana["notes"]) == ("Ana Lima", "Head of Data", "Met at PyCon")
    assert ana["email"] == "ana@acme.example"
    assert ana["linkedin_url"] == "https://www.linkedin.com/in/ana-lima"
    assert ana["how_we_met"] == "Connected on LinkedIn, 1 January 2020"
    assert ana["due_at"] == typed["due_at"]
    # And the same file a second time changes nothing
    again = post_file(api, data).body
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert all_contacts(api) == [ana]


def test_a_match_adds_new_help_ideas_after_the_members_own(api: ApiClient, aws: Stack) -> None:
    typed = api.post("/contacts", {"name": "Ana Lima", "help_ideas": ["Send the PyCon talk"]}).body
    # (stored before the API dropped an idea typed twice: the import must not tidy it away)
    table = boto3.resource("dynamodb").Table(aws.table_name)
    (item,) = [i for i in table.scan()["Items"] if i["SK"] == f"CONTACT#{typed['id']}"]
    table.update_item(
        Key={"PK": item["PK"], "SK": item["SK"]},
        UpdateExpression="SET help_ideas = :ideas",
        ExpressionAttributeValues={":ideas": ["Send the PyCon talk", "Send the PyCon talk"]},
    )
    data = (
        "record,id,name,help_ideas,contact_id,when\n"
        f"contact,{typed['id']},Ana Lima,"
        '"Introduce her to Sam\nSend the PyCon talk\nIntroduce her to Sam",,\n'
    )
    assert post_file(api, data.encode()).body["updated"] == 1
    [ana] = all_contacts(api)
    assert ana["help_ideas"] == ["Send the PyCon talk", "Send the PyCon talk", "Introduce her to Sam"]
    assert post_file(api, data.encode()).body["unchanged"] == 1


def test_the_same_email_is_the_same_person_whatever_the_name(api: ApiClient) -> None:
    api.post("/contacts", {"name": "Bob", "email": "Bob.Smith@Example.org"})
    report = post_file(api, linkedin("Robert,Smith,,bob.smith@example.org,Globex,CFO,1 Jan 2020")).body
    assert (report["new"], report["updated"]) == (0, 1)
    [bob] = all_contacts(api)
    assert (bob["name"], bob["company"], bob["role"]) == ("Bob", "Globex", "CFO")


def test_the_same_linkedin_profile_is_the_same_person_however_the_url_is_written(api: ApiClient) -> None:
    api.post("/contacts", {"name": "Jerry M.", "linkedin_url": "linkedin.com/in/jerry-mathis"})
    data = linkedin("Jerry,Mathis,https://www.linkedin.com/in/Jerry-Mathis/?trk=export,,Example,Founder,")
    assert post_file(api, data).body["updated"] == 1
    [jerry] = all_contacts(api)
    assert (jerry["name"], jerry["company"]) == ("Jerry M.", "Example")


def test_accents_case_and_spacing_do_not_make_two_people(api: ApiClient) -> None:
    api.post("/contacts", {"name": "José García", "company": "Acme Inc."})
    post_file(api, linkedin("jose,GARCIA,,,ACME  inc,Engineer,"))
    assert [c["name"] for c in all_contacts(api)] == ["José García"]


def test_names_in_other_scripts_keep_their_marks_when_compared(api: ApiClient) -> None:
    # か and が differ only by a voiced mark; they are different names
    api.post("/contacts", {"name": "かとう", "company": "テスト"})
    post_file(api, linkedin("がとう,,,,テスト,Engineer,"))
    assert sorted(c["name"] for c in all_contacts(api)) == ["かとう", "がとう"]


def test_same_name_and_company_with_different_profiles_are_two_people(api: ApiClient) -> None:
    data = linkedin(
        "Priya,Sharma,https://www.linkedin.com/in/priya-sharma-1,,Razorpay,Engineer,12 Mar 2021",
        "Priya,Sharma,https://www.linkedin.com/in/priya-sharma-2,,Razorpay,Product Manager,01 Feb 2022",
    )
    assert post_file(api, data).body["new"] == 2
    assert post_file(api, data).body["unchanged"] == 2


def test_the_same_person_twice_in_one_file_is_added_once_with_both_rows_merged(api: ApiClient) -> None:
    data = linkedin(
        "Ana,Lima,https://www.linkedin.com/in/ana,,Acme,,1 Jan 2020",
        "Bo,Sato,,,Globex,,1 Jan 2020",
        "Ana,Lima,https://www.linkedin.com/in/ana,ana@acme.example,Acme,CTO,1 Jan 2020",
    )
    report = post_file(api, data).body
    assert (report["new"], report["skipped"]) == (2, 1)
    assert report["skipped_rows"] == [
        {"row": 4, "field": None, "reason": "the same person as row 2; merged into them"}
    ]
    ana = by_name(api)["Ana Lima"]
    assert (ana["email"], ana["role"]) == ("ana@acme.example", "CTO")


def test_imported_people_are_spread_over_the_cadence_oldest_connections_first(
    api: ApiClient, aws: Stack, clock: FixedClock
) -> None:
    # Given a member with a 90-day cadence and one contact already due in ten days
    api.post("/contacts", {"name": "Old Friend", "last_contact_at": "2026-09-06T09:00:00Z"})
    start = datetime(2026, 11, 1)
    rows = [
        f"P{n},Person,https://www.linkedin.com/in/p{n},,Acme,Engineer,{start - timedelta(days=n):%d %b %Y}"
        for n in range(450)
    ]
    # When they import 450 LinkedIn connections
    report = post_file(api, linkedin(*rows)).body
    assert report["new"] == 450
    # Then no day of the next 90 gets more than its share, and none is later than the cadence
    contacts = [c for c in all_contacts(api) if c["name"] != "Old Friend"]
    now = clock.now()
    days = [(datetime.fromisoformat(c["due_at"]) - now).days for c in contacts]
    share = ceil(451 / 90)
    assert max(days.count(day) for day in set(days)) <= share
    assert max(days) < 90
    assert days.count(0) == share  # the first ones are due today: the next reminder can pick them
    # And the oldest connections come first
    by_day = sorted(contacts, key=lambda c: (c["due_at"], c["name"]))
    first, last = by_day[0]["how_we_met"], by_day[-1]["how_we_met"]
    assert first.endswith("2025")
    assert last.endswith("2026")
    # And the due-date index (what the daily picks query) sees the first week's share only
    week = (now + timedelta(days=7)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    due_this_week = boto3.client("dynamodb").query(
        TableName=aws.table_name,
        IndexName="due-index",
        KeyConditionExpression="PK = :pk AND due_at < :week",
        ExpressionAttributeValues={
            ":pk": {"S": "ORG#bridges#MEMBER#11111111-aaaa-4aaa-8aaa-111111111111"},
            ":week": {"S": week},
        },
        Select="COUNT",
    )["Count"]
    assert due_this_week <= 7 * share
    assert due_this_week >= share


def test_a_second_import_fills_the_days_around_the_first(api: ApiClient, clock: FixedClock) -> None:
    first = [f"A{n},X,https://www.linkedin.com/in/a{n},,Acme,,1 Jan 2020" for n in range(90)]
    second = [f"B{n},Y,https://www.linkedin.com/in/b{n},,Acme,,1 Jan 2020" for n in range(90)]
    post_file(api, linkedin(*first))
    post_file(api, linkedin(*second))
    now = clock.now()
    days = [(datetime.fromisoformat(c["due_at"]) - now).days for c in all_contacts(api)]
    assert max(days.count(day) for day in set(days)) <= 2
    assert max(days) < 90
