"""Feedback function: SES bounce and complaint notifications (via SNS) suppress addresses."""

import json
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.config import require
from tracker.observability import logger
from tracker.runtime import services

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require()


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    app = services()
    suppressed = 0
    for record in event.get("Records", []):
        notification = json.loads(record["Sns"]["Message"])
        suppressed += app.feedback.record(notification, app.clock.now())
    return {"suppressed": suppressed}
