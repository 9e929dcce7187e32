"""Give contacts stored before the Network page's sorts their sort keys (one-off, idempotent).

    python tools/backfill_sort_keys.py --table <TrackerTable name> [--region eu-west-1]

Contacts written since carry `name_key` and `last_key` (mappers.contact_to_item, on every write
path); older ones are missing from the sort indexes (name-row-index, last-row-index) until
rewritten. This scans the table for contacts without `name_key` and writes each back whole,
conditioned on the revision read (a contact changed meanwhile already has its keys: it is
skipped). Run it once the sort indexes are ACTIVE (README, Data); running it again writes nothing.
"""

from __future__ import annotations

import argparse
import os

from pynamodb.exceptions import PutError

from tracker.adapters.dynamo.keys import CONTACT, parse_member_pk
from tracker.adapters.dynamo.mappers import contact_from_item, contact_to_item
from tracker.adapters.dynamo.models import ContactItem, bind


def backfill() -> int:
    """Rewrite every contact without sort keys; the number written."""
    written = 0
    missing = ContactItem.sk.startswith(CONTACT) & ContactItem.name_key.does_not_exist()
    for item in ContactItem.scan(missing):
        owner = parse_member_pk(item.pk)
        if owner is None:
            continue
        contact = contact_from_item(item)
        try:
            contact_to_item(owner, contact).save(condition=ContactItem.revision == contact.revision)
        except PutError:
            continue  # changed (so rewritten with its keys) or deleted meanwhile
        written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", required=True)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "eu-west-1"))
    args = parser.parse_args(argv)
    bind(args.table, args.region)
    print(f"{backfill()} contacts given their sort keys")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
