"""Tenants in two programs, what each has seen, and the checks every answer and every write
must pass to keep them apart (tests/reliability).

- Every piece of member text the tests write carries a *marker* (`mk<tenant>x<n>q`) owned by
  the member who wrote it, so an answer, a page, an email or a stored item that shows someone
  else's text is found by a regular expression, whatever the route or the format.
- Every id, cursor and signed token an answer gives a tenant is recorded as *seen* by that
  tenant: these are what other tenants replay.
- Writes are checked by diffing the table (scanned directly, not through the app) before and
  after: an action may only change the items of its actor (and, for a few, their program's
  aggregate counters or a deployment-wide registry).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from moto.dynamodb.models import dynamodb_backends

from local.template import ACCOUNT_ID, REGION
from tests.conftest import ApiClient, Reply
from tests.public_pages import Page, PublicClient
from tracker.adapters.dynamo.keys import parse_member_pk, phone_pk
from tracker.domain import Identity, MemberKey

ADMINS = frozenset({"admins"})
MARKER = re.compile(r"mk\d{2}x\d{4}q")
ULID = re.compile(r"(?<![0-9a-z])[0-9abcdefghjkmnpqrstvwxyz]{26}(?![0-9a-z])")
TOKEN = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")

Key = tuple[str, str]
Table = dict[Key, dict[str, Any]]


@dataclass(eq=False)
class Tenant:
    label: str
    identity: Identity
    number: int
    phone: str | None = None
    active: bool = True  # False once an admin removed them
    contacts: list[str] = field(default_factory=list)  # their contact ids, as far as the test knows
    probe_marker: str = ""
    client: ApiClient = field(init=False)

    def __post_init__(self) -> None:
        self.client = ApiClient(self.identity)

    @property
    def key(self) -> MemberKey:
        return self.identity.member

    @property
    def org(self) -> str:
        return self.identity.org_id

    @property
    def admin(self) -> bool:
        return self.identity.is_admin

    def __repr__(self) -> str:
        return f"{self.label}({self.org}/{self.identity.member_id[:8]}{', admin' if self.admin else ''})"


@dataclass
class Seen:
    kind: str  # ulid (contact, conversation) | cursor | token | member_id | org_id
    owners: set[MemberKey] = field(default_factory=set)


@dataclass(frozen=True)
class Owner:
    kind: str  # member | org | phone | phone stop | registry | suppression | unknown
    member: MemberKey | None = None
    org: str | None = None
    number: str | None = None  # a phone stop's key: the number's hash, as its PK holds it


def owner_of(item: dict[str, Any]) -> Owner:  # noqa: PLR0911 - one answer per kind of key
    pk = item["PK"]["S"]
    member = parse_member_pk(pk)
    if member is not None:
        return Owner("member", member, member.org_id)
    parts = pk.split("#")
    if len(parts) == 2 and parts[0] == "ORG":
        return Owner("org", org=parts[1])
    if len(parts) == 4 and parts[0] == "ORG" and parts[2] == "SHARD":  # a shard of its week counters
        return Owner("org", org=parts[1])
    if parts[0] == "PHONE" and item["SK"]["S"] == "STOP":
        return Owner("phone stop", number=pk)  # the number's own STOP record: no member's
    if parts[0] == "PHONE":
        key = MemberKey(item["owner_org"]["S"], item["owner_member"]["S"])
        return Owner("phone", key, key.org_id)
    if pk == "REGISTRY":
        return Owner("registry")
    if parts[0] == "SUPPRESSION":
        return Owner("suppression")
    return Owner("unknown")


def scan(table_name: str) -> Table:
    """Every item of the table, as DynamoDB JSON, read from moto's own store (not through the
    API: quicker by far, and no code of ours in between)."""
    table = dynamodb_backends[ACCOUNT_ID][REGION].get_table(table_name)
    items: Table = {}
    for stored in table.all_items():
        item = stored.to_json()["Attributes"]
        items[(item["PK"]["S"], item["SK"]["S"])] = item
    return items


def changes(before: Table, after: Table) -> list[tuple[Key, dict[str, Any] | None, dict[str, Any] | None]]:
    keys = set(before) | set(after)
    return [
        (key, before.get(key), after.get(key)) for key in sorted(keys) if before.get(key) != after.get(key)
    ]


def token_payload(token: str) -> dict[str, Any]:
    body = token.partition(".")[0]
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError):
        return {}
    return payload if isinstance(payload, dict) else {}


def token_member(token: str) -> MemberKey | None:
    payload = token_payload(token)
    if not {"o", "m"} <= set(payload):
        return None
    return MemberKey(str(payload["o"]), str(payload["m"]))


def spliced(token: str, member: MemberKey) -> str:
    """The token with another member named in its payload and its own signature kept."""
    payload = {**token_payload(token), "o": member.org_id, "m": member.member_id}
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    return body.decode().rstrip("=") + "." + token.partition(".")[2]


def text_of(reply: Reply) -> str:
    body = reply.body
    text = body if isinstance(body, str) else json.dumps(body) if body is not None else ""
    return text + " " + " ".join(reply.headers.values())


class LeakFound(AssertionError):
    pass


class World:
    """The tenants, the markers and ids they own or have seen, and the counts of what was sent."""

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name
        self.tenants: list[Tenant] = []
        self.markers: dict[str, tuple[MemberKey, bool]] = {}  # marker -> (owner, is profile text)
        self.seen: dict[str, Seen] = {}
        self.counts: Counter[str] = Counter()
        self.pages = PublicClient()
        self._markers_made = 0
        self._links: set[str] = set()

    # ------------------------------------------------------------ tenants and their text

    def add_tenant(
        self, label: str, org: str, member_id: str, *, admin: bool = False, profile: Iterable[str] = ()
    ) -> Tenant:
        """A new tenant; `profile` are markers from `next_marker` already used in their profile
        (the first one their email address), e.g. by the admin who invited them."""
        number = len(self.tenants)
        words = list(profile) or [self.next_marker()]
        email = f"{words[0]}@example.org"
        tenant = Tenant(label, Identity(org, member_id, email, ADMINS if admin else frozenset()), number)
        for word in words:
            self.markers[word] = (tenant.key, True)
        tenant.probe_marker = self.marker(tenant)
        self.tenants.append(tenant)
        self.note(member_id, "member_id", tenant.key)
        self.note(org, "org_id", None)
        return tenant

    def next_marker(self) -> str:
        """A marker for the next tenant to be added (owned once `add_tenant` names it)."""
        self._markers_made += 1
        return f"mk{len(self.tenants):02d}x{self._markers_made:04d}q"

    def marker(self, tenant: Tenant, *, profile: bool = False) -> str:
        """A fresh word only `tenant` writes (`profile`: their program's admins may see it too)."""
        self._markers_made += 1
        text = f"mk{tenant.number:02d}x{self._markers_made:04d}q"
        self.markers[text] = (tenant.key, profile)
        return text

    def by_email(self, address: str) -> Tenant | None:
        return next((t for t in self.tenants if (t.identity.email or "").lower() == address.lower()), None)

    def by_phone(self, phone: str) -> Tenant | None:
        return next((t for t in self.tenants if t.phone == phone), None)

    def can_see(self, viewer: Tenant, marker: str) -> bool:
        owner, profile = self.markers[marker]
        if owner == viewer.key:
            return True
        return profile and viewer.admin and owner.org_id == viewer.org

    # ------------------------------------------------------------ what tenants have seen

    def note(self, value: str, kind: str, owner: MemberKey | None) -> None:
        seen = self.seen.setdefault(value, Seen(kind))
        if owner is not None:
            seen.owners.add(owner)

    def foreign(self, prober: Tenant) -> list[str]:
        """Every value seen by someone whose data `prober` must not reach."""
        found = []
        for value, seen in self.seen.items():
            if seen.kind == "org_id":
                mine = value == prober.org
            elif seen.kind == "member_id":
                # A program's admin may act on its members; anyone else may not.
                mine = value == prober.identity.member_id or (
                    prober.admin and any(owner.org_id == prober.org for owner in seen.owners)
                )
            else:
                mine = prober.key in seen.owners
            if not mine:
                found.append(value)
        return found

    # ------------------------------------------------------------ calling, checking, harvesting

    def call(
        self,
        tenant: Tenant,
        method: str,
        path: str,
        body: Any = None,
        *,
        phase: str = "action",
        query: dict[str, Any] | None = None,
        raw_body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        reply = tenant.client.call(method, path, body, query=query, raw_body=raw_body, headers=headers)
        self.counts[f"{phase} {reply.status}"] += 1
        sent = " ".join([path, json.dumps(query, default=str), json.dumps(body, default=str), raw_body or ""])
        where = f"{tenant!r} {method} {path} {query or ''} -> {reply.status}"
        assert reply.status < 500, f"{where}: {reply.body}"
        text = text_of(reply)
        self.check_text(tenant, text, sent, where)
        self.harvest(tenant, text, sent)
        if path.startswith("/org/members") and isinstance(reply.body, dict) and "items" in reply.body:
            colleagues = {t.identity.member_id for t in self.tenants if t.org == tenant.org}
            listed = {member["id"] for member in reply.body["items"]}
            assert listed <= colleagues, f"{where}: {tenant!r} listed {listed - colleagues}"
        if isinstance(reply.body, dict) and reply.body.get("next_cursor"):
            cursor = str(reply.body["next_cursor"])
            if path.startswith("/org/members"):  # a member id, of the admin's own program
                for other in self.tenants:
                    if other.identity.member_id == cursor and other.org == tenant.org:
                        self.note(cursor, "member_id", other.key)
            else:
                self.note(cursor, "cursor", tenant.key)
        return reply

    def page(
        self,
        tenant: Tenant,
        method: str,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        phase: str = "action",
    ) -> Page:
        """A public page opened (GET) or a form posted (POST) by `tenant`'s browser."""
        page = self.pages.get(url) if method == "GET" else self.pages.post(url, data or {})
        self.counts[f"{phase} {page.status}"] += 1
        sent = url + " " + json.dumps(data or {})
        where = f"{tenant!r} {method} {url[:80]} -> {page.status}"
        assert page.status < 500, where
        self.check_text(tenant, page.html, sent, where)
        self.harvest(tenant, page.html, sent)
        return page

    def check_text(self, viewer: Tenant, text: str, sent: str, where: str) -> None:
        """Nothing in `text` (shown to `viewer`) is another tenant's: no text, no id, no link."""
        for marker in set(MARKER.findall(text.lower())):
            if marker in self.markers and not self.can_see(viewer, marker):
                owner = self.markers[marker][0]
                raise LeakFound(f"{where}: {viewer!r} was shown {marker}, written by {owner}")
        for value in set(ULID.findall(text)):
            seen = self.seen.get(value)
            if seen and seen.kind == "ulid" and viewer.key not in seen.owners and value not in sent:
                raise LeakFound(f"{where}: {viewer!r} was shown id {value} of {seen.owners}")
        for token in set(TOKEN.findall(text)):
            member = token_member(token)
            if member is not None and member != viewer.key and token not in sent:
                raise LeakFound(f"{where}: {viewer!r} was given a link of {member}")

    def harvest(self, tenant: Tenant, text: str, sent: str) -> None:
        for value in set(ULID.findall(text)):
            if value not in sent:
                self.note(value, "ulid", tenant.key)
        for token in set(TOKEN.findall(text)):
            # One of each: links that differ only in their expiry are the same to replay.
            claims = json.dumps({k: v for k, v in token_payload(token).items() if k != "e"}, sort_keys=True)
            if token not in sent and claims not in self._links:
                self._links.add(claims)
                self.note(token, "token", tenant.key)

    def tokens_of(self, tenant: Tenant, purpose: str | None = None) -> list[str]:
        return [
            value
            for value, seen in self.seen.items()
            if seen.kind == "token"
            and tenant.key in seen.owners
            and (purpose is None or token_payload(value).get("p") == purpose)
        ]

    # ------------------------------------------------------------ writes

    def snapshot(self) -> Table:
        return scan(self.table_name)

    def check_writes(
        self,
        actor: Tenant | None,
        before: Table,
        after: Table,
        *,
        strict: bool,
        also: Iterable[MemberKey] = (),
        what: str = "",
    ) -> None:
        """What changed between the snapshots belongs to `actor` (None: the workers, acting for
        everyone); strict: to their own partition only. Changed member items hold only their
        owner's text and ids."""
        allowed = set(also)
        for key, old, new in changes(before, after):
            owners = {owner_of(item) for item in (old, new) if item is not None}
            for owner in owners:
                if actor is not None:
                    assert self._within(actor, owner, allowed, strict=strict), (
                        f"{what}: {actor!r} changed {key}, which belongs to {owner}: {old} -> {new}"
                    )
            if new is not None:
                self.check_item(new)

    @staticmethod
    def _within(actor: Tenant, owner: Owner, allowed: set[MemberKey], *, strict: bool) -> bool:
        if owner.kind == "member":
            return owner.member == actor.key or owner.member in allowed
        if strict:
            return False
        if owner.kind == "org":
            return owner.org == actor.org
        if owner.kind == "phone":
            return owner.member == actor.key or owner.member in allowed
        if owner.kind == "phone stop":  # only a text from the number itself says STOP or START
            return actor.phone is not None and owner.number == phone_pk(actor.phone)
        return owner.kind == "registry"

    def check_item(self, item: dict[str, Any]) -> None:
        """A stored item holds no text or ids of anyone but the member whose partition it is in."""
        owner = owner_of(item)
        partition = owner.member if owner.kind == "member" else None
        text = json.dumps(item)
        for marker in set(MARKER.findall(text)):
            holder = self.markers.get(marker, (None, False))[0]
            assert holder == partition, (
                f"{item['PK']['S']} {item['SK']['S']} holds {marker}, written by {holder}"
            )
        for value in set(ULID.findall(text)):
            seen = self.seen.get(value)
            if seen is not None and seen.kind == "ulid":
                assert partition in seen.owners, (
                    f"{item['PK']['S']} {item['SK']['S']} holds id {value} of {seen.owners}"
                )
