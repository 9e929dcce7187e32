"""What every DynamoDB repository shares: the one table connection, and how conditional
writes that lost a race are told apart from real failures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pynamodb.connection import TableConnection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action

from tracker.domain.errors import ConcurrentUpdate

from .models import _Item

BATCH_KEYS = 100  # the most keys one BatchGetItem reads
LOST_RACE = frozenset({"ConditionalCheckFailed", "TransactionConflict"})


class Repository:
    def __init__(self, connection: TableConnection) -> None:
        self._connection = connection

    def _delete_keys(self, items: Iterable[_Item]) -> None:
        with _Item.batch_write() as batch:
            for item in items:
                batch.delete(_Item(item.pk, item.sk))


def failed_condition(error: Exception) -> bool:
    """A single-item write whose condition did not hold."""
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"


def lost_race(error: TransactWriteError) -> bool:
    """A transaction cancelled because a condition failed or another one got there first."""
    reasons = {reason.code for reason in error.cancellation_reasons if reason}
    return bool(reasons & LOST_RACE)


def concurrent(error: TransactWriteError, what: str) -> ConcurrentUpdate:
    """ConcurrentUpdate for a transaction that lost a race; any other failure is raised as is."""
    if lost_race(error):
        return ConcurrentUpdate(what)
    raise error


def set_or_remove(attribute: Any, value: Any) -> Action:
    action: Action = attribute.set(value) if value is not None else attribute.remove()
    return action
