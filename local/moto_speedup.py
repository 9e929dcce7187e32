"""Two shortcuts through moto's DynamoDB backend; neither changes what a caller sees.

1. A transaction's rollback snapshot copies only the items it writes. moto deep-copies the
whole table to roll a failed TransactWriteItems back, once for every item of the transaction,
before anything is written. Logging a conversation is a transaction of four or five items (the
conversation, the contact, the member's and the program's week counters, sometimes the
profile): with whole copies the local stack's start-up took minutes and every later log grew
with the table. The snapshot here shares every item the transaction does not write and holds
copies of those it does, so a rollback restores exactly what moto's would.

2. Item operations answer with their result as JSON directly. moto builds the answer as the
wire format already (attribute values as {"S": ...} maps) and then walks it through its
generic, model-driven serializer, which cost most of a request's time in the local stack
(a list of 200 contacts: 250 ms, 26 ms without). Other operations keep that serializer.

3. A new item's size is checked once, not once per attribute. moto's item keeps its attributes
in a dict that adds up the size of every attribute on each insert, so building an item of n
attributes costs n² size computations (a 20,000-row import spent most of its time there).
Sizes are never negative, so the whole item is over the limit exactly when some prefix of it
is: checking the finished item refuses the same items with the same error.

If moto's internals ever differ from what these expect, they leave moto alone.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import defaultdict
from typing import Any

_state = threading.local()


class _SnapshotTablesOnce:
    """Stands in for the `copy` module inside moto's DynamoDB backend."""

    def __init__(self, table_type: type) -> None:
        self._table_type = table_type

    def deepcopy(self, value: Any, memo: dict[int, Any] | None = None) -> Any:
        snapshots: dict[int, Any] | None = getattr(_state, "snapshots", None)
        if snapshots is None or not isinstance(value, self._table_type):
            return copy.deepcopy(value, memo)
        if id(value) not in snapshots:
            snapshots[id(value)] = _snapshot(value, getattr(_state, "keys", None))
        return snapshots[id(value)]

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def _snapshot(table: Any, keys: list[dict[str, Any]] | None) -> Any:
    """What a rollback must restore: the table as it is, with copies of the items the
    transaction writes (the only ones it can change); every other item is shared."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    if keys is None or table.range_key_attr is None:
        return copy.deepcopy(table)
    snapshot = copy.copy(table)
    snapshot.items = defaultdict(dict, {hash_key: dict(items) for hash_key, items in table.items.items()})
    for key in keys:
        hash_key = DynamoType(key[table.hash_key_attr])
        range_key = DynamoType(key[table.range_key_attr])
        item = table.items.get(hash_key, {}).get(range_key)
        if item is not None:
            snapshot.items[hash_key][range_key] = copy.deepcopy(item)
    return snapshot


ITEM_SIZE_LIMIT = 405_000  # moto's own limit (LimitedSizeDict): between AWS's measured 409 and 410 KB
ITEM_OPERATIONS = frozenset(
    {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}
)


def install() -> bool:
    """Patch moto's DynamoDB backend (idempotent). False if its internals are not as expected."""
    return _snapshot_once() & _item_results_as_json() & _item_size_checked_once()


def _item_size_checked_once() -> bool:
    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models import dynamo_type

    item_type, limited = dynamo_type.Item, getattr(dynamo_type, "LimitedSizeDict", None)
    if limited is None or not hasattr(item_type, "size"):
        return False
    if getattr(item_type, "_size_checked_once", False):
        return True

    def __init__(self: Any, hash_key: Any, range_key: Any, attrs: dict[str, Any]) -> None:
        self.hash_key = hash_key
        self.range_key = range_key
        self.attrs = limited()
        for key, value in attrs.items():
            dict.__setitem__(self.attrs, key, dynamo_type.DynamoType(value))
        if self.size() > ITEM_SIZE_LIMIT:
            raise ItemSizeTooLarge

    item_type.__init__ = __init__  # type: ignore[method-assign]
    item_type._size_checked_once = True  # type: ignore[attr-defined]
    return True


def _item_results_as_json() -> bool:
    from moto.dynamodb import responses

    result_type = getattr(responses, "DynamoResult", None)
    if result_type is None or not hasattr(result_type, "execute_result"):
        return False
    if getattr(result_type, "_as_json", False):
        return True
    serialize = result_type.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        if context.operation_model.name not in ITEM_OPERATIONS:
            return serialize(self, context)
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, json.dumps(self.result)

    result_type.execute_result = execute_result
    result_type._as_json = True
    return True


def _written_keys(transact_items: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The keys a transaction writes (one table here), or None to copy whole tables."""
    keys = []
    for entry in transact_items:
        for operation, detail in entry.items():
            if operation == "ConditionCheck":
                continue
            if operation == "Put":
                keys.append(detail["Item"])  # the item holds its key attributes
            elif "Key" in detail:
                keys.append(detail["Key"])
            else:
                return None
    return keys


def _snapshot_once() -> bool:
    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    backend = models.DynamoDBBackend
    if getattr(backend, "_snapshots_once", False):
        return True
    if getattr(models, "copy", None) is not copy or not hasattr(backend, "transact_write_items"):
        return False
    original = backend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        _state.snapshots = {}
        _state.keys = _written_keys(transact_items)
        try:
            original(self, transact_items)
        finally:
            _state.snapshots = _state.keys = None

    setattr(models, "copy", _SnapshotTablesOnce(Table))  # noqa: B010 - the module moto reads
    backend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    backend._snapshots_once = True  # type: ignore[attr-defined]
    return True
