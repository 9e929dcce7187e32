"""SMS inbound function: members' texts (two-way SMS, via SNS) answered against today's picks."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.config import require
from tracker.domain.sms import InboundSms
from tracker.observability import logger
from tracker.runtime import services

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require()


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    app = services()
    answered = 0
    for record in event.get("Records", []):
        inbound = InboundSms.from_notification(record["Sns"]["Message"])
        if inbound is None:  # not a two-way SMS payload: retrying would not change that
            logger.warning("Ignored a message that is not an inbound text")
            continue
        answered += app.sms_replies.handle(inbound).replied
    return {"answered": answered}
