"""The local stack's access log: requests as they came, without the secrets links carry."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest

from local.server import _handler_for, redact


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        ("GET /log?t=eyJ.abc.def HTTP/1.1", "GET /log?t=[redacted] HTTP/1.1"),
        ("POST /unsubscribe?t=AAA&x=1 HTTP/1.1", "POST /unsubscribe?t=[redacted]&x=1 HTTP/1.1"),
        (
            "GET /a?id_token=q&Token=r&sig=s HTTP/1.1",
            "GET /a?id_token=[redacted]&Token=[redacted]&sig=[redacted] HTTP/1.1",
        ),
        ("GET /contacts?tag=t&limit=5 HTTP/1.1", "GET /contacts?tag=t&limit=5 HTTP/1.1"),
        (
            "POST /_local/tick?at=2026-01-05T08:00:00Z HTTP/1.1",
            "POST /_local/tick?at=2026-01-05T08:00:00Z HTTP/1.1",
        ),
    ],
)
def test_secret_query_values_are_redacted(line: str, logged: str) -> None:
    assert redact(line) == logged


def test_the_request_handler_logs_signed_links_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    handler: Any = object.__new__(_handler_for(SimpleNamespace(access_log=True)))  # type: ignore[arg-type]
    handler.client_address = ("127.0.0.1", 50000)
    handler.requestline = "GET /log?t=eyJzZWNyZXQ.c2lnbmVk HTTP/1.1"
    handler.request_version = "HTTP/1.1"
    handler.log_request(200)
    handler.log_error("code %d, message %s", 400, "Bad request syntax ('GET /log?t=eyJzZWNyZXQ HTTP/1.1')")
    written = stderr.getvalue()
    assert "GET /log?t=[redacted] HTTP/1.1" in written
    assert "eyJzZWNyZXQ" not in written
