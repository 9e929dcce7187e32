"""The environment a function runs in, read once at the edge into a typed, checked value.

Each handler calls `require(...)` when Lambda imports it, naming the variables its work
needs: a missing or malformed variable then fails the cold start with a message naming it
(`ConfigError`), instead of the first request that happens to use it. Variables that are set
are always checked, needed or not.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from tracker.domain.rates import SendRates


class ConfigError(RuntimeError):
    """A variable of the function's environment is missing or malformed."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"Environment variable {name} {problem}")
        self.name = name


@dataclass(frozen=True)
class Settings:
    table_name: str
    region: str
    # Sizes a member may send; API Gateway's own limit is 10 MB.
    max_json_body_bytes: int = 64 * 1024
    # An import file, sent as is or base64-encoded: 4 MB is 5.4 MB encoded, under Lambda's 6 MB.
    max_import_body_bytes: int = 4 * 1024 * 1024
    public_base_url: str = "http://127.0.0.1:3000"
    signing_secret_arn: str | None = None
    reminder_queue_url: str | None = None
    dispatch_queue_url: str | None = None  # the dispatch's handed-on slot pages
    sender_address: str = "reminders@example.org"
    sender_name: str = "Networking Tracker"
    ses_configuration_set: str | None = None
    sms_enabled: bool = True
    # The providers' send rates and how many remind environments share them (template.yaml).
    send_rates: SendRates = field(default_factory=SendRates)
    user_pool_id: str | None = None  # where admins invite members (the API only)
    user_pool_client_id: str | None = None  # the app client the web app signs members in with


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^/\s?#]+(/\S*)?$")
_USER_POOL = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$")
_CLIENT_ID = re.compile(r"^[0-9A-Za-z]{1,128}$")
_TABLE = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")


def _matches(pattern: re.Pattern[str], shape: str) -> Callable[[str], str | None]:
    return lambda value: None if pattern.match(value) else f"must be {shape}, not {value!r}"


def _arn_of(service: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        parts = value.split(":")
        if len(parts) >= 6 and parts[0] == "arn" and parts[2] == service:
            return None
        return f"must be the ARN of a {service} resource, not {value!r}"

    return check


def _rate(value: str) -> str | None:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    return None if 0 < number < 1_000_000 else f"must be a number above 0, not {value!r}"


def _flag(value: str) -> str | None:
    return None if value.lower() in ("true", "false") else f"must be true or false, not {value!r}"


CHECKS: dict[str, Callable[[str], str | None]] = {
    "TABLE_NAME": _matches(_TABLE, "a DynamoDB table name"),
    "PUBLIC_BASE_URL": _matches(_URL, "an http(s) address such as https://tracker.example.org"),
    "SIGNING_SECRET_ARN": _arn_of("secretsmanager"),
    "REMINDER_QUEUE_URL": _matches(_URL, "an SQS queue URL"),
    "DISPATCH_QUEUE_URL": _matches(_URL, "an SQS queue URL"),
    "SENDER_ADDRESS": _matches(_EMAIL, "an email address"),
    "SMS_ENABLED": _flag,
    "EMAILS_PER_SECOND": _rate,
    "TEXTS_PER_SECOND": _rate,
    "REMIND_CONCURRENCY": _matches(re.compile(r"^[1-9][0-9]{0,3}$"), "a whole number of environments"),
    "USER_POOL_ID": _matches(_USER_POOL, "a Cognito user pool id such as us-east-1_AbC123"),
    "USER_POOL_CLIENT_ID": _matches(_CLIENT_ID, "a Cognito app client id (letters and digits)"),
}


def load_settings(environ: Mapping[str, str], required: tuple[str, ...] = ("TABLE_NAME",)) -> Settings:
    """The settings in `environ`, every variable that is set checked, every `required` one present."""
    for name in required:
        if not environ.get(name):
            raise ConfigError(name, "is not set")
    for name, check in CHECKS.items():
        value = environ.get(name)
        problem = check(value) if value else None
        if problem:
            raise ConfigError(name, problem)
    return Settings(
        table_name=environ["TABLE_NAME"],
        region=environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION") or "us-east-1",
        public_base_url=environ.get("PUBLIC_BASE_URL", Settings.public_base_url).rstrip("/"),
        signing_secret_arn=environ.get("SIGNING_SECRET_ARN") or None,
        reminder_queue_url=environ.get("REMINDER_QUEUE_URL") or None,
        dispatch_queue_url=environ.get("DISPATCH_QUEUE_URL") or None,
        sender_address=environ.get("SENDER_ADDRESS", Settings.sender_address),
        sender_name=environ.get("SENDER_NAME", Settings.sender_name),
        ses_configuration_set=environ.get("SES_CONFIGURATION_SET") or None,
        sms_enabled=environ.get("SMS_ENABLED", "true").lower() == "true",
        send_rates=SendRates(
            emails_per_second=float(environ.get("EMAILS_PER_SECOND") or SendRates.emails_per_second),
            texts_per_second=float(environ.get("TEXTS_PER_SECOND") or SendRates.texts_per_second),
            environments=int(environ.get("REMIND_CONCURRENCY") or SendRates.environments),
        ),
        user_pool_id=environ.get("USER_POOL_ID") or None,
        user_pool_client_id=environ.get("USER_POOL_CLIENT_ID") or None,
    )


@cache
def settings() -> Settings:
    """The process's settings (read once; tests and the local stack clear the cache)."""
    return load_settings(os.environ)


def require(*names: str) -> Settings:
    """For a handler's import (the cold start): the settings, with these variables present too."""
    load_settings(os.environ, ("TABLE_NAME", *names))
    return settings()
