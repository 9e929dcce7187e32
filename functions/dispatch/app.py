"""Dispatch function: fired hourly by EventBridge Scheduler; queues the members due now. Slot
pages a run had no budget left for come back through its own queue, one per invocation."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.config import require
from tracker.domain.dispatch import SlotPage, scheduled_instant
from tracker.observability import logger, publish_metrics
from tracker.runtime import services
from tracker.runtime.batches import process_concurrently

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require("REMINDER_QUEUE_URL", "DISPATCH_QUEUE_URL")


def go_on(record: dict[str, Any]) -> None:
    services().dispatcher.go_on(SlotPage.from_json(record["body"]))


@logger.inject_lambda_context(clear_state=True)
@publish_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if isinstance(event, dict) and "Records" in event:  # handed-on slot pages (SQS)
        return process_concurrently(event, go_on)
    app = services()
    return app.dispatcher.run(scheduled_instant(event, app.clock.now())).as_dict()
