"""The functions check their environment when Lambda loads them: a missing or malformed
variable fails the cold start with a message naming it, not the first request that uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from local.template import Template
from tracker.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]
IMPORT = "import importlib, sys; sys.path[:0] = sys.argv[1:]; importlib.import_module('app')"


def cold_start(function_id: str, **changes: str | None) -> subprocess.CompletedProcess[str]:
    """Import the handler as Lambda would, with the deployed environment and these changes."""
    environment = {
        "AWS_REGION": "us-east-1",
        "PATH": "/usr/bin:/bin",
        **Template().example_environment(function_id),
    }
    for name, value in changes.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    code = ROOT / str(Template().function_property(function_id, "CodeUri")).rstrip("/")
    return subprocess.run(
        [sys.executable, "-c", IMPORT, str(code), str(ROOT / "shared")],
        capture_output=True,
        text=True,
        env=environment,
        cwd="/",
        check=False,
    )


def test_every_function_starts_with_the_environment_the_template_gives_it() -> None:
    for function_id in Template().of_type("AWS::Serverless::Function"):
        started = cold_start(function_id)
        assert started.returncode == 0, (function_id, started.stderr[-500:])


@pytest.mark.parametrize(
    ("function_id", "name", "value"),
    [
        ("DispatchFunction", "REMINDER_QUEUE_URL", None),
        ("ApiFunction", "USER_POOL_ID", None),
        ("RemindFunction", "SIGNING_SECRET_ARN", None),
        ("FeedbackFunction", "TABLE_NAME", None),
        ("RemindFunction", "SMS_ENABLED", "yes"),
        ("ApiFunction", "PUBLIC_BASE_URL", "tracker.example.org"),
        ("RemindFunction", "SENDER_ADDRESS", "reminders"),
        ("ApiFunction", "SIGNING_SECRET_ARN", "my-secret"),
    ],
)
def test_a_missing_or_malformed_variable_fails_the_cold_start_naming_it(
    function_id: str, name: str, value: str | None
) -> None:
    started = cold_start(function_id, **{name: value})
    assert started.returncode != 0
    last_line = started.stderr.strip().splitlines()[-1]
    assert last_line.startswith("tracker.config.ConfigError: Environment variable " + name), last_line


def test_settings_read_what_the_environment_says() -> None:
    environment = {**Template().example_environment("RemindFunction"), "SMS_ENABLED": "False"}
    config = load_settings(environment)
    assert config.sms_enabled is False
    assert config.sender_address == "reminders@example.org"
    assert config.signing_secret_arn == Template().example_environment("RemindFunction")["SIGNING_SECRET_ARN"]
    with pytest.raises(ConfigError, match="TABLE_NAME is not set") as missing:
        load_settings({})
    assert missing.value.name == "TABLE_NAME"
