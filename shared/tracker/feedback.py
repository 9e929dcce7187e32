"""SES bounces and complaints: the addresses that must never be mailed again."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.observability import logger

if TYPE_CHECKING:
    from tracker.dal import DynamoStore


def suppressions(notification: dict[str, Any]) -> list[tuple[str, str]]:
    """(address, reason) pairs from an SES notification or event-publishing record.

    Permanent bounces and complaints suppress; transient bounces (a full mailbox) do not.
    """
    kind = str(notification.get("eventType") or notification.get("notificationType") or "")
    if kind == "Bounce":
        bounce = notification.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return []
        recipients = bounce.get("bouncedRecipients") or []
        reason = "bounce"
    elif kind == "Complaint":
        recipients = (notification.get("complaint") or {}).get("complainedRecipients") or []
        reason = "complaint"
    else:
        return []
    return [
        (str(recipient["emailAddress"]), reason)
        for recipient in recipients
        if isinstance(recipient, dict) and recipient.get("emailAddress")
    ]


class FeedbackService:
    def __init__(self, store: DynamoStore) -> None:
        self._store = store

    def record(self, notification: dict[str, Any], at: datetime) -> int:
        found = suppressions(notification)
        for address, reason in found:
            self._store.suppress(address, reason, at)
        logger.info("Email feedback", extra={"suppressed": len(found), "kind": notification.get("eventType")})
        return len(found)
