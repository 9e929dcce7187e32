"""Sending files to POST /imports as the HTTP API delivers them, and reading what came in."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, ApiClient, Reply, invoke


def corpus_dir() -> Path:
    """The shared corpus of real export files, read in place (their licences vary)."""
    for candidate in (ROOT.parent / "shared" / "corpus" / "imports", Path("/work/shared/corpus/imports")):
        if candidate.is_dir():
            return candidate
    pytest.skip("the shared import corpus (../shared/corpus/imports) is not beside this checkout")


def post_file(
    api: ApiClient,
    data: bytes,
    *,
    content_type: str = "text/csv",
    as_base64: bool | None = None,
    dry_run: bool | None = None,
) -> Reply:
    """Text bodies arrive as text, anything else base64-encoded (isBase64Encoded)."""
    query = {"dry_run": dry_run} if dry_run is not None else None
    if as_base64 is None:
        try:
            data.decode("utf-8")
            as_base64 = False
        except UnicodeDecodeError:
            as_base64 = True
    body = base64.b64encode(data).decode() if as_base64 else data.decode("utf-8")
    event = api.event("POST", "/imports", raw_body=body, query=query, headers={"content-type": content_type})
    event["isBase64Encoded"] = as_base64
    return invoke(event)


def all_contacts(api: ApiClient) -> list[dict[str, Any]]:
    contacts: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query: dict[str, Any] = {"limit": 100, "include_archived": True}
        if cursor:
            query["cursor"] = cursor
        reply = api.get("/contacts", **query)
        assert reply.status == 200, reply.body
        contacts += reply.body["items"]
        cursor = reply.body["next_cursor"]
        if not cursor:
            return contacts


def by_name(api: ApiClient) -> dict[str, dict[str, Any]]:
    return {contact["name"]: contact for contact in all_contacts(api)}
