"""The program's view: admins of one org manage their members and see aggregate progress only;
everyone else (members, admins of another org) gets 403 or 404. Erasure leaves nothing behind."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from local.events import EventSources
from local.provision import Stack
from tests.conftest import ApiClient, sent_emails, table_items
from tests.integration.test_reminders import dynamodb_calls, tick
from tracker.domain import Identity, Language, Org
from tracker.domain.clock import FixedClock
from tracker.domain.model import MemberKey

ADMINS = frozenset({"admins"})
THURSDAY = datetime(2026, 11, 26, 15, tzinfo=UTC)  # week 2026-W48


@pytest.fixture
def orgs(aws: Stack, clock: FixedClock) -> None:
    from tracker.runtime import dynamo_repositories

    clock.at = THURSDAY
    dynamo_repositories().orgs.put(Org("bridges", "Bridges to Work", default_time_zone="America/Chicago"))
    dynamo_repositories().orgs.put(Org("stmarys", "St Mary's", default_time_zone="Europe/London"))


@pytest.fixture
def admin_a(orgs: None) -> ApiClient:
    return ApiClient(Identity("bridges", "aaaaaaaa-0000-4000-8000-00000000000a", "dana@bridges.org", ADMINS))


@pytest.fixture
def admin_b(orgs: None) -> ApiClient:
    return ApiClient(Identity("stmarys", "bbbbbbbb-0000-4000-8000-00000000000b", "helen@stmarys.org", ADMINS))


def invite(admin: ApiClient, email: str, name: str = "Nia Member") -> dict[str, Any]:
    reply = admin.post("/org/members", {"email": email, "name": name})
    assert reply.status == 201, reply.body
    return dict(reply.body)


def as_member(org_id: str, member: dict[str, Any]) -> ApiClient:
    return ApiClient(Identity(org_id, member["id"], member["email"]))


def cognito_user(stack: Stack, member_id: str) -> dict[str, str] | None:
    cognito = boto3.client("cognito-idp")
    try:
        user = cognito.admin_get_user(UserPoolId=stack.user_pool_id, Username=member_id)
    except cognito.exceptions.UserNotFoundException:
        return None
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]} | {"status": user["UserStatus"]}


def test_admin_routes_are_for_admins_of_that_program_only(
    admin_a: ApiClient, admin_b: ApiClient, api: ApiClient, other_api: ApiClient, aws: Stack
) -> None:
    nia = invite(admin_a, "nia@example.org")
    for caller in (api, other_api, admin_b):
        caller.get("/me")
    routes = [
        ("GET", "/org/members", None),
        ("POST", "/org/members", {"email": "eve@example.org"}),
        ("DELETE", f"/org/members/{nia['id']}", None),
        ("GET", "/org/report", None),
    ]
    before = table_items(aws)
    for member in (api, other_api):  # members of either org: not admins
        for method, path, body in routes:
            reply = member.call(method, path, body)
            assert (reply.status, reply.error["code"]) == (403, "forbidden"), (method, path)
    # The other org's admin: Bridges' members are not theirs to see, change or count
    listed = admin_b.get("/org/members").body["items"]
    assert nia["id"] not in {m["id"] for m in listed}
    assert admin_b.delete(f"/org/members/{nia['id']}").status == 404
    assert admin_b.get("/org/report").body["org_id"] == "stmarys"
    assert table_items(aws) == before
    assert cognito_user(aws, nia["id"]) is not None
    # Bridges' own admin; a member St Mary's admin adds is St Mary's, out of Bridges' sight
    assert nia["id"] in {m["id"] for m in admin_a.get("/org/members").body["items"]}
    assert admin_a.get("/org/report").body["org_id"] == "bridges"
    eve = invite(admin_b, "eve@example.org")
    assert (cognito_user(aws, eve["id"]) or {}).get("custom:org_id") == "stmarys"
    assert eve["id"] not in {m["id"] for m in admin_a.get("/org/members").body["items"]}
    assert admin_a.delete(f"/org/members/{eve['id']}").status == 404


def test_an_admin_adds_a_member_with_an_invitation_and_the_programs_defaults(
    admin_a: ApiClient, aws: Stack
) -> None:
    nia = invite(admin_a, "Nia.Member@example.org", "Nia Member")
    assert (nia["status"], nia["role"], nia["name"]) == ("invited", "member", "Nia Member")
    account = cognito_user(aws, nia["id"])
    assert account is not None
    assert (account["custom:org_id"], account["email"], account["status"]) == (
        "bridges",
        "nia.member@example.org",  # addresses are kept in lower case: one account per address
        "FORCE_CHANGE_PASSWORD",  # signs in with the invitation's temporary password
    )
    me = as_member("bridges", nia).get("/me").body
    assert (me["time_zone"], me["display_name"]) == ("America/Chicago", "Nia Member")
    listed = {m["id"]: m for m in admin_a.get("/org/members").body["items"]}
    assert listed[nia["id"]]["status"] == "active"  # signed in since
    again = admin_a.post("/org/members", {"email": "NIA.member@example.org"})
    assert (again.status, again.error["details"][0]["field"]) == (409, "email")
    assert admin_a.post("/org/members", {"email": "not an address"}).status == 422


def test_a_csv_of_members_keeps_the_valid_rows_and_reports_the_others(admin_a: ApiClient) -> None:
    invite(admin_a, "taken@example.org")
    csv_text = (
        "Email,Name,Cohort\n"
        "ana@example.org,Ana Lima,spring\n"
        "not-an-email,Bad Row,spring\n"
        "\n"
        "ben@example.org,,spring\n"
        "ANA@example.org,Ana Again,spring\n"
        "taken@example.org,Taken,spring\n"
    )
    reply = admin_a.call("POST", "/org/members", raw_body=csv_text, headers={"content-type": "text/csv"})
    assert reply.status == 200, reply.body
    assert [(added["row"], added["member"]["email"]) for added in reply.body["added"]] == [
        (2, "ana@example.org"),
        (5, "ben@example.org"),
    ]
    assert [(p["row"], p["field"], p["message"]) for p in reply.body["problems"]] == [
        (3, "email", "must be an email address like name@example.org"),
        (6, "email", "appears twice"),
        (7, "email", "already has an account"),
    ]
    emails = {m["email"] for m in admin_a.get("/org/members").body["items"]}
    assert {"ana@example.org", "ben@example.org", "taken@example.org"} <= emails
    too_many = "email\n" + "".join(f"p{n}@example.org\n" for n in range(101))
    big = admin_a.call("POST", "/org/members", raw_body=too_many, headers={"content-type": "text/csv"})
    assert (big.status, big.error["code"]) == (413, "payload_too_large")
    headless = admin_a.call(
        "POST", "/org/members", raw_body="a@b.org\n", headers={"content-type": "text/csv"}
    )
    assert headless.status == 422


def test_a_csv_may_say_each_members_language_and_the_programs_default_fills_the_rest(
    admin_a: ApiClient,
) -> None:
    # Given a program whose members start in Spanish
    from tracker.runtime import dynamo_repositories

    dynamo_repositories().orgs.put(
        Org("bridges", "Bridges to Work", default_time_zone="America/Chicago", default_language=Language.ES)
    )
    csv_text = (
        "email,name,language\n"
        "ana@example.org,Ana Lima,es\n"
        "ben@example.org,Ben Ode,EN\n"
        "cy@example.org,Cy Rao,\n"
        "di@example.org,Di Fox,fr\n"
    )
    reply = admin_a.call("POST", "/org/members", raw_body=csv_text, headers={"content-type": "text/csv"})
    assert reply.status == 200, reply.body
    added = {added["member"]["email"]: added["member"] for added in reply.body["added"]}
    assert sorted(added) == ["ana@example.org", "ben@example.org", "cy@example.org"]
    assert [(p["row"], p["field"]) for p in reply.body["problems"]] == [(5, "language")]
    languages = {email: as_member("bridges", m).get("/me").body["language"] for email, m in added.items()}
    assert languages == {"ana@example.org": "es", "ben@example.org": "en", "cy@example.org": "es"}
    # One member as JSON may say it too
    one = admin_a.post("/org/members", {"email": "eve@example.org", "language": "en"})
    assert as_member("bridges", one.body).get("/me").body["language"] == "en"
    assert admin_a.post("/org/members", {"email": "fay@example.org", "language": "de"}).status == 422


def test_a_member_invited_in_spanish_gets_a_spanish_invitation(admin_a: ApiClient, aws: Stack) -> None:
    from local import invitations

    with invitations.installed():  # Cognito's email and its custom message trigger, played locally
        lucia = admin_a.post("/org/members", {"email": "lucia@example.org", "language": "es"}).body
        ben = admin_a.post("/org/members", {"email": "ben@example.org"}).body
    mails = {mail.destinations[0]: mail.raw_data for mail in sent_emails()}
    spanish = email.message_from_string(mails["lucia@example.org"], policy=email.policy.default)
    assert spanish["Subject"] == "Tu invitación a Networking Tracker"
    assert "con tu correo electrónico, lucia@example.org, y esta contraseña temporal: " in str(
        spanish.get_body().get_content()
    )
    english = email.message_from_string(mails["ben@example.org"], policy=email.policy.default)
    assert english["Subject"] == "Your invitation to Networking Tracker"
    assert (cognito_user(aws, lucia["id"]) or {})["locale"] == "es"
    assert (cognito_user(aws, ben["id"]) or {})["locale"] == "en"


def test_removing_a_member_deletes_their_account_and_every_item_of_theirs(
    admin_a: ApiClient, aws: Stack
) -> None:
    nia = invite(admin_a, "nia@example.org")
    member = as_member("bridges", nia)
    contact = member.post("/contacts", {"name": "Ana Lima"}).body
    member.post(f"/contacts/{contact['id']}/interactions", {"summary": "coffee"})
    member.call("PUT", "/goals", {"people": 1, "new_people": 0, "reconnects": 0})
    assert any(nia["id"] in item["PK"]["S"] for item in table_items(aws))
    assert admin_a.delete(f"/org/members/{nia['id']}").status == 204
    # Nothing of theirs but a tombstone: their id (in its key) and when, no personal data
    (tombstone,) = [item for item in table_items(aws) if nia["id"] in json.dumps(item)]
    assert (tombstone["SK"]["S"], sorted(tombstone)) == ("TOMBSTONE", ["PK", "SK", "buried_at"])
    assert cognito_user(aws, nia["id"]) is None  # the account is deleted, not just disabled
    # Their token, still within its hour, opens nothing and creates nothing (the probe got 200 and 201)
    for reply in (member.get("/me"), member.post("/contacts", {"name": "Ben"}), member.get("/picks/today")):
        assert (reply.status, reply.error["code"]) == (401, "unauthorized")
    assert nia["id"] not in json.dumps(admin_a.get("/org/members").body)
    assert [item["SK"]["S"] for item in table_items(aws) if nia["id"] in json.dumps(item)] == ["TOMBSTONE"]
    assert admin_a.delete(f"/org/members/{nia['id']}").status == 404
    myself = admin_a.delete(f"/org/members/{admin_a.identity.member_id}")
    assert myself.status == 422


def bridges_member(n: int, orgs: None) -> ApiClient:
    return ApiClient(Identity("bridges", f"cccccccc-0000-4000-8000-{n:012d}", f"m{n}@bridges.org"))


LAST_THURSDAY = THURSDAY - timedelta(weeks=1)  # week 2026-W47
MONDAY_AFTER = datetime(2026, 11, 30, 12, tzinfo=UTC)  # 2026-W48 has ended everywhere (UTC-12 too)


def talk(member: ApiClient, people: int = 1, outcomes: tuple[str, ...] = ()) -> None:
    for k in range(people):
        person = member.post("/contacts", {"name": f"Person {k}"}).body["id"]
        reply = member.post(f"/contacts/{person}/interactions", {"outcomes": list(outcomes)})
        assert reply.status == 201, reply.body


def active_last_week(members: list[ApiClient], clock: FixedClock) -> None:
    """Each member signed in and logged a conversation in week 47; then back to this Thursday."""
    clock.at = LAST_THURSDAY
    for member in members:
        talk(member)
    clock.at = THURSDAY


def test_the_report_shows_closed_weeks_and_hides_groups_and_figures_under_five(
    admin_a: ApiClient, admin_b: ApiClient, other_api: ApiClient, orgs: None, clock: FixedClock
) -> None:
    members = [bridges_member(n, orgs) for n in range(6)]
    active_last_week(members, clock)
    for n, member in enumerate(members):
        # The first two reach three people, one of them a reconnect: their 3/1/1 goals are met
        people = [
            member.post("/contacts", {"name": f"Person {k}"}).body["id"] for k in range(2 if n < 2 else 1)
        ]
        if n < 2:
            dormant = {"name": "Dormant", "last_contact_at": "2026-01-01T00:00:00Z"}
            people.append(member.post("/contacts", dormant).body["id"])
        for person in people:
            reply = member.post(
                f"/contacts/{person}/interactions", {"outcomes": ["job_lead"] if n == 0 else []}
            )
            assert reply.status == 201
    contact = other_api.post("/contacts", {"name": "Only one"}).body["id"]
    other_api.post(f"/contacts/{contact}/interactions", {})
    admin_a.get("/me")  # the admin has used the API before (their profile exists)
    clock.at = MONDAY_AFTER
    with dynamodb_calls() as calls:
        report = admin_a.get("/org/report", week="2026-W48").body
    # The token's member not removed (a tombstone?), the admin's own profile, the program (its
    # time zone), its 12 weeks of counters (8 shards each, one batch of keys): no member's
    assert [name for name, _ in calls] == ["GetItem", "GetItem", "GetItem", "BatchGetItem"]
    week = report["week"]
    # Two met their goals, two reconnects, three job leads: each fewer than 5, so not shown
    assert (week["members_met_goals"], week["share_met_goals"], week["reconnects"]) == (None, None, None)
    assert week["outcomes"]["job_lead"] is None
    assert (week["week"], week["status"], week["suppressed"], week["members_active"]) == (
        "2026-W48",
        "closed",
        False,
        6,
    )
    assert (week["conversations"], week["people"], week["new_people"]) == (10, 10, 8)
    assert week["fewer_than_min_group"] == [
        "members_met_goals",
        "reconnects",
        "share_met_goals",
        *(f"outcomes.{outcome}" for outcome in week["outcomes"]),
    ]
    assert set(week["outcomes"].values()) == {None}
    assert report["min_group_size"] == 5
    assert len(report["trend"]) == 12
    assert report["trend"][-1] == week
    # Week 47 was every member's first here: it counts no one towards the five, so it stays hidden
    assert all(point["suppressed"] and point["conversations"] is None for point in report["trend"][:-1])
    small = admin_b.get("/org/report", week="2026-W48").body["week"]
    assert (small["suppressed"], small["members_active"], small["conversations"]) == (True, None, None)
    assert "Fewer than 5 members" in small["note"]


def test_a_logged_conversation_does_not_move_the_report_until_its_week_has_closed(
    admin_a: ApiClient, orgs: None, clock: FixedClock
) -> None:
    members = [bridges_member(n, orgs) for n in range(6)]
    active_last_week(members, clock)
    for member in members:
        talk(member)
    before = admin_a.get("/org/report").body
    # This week is in progress: listed as such, with no figures
    assert before["week"]["conversations"] is None
    assert (before["week"]["week"], before["week"]["status"], before["week"]["suppressed"]) == (
        "2026-W48",
        "in_progress",
        True,
    )
    assert "in progress" in before["week"]["note"]
    # When one member logs a conversation with a job lead, the admin's report does not move
    talk(members[0], outcomes=("job_lead",))
    assert admin_a.get("/org/report").body == before
    # Once the week has ended everywhere, its figures show
    clock.at = MONDAY_AFTER
    closed = admin_a.get("/org/report", week="2026-W48").body["week"]
    assert (closed["status"], closed["members_active"], closed["conversations"]) == ("closed", 6, 7)
    assert admin_a.get("/org/report").body["week"]["status"] == "in_progress"  # week 49 now
    # A conversation of that week logged now, after it closed, does not move it either
    person = members[1].post("/contacts", {"name": "Late lead"}).body["id"]
    late = {"when": "2026-11-27T16:00:00Z", "outcomes": ["job_lead"]}
    assert members[1].post(f"/contacts/{person}/interactions", late).status == 201
    assert admin_a.get("/org/report", week="2026-W48").body["week"] == closed
    progress = members[1].get("/goals/progress", week="2026-W48").body
    assert progress["progress"]["conversations"] == 2  # the member's own week counts it


def test_placeholders_an_admin_invites_lift_no_week_over_five(
    admin_a: ApiClient, orgs: None, clock: FixedClock
) -> None:
    # Given Sam, the one real member active for weeks, and a job lead he logs this week
    sam = bridges_member(0, orgs)
    active_last_week([sam], clock)
    talk(sam, outcomes=("job_lead",))
    # When the admin invites four addresses they hold, signs in with each and logs a conversation,
    # and invites five more who never sign in
    for n in range(4):
        talk(as_member("bridges", invite(admin_a, f"placeholder{n}@example.org")))
    for n in range(5):
        invite(admin_a, f"never{n}@example.org")
    # Then once the week has closed it still shows nothing: no one can subtract down to Sam
    clock.at = MONDAY_AFTER
    week = admin_a.get("/org/report", week="2026-W48").body["week"]
    assert (week["suppressed"], week["conversations"], week["outcomes"]) == (True, None, None)
    assert (week["status"], week["members_active"]) == ("closed", None)


def test_the_roster_shows_activity_by_month_never_the_week(
    admin_a: ApiClient, orgs: None, clock: FixedClock
) -> None:
    recent, earlier = bridges_member(1, orgs), bridges_member(2, orgs)
    clock.at = datetime(2026, 10, 8, 15, tzinfo=UTC)
    talk(earlier)  # week 41
    clock.at = THURSDAY
    talk(recent)  # week 48: 23-29 November
    invited = invite(admin_a, "nia@example.org")
    listed = {m["id"]: m for m in admin_a.get("/org/members").body["items"]}
    shown = {
        who: listed[member_id]["last_active"]
        for who, member_id in (
            ("recent", recent.identity.member_id),
            ("earlier", earlier.identity.member_id),
            ("invited", invited["id"]),
        )
    }
    assert shown == {"recent": "this month", "earlier": "earlier", "invited": "never"}
    assert not [m for m in listed.values() if "last_active_week" in m]
    # The first of December: last week is still "this month" for no one, the month is new
    clock.at = datetime(2026, 12, 7, 15, tzinfo=UTC)
    listed = {m["id"]: m for m in admin_a.get("/org/members").body["items"]}
    assert listed[recent.identity.member_id]["last_active"] == "earlier"


def test_inviting_another_programs_member_answers_as_an_invitation_and_changes_nothing(
    admin_a: ApiClient, admin_b: ApiClient, aws: Stack
) -> None:
    # Given Eve, a member of St Mary's who has signed in
    eve = invite(admin_b, "eve@example.org", "Eve")
    as_member("stmarys", eve).get("/me")
    admin_a.get("/me")
    account = cognito_user(aws, eve["id"])
    before = table_items(aws)
    # When Bridges' admin invites her address, alone or in a CSV
    reply = admin_a.post("/org/members", {"email": "Eve@example.org", "name": "Eve"})
    listed = admin_a.call(
        "POST",
        "/org/members",
        raw_body="email,name\neve@example.org,Eve\n",
        headers={"content-type": "text/csv"},
    )
    # Then the answers are those of an invitation: nothing says she belongs to another program
    assert reply.status == 201, reply.body
    new = invite(admin_a, "new@example.org", "Eve")
    assert set(reply.body) == set(new)
    assert {k: v for k, v in reply.body.items() if k not in ("id", "email")} == {
        k: v for k, v in new.items() if k not in ("id", "email")
    }
    assert (reply.body["email"], reply.body["status"]) == ("eve@example.org", "invited")
    assert reply.body["id"] != eve["id"]
    assert listed.status == 200
    assert ([a["row"] for a in listed.body["added"]], listed.body["problems"]) == ([2], [])
    # And nothing was written anywhere: her account and her data are untouched
    after = [item for item in table_items(aws) if new["id"] not in json.dumps(item)]
    assert after == before
    assert cognito_user(aws, eve["id"]) == account
    assert eve["id"] in {m["id"] for m in admin_b.get("/org/members").body["items"]}


def test_an_admin_gets_their_programs_report_at_their_review_slot(
    admin_a: ApiClient, orgs: None, pipeline: EventSources, clock: FixedClock
) -> None:
    assert admin_a.patch("/me", {"time_zone": "America/Chicago"}).status == 200
    friday = datetime(2026, 11, 27, 22, tzinfo=UTC)  # 16:00 in Chicago
    clock.at = friday
    tick(pipeline, friday)
    tick(pipeline, friday)
    (mail,) = sent_emails()
    # Week 48 is still in progress on Friday: the report is of the latest closed week
    assert "Subject: Bridges to Work: weekly report for 16-22 Nov" in mail.raw_data
    assert "dana@bridges.org" in mail.destinations
    assert "fewer than 5 members active" in mail.raw_data


def test_erasing_yourself_leaves_nothing_of_you_in_any_table(
    api: ApiClient, pipeline: EventSources, clock: FixedClock, aws: Stack
) -> None:
    from tracker.runtime import services

    member = api.identity
    clock.at = THURSDAY
    api.patch("/me", {"time_zone": "America/Chicago"})
    api.call("PUT", "/goals", {"people": 1, "new_people": 0, "reconnects": 0})
    ana = api.post("/contacts", {"name": "Ana Lima", "last_contact_at": "2025-01-01T00:00:00Z"}).body
    api.post(f"/contacts/{ana['id']}/interactions", {"summary": "coffee", "outcomes": ["referral"]})
    clock.at = THURSDAY + timedelta(days=1, hours=7)  # Friday 16:00 in Chicago: the weekly check
    tick(pipeline, clock.at)
    api.post("/goals/plan/accept")
    services().repositories.sends.suppress(member.email or "", "bounce", clock.at)
    # The emails' claims ride on their picks and plan records: a text's claim is its own item
    now = int(clock.at.timestamp())
    key = MemberKey(member.org_id, member.member_id)
    services().repositories.sends.claim(key, "daily#2025-01-01#sms", "c", now=now, lease=60, keep=86400)
    assert len(sent_emails()) == 1
    mine = [item for item in table_items(aws) if member.member_id in json.dumps(item)]
    assert {item["SK"]["S"].split("#")[0] for item in mine} == {
        "PROFILE",
        "CONTACT",
        "INTERACTION",
        "WEEK",
        "PLAN",
        "SEND",
    }
    assert api.delete("/me").status == 200
    left = table_items(aws)
    # Their tombstone (their id and when: their tokens and links stop working) and nothing else
    assert [item["SK"]["S"] for item in left if member.member_id in json.dumps(item)] == ["TOMBSTONE"]
    assert not [item for item in left if (member.email or "").lower() in json.dumps(item).lower()]
    # What stays has no trace of them: the program's anonymous week counters, and the
    # suppression of their bounced address (only its hash), which keeps it from being mailed again
    assert {item["PK"]["S"].split("#")[0] for item in left} == {"ORG", "REGISTRY", "SUPPRESSION"}


def test_the_roster_shows_whose_email_no_longer_arrives(admin_a: ApiClient, clock: FixedClock) -> None:
    from tracker.runtime import dynamo_repositories

    nia = invite(admin_a, "nia@example.org")
    invite(admin_a, "ben@example.org")
    dynamo_repositories().sends.suppress("nia@example.org", "bounce", clock.at)
    problems = {m["email"]: m["email_problem"] for m in admin_a.get("/org/members").body["items"]}
    assert problems["ben@example.org"] is None
    assert problems["nia@example.org"].startswith("bounced")
    assert nia["email_problem"] is None  # when invited, nothing was wrong yet


def test_every_roster_row_gets_an_answer_and_a_retry_adds_no_one_twice(
    admin_a: ApiClient, aws: Stack
) -> None:
    # The probe: Ann was created, then a 500 (a non-ASCII mailbox; an address Cognito refuses)
    body = "email,name\nann@example.org,Ann\nzoë@example.org,Zoë\n=cmd@example.org,Cmd\n"
    csv_type = {"content-type": "text/csv"}
    first = admin_a.call("POST", "/org/members", raw_body=body, headers=csv_type)
    assert first.status == 200
    assert [row["row"] for row in first.body["added"]] == [2]
    problems = {problem["row"]: problem["message"] for problem in first.body["problems"]}
    assert sorted(problems) == [3, 4]
    assert "Internationalized characters before the @-sign are not supported" in problems[3]
    assert problems[4] == "cannot be used to sign in: the sign-in service refused it"
    # The same file again: Ann once
    again = admin_a.call("POST", "/org/members", raw_body=body, headers=csv_type)
    assert (again.status, again.body["added"]) == (200, [])
    assert {p["row"]: p["message"] for p in again.body["problems"]}[2] == "already has an account"
    roster = [m["email"] for m in admin_a.get("/org/members").body["items"]]
    assert roster.count("ann@example.org") == 1
    # One address as JSON: a 422 naming it, not a 500
    single = admin_a.post("/org/members", {"email": "zoë@example.org", "name": "Zoë"})
    assert (single.status, single.error["details"][0]["field"]) == (422, "body.email")


def test_a_deleted_conversation_leaves_the_programs_report(
    admin_a: ApiClient, orgs: None, clock: FixedClock
) -> None:
    # Given five members active last week, each reaching two people this week, one with a job lead
    members = [bridges_member(n, orgs) for n in range(5)]
    active_last_week(members, clock)
    for member in members:
        talk(member, people=2, outcomes=("job_lead",))
    # When each member deletes one of those conversations before the week ends
    for member in members:
        this_week = [
            (person["id"], logged["id"])
            for person in member.get("/contacts").body["items"]
            for logged in member.get(f"/contacts/{person['id']}/interactions").body["items"]
            if logged["when"] >= "2026-11-23"
        ]
        assert len(this_week) == 2
        person_id, logged_id = this_week[0]
        assert member.call("DELETE", f"/contacts/{person_id}/interactions/{logged_id}").status == 204
    # Then the closed week's report counts what is left: five conversations, five people, five leads
    clock.at = MONDAY_AFTER
    week = admin_a.get("/org/report", week="2026-W48").body["week"]
    assert (week["members_active"], week["conversations"], week["people"]) == (5, 5, 5)
    assert week["outcomes"]["job_lead"] == 5
