"""API function: every HTTP API route lands here."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.api.app import handle, prime
from tracker.config import require
from tracker.observability import logger, publish_metrics
from tracker.runtime.snapshot import before_snapshot

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require("SIGNING_SECRET_ARN", "USER_POOL_ID", "SENDER_ADDRESS")
# With SnapStart on, the routes this function serves load before the snapshot (not on a first
# request); the snapshot module re-seeds random numbers after each restore.
before_snapshot(prime, ("me", "contacts", "picks", "goals", "org"))


@logger.inject_lambda_context(clear_state=True)
@publish_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(event, context)
