"""DynamoDB calls and read capacity of a Network page view (/app/network), and write capacity
per contact write before and after the sort indexes, in-process under moto.

    .venv/bin/python -m bench.network_bench

A page view is the session read (one BatchGetItem, about 1 RCU, not shown here) plus
ContactService.network: the page in the chosen sort and the counts. Measured for a member with
50 and with 2,000 contacts, unfiltered and with a search that matches no one (the page reads 99
contacts then hands back a cursor). Writes bench/results/network_bench.json.
"""

from __future__ import annotations

from typing import Any

from bench.harness import AT, Bench, add_member, mocked, table, write_result
from bench.meter import Index, index_writes, item_size

# The sort indexes before they held the rows (keys only: a page was a Query of keys, then a
# BatchGetItem of those contacts), to price writes as they were.
KEYS_ONLY_SORTS = (
    Index("name-index", ("PK", "name_key"), "KEYS_ONLY"),
    Index("last-contact-index", ("PK", "last_key"), "KEYS_ONLY"),
)
ROW_SORTS = ("name-row-index", "last-row-index")

# Page views as measured with the keys-only sort indexes (commit 1279543): (calls, RCU) by
# (contacts, sort, filter).
BEFORE = {
    (50, "added", "all"): (2, 3.5),
    (50, "due", "all"): (2, 13.5),
    (50, "last", "all"): (3, 14.5),
    (50, "name", "all"): (3, 14.5),
    (50, "added", "search, no match"): (2, 5.5),
    (50, "due", "search, no match"): (2, 26.0),
    (50, "last", "search, no match"): (3, 27.0),
    (50, "name", "search, no match"): (3, 27.0),
    (2000, "added", "all"): (3, 34.0),
    (2000, "due", "all"): (3, 44.0),
    (2000, "last", "all"): (4, 45.0),
    (2000, "name", "all"): (4, 45.0),
    (2000, "added", "search, no match"): (3, 40.0),
    (2000, "due", "search, no match"): (3, 81.0),
    (2000, "last", "search, no match"): (4, 83.5),
    (2000, "name", "search, no match"): (4, 83.5),
}
NOTES = "Met at the spring job fair; she mentors new designers and asked me to send my portfolio. " * 20


def page_views(bench: Bench, contacts: int) -> list[dict[str, Any]]:
    from tracker.domain.contacts import ContactFilter, ContactOrder

    identity = add_member(bench, f"member-{contacts}", contacts)
    rows = []
    for where, label in ((ContactFilter(), "all"), (ContactFilter(q="zz-nobody"), "search, no match")):
        for order in ContactOrder:
            with bench.meter.watching(*bench.clients()) as usage:
                _, counts = bench.services.contacts.network(
                    identity.member, where, None, 25, examine=99, order=order
                )
            assert counts.people == contacts
            rows.append({"contacts": contacts, "sort": order.value, "filter": label, **usage.as_dict()})
    return rows


def entry_sizes(bench: Bench) -> list[dict[str, Any]]:
    """Bytes of one contact's entry in a sort index, by projection: a typical contact (as
    add_member writes them) and one with 2,000 characters of notes."""
    from tracker.adapters.dynamo.keys import CONTACT, member_pk

    identity = add_member(bench, "sizes", 1)
    (stored,) = bench.meter.peek_client.query(
        TableName=bench.meter.table_name,
        KeyConditionExpression="PK = :pk AND begins_with(SK, :contact)",
        ExpressionAttributeValues={":pk": {"S": member_pk(identity.member)}, ":contact": {"S": CONTACT}},
    )["Items"]
    keys = bench.meter.table_keys
    rows_index = next(i for i in bench.meter.indexes if i.name == "name-row-index")
    projections = {
        "keys only": KEYS_ONLY_SORTS[0],
        "the row (INCLUDE)": rows_index,
        "ALL": Index("all", rows_index.keys, "ALL"),
    }
    with_notes = {**stored, "notes": {"S": NOTES[:2000]}}
    return [
        {
            "projection": label,
            "typical": item_size(index.projected(stored, keys)),
            "with 2,000 chars of notes": item_size(index.projected(with_notes, keys)),
        }
        for label, index in projections.items()
    ]


def write_cost(bench: Bench) -> list[dict[str, Any]]:
    """WCU of each write to a contact: measured as it is now, and the same write priced with the
    keys-only sort indexes instead of the rows (the contact's item before and after it)."""
    from datetime import timedelta

    from tracker.adapters.dynamo.keys import contact_sk, member_pk
    from tracker.domain.contacts import ContactChanges, NewContact
    from tracker.domain.conversations import NewConversation

    identity = add_member(bench, "writer", 0)
    services, meter = bench.services, bench.meter
    rows_sorts = [index for index in meter.indexes if index.name in ROW_SORTS]

    def item(contact_id: str) -> dict[str, Any] | None:
        key = {"PK": {"S": member_pk(identity.member)}, "SK": {"S": contact_sk(contact_id)}}
        found: dict[str, Any] | None = meter.peek_client.get_item(
            TableName=meter.table_name, Key=key, ConsistentRead=True
        ).get("Item")
        return found

    def priced(action: str, contact_id: str | None, write: Any) -> dict[str, Any]:
        """`write` writes to the contact `contact_id` or, given none, adds one (its id back)."""
        before = item(contact_id) if contact_id else None
        with meter.watching(*bench.clients()) as usage:
            written = write()
        after = item(contact_id or written)
        factor = 2 if usage.calls["dynamodb:TransactWriteItems"] else 1

        def sorts(indexes: Any) -> int:
            return sum(index_writes(index, before, after, meter.table_keys) for index in indexes)

        was = usage.write_units + factor * (sorts(KEYS_ONLY_SORTS) - sorts(rows_sorts))
        return {"write": action, "before": was, "after": usage.write_units}

    new = NewContact(
        name="Ana Lima",
        company="Northwind Health",
        role="Design Lead",
        how_we_met="We sat together at the Monday stand-ups and always talked football",
        tags=("design", "mentor"),
    )
    changes = {
        "a star": ContactChanges(starred=True),
        "a snooze (the contact's write)": ContactChanges(snoozed_until=AT + timedelta(days=7)),
        "an edit: company": ContactChanges(company="Contoso"),
        "an edit: name": ContactChanges(name="Ana Lima Souza"),
        "an edit: notes": ContactChanges(notes=NOTES[:300]),
        "archiving": ContactChanges(archived=True),
    }
    costs = [priced("adding a contact", None, lambda: services.contacts.create(identity, new).contact_id)]
    for action, change in changes.items():
        contact_id = services.contacts.create(identity, new).contact_id
        costs.append(
            priced(
                action,
                contact_id,
                lambda c=contact_id, d=change: services.contacts.update(identity.member, c, d),
            )
        )
    contact_id = services.contacts.create(identity, new).contact_id
    said = NewConversation(summary="Coffee")
    costs.append(
        priced(
            "logging a conversation",
            contact_id,
            lambda: services.conversations.log(identity.member, contact_id, said),
        )
    )
    return costs


def main() -> None:
    with mocked() as bench:
        views = page_views(bench, 50) + page_views(bench, 2_000)
        sizes = entry_sizes(bench)
        writes = write_cost(bench)
    print("A Network page view: DynamoDB calls and RCU (plus the session read: 1 call, ~1 RCU),")
    print("before (keys-only sort indexes) -> now (sort indexes holding the rows)\n")
    lines = []
    for r in views:
        calls, rcu = BEFORE[(r["contacts"], r["sort"], r["filter"])]
        lines.append(
            [
                r["contacts"],
                r["sort"],
                r["filter"],
                f"{calls} -> {r['requests']}",
                f"{rcu} -> {r['read_units']}",
                r["items_read"],
            ]
        )
    print(table(lines, ["contacts", "sort", "filter", "calls", "RCU", "items read"]))
    print(
        "\nAt 2,000 contacts moto pages the counts' Query in two (it applies the 1 MB limit to whole"
        "\nitems); DynamoDB applies it to the index's entries (~130 bytes): one call up to ~8,000."
    )
    print("\nOne contact's entry in a sort index, bytes by projection\n")
    print(
        table(
            [[r["projection"], r["typical"], r["with 2,000 chars of notes"]] for r in sizes],
            ["projection", "typical", "with 2,000 chars of notes"],
        )
    )
    print("\nWrite capacity of a contact's writes: keys-only sort indexes -> rows (a 1,000-row import")
    print("writes 1,000 added contacts)\n")
    print(
        table(
            [[r["write"], f"{r['before']} -> {r['after']}"] for r in writes],
            ["write", "WCU"],
        )
    )
    result = {"page_views": views, "entry_sizes": sizes, "writes": writes}
    print(f"\nwrote {write_result('network_bench', result)}")


if __name__ == "__main__":
    main()
