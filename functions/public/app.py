"""Public function: the pages behind signed links and the API's description (the web app, /app,
has its own function: functions/web).

The same resolver as the API (the same pages, 413 page and error shape), but only for the
routes the template gives this function: anything else is refused before it is resolved,
whatever reaches it. Its role can do only what these pages do (template.yaml).
"""

import json
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.api.app import DOCUMENT, handle, prime
from tracker.api.errors import error_body
from tracker.config import require
from tracker.observability import logger, publish_metrics
from tracker.runtime.snapshot import before_snapshot

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require("SIGNING_SECRET_ARN")
# With SnapStart on, the routes this function serves load before the snapshot (not on a first
# request); the snapshot module re-seeds random numbers after each restore.
before_snapshot(prime, ("pages", DOCUMENT))


PUBLIC_ROUTES = frozenset(
    {
        "GET /log",
        "POST /log",
        "GET /unsubscribe",
        "POST /unsubscribe",
        "GET /plan",
        "POST /plan",
        "GET /email",
        "POST /email",
        "GET /openapi.json",
        "GET /docs",
    }
)


@logger.inject_lambda_context(clear_state=True)
@publish_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("routeKey") not in PUBLIC_ROUTES:
        return {
            "statusCode": 404,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(error_body("not_found", "No such page")),
            "isBase64Encoded": False,
        }
    return handle(event, context)
