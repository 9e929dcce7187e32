"""Property 3, tenant isolation, in the keys: every item the API and the workers write is keyed
under the program and member it belongs to (`ORG#<org>#MEMBER#<member>`), or under its
program alone for the program's aggregates (`ORG#<org>`, its week counters' shards
`ORG#<org>#SHARD#<n>`), except a short, explicit list of
deployment-wide items, each of which holds no more about a member than it must. Index keys
too: an index whose partition key is not the member's is keys-only, and only profiles carry it.

A broad run of the API (members and admins of two programs, the public pages, import and
export, invitations and removal, erasure) and of the workers (daily reminders, weekly checks,
texts back, an email bounce) writes every kind of item there is; then the table is read
directly from moto and each item checked.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import available_timezones

import boto3
import pytest

from local.events import EventSources
from local.provision import Stack
from local.sms import inbound_payload
from local.template import Template
from tests.conftest import load_event, sent_emails, sent_sms
from tests.integration.test_web_app import PASSWORD, Browser, account
from tests.reliability.tenancy import Tenant, World, scan
from tracker.adapters.dynamo.keys import phone_pk
from tracker.domain import Org
from tracker.domain.clock import FixedClock

ORG_A, ORG_B = "bridges", "bridges-2"
MONDAY = datetime(2026, 11, 23, 9, tzinfo=UTC)  # week 2026-W48
DAILY = datetime(2026, 11, 24, 8, tzinfo=UTC)  # 08:00 in UTC and London
WEEKLY = datetime(2026, 11, 27, 16, tzinfo=UTC)  # Friday 16:00

# Sort keys a member's partition holds (their profile, contacts, conversations, weeks, plans,
# day picks, sends, undo records, personal link version, a link's writes of a day, web sessions).
MEMBER_ITEMS = (
    "PROFILE",
    "CONTACT#",
    "INTERACTION#",
    "WEEK#",
    "PLAN#",
    "PICKS#",
    "SEND#",
    "UNDO#",
    "FORM_LINK",
    "PHONE_CHECK",
    "TOMBSTONE",
    "LINKUSE#",
    "SESSION#",
)
# The program's own items: its settings and its weekly counters (aggregates, no member ids).
ORG_ITEMS = {
    "ORG": {
        "name",
        "default_time_zone",
        "default_cadence_days",
        "default_reminder_hour",
        "default_goal_people",
        "default_goal_new_people",
        "default_goal_reconnects",
    }
}
ORG_WEEK_COUNTERS = {
    "conversations",
    "people",
    "new_people",
    "reconnects",
    "members_active",
    "members_met",
    "members_counted",
    *(
        f"outcome_{name}"
        for name in ("job_lead", "referral", "introduction", "information", "advice", "other")
    ),
}

# The deployment-wide items, why each exists, and all it may hold (besides PK and SK).
GLOBAL_ITEMS: dict[str, tuple[re.Pattern[str], str, set[str], str]] = {
    "time zones": (
        re.compile(r"^REGISTRY$"),
        "TIME_ZONES",
        {"values"},
        "the zones members live in, so the hourly dispatch queries only those slots; names no one",
    ),
    "suppression": (
        re.compile(r"^SUPPRESSION#[0-9a-f]{64}$"),
        "EMAIL",
        {"reason", "suppressed_at"},
        "an address SES bounced or complained about; keyed by its hash, never mailed again by anyone",
    ),
    "phone owner": (
        re.compile(r"^PHONE#[0-9a-f]{64}$"),
        "OWNER",
        {"owner_org", "owner_member", "opted_out", "opted_out_by"},
        "an inbound text names only its number: this maps the number's hash to its one member",
    ),
    "phone stop": (
        re.compile(r"^PHONE#[0-9a-f]{64}$"),
        "STOP",
        {"stopped_by", "stopped_at"},
        "the number said STOP: kept for the number (whoever holds it), names no member",
    ),
}
# Index partition keys that are not a member's partition, and why (the sort key is the PK).
GLOBAL_INDEX_KEYS = {
    "reminder_slot": "the hourly dispatch finds the members of a (zone, hour, shard) slot across programs",
    "review_slot": "the same for the weekly check's (zone, weekday, hour, shard) slot",
    "org_id": "a program's admins list its members: the program's own id, never another's",
}


def add(world: World, tenant: Tenant, name: str, **fields: Any) -> str:
    body = {"name": f"{world.marker(tenant)} {name}", "notes": world.marker(tenant), **fields}
    reply = world.call(tenant, "POST", "/contacts", body)
    assert reply.status == 201, reply.body
    tenant.contacts.append(reply.body["id"])
    return str(reply.body["id"])


def member_settings(world: World, tenant: Tenant, phone: str) -> None:
    tenant.phone = phone
    body = {
        "display_name": f"{world.marker(tenant, profile=True)} Rivera",
        "current_focus": world.marker(tenant),
        "time_zone": "UTC",
        "reminder_hour": 8,
        "phone": phone,
        "reminder_channels": ["email", "sms"],
        "picks_per_day": 2,
    }
    reply = world.call(tenant, "PATCH", "/me", body)
    assert reply.status == 200, reply.body
    (code,) = re.findall(r"your code is (\d{6})", [text for to, text in sent_sms() if to == phone][-1])
    reply = world.call(tenant, "POST", "/me/phone/verify", {"code": code})
    assert reply.status == 200, reply.body


def a_members_week(world: World, tenant: Tenant, clock: FixedClock) -> None:
    """Contacts (overdue, a next step due), conversations, goals, picks acted on, the quick-log
    form, one-tap links, a plan, an import and an export."""
    long_ago = (clock.at - timedelta(days=200)).isoformat()
    ana = add(world, tenant, "Lima", last_contact_at=long_ago, starred=True)
    add(world, tenant, "Okafor", last_contact_at=long_ago)
    step = {"text": f"send {world.marker(tenant)}", "due": clock.at.date().isoformat()}
    sol = add(world, tenant, "Mensah", last_contact_at=clock.at.isoformat(), next_step=step)
    add(world, tenant, "Haddad")
    call = world.call
    assert call(tenant, "PUT", "/goals", {"people": 2, "new_people": 1, "reconnects": 1}).status == 200
    body = {"summary": world.marker(tenant), "outcomes": ["referral"], "next_step": step}
    assert call(tenant, "POST", f"/contacts/{ana}/interactions", body).status == 201
    assert call(tenant, "PATCH", f"/contacts/{sol}", {"archived": True}).status == 200
    assert call(tenant, "PATCH", f"/contacts/{sol}", {"archived": False}).status == 200
    picks = call(tenant, "GET", "/picks/today").body["picks"]
    assert picks
    assert call(tenant, "POST", f"/picks/{picks[0]['contact']['id']}/snooze", {"days": 3}).status == 200
    # The public pages: the personal form (with its undo link) and a pick's one-tap link
    link = call(tenant, "GET", "/me/form-link").body["url"]
    form = world.page(tenant, "GET", link).form_with("Save conversation")
    done = world.page(tenant, "POST", form.action, form.data(contact=f"{world.marker(tenant)} New"))
    assert done.status == 200, done.text
    if len(picks) > 1:
        page = world.page(tenant, "GET", picks[1]["links"]["reached_out"])
        assert world.page(tenant, "POST", "/log", page.forms[0].data()).status == 200
    assert call(tenant, "POST", "/me/form-link/rotate").status == 200
    assert call(tenant, "GET", "/goals/plan").status == 200
    assert call(tenant, "GET", "/goals/progress").status == 200
    linkedin = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"{world.marker(tenant)},Adeyemi,https://www.linkedin.com/in/{world.marker(tenant)},,"
        f"{world.marker(tenant)},CTO,15 Mar 2021\n"
    )
    headers = {"content-type": "text/csv"}
    assert call(tenant, "POST", "/imports", raw_body=linkedin, headers=headers).status == 200
    exported = call(tenant, "GET", "/export", query={"format": "csv"}).body
    assert call(tenant, "POST", "/imports", raw_body=exported.lstrip("\ufeff"), headers=headers).status == 200


@pytest.fixture
def world(aws: Stack, clock: FixedClock, pipeline: EventSources) -> World:
    from tracker.runtime import dynamo_repositories

    clock.at = MONDAY
    dynamo_repositories().orgs.put(Org(ORG_A, "Bridges to Work", default_time_zone="UTC"))
    dynamo_repositories().orgs.put(Org(ORG_B, "Bridges West", default_time_zone="Europe/London"))
    world = World(aws.table_name)
    world.add_tenant("a1", ORG_A, "11111111-aaaa-4aaa-8aaa-111111111111")
    world.add_tenant("admin-a", ORG_A, "aaaaaaaa-0000-4000-8000-00000000000a", admin=True)
    world.add_tenant("b1", ORG_B, "33333333-bbbb-4bbb-8bbb-333333333333")
    world.add_tenant("admin-b", ORG_B, "bbbbbbbb-0000-4000-8000-00000000000b", admin=True)
    return world


def invite(world: World, admin: Tenant) -> Tenant:
    words = [world.next_marker(), world.next_marker()]
    reply = world.call(admin, "POST", "/org/members", {"email": f"{words[0]}@example.org", "name": words[1]})
    assert reply.status == 201, reply.body
    member = world.add_tenant(f"invited-{len(world.tenants)}", admin.org, reply.body["id"], profile=words)
    assert world.call(member, "GET", "/me").status == 200  # they sign in
    return member


def test_every_key_carries_its_program_and_member_or_is_listed(
    world: World, clock: FixedClock, pipeline: EventSources, aws: Stack, template: Template
) -> None:
    a1, admin_a, b1, admin_b = world.tenants
    for number, tenant in enumerate(world.tenants):
        member_settings(world, tenant, f"+1312555{170 + number:04d}")
        a_members_week(world, tenant, clock)
    leaving = invite(world, admin_a)
    member_settings(world, leaving, "+13125550190")
    a_members_week(world, leaving, clock)
    erasing = invite(world, admin_b)
    member_settings(world, erasing, "+13125550191")
    a_members_week(world, erasing, clock)
    for admin in (admin_a, admin_b):
        assert world.call(admin, "GET", "/org/members").status == 200
        assert world.call(admin, "GET", "/org/report").status == 200
    # The workers: the daily reminder, texts back, the weekly check (and admins' report), a bounce
    clock.at = DAILY
    pipeline.fire_schedules(DAILY)
    pipeline.drain()
    topic = aws.ref("SmsRepliesTopic")
    for tenant, text in ((a1, "DONE 1"), (b1, "SNOOZE 1"), (admin_a, "STOP"), (admin_b, "HELP")):
        assert tenant.phone is not None
        (delivery,) = pipeline.publish(topic, inbound_payload(tenant.phone, text))
        assert delivery["error"] is None, delivery
    clock.at = WEEKLY
    pipeline.fire_schedules(WEEKLY)
    pipeline.drain()
    bounce = json.loads(load_event("sns_ses_bounce")["Records"][0]["Sns"]["Message"])
    bounce["bounce"]["bouncedRecipients"][0]["emailAddress"] = b1.identity.email
    (delivery,) = pipeline.publish(aws.ref("EmailFeedbackTopic"), json.dumps(bounce))
    assert delivery["error"] is None, delivery
    # The weekly check's plan link, accepted on its page
    (plan,) = plan_links(a1)
    assert world.page(a1, "POST", "/plan", {"t": plan}).status == 200
    # The web app: a member signs in (their session is kept in their partition)
    words = [world.next_marker()]
    web = world.add_tenant("web", ORG_A, account(aws, f"{words[0]}@example.org").member_id, profile=words)
    assert Browser().sign_in(web.identity.email or "", PASSWORD).status == 303
    # Leaving: one member removed by their admin, another erasing their own data
    assert world.call(admin_a, "DELETE", f"/org/members/{leaving.identity.member_id}").status == 204
    assert world.call(erasing, "DELETE", "/me").status == 200
    leaving.active = erasing.active = False

    items = scan(aws.table_name)
    kinds = check_keys(world, items)
    # Every kind of item was written, so the checks above looked at each
    for kind in (*MEMBER_ITEMS, "ORG", "ORG WEEK#", *GLOBAL_ITEMS):
        assert kinds.get(kind), f"no {kind} item was written: the run should make one"
    check_index_keys(items, template)
    check_index_answers(aws)


def plan_links(tenant: Tenant) -> list[str]:
    """The plan links of the weekly checks emailed to `tenant`."""
    found = []
    for raw in sent_emails():
        message = email.message_from_string(raw.raw_data, policy=email.policy.default)
        if message["To"] != tenant.identity.email:
            continue
        text = str(message.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]
        found += re.findall(r"/plan\?t=([\w.-]+)", text)
    return found


def check_keys(world: World, items: dict[tuple[str, str], dict[str, Any]]) -> dict[str, int]:
    """Each item's key is its member's, its program's, or of a listed global kind."""
    live = {t.key for t in world.tenants if t.active}
    gone = {t.key for t in world.tenants if not t.active}
    profiles = {
        (item["org_id"]["S"], item["member_id"]["S"]): item
        for (_, sk), item in items.items()
        if sk == "PROFILE"
    }
    kinds: dict[str, int] = {}
    for (pk, sk), item in items.items():
        kind = classify(pk, sk)
        kinds[kind] = kinds.get(kind, 0) + 1
        world.check_item(item)  # a member's items hold only their own text and ids
        if kind == "TOMBSTONE":  # a removed or erased member's: when, and nothing else of them
            org, member = pk.split("#")[1], pk.split("#")[3]
            assert (org, member) in {(k.org_id, k.member_id) for k in gone}, (
                f"{pk}: a live member's tombstone"
            )
            assert set(item) - {"PK", "SK"} == {"buried_at"}, item
            continue
        if kind in MEMBER_ITEMS:
            org, member = pk.split("#")[1], pk.split("#")[3]
            assert (org, member) in {(k.org_id, k.member_id) for k in live}, f"{pk}: whose? (gone: {gone})"
            continue
        extra = set(item) - {"PK", "SK"}
        if kind == "ORG":
            assert extra <= ORG_ITEMS["ORG"], (pk, extra)
        elif kind == "ORG WEEK#":
            assert extra <= ORG_WEEK_COUNTERS, f"{pk} {sk} holds more than counters: {extra}"
        elif kind in GLOBAL_ITEMS:
            allowed = GLOBAL_ITEMS[kind][2]
            assert extra <= allowed, f"{kind} item {pk} holds {extra - allowed}"
        else:
            raise AssertionError(f"{pk} {sk}: a key with neither program nor member, and not listed")
        if kind == "time zones":
            assert set(item["values"]["SS"]) <= available_timezones()
        if kind == "phone owner":
            # It names exactly one member, who is still there and whose number this is
            owner = (item["owner_org"]["S"], item["owner_member"]["S"])
            assert owner in profiles, f"{pk} names {owner}, who is gone"
            profile = profiles[owner]
            assert phone_pk(profile["phone"]["S"]) == pk, f"{pk} names {owner}, whose number is another"
    return kinds


def classify(pk: str, sk: str) -> str:
    parts = pk.split("#")
    if len(parts) == 4 and parts[0] == "ORG" and parts[2] == "MEMBER" and parts[1] and parts[3]:
        kind = next((prefix for prefix in MEMBER_ITEMS if sk == prefix or sk.startswith(prefix)), None)
        assert kind is not None, f"{pk} {sk}: an unknown kind of member item"
        return kind
    shard = len(parts) == 4 and parts[0] == "ORG" and parts[2] == "SHARD" and parts[1] and parts[3].isdigit()
    if (len(parts) == 2 and parts[0] == "ORG" and parts[1]) or shard:
        if sk == "ORG" and not shard:
            return "ORG"
        assert sk.startswith("WEEK#"), f"{pk} {sk}: an unknown kind of program item"
        return "ORG WEEK#"
    matching = [kind for kind, (pattern, _, _, _) in GLOBAL_ITEMS.items() if pattern.match(pk)]
    for kind in matching:
        if GLOBAL_ITEMS[kind][1] == sk:
            return kind
    assert not matching, (pk, sk)
    return "unlisted"


def check_index_keys(items: dict[tuple[str, str], dict[str, Any]], template: Template) -> None:
    """Index partition keys are the member's PK, or listed, keys-only, and carried by profiles."""
    table = next(iter(template.of_type("AWS::DynamoDB::Table").values()))["Properties"]
    for index in table["GlobalSecondaryIndexes"]:
        schema = {key["KeyType"]: key["AttributeName"] for key in index["KeySchema"]}
        if schema["HASH"] == "PK":
            continue
        assert schema["HASH"] in GLOBAL_INDEX_KEYS, f"{index['IndexName']}: partition key {schema['HASH']}"
        assert schema["RANGE"] == "PK", index["IndexName"]
        assert index["Projection"]["ProjectionType"] == "KEYS_ONLY", index["IndexName"]
    for (pk, sk), item in items.items():
        for attribute in ("due_at", "next_step_due"):
            if attribute in item:
                assert sk.startswith("CONTACT#"), (pk, sk, attribute)
        for attribute in GLOBAL_INDEX_KEYS:
            if attribute in item:
                assert sk == "PROFILE", f"{pk} {sk} would be listed in the {attribute} index"
        if "org_id" in item:
            assert pk.startswith(f"ORG#{item['org_id']['S']}#MEMBER#"), f"{pk} listed under {item['org_id']}"
        for attribute in ("reminder_slot", "review_slot"):
            if attribute in item:
                zone = item[attribute]["S"].split("#")[0]
                assert zone in available_timezones(), (pk, item[attribute])


def check_index_answers(aws: Stack) -> None:
    """What a query of a global index partition answers: keys, nothing of the member."""
    client = boto3.client("dynamodb")
    for index, attribute, value in (
        ("reminder-slot-index", "reminder_slot", "UTC#08#"),
        ("review-slot-index", "review_slot", "UTC#fri#16#"),
    ):
        for shard in range(4):
            found = client.query(
                TableName=aws.table_name,
                IndexName=index,
                KeyConditionExpression="#slot = :slot",
                ExpressionAttributeNames={"#slot": attribute},
                ExpressionAttributeValues={":slot": {"S": f"{value}{shard}"}},
            )["Items"]
            for item in found:
                assert set(item) == {"PK", "SK", attribute}, item


def test_removing_a_member_leaves_nothing_that_names_them(
    world: World, aws: Stack, clock: FixedClock
) -> None:
    """An admin's removal erases "every item of their data": the lookup from their phone number
    to them too, as DELETE /me does (it named them, and would keep routing texts to them)."""
    admin = world.tenants[1]
    member = invite(world, admin)
    member_settings(world, member, "+13125550192")
    add(world, member, "Lima")
    assert any(pk == phone_pk("+13125550192") for pk, _ in scan(aws.table_name))
    assert world.call(admin, "DELETE", f"/org/members/{member.identity.member_id}").status == 204
    left = [
        sk for (pk, sk), item in scan(aws.table_name).items() if member.identity.member_id in json.dumps(item)
    ]
    assert left == ["TOMBSTONE"]  # their id (in its key) and when: their tokens stop working


def test_conversations_next_steps_stay_out_of_the_next_step_index(world: World, clock: FixedClock) -> None:
    """Only contacts carry `next_step_due`, the next-step index's sort key. Conversations keep
    the next step they were logged with for ever: in the index, the oldest of them came first
    and, five of them, filled the day's next steps, so the due ones were never shown."""
    member = world.tenants[0]
    old = add(world, member, "Lima", last_contact_at=clock.at.isoformat())
    for _ in range(5):
        step = {"text": f"send {world.marker(member)}", "due": clock.at.date().isoformat()}
        body = {"summary": world.marker(member), "when": clock.at.isoformat(), "next_step": step}
        assert world.call(member, "POST", f"/contacts/{old}/interactions", body).status == 201
        clock.advance(minutes=1)
    assert world.call(member, "PATCH", f"/contacts/{old}", {"next_step": None}).status == 200
    due = {"text": f"call {world.marker(member)}", "due": clock.at.date().isoformat()}
    sol = add(world, member, "Mensah", last_contact_at=clock.at.isoformat(), next_step=due)
    today = world.call(member, "GET", "/picks/today").body
    assert [step["contact"]["id"] for step in today["next_steps"]] == [sol]


def test_conversations_stored_before_keep_their_next_step_and_are_passed_over(
    world: World, clock: FixedClock, aws: Stack
) -> None:
    """Conversations written while they still carried `next_step_due` (so sit in the index)."""
    member = world.tenants[0]
    old = add(world, member, "Lima", last_contact_at=clock.at.isoformat())
    client = boto3.client("dynamodb")
    for n in range(6):
        client.put_item(
            TableName=aws.table_name,
            Item={
                "PK": {"S": f"ORG#{member.org}#MEMBER#{member.identity.member_id}"},
                "SK": {"S": f"INTERACTION#{old}#2026-11-0{n + 1}T12:00:00Z#01m8c7000000000000000000{n:02d}"},
                "channel": {"S": "call"},
                "next_step_text": {"S": "send my CV"},
                "next_step_due": {"S": "2026-11-01"},
                "outcomes": {"L": []},
                "created_at": {"S": "2026-11-01T12:00:00Z"},
            },
        )
    due = {"text": f"call {world.marker(member)}", "due": clock.at.date().isoformat()}
    sol = add(world, member, "Mensah", last_contact_at=clock.at.isoformat(), next_step=due)
    today = world.call(member, "GET", "/picks/today").body
    assert [step["contact"]["id"] for step in today["next_steps"]] == [sol]
    logged = world.call(member, "GET", f"/contacts/{old}/interactions").body["items"]
    assert {item["next_step"]["due"] for item in logged} == {"2026-11-01"}


def test_the_daily_reminders_one_query_reads_only_picks_plans_and_the_profile() -> None:
    """The reminder's first read is one Query from PICKS#<day - 14> to PROFILE, and the weekly
    check's from PLAN#<week> to PROFILE (adapters/dynamo): what else sorts in between would be
    read, and billed, every day for every member."""
    between = [prefix for prefix in MEMBER_ITEMS if "PICKS#" <= prefix <= "PROFILE"]
    assert sorted(between) == ["PICKS#", "PLAN#", "PROFILE"]
