"""SES bounces and complaints: which addresses must never be mailed again."""

from __future__ import annotations

from typing import Any


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
