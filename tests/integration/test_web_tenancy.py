"""Every web app route that takes an id, probed as an attacker would: a member of the same
program and an admin of another, each signed in with their own session and a valid form token,
put the victim's ids (a contact, a staged import, the member) into every `{param}` of every
route the template gives the web function, with GET and with POST. Always a 403 or 404 page,
nothing of the victim's in it, and nothing outside the attacker's own partition written.

A new route with a parameter this file does not know fails here until it is added."""

from __future__ import annotations

import re

from local.provision import Stack
from local.template import Template
from tests.conftest import ApiClient
from tests.integration import test_program as org
from tests.integration import test_web_app
from tests.integration.test_web_app import Browser, account, signed_in
from tests.integration.test_web_import import preview_of
from tests.integration.test_web_program import signed_in_as, staff
from tests.public_pages import forms_in
from tests.reliability.tenancy import changes, owner_of, scan

mailed_invitations, program, sam = test_web_app.mailed_invitations, test_web_app.program, test_web_app.sam
orgs = org.orgs

PARAMETER = re.compile(r"\{(\w+)\}")
SECRET = "Zanzibar-7731"  # text of the victim's that must never show


def csrf_of(browser: Browser) -> str:
    page = browser.get("/app")
    return next(f.fields["csrf"][0] for f in forms_in(page.body) if "csrf" in f.fields)


def test_no_web_route_reaches_another_members_or_programs_data(
    aws: Stack, orgs: None, sam: ApiClient, mailed_invitations: None
) -> None:
    # The victim: Sam, with a contact, a conversation and a staged import of his own
    contact = sam.post("/contacts", {"name": f"Ines {SECRET}", "company": SECRET}).body
    logged = sam.post(f"/contacts/{contact['id']}/interactions", {"channel": "call", "summary": SECRET})
    assert logged.status == 201, logged.body
    victim = signed_in(sam)
    where, _ = preview_of(victim, "c.csv", f"name,company\nRui {SECRET},Acme\n".encode())
    import_id = where.rsplit("/", 1)[1]
    ids = {
        "contact_id": contact["id"],
        "conversation_id": logged.body["id"],
        "import_id": import_id,
        "member_id": sam.identity.member_id,
    }
    # The attackers: Eve, a member of Sam's program; Helen, an admin of another program
    eve_identity = account(aws, "eve@example.org")
    eve = Browser()
    assert eve.sign_in("eve@example.org", test_web_app.PASSWORD).status == 303
    staff(aws, "helen@stmarys.org", "stmarys")
    helen = signed_in_as("helen@stmarys.org")
    attackers = {"eve": (eve, eve_identity.member_id), "helen": (helen, None)}
    routes = [route for route in Template().http_routes() if route.function_id == "WebFunction"]
    probed = [route for route in routes if PARAMETER.search(route.route_key)]
    assert probed, "the web app has routes with ids"
    for name, (browser, own_member_id) in attackers.items():
        token = csrf_of(browser)
        for route in probed:
            method, path = route.route_key.split(" ", 1)
            unknown = set(PARAMETER.findall(path)) - set(ids)
            assert not unknown, f"{route.route_key}: add {unknown} to this test's ids"
            target = PARAMETER.sub(lambda found: ids[found.group(1)], path)
            before = scan(aws.table_name)
            answer = (
                browser.get(target) if method == "GET" else browser.request("POST", target, {"csrf": token})
            )
            assert answer.status in (403, 404), (name, route.route_key, answer.status)
            assert SECRET not in answer.body, (name, route.route_key)
            for key, old, new in changes(before, scan(aws.table_name)):
                item = new or old
                assert item is not None
                owner = owner_of(item)
                mine = owner.member is not None and owner.member.member_id == own_member_id
                sessions = owner.kind == "member" and key[1].startswith("SESSION#")
                assert mine or sessions, (name, route.route_key, key)
    # And Sam still has all of it, and sees what nobody else saw
    assert sam.get(f"/contacts/{contact['id']}").status == 200
    assert SECRET in victim.get(f"/app/contacts/{contact['id']}").body
    assert SECRET in victim.get(f"/app/import/{import_id}").body
