"""SQS batches handled a few messages at a time, side by side.

A reminder spends most of its time waiting on DynamoDB and SES; Lambda bills that wait by
memory and duration. Handling a batch's messages in parallel threads overlaps the waits (the
clients are thread-safe), so a batch of ten costs about what its CPU work costs. Failures are
reported per message (ReportBatchItemFailures): only those are retried, then dead-lettered.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tracker.observability import logger

WORKERS = 8


def process_concurrently(event: dict[str, Any], handle: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Run `handle` on every SQS record; the answer names the records that failed."""
    records: list[dict[str, Any]] = list(event.get("Records") or [])

    def attempt(record: dict[str, Any]) -> str | None:
        try:
            handle(record)
        except Exception as error:  # every failure is reported, so SQS retries that message
            # With its traceback: provider errors carry codes only (tracker/adapters.py), so
            # no address or number reaches the logs this way.
            logger.exception(
                "Message failed; SQS will retry it",
                extra={
                    "message_id": record.get("messageId"),
                    "error": getattr(error, "code", type(error).__name__),
                },
            )
            return str(record.get("messageId"))
        return None

    with ThreadPoolExecutor(max_workers=min(WORKERS, max(len(records), 1))) as pool:
        failed = [message_id for message_id in pool.map(attempt, records) if message_id is not None]
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failed]}
