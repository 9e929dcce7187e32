"""Count AWS calls and DynamoDB capacity by DynamoDB's own rules, around real code under moto.

moto's ConsumedCapacity figures are not usable, so capacity is computed from item sizes:

- reads: 4 KB units, rounded up per item (GetItem, BatchGetItem) or per response
  (Query/Scan: the total size of the items read); eventually consistent reads cost half;
  a read that finds nothing (a GetItem, or one key of a BatchGetItem) still costs the minimum.
- writes: 1 KB units of the larger of the item before and after (Put/Update/Delete), plus a
  write to every global secondary index the change touches (an index entry that appears,
  disappears or changes projected content costs its projected size; a changed index key costs
  a delete and a put); transactions cost double.

Item size follows DynamoDB's accounting: attribute names plus values (strings in UTF-8, numbers
about half their digits plus one, lists and maps 3 bytes plus 1 per element).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3

READ_UNIT = 4096
WRITE_UNIT = 1024


def value_size(value: dict[str, Any]) -> int:  # noqa: PLR0911 - one rule per DynamoDB type
    ((kind, raw),) = value.items()
    if kind == "S":
        return len(raw.encode("utf-8"))
    if kind == "N":
        digits = raw.lstrip("-").replace(".", "").strip("0") or "0"
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(raw)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(item.encode("utf-8")) for item in raw)
    if kind == "NS":
        return sum(value_size({"N": item}) for item in raw)
    if kind == "BS":
        return sum(len(item) for item in raw)
    if kind == "L":
        return 3 + sum(1 + value_size(item) for item in raw)
    if kind == "M":
        return 3 + sum(1 + len(name.encode("utf-8")) + value_size(item) for name, item in raw.items())
    raise ValueError(f"unknown DynamoDB type {kind}")


def item_size(item: dict[str, Any] | None) -> int:
    if not item:
        return 0
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())


def read_units(size: int, *, consistent: bool) -> float:
    units = max(1, math.ceil(size / READ_UNIT))
    return units if consistent else units / 2


def write_units(size: int) -> int:
    return max(1, math.ceil(size / WRITE_UNIT))


@dataclass(frozen=True)
class Index:
    name: str
    keys: tuple[str, ...]
    projection: str
    include: tuple[str, ...] = ()

    def projected(self, item: dict[str, Any] | None, table_keys: tuple[str, ...]) -> dict[str, Any] | None:
        if not item or any(key not in item for key in self.keys):
            return None
        if self.projection == "ALL":
            return item
        names = (
            set(self.keys) | set(table_keys) | (set(self.include) if self.projection == "INCLUDE" else set())
        )
        return {name: value for name, value in item.items() if name in names}


def index_writes(
    index: Index, before: dict[str, Any] | None, after: dict[str, Any] | None, table_keys: tuple[str, ...]
) -> int:
    old = index.projected(before, table_keys)
    new = index.projected(after, table_keys)
    if old is None and new is None:
        return 0
    if old is None:
        return write_units(item_size(new))
    if new is None:
        return write_units(item_size(old))
    if any(old[key] != new[key] for key in index.keys):
        return write_units(item_size(old)) + write_units(item_size(new))
    return write_units(item_size(new)) if old != new else 0


@dataclass
class Usage:
    calls: Counter[str] = field(default_factory=Counter)
    read_units: float = 0.0
    write_units: float = 0.0
    items_read: int = 0
    aws_seconds: float = 0.0  # inside botocore and moto: replaced by a network latency in the cost model

    @property
    def requests(self) -> int:
        return sum(self.calls.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "calls": dict(self.calls),
            "read_units": round(self.read_units, 2),
            "write_units": round(self.write_units, 2),
            "items_read": self.items_read,
            "aws_ms": round(self.aws_seconds * 1000, 1),
        }


class Meter:
    """Registers on botocore clients; every call they make is counted and priced."""

    def __init__(self, table_name: str, template: Any) -> None:
        spec = template.resources["TrackerTable"]["Properties"]
        self.table_name = table_name
        self.table_keys = tuple(key["AttributeName"] for key in spec["KeySchema"])
        self.indexes = [
            Index(
                name=index["IndexName"],
                keys=tuple(key["AttributeName"] for key in index["KeySchema"]),
                projection=index["Projection"]["ProjectionType"],
                include=tuple(index["Projection"].get("NonKeyAttributes", [])),
            )
            for index in spec.get("GlobalSecondaryIndexes", [])
        ]
        self.usage = Usage()
        self._peek = boto3.client("dynamodb")  # not metered: reads items before and after writes
        # The baseline's own client: metered when watched, like any other.
        self.peek_client = boto3.client("dynamodb")
        self._before: list[dict[str, Any]] = []

    @contextmanager
    def watching(self, *clients: Any) -> Iterator[Usage]:
        self.usage = Usage()
        for client in clients:
            client.meta.events.register("provide-client-params.*.*", self._params)
            client.meta.events.register("after-call.*.*", self._after)
            client.meta.events.register_first("before-call.*.*", self._started)
            # First after the call: the time stops before the item is read back for pricing.
            client.meta.events.register_first("after-call.*.*", self._finished)
        try:
            yield self.usage
        finally:
            for client in clients:
                client.meta.events.unregister("provide-client-params.*.*", self._params)
                client.meta.events.unregister("after-call.*.*", self._after)
                client.meta.events.unregister("before-call.*.*", self._started)
                client.meta.events.unregister("after-call.*.*", self._finished)

    def _started(self, **_: Any) -> None:
        self._call_started = time.perf_counter()

    def _finished(self, **_: Any) -> None:
        self.usage.aws_seconds += time.perf_counter() - self._call_started

    # ------------------------------------------------------------ hooks

    def _params(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.service_model.service_name == "dynamodb":
            self._before = [self._get(key) for key in self._write_keys(model.name, params)]
        self._pending = (model.name, dict(params))

    def _after(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        service = model.service_model.service_name
        self.usage.calls[f"{service}:{model.name}"] += 1
        if service != "dynamodb" or "Error" in parsed:
            return
        operation, params = self._pending
        self._price(operation, params, parsed)

    # ------------------------------------------------------------ pricing

    def _price(self, operation: str, params: dict[str, Any], parsed: dict[str, Any]) -> None:
        usage = self.usage
        consistent = bool(params.get("ConsistentRead"))
        if operation == "GetItem":
            item = parsed.get("Item")
            usage.items_read += 1 if item else 0
            usage.read_units += read_units(item_size(item), consistent=consistent)
        elif operation in ("Query", "Scan"):
            items = parsed.get("Items", [])
            usage.items_read += len(items)
            usage.read_units += read_units(sum(item_size(i) for i in items), consistent=consistent)
        elif operation == "BatchGetItem":
            # Each key is priced as a GetItem: one that finds nothing still costs the minimum unit
            # (keys left unprocessed are asked again, and priced then).
            unprocessed = parsed.get("UnprocessedKeys") or {}
            for table, request in (params.get("RequestItems") or {}).items():
                items = (parsed.get("Responses") or {}).get(table, [])
                consistent = bool(request.get("ConsistentRead"))
                misses = len(request["Keys"]) - len(items) - len(unprocessed.get(table, {}).get("Keys", []))
                usage.items_read += len(items)
                usage.read_units += sum(read_units(item_size(i), consistent=consistent) for i in items)
                usage.read_units += misses * read_units(0, consistent=consistent)
        elif operation in ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"):
            keys = self._write_keys(operation, params)
            factor = 2 if operation == "TransactWriteItems" else 1
            for key, before in zip(keys, self._before, strict=True):
                after = self._get(key)
                units = write_units(max(item_size(before), item_size(after)))
                units += sum(index_writes(index, before, after, self.table_keys) for index in self.indexes)
                usage.write_units += factor * units

    def _write_keys(self, operation: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        def key_of(item: dict[str, Any]) -> dict[str, Any]:
            return {name: item[name] for name in self.table_keys}

        if operation == "PutItem":
            return [key_of(params["Item"])]
        if operation in ("UpdateItem", "DeleteItem"):
            return [params["Key"]]
        if operation == "BatchWriteItem":
            keys = []
            for requests in params.get("RequestItems", {}).values():
                for request in requests:
                    if "PutRequest" in request:
                        keys.append(key_of(request["PutRequest"]["Item"]))
                    else:
                        keys.append(request["DeleteRequest"]["Key"])
            return keys
        if operation == "TransactWriteItems":
            keys = []
            for entry in params.get("TransactItems", []):
                ((kind, body),) = entry.items()
                if kind == "Put":
                    keys.append(key_of(body["Item"]))
                elif kind in ("Update", "Delete"):
                    keys.append(body["Key"])
            return keys
        return []

    def _get(self, key: dict[str, Any]) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self._peek.get_item(
            TableName=self.table_name, Key=key, ConsistentRead=True
        ).get("Item")
        return item
