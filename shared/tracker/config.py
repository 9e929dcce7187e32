"""The environment a function runs in, read once at the edge into a typed value."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache


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
    sender_address: str = "reminders@example.org"
    sender_name: str = "Networking Tracker"
    ses_configuration_set: str | None = None
    sms_enabled: bool = True
    user_pool_id: str | None = None  # where admins invite members (the API only)


@cache
def settings() -> Settings:
    env = os.environ
    return Settings(
        table_name=env["TABLE_NAME"],
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        public_base_url=env.get("PUBLIC_BASE_URL", Settings.public_base_url).rstrip("/"),
        signing_secret_arn=env.get("SIGNING_SECRET_ARN") or None,
        reminder_queue_url=env.get("REMINDER_QUEUE_URL") or None,
        sender_address=env.get("SENDER_ADDRESS", Settings.sender_address),
        sender_name=env.get("SENDER_NAME", Settings.sender_name),
        ses_configuration_set=env.get("SES_CONFIGURATION_SET") or None,
        sms_enabled=env.get("SMS_ENABLED", "true").lower() == "true",
        user_pool_id=env.get("USER_POOL_ID") or None,
    )
