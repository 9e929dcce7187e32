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


@cache
def settings() -> Settings:
    return Settings(
        table_name=os.environ["TABLE_NAME"],
        region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
    )
