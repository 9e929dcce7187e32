"""The one table, in memory: items by partition, then by sort key, as in DynamoDB.

A member's items live in their partition (`MemberKey`), an org's in `org(org_id)`, and the few
deployment-wide items in their own. Sort keys are tuples whose order is the table's order:
("contact", id), ("conversation", contact id, when, id), ("week", week), ...

What is stored is what DynamoDB would give back: instants in UTC, to the second.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from tracker.domain.errors import ConcurrentUpdate

Key = tuple[str, ...]
T = TypeVar("T")

PROFILE: Key = ("profile",)
FORM_LINK: Key = ("form_link",)
REGISTRY = "registry"


def org(org_id: str) -> Hashable:
    return ("org", org_id)


def phone(number: str) -> Hashable:
    return ("phone", number.strip())


def suppression(address: str) -> Hashable:
    return ("suppression", address.strip().lower())


def to_the_second(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(microsecond=0)


def instant_text(instant: datetime) -> str:
    """As the table's keys spell an instant: UTC, to the second, so that text order is time order."""
    return to_the_second(instant).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def stored(value: T) -> T:
    """`value` as it reads back once stored: every instant in it (nested too) in UTC, to the second."""
    if isinstance(value, datetime):
        return to_the_second(value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: stored(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changes)
    return value


def require(condition: bool, what: str = "condition") -> None:
    """A write's condition: if it does not hold, the write (or the whole transaction) fails."""
    if not condition:
        raise ConcurrentUpdate(what)


class MemoryTable:
    def __init__(self) -> None:
        self._partitions: dict[Hashable, dict[Key, Any]] = {}

    def get(self, partition: Hashable, key: Key) -> Any:
        return self._partitions.get(partition, {}).get(key)

    def put(self, partition: Hashable, key: Key, value: Any) -> None:
        self._partitions.setdefault(partition, {})[key] = stored(value)

    def delete(self, partition: Hashable, key: Key) -> bool:
        return self._partitions.get(partition, {}).pop(key, None) is not None

    def query(self, partition: Hashable, *prefix: str) -> list[tuple[Key, Any]]:
        """The partition's items whose sort key starts with `prefix`, in sort key order."""
        items = self._partitions.get(partition, {})
        return sorted(
            ((key, value) for key, value in items.items() if key[: len(prefix)] == prefix),
            key=lambda item: item[0],
        )

    def partitions(self) -> Iterator[tuple[Hashable, dict[Key, Any]]]:
        return iter(list(self._partitions.items()))

    def erase(self, partition: Hashable) -> int:
        return len(self._partitions.pop(partition, {}))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: if the block raises (a condition failed), every write in it is undone."""
        before = {partition: dict(items) for partition, items in self._partitions.items()}
        try:
            yield
        except BaseException:
            self._partitions = before
            raise
