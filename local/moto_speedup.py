"""Two shortcuts through moto's DynamoDB backend; neither changes what a caller sees.

1. One table snapshot per transaction, instead of one per item of it. moto keeps a deep copy of the whole table to roll a failed TransactWriteItems back, and takes
it again for every item of the transaction before anything is written, so the copies are all
the same. Logging a conversation is a transaction of four or five items (the conversation,
the contact, the member's and the program's week counters, sometimes the profile), and the
local stack seeds a few hundred of them: with one copy per item its start-up took minutes.
Taking the snapshot once gives the same rollback, so nothing a test or the stack can observe
changes.

2. Item operations answer with their result as JSON directly. moto builds the answer as the
wire format already (attribute values as {"S": ...} maps) and then walks it through its
generic, model-driven serializer, which cost most of a request's time in the local stack
(a list of 200 contacts: 250 ms, 26 ms without). Other operations keep that serializer.

If moto's internals ever differ from what these expect, they leave moto alone.
"""

from __future__ import annotations

import copy
import json
import threading
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
            snapshots[id(value)] = copy.deepcopy(value)
        return snapshots[id(value)]

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


ITEM_OPERATIONS = frozenset(
    {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}
)


def install() -> bool:
    """Patch moto's DynamoDB backend (idempotent). False if its internals are not as expected."""
    return _snapshot_once() & _item_results_as_json()


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
        try:
            original(self, transact_items)
        finally:
            _state.snapshots = None

    setattr(models, "copy", _SnapshotTablesOnce(Table))  # noqa: B010 - the module moto reads
    backend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    backend._snapshots_once = True  # type: ignore[attr-defined]
    return True
