"""SES bounces and complaints: the addresses that must never be mailed again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.domain.feedback import suppressions
from tracker.observability import logger
from tracker.ports import SendRepository


class FeedbackService:
    def __init__(self, sends: SendRepository) -> None:
        self._sends = sends

    def record(self, notification: dict[str, Any], at: datetime) -> int:
        found = suppressions(notification)
        for address, reason in found:
            self._sends.suppress(address, reason, at)
        logger.info("Email feedback", extra={"suppressed": len(found), "kind": notification.get("eventType")})
        return len(found)
