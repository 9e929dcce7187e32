"""Web function: the web app (/app and below), signed in with a session cookie rather than a JWT.

The same resolver as the API (the same services, pages and error shape), but only for the
web app's routes: anything else is refused before it is resolved, whatever reaches it. No JWT
authorizer stands in front, so who acts comes only from the session the app looks up
(tracker/services/sessions.py). Its role can do what a signed-in member's pages do: the
member API's table access, deleting their own sign-in, mailing a new address its link and
texting a new number its code (template.yaml, WebFunction).
"""

import json
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.api.app import handle, prime
from tracker.api.errors import error_body
from tracker.config import require
from tracker.observability import logger, publish_metrics
from tracker.runtime.snapshot import before_snapshot

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require("SIGNING_SECRET_ARN", "USER_POOL_ID", "USER_POOL_CLIENT_ID", "SENDER_ADDRESS")
# With SnapStart on, the routes this function serves load before the snapshot (not on a first
# request); the snapshot module re-seeds random numbers after each restore.
before_snapshot(prime, ("web",))


PREFIX = "/app"


def serves(route_key: object) -> bool:
    """Whether a route key ("GET /app/network") is the web app's: /app or a path below it."""
    path = str(route_key or "").partition(" ")[2]
    return path == PREFIX or path.startswith(PREFIX + "/")


@logger.inject_lambda_context(clear_state=True)
@publish_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if not serves(event.get("routeKey")):
        return {
            "statusCode": 404,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(error_body("not_found", "No such page")),
            "isBase64Encoded": False,
        }
    return handle(event, context)
