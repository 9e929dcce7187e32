"""The key scheme of the one table: the only place that spells how keys are made.

    PK = ORG#<org>#MEMBER#<member>   SK = PROFILE | CONTACT#<id> | INTERACTION#<contact>#<when>#<id>
                                        | WEEK#<ISO week> | PLAN#<ISO week> | PICKS#<date>
                                        | SEND#<kind>#<period>#<channel> | UNDO#<id> | FORM_LINK
                                        | PHONE_CHECK | TOMBSTONE | LINKUSE#<link id>#<date>
                                        | SESSION#<sha256 of the cookie's secret>
                                        | IMPORT#<id> | IMPORT#<id>#<part>
    PK = ORG#<org>                   SK = ORG | WEEK#<ISO week>      (the week: its shard 0)
                                        | WORDING#<language>
    PK = ORG#<org>#SHARD#<n>         SK = WEEK#<ISO week>            (shards 1 to 7)
    PK = REGISTRY                    SK = TIME_ZONES
    PK = SUPPRESSION#<sha256>        SK = EMAIL
    PK = PHONE#<sha256>              SK = OWNER | STOP

Every member's key starts with their org and member; the few global items name no one.
Conversations keep the older word in their keys (INTERACTION#): stored keys never change.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from tracker.domain.contacts import name_order
from tracker.domain.model import MemberKey

from .models import instant_text

PROFILE = "PROFILE"
ORG = "ORG"
CONTACT = "CONTACT#"
CONVERSATION = "INTERACTION#"
WEEK = "WEEK#"
PLAN = "PLAN#"
PICKS = "PICKS#"  # sorts after PHONE_CHECK and before PLAN# and PROFILE (picks.member_day)
REGISTRY_PK = "REGISTRY"
TIME_ZONES = "TIME_ZONES"
OWNER = "OWNER"
STOP = "STOP"
PHONE_CHECK = "PHONE_CHECK"
TOMBSTONE = "TOMBSTONE"
FORM_LINK = "FORM_LINK"
EMAIL = "EMAIL"
SESSION = "SESSION#"
UPLOAD = "IMPORT#"
WORDING = "WORDING#"


def member_pk(key: MemberKey) -> str:
    return f"ORG#{key.org_id}#MEMBER#{key.member_id}"


def org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


# A program's week counters are split over ORG_WEEK_SHARDS items so that no one item takes every
# member's conversations (an item takes 1,000 WCU a second; a transactional write costs 2). At
# the busiest hour of a 100,000-member program, 08:00, say 3 conversations each logged within
# ten minutes of the reminders: 300,000 / 600 s = 500 writes a second = 1,000 WCU/s, one item's
# whole limit. Over 8 shards that is 125 WCU/s each (8x headroom), and the report's 12 weeks
# are 96 keys: one BatchGetItem (at most 100 keys). 16 shards would double the headroom and the
# report's reads (two calls, 192 keys).
ORG_WEEK_SHARDS = 8


def org_week_shard(member_id: str) -> int:
    """The member's shard: a stable hash of their id (never Python's hash(), salted per process),
    so all of one member's writes to a week land on one item."""
    return int.from_bytes(hashlib.sha256(member_id.encode()).digest()[:4], "big") % ORG_WEEK_SHARDS


def org_week_pk(org_id: str, shard: int) -> str:
    """Shard 0 is the program's own partition, where the week was kept before it was sharded:
    counters written then still count, read as shard 0 (no migration)."""
    return org_pk(org_id) if shard == 0 else f"ORG#{org_id}#SHARD#{shard}"


def member_org_week_pk(owner: MemberKey) -> str:
    """Where the member's conversations count towards their program's weeks."""
    return org_week_pk(owner.org_id, org_week_shard(owner.member_id))


def parse_member_pk(pk: str) -> MemberKey | None:
    parts = pk.split("#")
    if len(parts) == 4 and parts[0] == "ORG" and parts[2] == "MEMBER":
        return MemberKey(parts[1], parts[3])
    return None


def contact_sk(contact_id: str) -> str:
    return f"{CONTACT}{contact_id}"


def name_key(name: str, contact_id: str) -> str:
    """The name index's sort key: the folded name, then the id (names repeat; keys order)."""
    return f"{name_order(name)}#{contact_id}"


def last_key(last_contact_at: datetime | None, contact_id: str) -> str:
    """The last-contact index's sort key; "0" (before every instant) when never logged."""
    return f"{instant_text(last_contact_at) if last_contact_at else '0'}#{contact_id}"


def conversations_prefix(contact_id: str) -> str:
    return f"{CONVERSATION}{contact_id}#"


def conversation_sk(contact_id: str, when: datetime, conversation_id: str) -> str:
    return f"{conversations_prefix(contact_id)}{instant_text(when)}#{conversation_id}"


def parse_conversation_sk(sk: str) -> tuple[str, str, str]:
    """(contact id, when as stored, conversation id) from a conversation's sort key."""
    _, contact_id, when, conversation_id = sk.split("#")
    return contact_id, when, conversation_id


def week_sk(week: str) -> str:
    return f"{WEEK}{week}"


def plan_sk(week: str) -> str:
    return f"{PLAN}{week}"


def picks_sk(local_date: date) -> str:
    return f"{PICKS}{local_date.isoformat()}"


def send_sk(send: str) -> str:
    return f"SEND#{send}"


def undo_sk(undo_id: str) -> str:
    return f"UNDO#{undo_id}"


def link_use_sk(link_id: str, day: date) -> str:
    return f"LINKUSE#{link_id}#{day.isoformat()}"


def session_sk(secret_hash: str) -> str:
    return f"{SESSION}{secret_hash}"


def upload_sk(import_id: str) -> str:
    return f"{UPLOAD}{import_id}"


def upload_part_sk(import_id: str, part: int) -> str:
    return f"{UPLOAD}{import_id}#{part:03d}"


def phone_pk(phone: str) -> str:
    return f"PHONE#{hashlib.sha256(phone.strip().encode()).hexdigest()}"


def suppression_pk(address: str) -> str:
    return f"SUPPRESSION#{hashlib.sha256(address.strip().lower().encode()).hexdigest()}"


def wording_sk(language: str) -> str:
    return f"{WORDING}{language}"
