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


@cache
def settings() -> Settings:
    return Settings(
        table_name=os.environ["TABLE_NAME"],
        region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
    )
