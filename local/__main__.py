"""`python -m local` (or `make run`): the whole stack on 127.0.0.1:3000, no AWS account needed."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

# The functions' shared code, as the Lambda layer provides it in AWS.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "shared"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--no-demo-data", action="store_true", help="start with empty tables")
    parser.add_argument("--quiet", action="store_true", help="no access log")
    parser.add_argument(
        "--no-clock", action="store_true", help="fire schedules only on POST /_local/tick, not on the hour"
    )
    options = parser.parse_args(argv)

    # moto needs credentials to sign with; none of them reach AWS.
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "local"),
        ("AWS_SECRET_ACCESS_KEY", "local"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
        ("POWERTOOLS_METRICS_DISABLED", "true"),
        ("POWERTOOLS_LOG_LEVEL", "WARNING"),
    ):
        os.environ.setdefault(name, value)
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)

    from local.server import LocalStack

    started = time.monotonic()
    local = LocalStack(
        host=options.host,
        port=options.port,
        with_demo_data=not options.no_demo_data,
        access_log=not options.quiet,
        clock_schedules=not options.no_clock,
    )
    try:
        local.start()
    except OSError as error:
        print(f"Cannot listen on {options.host}:{options.port}: {error.strerror}. Try PORT=3001 make run.")
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    # Ctrl-C stops it even when started from a script that ignores SIGINT (a shell's background
    # job does, and a child inherits that): Python only installs its own handler otherwise.
    signal.signal(signal.SIGINT, stop)
    from local.seed import DEMO_PASSWORD

    people = "".join(
        f"    {user.email:<34} {'program admin' if user.admin else 'member'}, {user.org_id}\n"
        for user in local.users
    )
    print(
        f"Networking Tracker local stack ready in {time.monotonic() - started:.1f}s at {local.url}\n"
        f"  sign in:     {local.sign_in_url}\n"
        + (f"  demo users (password {DEMO_PASSWORD}):\n{people}" if people else "")
        + f"  invitations: an admin's invitation emails a temporary password to the outbox\n"
        f"               (and 'Forgotten your password?' its code)\n"
        f"  dev tokens:  curl {local.url}/_local/tokens\n"
        f"  API docs:    {local.url}/docs   (OpenAPI: {local.url}/openapi.json)\n"
        f"  reminders:   curl -X POST '{local.url}/_local/tick?at=<ISO time>'\n"
        f"  outbox:      {local.url}/_local/outbox\n"
        f"  text reply:  curl -X POST '{local.url}/_local/sms?from=%2B13125550142' -d 'DONE 1'\n"
        f"  in Spanish:  lucia@bridges.example.org reads Spanish; reply as her:\n"
        f"               curl -X POST '{local.url}/_local/sms?from=%2B13125550143' -d 'LISTO 1'\n"
        "Ctrl-C stops it; data lives in memory only.",
        flush=True,
    )
    try:
        local.wait()
    except KeyboardInterrupt:
        pass
    finally:
        local.stop()
        print("\nStopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
