"""The local stack as a newcomer runs it (`python -m local`), in a subprocess on a free
loopback port, and a tiny HTTP client for it: for the end-to-end and reliability tests."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Running:
    process: subprocess.Popen[str]
    url: str
    banner: str
    output: deque[str] = field(default_factory=lambda: deque(maxlen=500))  # the latest lines
    _reader: threading.Thread | None = None

    def keep_reading(self) -> None:
        """Drain the stack's output, so that a full pipe never stalls it; keep the tail."""
        assert self.process.stdout is not None
        stdout = self.process.stdout
        self._reader = threading.Thread(target=lambda: self.output.extend(stdout), daemon=True)
        self._reader.start()

    def stop(self, timeout: float = 20) -> str:
        """Ctrl-C, as a newcomer stops it; the output after the banner."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=timeout)
        if self._reader is not None:
            self._reader.join(timeout=timeout)
        return "".join(self.output)


def start(*arguments: str) -> Running:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "POWERTOOLS_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "local", "--port", "0", "--quiet", "--no-clock", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    banner = ""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        banner += line
        found = re.search(r"ready in [\d.]+s at (http://127\.0\.0\.1:\d+)", line)
        if found:
            running = Running(process, found.group(1), banner)
            running.keep_reading()
            return running
    process.kill()
    raise AssertionError(f"local stack did not start within a minute:\n{banner}")


def call(
    url: str, method: str = "GET", body: Any = None, token: str | None = None, timeout: float = 30
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status = response.status
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        raw, status, content_type = error.read(), error.code, error.headers.get("Content-Type", "")
    return status, json.loads(raw) if raw and "json" in content_type else raw.decode()
