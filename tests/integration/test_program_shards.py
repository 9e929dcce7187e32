"""A program's week counters are split over shards by member, so that no one item takes every
member's conversations, and the report sums them: what the admin reads is what the members did,
with corrections, recounts, deletions and the counters stored before the week was sharded."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from tests.conftest import ApiClient
from tests.integration import test_goals
from tests.integration import test_program as program
from tests.integration.test_program import MONDAY_AFTER, active_last_week, bridges_member, talk
from tracker.domain.clock import FixedClock

WEEK = "2026-W48"
orgs, admin_a = program.orgs, program.admin_a  # the program's fixtures: its admin, its time zone
serialised_aws = test_goals.serialised_aws  # each AWS call atomic, as in AWS


@contextmanager
def program_week_writes() -> Iterator[list[str]]:
    """The partition key of every write to a program's week item (not a member's) the data layer
    sends, one entry per write."""
    from tracker.adapters.dynamo.models import bound_connection
    from tracker.runtime import dynamo_repositories

    dynamo_repositories()
    client = bound_connection().connection.client  # type: ignore[union-attr]
    written: list[str] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        for entry in params.get("TransactItems", []):
            ((kind, body),) = entry.items()
            if kind != "Update":
                continue
            pk, sk = body["Key"]["PK"]["S"], body["Key"]["SK"]["S"]
            if pk.startswith("ORG#") and "#MEMBER#" not in pk and sk.startswith("WEEK#"):
                written.append(pk)

    client.meta.events.register("before-parameter-build.dynamodb.TransactWriteItems", record)
    try:
        yield written
    finally:
        client.meta.events.unregister("before-parameter-build.dynamodb.TransactWriteItems", record)


def test_a_programs_week_is_written_over_many_keys_and_each_member_over_one(
    orgs: None, clock: FixedClock
) -> None:
    from tracker.runtime import dynamo_repositories

    members = [bridges_member(n, orgs) for n in range(24)]
    by_member: list[set[str]] = []
    # When 24 members of one program each log two conversations in the same week
    with program_week_writes() as written:
        for member in members:
            start = len(written)
            talk(member, people=2)
            by_member.append(set(written[start:]))
    # Then their program's week is written under many partition keys, none taking much of it
    per_key = Counter(written)
    assert len(written) == 48
    assert len(per_key) >= 8, per_key
    assert max(per_key.values()) <= 12, per_key
    # Each member's writes all go to one key (their shard): their week's guarantees hold there
    assert all(len(keys) == 1 for keys in by_member), by_member
    # And the program's week counts everyone, summed over the shards
    week = dynamo_repositories().orgs.weeks("bridges", WEEK, WEEK)[WEEK]
    assert (week.members_active, week.conversations, week.people, week.new_people) == (24, 48, 48, 48)


def test_members_logging_at_once_on_shared_and_separate_shards_are_all_counted_exactly(
    orgs: None, clock: FixedClock, serialised_aws: None
) -> None:
    from tracker.adapters.dynamo.keys import org_week_shard
    from tracker.domain.conversations import NewConversation
    from tracker.runtime import dynamo_repositories, services

    # Given eight members, some of them sharing a shard, each with three people to talk to
    members = [bridges_member(n, orgs) for n in range(8)]
    shards = Counter(org_week_shard(member.identity.member_id) for member in members)
    assert len(shards) > 1, shards
    assert max(shards.values()) > 1, shards
    people = {
        member.identity.member_id: [member.post("/contacts", {"name": f"P {k}"}).body["id"] for k in range(3)]
        for member in members
    }
    # When they all log them at once, every member in a thread of their own
    conversations = services().conversations
    barrier = threading.Barrier(len(members))

    def run(member: ApiClient) -> None:
        barrier.wait()
        for contact_id in people[member.identity.member_id]:
            conversations.log(member.identity.member, contact_id, NewConversation())

    with ThreadPoolExecutor(max_workers=len(members)) as pool:
        list(pool.map(run, members))
    # Then the program's week counts each of them and each conversation once
    week = dynamo_repositories().orgs.weeks("bridges", WEEK, WEEK)[WEEK]
    assert (week.members_active, week.conversations, week.people, week.new_people) == (8, 24, 24, 24)


def move_the_week_into_its_unsharded_item(org_id: str, week: str) -> None:
    """As if every counter of the week had been written before the week was sharded: the shards'
    counters added into the program's own item (`ORG#<org>` / `WEEK#<week>`), the shards removed."""
    from tracker.adapters.dynamo.keys import ORG_WEEK_SHARDS, org_pk, org_week_pk, week_sk
    from tracker.adapters.dynamo.models import OrgWeekItem, _WeekCounters

    names = [*_WeekCounters.get_attributes(), "members_active", "members_met", "members_counted"]
    counters = [name for name in names if name not in ("pk", "sk")]
    totals: Counter[str] = Counter()
    for shard in range(1, ORG_WEEK_SHARDS):
        try:
            item = OrgWeekItem.get(org_week_pk(org_id, shard), week_sk(week))
        except OrgWeekItem.DoesNotExist:
            continue
        totals.update({name: int(getattr(item, name) or 0) for name in counters})
        item.delete()
    legacy = OrgWeekItem(org_pk(org_id), week_sk(week))
    legacy.update(actions=[getattr(OrgWeekItem, name).add(n) for name, n in totals.items() if n])


def progress(member: ApiClient) -> dict[str, Any]:
    reply = member.get("/goals/progress", week=WEEK)
    assert reply.status == 200, reply.body
    return dict(reply.body)


def this_weeks(member: ApiClient) -> list[tuple[str, str]]:
    """(person, conversation) of each conversation the member logged this week, by person's name."""
    people = sorted(member.get("/contacts").body["items"], key=lambda person: person["name"])
    return [
        (person["id"], logged["id"])
        for person in people
        for logged in member.get(f"/contacts/{person['id']}/interactions").body["items"]
        if logged["when"] >= "2026-11-23"
    ]


def test_the_report_is_the_sum_of_what_members_did_over_every_shard_and_the_unsharded_item(
    admin_a: ApiClient, orgs: None, clock: FixedClock
) -> None:
    # Given six members (on five shards) active last week, each reaching two new people this
    # week with a job lead, all of it stored before the week was sharded
    members = [bridges_member(n, orgs) for n in range(6)]
    active_last_week(members, clock)
    for member in members:
        talk(member, people=2, outcomes=("job_lead",))
    move_the_week_into_its_unsharded_item("bridges", WEEK)
    # When, after, each member adds advice to their first conversation (an outcome correction)
    for member in members:
        (person, logged), _ = this_weeks(member)
        reply = member.patch(
            f"/contacts/{person}/interactions/{logged}", {"outcomes": ["job_lead", "advice"]}
        )
        assert reply.status == 200, reply.body
    # two say they knew their first person before (a recount: one new person fewer each)
    for member in members[1:3]:
        (person, _), _ = this_weeks(member)
        assert member.patch(f"/contacts/{person}", {"met": "before"}).status == 200
    # one deletes their second conversation, and one logs a third
    (_, (person, logged)) = this_weeks(members[3])
    assert members[3].call("DELETE", f"/contacts/{person}/interactions/{logged}").status == 204
    talk(members[5], people=1)
    # Then once the week has closed, its report is the sum of the members' own weeks
    clock.at = MONDAY_AFTER
    own = [progress(member) for member in members]
    week = admin_a.get("/org/report", week=WEEK).body["week"]
    assert (week["status"], week["suppressed"], week["members_active"]) == ("closed", False, 6)
    for figure in ("conversations", "people", "new_people"):
        assert week[figure] == sum(mine["progress"][figure] for mine in own), figure
    assert (week["conversations"], week["people"], week["new_people"]) == (12, 12, 10)
    assert week["outcomes"]["job_lead"] == sum(mine["outcomes"].get("job_lead", 0) for mine in own) == 11
    assert week["outcomes"]["advice"] == sum(mine["outcomes"].get("advice", 0) for mine in own) == 6
