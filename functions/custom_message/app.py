"""Custom message trigger (Cognito, before it emails an invitation): the invitation in the
invited member's language, which the admin's invitation put on the account as its `locale`
attribute (`en` or `es`). Every other message Cognito sends is left to the pool's templates.

It reads nothing and writes nothing: the event carries all it needs.
"""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.config import require
from tracker.observability import logger

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require()

INVITATION = "CustomMessage_AdminCreateUser"


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("triggerSource") != INVITATION:
        return event
    from tracker.rendering.invitation import invitation  # the catalogs only when it comes to it

    request = event.get("request") or {}
    language = (request.get("userAttributes") or {}).get("locale")
    subject, message = invitation(
        language,
        username=request.get("usernameParameter") or "{username}",
        code=request.get("codeParameter") or "{####}",
    )
    response = event.get("response") or {}
    response.update(emailSubject=subject, emailMessage=message)
    event["response"] = response
    logger.info("Invitation worded", extra={"language": language or "en"})
    return event
