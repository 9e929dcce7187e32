"""tools/tracker_cli.py as a person at a terminal meets it: a mistake is one line and a non-zero
exit, never a traceback; the local stack is found on PORT, as `make run` serves it there."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "tools" / "tracker_cli.py"


def run(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PORT", "TRACKER_API", "TRACKER_TOKEN"}}
    return subprocess.run(
        [sys.executable, str(CLI), *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**env, **environment},
    )


def closed_port() -> int:
    """A port nothing listens on (bound, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


class FakeStack(BaseHTTPRequestHandler):
    """Answers as the local stack does: a dev token, and an export."""

    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.paths.append(self.path)
        body = b"record,id,name\n"
        if self.path == "/_local/tokens":
            body = json.dumps({"tokens": [{"email": "jordan@example.org", "token": "dev"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def stack() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStack)
    FakeStack.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_missing_file_is_one_line_and_a_failed_exit(tmp_path: Path) -> None:
    missing = tmp_path / "Connections.csv"
    result = run("--token", "t", "import", str(missing), TRACKER_API=f"http://127.0.0.1:{closed_port()}")
    assert one_line_error(result) == f"error: {missing}: No such file or directory"
    folder = run("--token", "t", "import", str(tmp_path), PORT=str(closed_port()))
    assert "Is a directory" in one_line_error(folder)


@pytest.mark.parametrize("where", ["TRACKER_API", "PORT"])
def test_an_api_out_of_reach_is_one_line_naming_it(tmp_path: Path, where: str) -> None:
    port = closed_port()
    environment = (
        {"TRACKER_API": f"http://127.0.0.1:{port}"} if where == "TRACKER_API" else {"PORT": str(port)}
    )
    data = tmp_path / "contacts.csv"
    data.write_text("First Name,Last Name\nAna,Lima\n")
    for arguments in (("--as", "jordan@example.org", "export"), ("--token", "t", "import", str(data))):
        line = one_line_error(run(*arguments, **environment))
        assert line.startswith(f"error: cannot reach http://127.0.0.1:{port}:")


def test_with_port_set_the_cli_talks_to_the_local_stack_on_that_port(stack: ThreadingHTTPServer) -> None:
    port = stack.server_address[1]
    result = run("--as", "jordan@example.org", "export", "--format", "csv", PORT=str(port))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "record,id,name\n"
    assert FakeStack.paths == ["/_local/tokens", "/export?format=csv"]
