"""Texting the local stack: `POST /_local/sms?from=<number>` with the text as the body plays a
member's reply arriving by two-way SMS (the JSON payload SNS would deliver), and reports the
answers the stack sent back (they are in the outbox too)."""

from __future__ import annotations

import json
import uuid
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from local.events import EventSources
from local.outbox import Outbox
from local.provision import Stack

REPLIES_TOPIC = "SmsRepliesTopic"  # template.yaml's topic for inbound texts
LOCAL_NUMBER = "+18005550100"  # the number members text, as far as the local stack is concerned


def inbound_payload(phone: str, text: str, message_id: str | None = None) -> str:
    """What two-way SMS publishes to the topic when `phone` texts `text`."""
    return json.dumps(
        {
            "originationNumber": phone,
            "destinationNumber": LOCAL_NUMBER,
            "messageKeyword": "KEYWORD_LOCAL",
            "messageBody": text,
            "inboundMessageId": message_id or str(uuid.uuid4()),
            "previousPublishedMessageId": None,
        }
    )


def simulate_reply(
    stack: Stack, events: EventSources, outbox: Outbox, query: str, body: bytes
) -> tuple[HTTPStatus, dict[str, Any]]:
    phone = (parse_qs(query).get("from") or [""])[0].strip()
    if phone[:1].isdigit():
        phone = f"+{phone}"  # an unescaped "+" in a query string arrives as a space
    text = body.decode("utf-8", errors="replace")
    if not phone or not text.strip():
        problem = "POST /_local/sms?from=<E.164 number> with the text as the body"
        return HTTPStatus.UNPROCESSABLE_ENTITY, {
            "error": {"code": "validation_error", "message": problem, "details": []}
        }
    before = len(outbox.sms())
    delivered = events.publish(stack.ref(REPLIES_TOPIC), inbound_payload(phone, text))
    return HTTPStatus.OK, {"from": phone, "delivered": delivered, "replies": outbox.sms()[before:]}
