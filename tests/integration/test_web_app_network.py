"""The web app's Network and Add a contact pages, as a browser drives them (the Browser of
test_web_app.py): through the public function, signed in with a session cookie."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from local.provision import Stack
from tests.conftest import ApiClient
from tests.integration import test_web_app
from tests.integration.test_reminders import dynamodb_calls, write_contacts
from tests.integration.test_web_app import Answer, Browser, signed_in
from tests.integration.test_web_import import confirm, preview_of
from tests.public_pages import forms_in

NEW = "/app/contacts/new"

# test_web_app's fixtures: its program (Bridges) and Sam, with one contact (Ana Lima)
mailed_invitations, program, sam = test_web_app.mailed_invitations, test_web_app.program, test_web_app.sam


def add(browser: Browser, **fields: str) -> object:
    page = browser.get(NEW)
    assert page.status == 200, page.text
    return browser.submit(page, "Add contact", **fields)


def test_network_lists_every_contact_with_what_matters(sam: ApiClient) -> None:
    sam.post(
        "/contacts",
        {
            "name": "Zoë Martín",
            "company": "Acme",
            "relationship": "personal",
            "tags": ["Mentor"],
            "next_step": {"text": "Send the post", "due": "2030-01-02"},
        },
    )
    browser = signed_in(sam)
    page = browser.get("/app/network")
    assert page.status == 200
    assert "<table" in page.body
    assert 'data-label="Company"' in page.body
    for text in (
        "Ana Lima",
        "Northwind",
        "Old football team",
        "Zoë Martín",
        "personal",
        "Mentor",
        "Send the post",
        "never logged",
        "due now",
        "2 people",
    ):
        assert text in page.text, text
    assert 'aria-current="page"' in page.body
    assert 'href="/app/network"' in page.body
    assert "/app/contacts/" in page.body


def test_search_and_filters_are_urls_of_a_get_form(sam: ApiClient) -> None:
    sam.post(
        "/contacts",
        {
            "name": "Zoë Martín",
            "company": "Acme",
            "relationship": "personal",
            "tags": ["Mentor"],
            "starred": True,
        },
    )
    archived = sam.post("/contacts", {"name": "Old Pal"}).body
    sam.patch(f"/contacts/{archived['id']}", {"archived": True})
    browser = signed_in(sam)
    (search,) = [f for f in forms_in(browser.get("/app/network").body) if f.action == "/app/network"]
    assert search.method.lower() == "get"
    for query, shown, hidden in (
        ("q=zoe+martin", "Zoë Martín", "Ana Lima"),
        ("q=ACME", "Zoë Martín", "Ana Lima"),
        ("q=northwind", "Ana Lima", "Zoë Martín"),
        ("tag=mentor", "Zoë Martín", "Ana Lima"),
        ("kind=business", "Ana Lima", "Zoë Martín"),
        ("starred=1", "Zoë Martín", "Ana Lima"),
        ("archived=1", "Old Pal", "Ana Lima"),
        ("due=1", "Ana Lima", "Old Pal"),
    ):
        page = browser.get("/app/network?" + query)
        assert page.status == 200, query
        assert shown in page.text, (query, page.text)
        assert hidden not in page.text, (query, page.text)
    assert "Old Pal" not in browser.get("/app/network").text
    assert "Nobody matches" in browser.get("/app/network?q=nobody+at+all").text
    assert browser.get("/app/network?kind=nonsense&q=" + "x" * 500).status == 200


def test_network_pages_with_the_cursor_in_one_query(aws: Stack, sam: ApiClient) -> None:
    write_contacts(sam.identity.member, 120)
    browser = signed_in(sam)
    with dynamodb_calls() as calls:
        first = browser.get("/app/network")
    assert first.status == 200
    assert [name for name, _ in calls] == ["BatchGetItem", "Query", "Query"], calls  # + the counts
    assert "25 people shown" in first.text
    assert "more on the next page" in first.text
    next_url = next(f for f in first.body.split('"') if f.startswith("/app/network?cursor="))
    second = browser.get(next_url.replace("&amp;", "&"))
    assert second.status == 200
    assert "First page" in second.text
    with dynamodb_calls() as calls:
        filtered = browser.get("/app/network?q=zz-nobody&due=1")
    assert [name for name, _ in calls] == ["BatchGetItem", "Query", "Query"], calls
    assert "Next page" in filtered.text  # stops after 99 looked at, with a cursor to go on
    link = next(f for f in filtered.body.split('"') if "cursor=" in f).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query)["q"] == ["zz-nobody"]
    assert browser.get("/app/network?cursor=not-ours").status == 200


def names_in(page: Answer, *names: str) -> list[str]:
    """`names` in the order the page shows them (those it shows)."""
    rows = page.body.split("<tbody>", 1)[-1]
    return sorted((n for n in names if f">{n}</a>" in rows), key=lambda n: rows.index(f">{n}</a>"))


def test_each_sort_orders_what_a_member_sees(sam: ApiClient) -> None:
    people = ("Ana Lima", "émile Durand", "Zoë Martín", "bob Never", "Ángel Ruiz", "Old Pal")
    sam.post("/contacts", {"name": "émile Durand", "last_contact_at": "2026-01-10T09:00:00Z"})
    sam.post("/contacts", {"name": "Zoë Martín", "last_contact_at": "2025-06-01T09:00:00Z"})
    sam.post("/contacts", {"name": "bob Never", "next_step": {"text": "Call", "due": "2030-01-02"}})
    sam.post("/contacts", {"name": "Ángel Ruiz", "last_contact_at": "2026-03-01T09:00:00Z"})
    old = sam.post("/contacts", {"name": "Old Pal", "last_contact_at": "2026-03-02T09:00:00Z"}).body
    sam.patch(f"/contacts/{old['id']}", {"archived": True})
    browser = signed_in(sam)
    by_name = browser.get("/app/network?sort=name")
    assert names_in(by_name, *people) == ["Ana Lima", "Ángel Ruiz", "bob Never", "émile Durand", "Zoë Martín"]
    assert "By name" in by_name.text
    assert '<option value="name" selected>' in by_name.body
    by_last = browser.get("/app/network?sort=last")
    assert names_in(by_last, *people)[:3] == ["Ángel Ruiz", "émile Durand", "Zoë Martín"]  # never-logged last
    assert set(names_in(by_last, *people)[3:]) == {"Ana Lima", "bob Never"}
    by_due = browser.get("/app/network?sort=due")
    shown = names_in(by_due, *people)
    assert shown[:3] == ["Zoë Martín", "émile Durand", "Ángel Ruiz"], shown  # a cadence after
    assert set(shown[3:]) == {"Ana Lima", "bob Never"}  # never logged: due from when added
    assert names_in(browser.get("/app/network?sort=name&archived=1"), *people) == ["Old Pal"]
    archived_by_due = browser.get("/app/network?sort=due&archived=1")
    assert names_in(archived_by_due, *people) == ["Old Pal"]
    assert "archived people are never due" in archived_by_due.text
    assert browser.get("/app/network?sort=nonsense").status == 200


def test_sort_filter_and_next_page_go_together_in_three_calls(aws: Stack, sam: ApiClient) -> None:
    write_contacts(sam.identity.member, 60)
    browser = signed_in(sam)
    everyone = sorted((f"Person {n}" for n in range(60)), key=str.casefold)
    for sort, expected in (("name", everyone), ("last", [f"Person {n}" for n in range(59, -1, -1)])):
        seen: list[str] = []
        url = f"/app/network?sort={sort}&q=person"
        while url:
            with dynamodb_calls() as calls:
                page = browser.get(url)
            assert page.status == 200
            # The session, the counts, a page of the sort index (it holds what a row shows).
            assert [name for name, _ in calls] == ["BatchGetItem", "Query", "Query"], (sort, calls)
            seen += names_in(page, *everyone)
            links = [
                f.replace("&amp;", "&")
                for f in page.body.split('"')
                if "cursor=" in f and "Next" in page.body
            ]
            url = (
                next((link for link in links if link.startswith("/app/network?")), "")
                if "Next page" in page.text
                else ""
            )
            if url:
                assert parse_qs(urlsplit(url).query)["sort"] == [sort]
                assert parse_qs(urlsplit(url).query)["q"] == ["person"]
        assert seen == expected, sort
    seen = []
    url = "/app/network?sort=due&q=person"
    while url:
        with dynamodb_calls() as calls:
            page = browser.get(url)
        assert [name for name, _ in calls] == ["BatchGetItem", "Query", "BatchGetItem"], calls
        seen += names_in(page, *everyone)
        url = next((f.replace("&amp;", "&") for f in page.body.split('"') if "cursor=" in f), "")
        if url:
            assert parse_qs(urlsplit(url).query)["sort"] == ["due"]
    assert seen == [f"Person {n}" for n in range(60)]  # due in the order last contacted
    assert browser.get("/app/network?sort=due&cursor=bm90LW91cnM").status == 200


def test_contacts_stored_before_the_sorts_are_listed_once_backfilled(sam: ApiClient) -> None:
    from tools.backfill_sort_keys import backfill
    from tracker.adapters.dynamo.keys import CONTACT, member_pk
    from tracker.adapters.dynamo.models import ContactItem

    for item in ContactItem.query(member_pk(sam.identity.member), ContactItem.sk.startswith(CONTACT)):
        item.update(
            actions=[ContactItem.name_key.remove(), ContactItem.last_key.remove()]
        )  # as stored before
    browser = signed_in(sam)
    assert "Ana Lima" not in browser.get("/app/network?sort=name").text
    assert backfill() == 1
    assert backfill() == 0
    assert "Ana Lima" in browser.get("/app/network?sort=name").text
    assert "Ana Lima" in browser.get("/app/network?sort=last").text


def counts_of(browser: Browser) -> str:
    found = re.search(r"\d+ (?:person|people) · \d+ due now · \d+ starred", browser.get("/app/network").text)
    assert found
    return found.group(0)


def test_the_counts_are_right_after_add_archive_delete_and_import(sam: ApiClient) -> None:
    browser = signed_in(sam)
    assert counts_of(browser) == "1 person · 1 due now · 0 starred"
    zoe = sam.post(
        "/contacts", {"name": "Zoë", "starred": True, "last_contact_at": "2026-11-20T09:00:00Z"}
    ).body
    pal = sam.post("/contacts", {"name": "Old Pal"}).body
    assert counts_of(browser) == "3 people · 2 due now · 1 starred"
    sam.patch(f"/contacts/{pal['id']}", {"archived": True})
    assert counts_of(browser) == "2 people · 1 due now · 1 starred"
    assert sam.delete(f"/contacts/{zoe['id']}").status == 204
    assert counts_of(browser) == "1 person · 1 due now · 0 starred"
    _, preview = preview_of(browser, "people.csv", b"name,company\nIda Bell,Acme\nJo Park,Beta\n")
    assert confirm(browser, preview).status in (200, 303)
    assert counts_of(browser) == "3 people · 1 due now · 0 starred"  # imports are spread out, not due at once


def test_adding_a_contact_then_it_is_in_the_network(sam: ApiClient) -> None:
    browser = signed_in(sam)
    form = browser.get(NEW)
    with dynamodb_calls() as calls:
        answer = browser.submit(
            form,
            "Add contact",
            name="Bea Ruiz",
            called_name="Bea",
            email="bea@example.org",
            phone="+1 (415) 555-0123",
            company="Globex",
            role="CTO",
            how_we_met="Meetup",
            met="recently",
            relationship="personal",
            tags="mentor, tech, Mentor",
            next_step="Send the post",
            next_step_due="2030-05-01",
            notes="Likes tea",
        )
    assert answer.status == 303, answer.text
    assert answer.location.startswith("/app/network?added="), answer.text
    assert [name for name, _ in calls] == ["BatchGetItem", "GetItem", "PutItem"], calls
    (bea,) = [c for c in sam.get("/contacts").body["items"] if c["name"] == "Bea Ruiz"]
    assert (bea["called_name"], bea["email"], bea["phone"], bea["met"], bea["relationship"]) == (
        "Bea",
        "bea@example.org",
        "+14155550123",
        "recently",
        "personal",
    )
    assert bea["tags"] == ["mentor", "tech"]
    assert bea["next_step"] == {
        "text": "Send the post",
        "due": "2030-05-01",
    }
    assert "Added Bea Ruiz." in browser.get(answer.location).text


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(sam: ApiClient) -> None:
    browser = signed_in(sam)
    answer = add(
        browser,
        name="",
        email="not-an-email",
        phone="555",
        company="Initech",
        next_step_due="2030-13-40",
        tags=",".join(f"t{i}" for i in range(21)),
    )
    assert answer.status == 422
    for field in ("name", "email", "phone", "met", "tags", "next_step_due"):
        assert f'id="{field}-error"' in answer.body, field
        assert f'href="#{field}"' in answer.body, field
    assert 'value="Initech"' in answer.body
    assert 'value="not-an-email"' in answer.body
    past = add(
        browser,
        name="Cy",
        met="before",
        relationship="business",
        next_step="Call",
        next_step_due="2020-01-01",
    )
    assert past.status == 422, past.text
    assert 'id="next_step_due-error"' in past.body, past.text
    assert "today or a later date" in past.text
    assert [c["name"] for c in sam.get("/contacts").body["items"]] == ["Ana Lima"]


def test_adding_needs_the_form_token_and_a_session(sam: ApiClient) -> None:
    browser = signed_in(sam)
    forged = browser.request("POST", NEW, {"name": "Mallory", "met": "recently", "relationship": "business"})
    assert forged.status == 403
    assert [c["name"] for c in sam.get("/contacts").body["items"]] == ["Ana Lima"]
    stranger = Browser()
    assert stranger.get("/app/network").status == 303
    assert stranger.get(NEW).location.startswith("/app/sign-in")
