"""The data layer, the only code that imports PynamoDB. `get_store()` binds it to the table lazily."""

from __future__ import annotations

from functools import cache

from tracker.config import settings

from .store import DynamoStore


@cache
def get_store() -> DynamoStore:
    from .models import bind

    config = settings()
    return DynamoStore(bind(config.table_name, config.region))


__all__ = ["DynamoStore", "get_store"]
