"""Remind function: one SQS message per member due (daily reminder or weekly check); the
messages of a batch are handled side by side and failed ones reported for retry."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.config import require
from tracker.domain.dispatch import ReminderRequest
from tracker.domain.model import MemberKey
from tracker.observability import logger, publish_metrics
from tracker.runtime import services
from tracker.runtime.batches import process_concurrently

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require("SIGNING_SECRET_ARN", "SENDER_ADDRESS")


def remind(record: dict[str, Any]) -> None:
    request = ReminderRequest.from_json(record["body"])
    key = MemberKey(request.org_id, request.member_id)
    if request.kind == "weekly":
        report = services().weekly.send_weekly(key, request.local_date, request.at)
    else:
        report = services().reminders.send_daily(key, request.local_date, request.at)
    logger.info(
        "Reminder handled", extra={"kind": request.kind, "member_id": request.member_id, **report.outcomes}
    )


@logger.inject_lambda_context(clear_state=True)
@publish_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_concurrently(event, remind)
