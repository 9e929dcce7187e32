"""Dispatch function: fired hourly by EventBridge Scheduler; queues the members due now."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.config import require
from tracker.domain.dispatch import scheduled_instant
from tracker.observability import logger, publish_metrics
from tracker.runtime import services

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require("REMINDER_QUEUE_URL")


@logger.inject_lambda_context(clear_state=True)
@publish_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    app = services()
    return app.dispatcher.run(scheduled_instant(event, app.clock.now())).as_dict()
