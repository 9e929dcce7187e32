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

from bench.harness import Bench, add_member, mocked, table, write_result

SORT_INDEXES = ("name-index", "last-contact-index")


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


def write_cost(bench: Bench) -> list[dict[str, Any]]:
    from tracker.domain.contacts import NewContact

    identity = add_member(bench, "writer", 0)
    everything = list(bench.meter.indexes)
    rows = []
    for label, indexes in (
        ("before (no sort indexes)", [i for i in everything if i.name not in SORT_INDEXES]),
        ("after", everything),
    ):
        bench.meter.indexes = indexes
        new = NewContact(
            name="Ana Lima",
            company="Northwind Health",
            role="Design Lead",
            how_we_met="We sat together at the Monday stand-ups and always talked football",
            tags=("design", "mentor"),
        )
        with bench.meter.watching(*bench.clients()) as usage:
            bench.services.contacts.create(identity, new)
        wcu = usage.write_units
        rows.append({"indexes": label, "wcu_per_contact": wcu, "wcu_per_1000_row_import": round(wcu * 1000)})
    bench.meter.indexes = everything
    return rows


def main() -> None:
    with mocked() as bench:
        views = page_views(bench, 50) + page_views(bench, 2_000)
        writes = write_cost(bench)
    print("A Network page view: DynamoDB calls and RCU (plus the session read: 1 call, ~1 RCU)\n")
    print(
        table(
            [
                [r["contacts"], r["sort"], r["filter"], r["requests"], r["read_units"], r["items_read"]]
                for r in views
            ],
            ["contacts", "sort", "filter", "calls", "RCU", "items read"],
        )
    )
    print("\nWrite capacity of adding a contact (a 1,000-row import writes 1,000 such items)\n")
    print(
        table(
            [[r["indexes"], r["wcu_per_contact"], r["wcu_per_1000_row_import"]] for r in writes],
            ["indexes", "WCU per contact", "WCU per 1,000 rows"],
        )
    )
    print(f"\nwrote {write_result('network_bench', {'page_views': views, 'writes': writes})}")


if __name__ == "__main__":
    main()
