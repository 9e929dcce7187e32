"""What the local stack "sent": SES emails and SNS text messages, read back from moto.

Also plays SES's mailbox simulator: mail to bounce@ or complaint@simulator.amazonses.com
produces the bounce or complaint notification SES would publish, so the suppression flow
can be tried locally.
"""

from __future__ import annotations

import email
import email.policy
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any

from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

from local.template import ACCOUNT_ID, REGION

SIMULATOR = {
    "bounce@simulator.amazonses.com": "Bounce",
    "complaint@simulator.amazonses.com": "Complaint",
}


@dataclass(frozen=True)
class SentEmail:
    number: int
    message_id: str
    to: list[str]
    sender: str
    subject: str
    headers: dict[str, str]
    text: str
    html: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "message_id": self.message_id,
            "to": self.to,
            "from": self.sender,
            "subject": self.subject,
            "headers": self.headers,
            "text": self.text,
            "html": self.html,
        }


@dataclass
class Outbox:
    """Reads moto's record of sent messages; remembers which were already simulated."""

    _simulated: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def emails(self) -> list[SentEmail]:
        sent = []
        for number, raw in enumerate(_ses().sent_messages, start=1):
            data = getattr(raw, "raw_data", None)
            if data is None:
                continue
            message = email.message_from_string(data, policy=email.policy.default)
            text_part = message.get_body(preferencelist=("plain",))
            html_part = message.get_body(preferencelist=("html",))
            sent.append(
                SentEmail(
                    number=number,
                    message_id=raw.id,
                    to=list(dict.fromkeys(raw.destinations)),  # moto lists the To header twice
                    sender=str(message.get("From", raw.source)),
                    subject=str(message.get("Subject", "")),
                    headers={name: str(value) for name, value in message.items()},
                    text=text_part.get_content() if text_part is not None else "",
                    html=html_part.get_content() if html_part is not None else "",
                )
            )
        return sent

    def sms(self) -> list[dict[str, str]]:
        return [
            {"message_id": message_id, "to": phone, "message": text}
            for message_id, (phone, text) in _sns().sms_messages.items()
        ]

    def as_json(self) -> dict[str, Any]:
        return {"emails": [mail.as_dict() for mail in self.emails()], "sms": self.sms()}

    def simulated_feedback(self) -> list[dict[str, Any]]:
        """SES notifications for newly sent mail to the simulator's addresses."""
        notifications = []
        with self._lock:
            for mail in self.emails():
                if mail.message_id in self._simulated:
                    continue
                self._simulated.add(mail.message_id)
                for address in mail.to:
                    kind = SIMULATOR.get(address.lower())
                    if kind:
                        notifications.append(_notification(kind, address, mail))
        return notifications

    def page(self) -> str:
        rows = []
        for mail in reversed(self.emails()):
            rows.append(
                f'<li><a href="/_local/outbox/{mail.number}">{escape(mail.subject)}</a> '
                f"to {escape(', '.join(mail.to))}</li>"
            )
        texts = [
            f"<li><strong>{escape(sms['to'])}</strong>: {escape(sms['message'])}</li>"
            for sms in reversed(self.sms())
        ]
        return (
            "<!doctype html><html lang=en><meta charset=utf-8>"
            '<meta name=viewport content="width=device-width, initial-scale=1">'
            "<title>Local outbox</title>"
            '<body style="font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem">'
            "<h1>Local outbox</h1><p>What the local stack sent, newest first. "
            '<a href="/_local/outbox.json">JSON</a></p>'
            f"<h2>Email ({len(rows)})</h2><ul>{''.join(rows) or '<li>None yet</li>'}</ul>"
            f"<h2>SMS ({len(texts)})</h2><ul>{''.join(texts) or '<li>None yet</li>'}</ul>"
            "</body></html>"
        )

    def email_page(self, number: int) -> str | None:
        for mail in self.emails():
            if mail.number == number:
                return mail.html or f"<pre>{escape(mail.text)}</pre>"
        return None


def _ses() -> Any:
    return ses_backends[ACCOUNT_ID][REGION]


def _sns() -> Any:
    return sns_backends[ACCOUNT_ID][REGION]


def _notification(kind: str, address: str, mail: SentEmail) -> dict[str, Any]:
    mail_part = {
        "timestamp": datetime.now(UTC).isoformat(),
        "messageId": mail.message_id,
        "source": mail.sender,
        "destination": mail.to,
    }
    if kind == "Bounce":
        return {
            "eventType": "Bounce",
            "bounce": {
                "bounceType": "Permanent",
                "bounceSubType": "General",
                "bouncedRecipients": [{"emailAddress": address, "action": "failed", "status": "5.1.1"}],
            },
            "mail": mail_part,
        }
    return {
        "eventType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": address}], "complaintFeedbackType": "abuse"},
        "mail": mail_part,
    }


def as_message(notification: dict[str, Any]) -> str:
    return json.dumps(notification)
