"""Property 3, tenant isolation, as a Hypothesis state machine.

Two programs (`bridges` and `bridges-2`), each with members and an admin (the Cognito `admins`
group claim), and in the second program a member whose token carries the same `sub` as one in
the first (a mis-provisioned account). Tenants add contacts, log conversations, set next
steps, snooze and archive, act on their picks by API, by the public pages' signed links and by
text, change their profile and goals, take their plans, import and export; admins list,
invite and remove members and read the report; the hourly schedules send reminders and weekly
checks. Every id, cursor and signed link an answer, page, email or text gives a tenant is
recorded (tests/reliability/tenancy.py).

Then, at any point, a tenant replays everything any other tenant has seen:

- in each path parameter of every operation of the app's OpenAPI document: always refused
  (401, 403 or 404; 422 for a value longer than an id can be), and nothing outside the
  prober's own partition changes;
- as a `cursor` where the operation takes one, and as the ids of a file of this app's own
  export format sent to POST /imports: whatever the answer, it shows nothing of anyone else's;
- smuggled as `org_id`, `member_id`, `sub`, `contact_id` and `id` query parameters on every
  operation: the answer and every write stay the caller's own;
- in signed links: the prober's own links with another member spliced into the payload are
  refused by every public page, and nothing changes.

Every answer, page, email and text is searched for other tenants' text, ids and links; every
action's writes are diffed against the table (read directly from moto). Admins see their own
program's members and counters, never contacts. Figures go to
tests/artifacts/reliability-isolation.json. ISOLATION_EXAMPLES and ISOLATION_STEPS make a
longer soak run (the defaults keep `make test` short).
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import boto3
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test

from local.events import EventSources
from local.functions import FunctionHost
from local.sms import inbound_payload
from local.template import Template
from tests import summary
from tests.conftest import Reply, _forget_cached_clients, fresh_stack, sent_emails, sent_sms
from tests.reliability.tenancy import Tenant, World, scan, spliced, token_payload
from tracker import runtime as deps
from tracker.domain import MemberKey, Org
from tracker.domain.clock import FixedClock, SystemClock
from tracker.formats.own_format import COLUMNS

EXAMPLES = int(os.environ.get("ISOLATION_EXAMPLES", "1"))
STEPS = int(os.environ.get("ISOLATION_STEPS", "20"))
ARTIFACT = Path(__file__).resolve().parent.parent / "artifacts" / "reliability-isolation.json"

ORG_A, ORG_B = "bridges", "bridges-2"  # one program's id begins with the other's
START = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday, week 2026-W48
MAX_TENANTS = 9
SAME_SUB = "11111111-aaaa-4aaa-8aaa-111111111111"

# A valid body for each operation that takes one, so that a refusal is about whose data it is.
PROBE_BODIES: dict[tuple[str, str], Any] = {
    ("PATCH", "/contacts/{contact_id}"): {"starred": True},
    ("POST", "/contacts/{contact_id}/interactions"): {"summary": "probe"},
    ("PATCH", "/contacts/{contact_id}/interactions/{interaction_id}"): {"summary": "probe"},
    ("POST", "/picks/{contact_id}/done"): {},
    ("POST", "/picks/{contact_id}/snooze"): {"days": 30},
    ("PATCH", "/me"): {"picks_per_day": 2},
    ("POST", "/contacts"): {"name": "{marker} Probe"},
    ("PUT", "/goals"): {"people": 3, "new_people": 1, "reconnects": 1},
}
# Taken by their own rules (with smuggled parameters too): in a probe they would erase or
# invite someone, which is what those rules check.
NOT_SMUGGLED = {
    ("DELETE", "/me"),
    ("DELETE", "/contacts/{contact_id}"),
    ("POST", "/org/members"),
    ("DELETE", "/org/members/{member_id}"),
}
REFUSED = {401, 403, 404}
PAGES = ("/log", "/unsubscribe", "/plan")


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    has_body: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.template)

    def path(self, value: str) -> str:
        path = self.template
        for name in self.path_params:
            path = path.replace("{" + name + "}", value)
        return path


def operations(document: dict[str, Any]) -> list[Operation]:
    found = []
    for template, methods in document["paths"].items():
        for method, spec in methods.items():
            parameters = spec.get("parameters", [])
            found.append(
                Operation(
                    method.upper(),
                    template,
                    tuple(p["name"] for p in parameters if p["in"] == "path"),
                    tuple(p["name"] for p in parameters if p["in"] == "query"),
                    "requestBody" in spec,
                )
            )
    return found


def own_format_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def week_of(at: datetime) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


Step = Callable[..., None]


def step(method: Step) -> Step:
    """Counts the machine's steps; a step that raised leaves the machine marked as failed."""

    def run(self: TenantIsolation, *args: Any, **kwargs: Any) -> None:
        self.healthy = False
        method(self, *args, **kwargs)
        if not self.starting:
            self.world.counts["steps"] += 1
            self.world.counts[f"rule {method.__name__}"] += 1
        self.healthy = True

    run.__name__ = method.__name__
    run.__doc__ = method.__doc__
    return run


CODE = re.compile(r"your code is (\d{6})")


class TenantIsolation(RuleBasedStateMachine):
    template: ClassVar[Template]
    totals: ClassVar[Counter[str]] = Counter()

    def __init__(self) -> None:
        super().__init__()
        self.healthy = True
        self.starting = False
        self._resources = ExitStack()
        self.stack = self._resources.enter_context(fresh_stack(self.template))
        try:
            self._start()
        except BaseException:
            self._close()
            raise

    def _start(self) -> None:
        self.pipeline = EventSources(self.stack, FunctionHost(self.stack))
        os.environ["PUBLIC_BASE_URL"] = "https://tracker.example.org"
        _forget_cached_clients()
        self.clock = FixedClock(START)
        deps.use_clock(self.clock)
        from tracker.runtime import dynamo_repositories

        dynamo_repositories().orgs.put(Org(ORG_A, "Bridges to Work", default_time_zone="UTC"))
        dynamo_repositories().orgs.put(Org(ORG_B, "Bridges West", default_time_zone="Europe/London"))
        self.world = World(self.stack.table_name)
        add = self.world.add_tenant
        add("a1", ORG_A, SAME_SUB)
        add("a2", ORG_A, "22222222-aaaa-4aaa-8aaa-222222222222")
        add("admin-a", ORG_A, "aaaaaaaa-0000-4000-8000-00000000000a", admin=True)
        add("b1", ORG_B, "33333333-bbbb-4bbb-8bbb-333333333333")
        add("b-same-sub", ORG_B, SAME_SUB)
        add("admin-b", ORG_B, "bbbbbbbb-0000-4000-8000-00000000000b", admin=True)
        for tenant in self.world.tenants:
            assert self.world.call(tenant, "GET", "/me").status == 200
        document = self.world.tenants[0].client.get("/openapi.json").body
        self.operations = operations(document)
        self.probed: set[tuple[int, str]] = set()
        self.smuggled_by: set[int] = set()
        self.emails_seen = 0
        self.sms_seen = 0
        self.world.counts["examples"] += 1
        self.starting = True
        self.everyone_starts()
        self.starting = False

    def everyone_starts(self) -> None:
        """A first day for everyone, so that every kind of id, cursor and link exists from the
        start of each example (swarm testing may leave some rules out of it)."""
        for who, tenant in enumerate(self.world.tenants):
            self.change_profile(who, "UTC", sms=who % 2 == 0, paused=False)
            self.add_contact(who, starred=True, silence=400, step_in=0)
            self.add_contact(who, starred=False, silence=None, step_in=None)
            self.log_conversation(
                self.with_contacts().index(tenant), 1, 0, next_step=True, outcome="referral"
            )
            self.list_pages(who, limit=1)
            self.quick_log_form(who, rotate=False, which=0, new_person=True)
        self.admin_views(0, limit=1, weeks_back=0)
        self.admin_views(1, limit=1, weeks_back=1)
        self.schedules_fire(weekly=False)
        self.todays_picks(0, action="done")

    # ------------------------------------------------------------ choosing who acts

    def active(self) -> list[Tenant]:
        return [tenant for tenant in self.world.tenants if tenant.active]

    def anyone(self, who: int) -> Tenant:
        people = self.active()
        return people[who % len(people)]

    def admin(self, who: int) -> Tenant:
        admins = [tenant for tenant in self.active() if tenant.admin]
        return admins[who % len(admins)]

    def with_contacts(self) -> list[Tenant]:
        return [tenant for tenant in self.active() if tenant.contacts]

    def smuggled(self, tenant: Tenant) -> dict[str, str]:
        """Ids of others, as query parameters naming whose data to use (all to be ignored)."""
        foreign = self.world.foreign(tenant)
        kinds: dict[str, list[str]] = {}
        for value in foreign:
            kinds.setdefault(self.world.seen[value].kind, []).append(value)
        out = {}
        if kinds.get("org_id"):
            out["org_id"] = out["custom:org_id"] = kinds["org_id"][0]
        if kinds.get("member_id"):
            out["member_id"] = out["sub"] = kinds["member_id"][-1]
        if kinds.get("ulid"):
            out["contact_id"] = out["id"] = kinds["ulid"][-1]
        return out

    # ------------------------------------------------------------ acting, with the writes checked

    def act(
        self,
        tenant: Tenant,
        method: str,
        path: str,
        body: Any = None,
        *,
        query: dict[str, Any] | None = None,
        smuggle: bool = True,
        also: tuple[MemberKey, ...] = (),
        **options: Any,
    ) -> Reply:
        before = self.world.snapshot()
        query = {**(self.smuggled(tenant) if smuggle else {}), **(query or {})}
        reply = self.world.call(tenant, method, path, body, query=query or None, **options)
        self.world.check_writes(
            tenant, before, self.world.snapshot(), strict=False, also=also, what=f"{method} {path}"
        )
        return reply

    def browse(self, tenant: Tenant, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        before = self.world.snapshot()
        page = self.world.page(tenant, method, url, data)
        self.world.check_writes(tenant, before, self.world.snapshot(), strict=False, what=f"{method} {url}")
        return page

    # ------------------------------------------------------------ contacts and conversations

    @rule(
        who=st.integers(0, 99),
        starred=st.booleans(),
        silence=st.sampled_from([None, 20, 120, 400]),
        step_in=st.sampled_from([None, 0, 3]),
    )
    @step
    def add_contact(self, who: int, starred: bool, silence: int | None, step_in: int | None) -> None:
        tenant = self.anyone(who)
        mark = self.world.marker
        body: dict[str, Any] = {
            "name": f"{mark(tenant)} Lima",
            "notes": f"met at {mark(tenant)}",
            "company": mark(tenant),
            "email": f"{mark(tenant)}@contacts.example.com",
            "starred": starred,
            "help_ideas": [f"proof-read her CV {mark(tenant)}"],
            "how_we_met": f"football on Mondays {mark(tenant)}",
        }
        if silence is not None:
            body["last_contact_at"] = (self.clock.at - timedelta(days=silence)).isoformat()
        if step_in is not None:
            due = (self.clock.at + timedelta(days=step_in)).date().isoformat()
            body["next_step"] = {"text": f"email {mark(tenant)}", "due": due}
        reply = self.act(tenant, "POST", "/contacts", body)
        assert reply.status == 201, reply.body
        tenant.contacts.append(reply.body["id"])

    @precondition(lambda self: self.with_contacts())
    @rule(
        who=st.integers(0, 99),
        which=st.integers(0, 99),
        days_ago=st.sampled_from([0, 0, 1, 3, 200]),
        next_step=st.booleans(),
        outcome=st.sampled_from([None, "job_lead", "referral"]),
    )
    @step
    def log_conversation(
        self, who: int, which: int, days_ago: int, next_step: bool, outcome: str | None
    ) -> None:
        tenant = self.with_contacts()[who % len(self.with_contacts())]
        contact_id = tenant.contacts[which % len(tenant.contacts)]
        body: dict[str, Any] = {
            "channel": "call",
            "summary": f"talked about {self.world.marker(tenant)}",
            "when": (self.clock.at - timedelta(days=days_ago)).isoformat(),
            "help_offered": self.world.marker(tenant),
        }
        if next_step:
            due = (self.clock.at + timedelta(days=7)).date().isoformat()
            body["next_step"] = {"text": f"send {self.world.marker(tenant)}", "due": due}
        if outcome:
            body["outcomes"] = [outcome]
        reply = self.act(tenant, "POST", f"/contacts/{contact_id}/interactions", body)
        assert reply.status == 201, reply.body

    @precondition(lambda self: self.with_contacts())
    @rule(
        who=st.integers(0, 99),
        which=st.integers(0, 99),
        change=st.sampled_from(
            ["archive", "unarchive", "next_step", "step_done", "notes", "cadence", "delete"]
        ),
    )
    @step
    def change_contact(self, who: int, which: int, change: str) -> None:
        tenant = self.with_contacts()[who % len(self.with_contacts())]
        contact_id = tenant.contacts[which % len(tenant.contacts)]
        path = f"/contacts/{contact_id}"
        if change == "delete":
            assert self.act(tenant, "DELETE", path).status == 204
            tenant.contacts.remove(contact_id)
            return
        due = (self.clock.at + timedelta(days=2)).date().isoformat()
        body = {
            "archive": {"archived": True},
            "unarchive": {"archived": False},
            "next_step": {"next_step": {"text": f"call {self.world.marker(tenant)}", "due": due}},
            "step_done": {"next_step": None},
            "notes": {"notes": self.world.marker(tenant), "tags": [self.world.marker(tenant)]},
            "cadence": {"cadence_days": 30},
        }[change]
        reply = self.act(tenant, "PATCH", path, body)
        assert reply.status == 200, reply.body

    @rule(who=st.integers(0, 99), action=st.sampled_from([None, "done", "snooze"]))
    @step
    def todays_picks(self, who: int, action: str | None) -> None:
        tenant = self.anyone(who)
        reply = self.act(tenant, "GET", "/picks/today")
        assert reply.status == 200, reply.body
        picks = reply.body["picks"]
        if action and picks:
            contact_id = picks[0]["contact"]["id"]
            body = {"summary": self.world.marker(tenant)} if action == "done" else {"days": 3}
            reply = self.act(tenant, "POST", f"/picks/{contact_id}/{action}", body)
            assert reply.status in (200, 404), reply.body

    @rule(who=st.integers(0, 99), limit=st.integers(1, 3))
    @step
    def list_pages(self, who: int, limit: int) -> None:
        tenant = self.anyone(who)
        reply = self.act(tenant, "GET", "/contacts", query={"limit": limit, "include_archived": True})
        assert reply.status == 200, reply.body
        if reply.body["next_cursor"]:
            query = {"limit": limit, "cursor": reply.body["next_cursor"]}
            assert self.act(tenant, "GET", "/contacts", query=query).status == 200
        if tenant.contacts:
            path = f"/contacts/{tenant.contacts[-1]}/interactions"
            reply = self.act(tenant, "GET", path, query={"limit": 1})
            assert reply.status == 200, reply.body
            if reply.body["next_cursor"]:
                query = {"limit": 1, "cursor": reply.body["next_cursor"]}
                assert self.act(tenant, "GET", path, query=query).status == 200

    # ------------------------------------------------------------ the signed links' pages

    @rule(who=st.integers(0, 99), rotate=st.booleans(), which=st.integers(0, 99), new_person=st.booleans())
    @step
    def quick_log_form(self, who: int, rotate: bool, which: int, new_person: bool) -> None:
        tenant = self.anyone(who)
        reply = self.act(tenant, "POST" if rotate else "GET", "/me/form-link" + ("/rotate" if rotate else ""))
        assert reply.status == 200, reply.body
        page = self.browse(tenant, "GET", reply.body["url"])
        assert page.status == 200, page.text
        form = page.form_with("Save conversation")
        name = f"{self.world.marker(tenant)} Adeyemi"
        if tenant.contacts and not new_person:
            contact = self.world.call(
                tenant, "GET", f"/contacts/{tenant.contacts[which % len(tenant.contacts)]}"
            )
            name = contact.body["name"]
        data = form.data(contact=name, summary=self.world.marker(tenant), channel="event")
        done = self.browse(tenant, "POST", form.action, data)
        assert done.status == 200, done.text
        self._sync_contacts(tenant)

    @rule(who=st.integers(0, 99), which=st.integers(0, 99), undo=st.booleans())
    @step
    def follow_a_link(self, who: int, which: int, undo: bool) -> None:
        """A link from a reminder or an earlier action: open it, and press its button."""
        tenant = self.anyone(who)
        purposes = ["undo"] if undo else ["reached_out", "snooze", "log", "plan_accept", "unsubscribe"]
        tokens = [t for p in purposes for t in self.world.tokens_of(tenant, p)]
        if not tokens:
            return
        token = tokens[which % len(tokens)]
        purpose = str(token_payload(token).get("p"))
        path = {"plan_accept": "/plan", "unsubscribe": "/unsubscribe"}.get(purpose, "/log")
        page = self.browse(tenant, "GET", f"{path}?t={token}")
        forms = page.forms if page.status == 200 else []
        if forms:
            data = forms[0].data()
            if path == "/log" and "contact" in data:
                data = forms[0].data(summary=self.world.marker(tenant))
            if path == "/unsubscribe":
                data["List-Unsubscribe"] = ["One-Click"]
            result = self.browse(tenant, "POST", forms[0].action or path, data)
            assert result.status < 500
        self._sync_contacts(tenant)

    def _sync_contacts(self, tenant: Tenant) -> None:
        """The tenant's contact ids, read back (the pages may add or undo a contact)."""
        ids: list[str] = []
        cursor = None
        while True:
            query = {"limit": 100, "include_archived": True, **({"cursor": cursor} if cursor else {})}
            reply = self.world.call(tenant, "GET", "/contacts", query=query)
            ids += [contact["id"] for contact in reply.body["items"]]
            cursor = reply.body["next_cursor"]
            if not cursor:
                break
        tenant.contacts = ids

    # ------------------------------------------------------------ profile, goals, plans

    @rule(
        who=st.integers(0, 99),
        zone=st.sampled_from(["UTC", "Europe/London", "America/Chicago"]),
        sms=st.booleans(),
        paused=st.booleans(),
    )
    @step
    def change_profile(self, who: int, zone: str, sms: bool, paused: bool) -> None:
        tenant = self.anyone(who)
        tenant.phone = tenant.phone or f"+1312555{150 + tenant.number:04d}"
        body: dict[str, Any] = {
            "display_name": f"{self.world.marker(tenant, profile=True)} Rivera",
            "current_focus": f"roles in {self.world.marker(tenant)}",
            "time_zone": zone,
            "reminder_hour": 8,
            "picks_per_day": 2,
            "phone": tenant.phone,
            "reminder_channels": ["email", "sms"] if sms else ["email"],
            "paused_until": (self.clock.at + timedelta(days=5)).date().isoformat() if paused else None,
        }
        reply = self.act(tenant, "PATCH", "/me", body)
        assert reply.status == 200, reply.body
        assert (reply.body["id"], reply.body["org_id"]) == (tenant.identity.member_id, tenant.org)
        codes = [code for to, text in sent_sms() if to == tenant.phone for code in CODE.findall(text)]
        if reply.body["phone_status"] == "unverified" and codes:  # they enter the code texted to them
            reply = self.act(tenant, "POST", "/me/phone/verify", {"code": codes[-1]})
            assert reply.status == 200, reply.body

    @rule(
        who=st.integers(0, 99), people=st.integers(1, 5), look=st.sampled_from(["progress", "plan", "accept"])
    )
    @step
    def goals_and_plan(self, who: int, people: int, look: str) -> None:
        tenant = self.anyone(who)
        body = {"people": people, "new_people": min(1, people), "reconnects": 0}
        assert self.act(tenant, "PUT", "/goals", body).status == 200
        if look == "progress":
            for week in (week_of(self.clock.at), week_of(self.clock.at - timedelta(days=7))):
                assert self.act(tenant, "GET", "/goals/progress", query={"week": week}).status == 200
        else:
            reply = self.act(
                tenant,
                "POST" if look == "accept" else "GET",
                "/goals/plan" + ("/accept" if look == "accept" else ""),
            )
            assert reply.status in (200, 409), reply.body

    # ------------------------------------------------------------ import and export

    @rule(who=st.integers(0, 99), kind=st.sampled_from(["json", "csv", "linkedin"]), dry_run=st.booleans())
    @step
    def import_and_export(self, who: int, kind: str, dry_run: bool) -> None:
        tenant = self.anyone(who)
        if kind == "linkedin":
            mark = self.world.marker
            profile = "https://www.linkedin.com/in/"
            rows = [
                f"{mark(tenant)},Okafor,{profile}{mark(tenant)},,{mark(tenant)},CTO,15 Mar 2021" for _ in "ab"
            ]
            text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "\n".join(rows)
        else:
            reply = self.act(tenant, "GET", "/export", query={"format": kind})
            assert reply.status == 200
            if kind == "json":
                return
            text = str(reply.body).lstrip("\ufeff")
        headers = {"content-type": "text/csv"}
        reply = self.act(
            tenant, "POST", "/imports", query={"dry_run": dry_run}, raw_body=text, headers=headers
        )
        assert reply.status in (200, 422), reply.body
        self._sync_contacts(tenant)

    def erasable(self) -> list[Tenant]:
        """Members (not their program's admins, whom the admin rules need) with contacts."""
        return [tenant for tenant in self.with_contacts() if not tenant.admin]

    @precondition(lambda self: self.erasable())
    @rule(who=st.integers(0, 99))
    @step
    def erase_me(self, who: int) -> None:
        tenant = self.erasable()[who % len(self.erasable())]
        reply = self.act(tenant, "DELETE", "/me")
        assert reply.status == 200, reply.body
        tenant.contacts = []
        tenant.active = False
        left = [
            key
            for key in scan(self.stack.table_name)
            if key[0] == f"ORG#{tenant.org}#MEMBER#{tenant.identity.member_id}"
        ]
        assert [sk for _, sk in left] == ["TOMBSTONE"]  # their id and when, nothing else
        # Their token outlives the erasure: it opens nothing and creates no new profile
        assert self.world.call(tenant, "GET", "/me").status == 401

    # ------------------------------------------------------------ the program's admins

    @rule(who=st.integers(0, 99), limit=st.integers(1, 3), weeks_back=st.integers(0, 2))
    @step
    def admin_views(self, who: int, limit: int, weeks_back: int) -> None:
        admin = self.admin(who)
        reply = self.act(admin, "GET", "/org/members", query={"limit": limit})
        assert reply.status == 200, reply.body
        if reply.body["next_cursor"]:  # (World.call checks that only colleagues are listed)
            query = {"limit": limit, "cursor": reply.body["next_cursor"]}
            assert self.act(admin, "GET", "/org/members", query=query).status == 200
        week = week_of(self.clock.at - timedelta(days=7 * weeks_back))
        reply = self.act(admin, "GET", "/org/report", query={"week": week})
        assert reply.status == 200, reply.body
        assert reply.body["org_id"] == admin.org

    @precondition(lambda self: len(self.world.tenants) < MAX_TENANTS)
    @rule(who=st.integers(0, 99))
    @step
    def admin_invites(self, who: int) -> None:
        admin = self.admin(who)
        words = [self.world.next_marker(), self.world.next_marker()]
        body = {"email": f"{words[0]}@example.org", "name": f"{words[1]} Member"}
        before = self.world.snapshot()
        query = self.smuggled(admin)
        reply = self.world.call(admin, "POST", "/org/members", body, query=query)
        assert reply.status == 201, reply.body
        tenant = self.world.add_tenant(
            f"invited-{len(self.world.tenants)}", admin.org, reply.body["id"], profile=words
        )
        self.world.check_writes(
            admin, before, self.world.snapshot(), strict=False, also=(tenant.key,), what="invite"
        )
        account = boto3.client("cognito-idp").admin_get_user(
            UserPoolId=self.stack.user_pool_id, Username=tenant.identity.member_id
        )
        attributes = {a["Name"]: a["Value"] for a in account["UserAttributes"]}
        assert attributes["custom:org_id"] == admin.org
        assert self.world.call(tenant, "GET", "/me").status == 200

    @precondition(lambda self: any(t.label.startswith("invited") and t.active for t in self.world.tenants))
    @rule(who=st.integers(0, 99), which=st.integers(0, 99))
    @step
    def admin_removes(self, who: int, which: int) -> None:
        invited = [t for t in self.active() if t.label.startswith("invited")]
        tenant = invited[which % len(invited)]
        admin = next(t for t in self.active() if t.admin and t.org == tenant.org)
        reply = self.act(admin, "DELETE", f"/org/members/{tenant.identity.member_id}", also=(tenant.key,))
        assert reply.status == 204, reply.body
        tenant.active = False
        for (pk, sk), item in scan(self.stack.table_name).items():
            if pk.startswith(f"ORG#{tenant.org}#MEMBER#{tenant.identity.member_id}"):
                assert sk == "TOMBSTONE", (pk, sk)
            if pk.startswith("PHONE#") and sk == "OWNER":
                assert item["owner_member"]["S"] != tenant.identity.member_id, "a removed member's number"

    # ------------------------------------------------------------ time, schedules, texts

    @rule(hours=st.integers(1, 80))
    @step
    def time_passes(self, hours: int) -> None:
        self.clock.advance(hours=hours)

    @rule(weekly=st.booleans())
    @step
    def schedules_fire(self, weekly: bool) -> None:
        """The next 08:00 UTC (daily reminders), or the next Friday 16:00 UTC (weekly checks)."""
        at = self.clock.at.replace(minute=0, second=0) + timedelta(hours=1)
        while (at.hour, at.weekday() if weekly else 0) != ((16, 4) if weekly else (8, 0)):
            at += timedelta(hours=1)
        self.clock.at = at
        before = self.world.snapshot()
        self.pipeline.fire_schedules(at)
        self.pipeline.drain()
        self.world.check_writes(None, before, self.world.snapshot(), strict=False)
        self.clock.advance(minutes=5)
        self.check_outbox()

    @precondition(lambda self: any(t.phone for t in self.active()))
    @rule(who=st.integers(0, 99), text=st.sampled_from(["DONE 1", "SNOOZE 1", "2", "HELP", "STOP", "START"]))
    @step
    def text_back(self, who: int, text: str) -> None:
        texters = [t for t in self.active() if t.phone]
        tenant = texters[who % len(texters)]
        assert tenant.phone is not None
        before = self.world.snapshot()
        self.pipeline.publish(self.stack.ref("SmsRepliesTopic"), inbound_payload(tenant.phone, text))
        self.world.check_writes(tenant, before, self.world.snapshot(), strict=False, what=f"text {text}")
        self.check_outbox()

    def check_outbox(self) -> None:
        """Each email and text holds only its recipient's text, ids and links."""
        for raw in sent_emails()[self.emails_seen :]:
            message = email.message_from_string(raw.raw_data, policy=email.policy.default)
            recipient = self.world.by_email(str(message["To"]))
            assert recipient is not None, message["To"]
            parts = [str(part.get_content()) for part in message.walk() if not part.is_multipart()]
            text = " ".join([*parts, *(str(value) for value in message.values())])
            self.world.check_text(recipient, text, "", f"email to {recipient!r}")
            self.world.harvest(recipient, text, "")
            self.world.counts["emails checked"] += 1
        self.emails_seen = len(sent_emails())
        for phone, text in sent_sms()[self.sms_seen :]:
            recipient = self.world.by_phone(phone)
            assert recipient is not None, phone
            self.world.check_text(recipient, text, "", f"text to {recipient!r}")
            self.world.counts["texts checked"] += 1
        self.sms_seen = len(sent_sms())

    # ------------------------------------------------------------ probes

    @rule(who=st.integers(0, 99))
    @step
    def probe(self, who: int) -> None:
        self.probe_all(self.anyone(who))

    def probe_all(self, prober: Tenant) -> None:
        values = [v for v in self.world.foreign(prober) if (prober.number, v) not in self.probed]
        before = self.world.snapshot()
        self.probe_values(prober, values)
        self.probe_links(prober, values)
        self.world.check_writes(prober, before, self.world.snapshot(), strict=True, what="probes")
        if prober.number not in self.smuggled_by:  # once an example: it adds to the prober's data
            self.smuggled_by.add(prober.number)
            self.probe_smuggling(prober)
        self.probed |= {(prober.number, value) for value in values}

    def probe_values(self, prober: Tenant, values: list[str]) -> None:
        """Each foreign value in each path parameter, as each cursor, and as ids in a file."""
        world = self.world
        for value in values:
            self.count_relation(prober, value)
            for operation in self.operations:
                if not operation.path_params:
                    continue
                body = PROBE_BODIES.get(operation.key) if operation.has_body else None
                assert body is not None or not operation.has_body, f"no probe body for {operation.key}"
                reply = world.call(prober, operation.method, operation.path(value), body, phase="path probe")
                refused = reply.status in REFUSED or (reply.status == 422 and len(value) > 64)
                assert refused, f"{prober!r} {operation.key} with {value!r}: {reply.status} {reply.body}"
            for operation in self.operations:
                if "cursor" not in operation.query_params or operation.method != "GET":
                    continue
                if operation.path_params and not prober.contacts:
                    continue
                path = operation.path(prober.contacts[-1]) if operation.path_params else operation.template
                reply = world.call(
                    prober, "GET", path, query={"cursor": value, "limit": 2}, phase="cursor probe"
                )
                assert reply.status in (200, 403, 404, 422), reply.body
        # One file naming every value as a contact's and a conversation's id
        rows = [
            row
            for value in values
            for row in (
                {"record": "contact", "id": value, "name": f"{prober.probe_marker} Probe"},
                {"record": "conversation", "id": value, "contact_id": value, "when": "2026-11-20T12:00:00Z"},
            )
        ]
        reply = world.call(
            prober,
            "POST",
            "/imports",
            query={"dry_run": True},
            raw_body=own_format_csv(rows),
            headers={"content-type": "text/csv"},
            phase="import probe",
        )
        assert reply.status in (200, 422), reply.body

    def probe_links(self, prober: Tenant, values: list[str]) -> None:
        """The prober's own links naming someone else, and others' ids as links: refused."""
        victims = {key for value in values for key in self.world.seen[value].owners} - {prober.key}
        tokens = self.world.tokens_of(prober)[:3]
        forged = [spliced(token, victim) for token in tokens for victim in sorted(victims, key=str)[:3]]
        plain = [value for value in values if self.world.seen[value].kind != "token"][:5]
        for value in forged + plain:
            for path in PAGES:
                page = self.world.page(prober, "GET", f"{path}?t={value}", phase="link probe")
                assert page.status == 400, (path, page.text)
                data = {"t": value, "List-Unsubscribe": "One-Click", "contact": "x", "summary": "probe"}
                page = self.world.page(prober, "POST", path, data, phase="link probe")
                assert page.status == 400, (path, page.text)

    def probe_smuggling(self, prober: Tenant) -> None:
        """Every operation with others' ids as query parameters: the caller's own answer and writes."""
        query = self.smuggled(prober)
        if not query:
            return
        for operation in self.operations:
            if operation.key in NOT_SMUGGLED:
                continue
            if operation.path_params and not prober.contacts:
                continue
            path = operation.path(prober.contacts[-1]) if operation.path_params else operation.template
            body = PROBE_BODIES.get(operation.key) if operation.has_body else None
            if operation.key == ("POST", "/contacts"):
                body = {"name": f"{self.world.marker(prober)} Probe"}
            options: dict[str, Any] = {}
            if operation.template == "/imports":
                ids = [v for v in self.world.foreign(prober) if self.world.seen[v].kind == "ulid"][-5:]
                rows = [
                    {"record": "contact", "id": v, "name": f"{self.world.marker(prober)} Import"} for v in ids
                ]
                options = {"raw_body": own_format_csv(rows), "headers": {"content-type": "text/csv"}}
            before = self.world.snapshot()
            reply = self.world.call(
                prober, operation.method, path, body, query=query, phase="smuggle probe", **options
            )
            self.world.check_writes(
                prober, before, self.world.snapshot(), strict=False, what=f"smuggled {operation.key}"
            )
            if isinstance(reply.body, dict) and "org_id" in reply.body:
                assert reply.body["org_id"] == prober.org, (operation.key, reply.body)
            if operation.key == ("POST", "/contacts"):
                prober.contacts.append(reply.body["id"])

    def count_relation(self, prober: Tenant, value: str) -> None:
        owners = self.world.seen[value].owners
        if not owners:
            relation = "org id"
        elif all(owner.org_id != prober.org for owner in owners):
            relation = "cross-org admin" if prober.admin else "cross-org member"
        else:
            relation = "same-org admin" if prober.admin else "same-org member"
        self.world.counts[f"values probed by {relation}"] += 1
        self.world.counts[f"values of kind {self.world.seen[value].kind}"] += 1

    # ------------------------------------------------------------ the end of each example

    def teardown(self) -> None:
        try:
            if self.healthy:
                for prober in self.active():
                    self.probe_all(prober)
                for item in scan(self.stack.table_name).values():
                    self.world.check_item(item)
        finally:
            TenantIsolation.totals.update(self.world.counts)
            self._close()

    def _close(self) -> None:
        self._resources.close()
        _forget_cached_clients()
        deps.use_clock(SystemClock())


def test_tenants_never_reach_each_other(template: Template) -> None:
    TenantIsolation.template = template
    TenantIsolation.totals = Counter()
    started = time.perf_counter()
    run_state_machine_as_test(
        TenantIsolation,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            print_blob=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
    seconds = round(time.perf_counter() - started, 1)
    write_figures(TenantIsolation.totals, seconds)
    totals = TenantIsolation.totals
    probes = sum(n for name, n in totals.items() if " probe " in name)
    summary.report(
        "reliability",
        f"tenant isolation: {probes} probes, {totals['examples']} examples, {totals['steps']} steps, "
        f"{totals['emails checked']} emails and {totals['texts checked']} texts checked, in {seconds} s",
    )


def write_figures(totals: Counter[str], seconds: float) -> None:
    by_status: Counter[str] = Counter()
    by_phase: Counter[str] = Counter()
    actions: Counter[str] = Counter()
    for name, count in totals.items():
        phase, _, status = name.rpartition(" ")
        if phase.endswith("probe"):
            by_status[status] += count
            by_phase[phase] += count
        elif phase == "action":
            actions[status] += count
    figures = {
        "property": "tenant isolation",
        "examples": totals["examples"],
        "steps": totals["steps"],
        "probes": sum(by_status.values()),
        "probes_by_status": dict(sorted(by_status.items())),
        "probes_by_kind": dict(sorted(by_phase.items())),
        "values_probed": {
            name.removeprefix("values probed by "): count
            for name, count in sorted(totals.items())
            if name.startswith("values probed by ")
        },
        "values_by_kind": {
            name.removeprefix("values of kind "): count
            for name, count in sorted(totals.items())
            if name.startswith("values of kind ")
        },
        "actions_by_status": dict(sorted(actions.items())),
        "rules": {
            name.removeprefix("rule "): n for name, n in sorted(totals.items()) if name.startswith("rule ")
        },
        "emails_checked": totals["emails checked"],
        "texts_checked": totals["texts checked"],
        "seconds": seconds,
        "settings": {"examples": EXAMPLES, "steps": STEPS},
    }
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
