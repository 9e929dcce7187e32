"""AWS behind the ports: SES (email), SNS (SMS), SQS (the reminder queue), Secrets Manager.

Clients are made on first use and kept for the life of the Lambda environment; `client()`
hands them out so tests can register botocore handlers (fault injection) on the same ones.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate
from functools import cache
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tracker.config import settings
from tracker.domain.dispatch import ReminderRequest, SlotPage
from tracker.domain.messages import OutgoingEmail
from tracker.domain.sending import Rejected

# Standard retries (throttling and 5xx, with backoff); AWS_MAX_ATTEMPTS sets how many.
_CONFIG = Config(retries={"mode": "standard"}, connect_timeout=3, read_timeout=10)


@cache
def client(service: str) -> Any:
    return boto3.client(service, region_name=settings().region, config=_CONFIG)


def reset() -> None:
    """Forget the clients (tests start a new mocked account per test)."""
    client.cache_clear()


class ProviderError(Exception):
    """SES or SNS refused, after botocore's retries. Carries the error code only: provider
    messages can quote addresses and phone numbers, which must never reach the logs."""

    def __init__(self, provider: str, code: str) -> None:
        super().__init__(f"{provider} failed: {code}")
        self.code = code


# SES's answers that no retry changes: the message or its address is refused as it is.
PERMANENT_SES_ERRORS = frozenset({"MessageRejected", "InvalidParameterValue"})


def _provider_call(provider: str, call: Any, **arguments: Any) -> Any:
    try:
        return call(**arguments)
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", "Unknown"))
        if provider == "SES" and code in PERMANENT_SES_ERRORS:
            raise Rejected(code) from None
        raise ProviderError(provider, code) from None
    except BotoCoreError as error:
        raise ProviderError(provider, type(error).__name__) from None


class SesMailer:
    def __init__(self, sender_address: str, sender_name: str, configuration_set: str | None) -> None:
        self._sender = formataddr((sender_name, sender_address))
        self._sender_address = sender_address
        self._configuration_set = configuration_set

    def mime(self, email: OutgoingEmail) -> bytes:
        message = EmailMessage(policy=SMTP)
        message["From"] = self._sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        # RFC 8058 one-click unsubscribe: an https link plus the POST hint.
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")
        return message.as_bytes()

    def send(self, email: OutgoingEmail) -> str:
        arguments: dict[str, Any] = {
            "FromEmailAddress": self._sender_address,
            "Destination": {"ToAddresses": [email.to]},
            "Content": {"Raw": {"Data": self.mime(email)}},
            "EmailTags": [{"Name": name, "Value": value} for name, value in email.tags.items()],
        }
        if self._configuration_set:
            arguments["ConfigurationSetName"] = self._configuration_set
        return str(_provider_call("SES", client("sesv2").send_email, **arguments)["MessageId"])


class SnsTexter:
    def send(self, phone: str, text: str) -> str:
        response = _provider_call(
            "SNS",
            client("sns").publish,
            PhoneNumber=phone,
            Message=text,
            MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
        )
        return str(response["MessageId"])

    def is_opted_out(self, phone: str) -> bool:
        answer = _provider_call("SNS", client("sns").check_if_phone_number_is_opted_out, phoneNumber=phone)
        return bool(answer["isOptedOut"])


class SqsQueue:
    """An SQS queue of JSON messages: the reminders, or the dispatch's handed-on slot pages."""

    def __init__(self, queue_url: str) -> None:
        self._queue_url = queue_url

    def send_all(self, requests: Sequence[ReminderRequest | SlotPage]) -> None:
        """Queue every message, ten per call, resending entries SQS reports as failed."""
        for start in range(0, len(requests), 10):
            entries = [
                {"Id": str(n), "MessageBody": request.to_json()}
                for n, request in enumerate(requests[start : start + 10])
            ]
            for _ in range(3):
                failed = (
                    client("sqs").send_message_batch(QueueUrl=self._queue_url, Entries=entries).get("Failed")
                )
                if not failed:
                    break
                failed_ids = {failure["Id"] for failure in failed}
                entries = [entry for entry in entries if entry["Id"] in failed_ids]
            else:
                raise RuntimeError(f"SQS refused {len(entries)} message(s)")


def link_signing_secret(arn: str) -> bytes:
    """The HMAC key for signed links, cached for five minutes (Powertools parameters)."""
    from aws_lambda_powertools.utilities import parameters

    value: Any = parameters.get_secret(arn, max_age=300)
    if isinstance(value, bytes):
        return value
    return (json.dumps(value) if isinstance(value, dict) else str(value)).encode()
