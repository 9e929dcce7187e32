"""What each function's handler pulls in when Lambda imports it (cold start budget).

Each handler is imported in a fresh interpreter with only its code folder and the shared
layer's source on the path, as Lambda would; the modules it loaded are checked against
the budget: nothing only tests or the local stack need, no X-Ray SDK, pydantic only where
requests are validated (the API functions), and no Jinja2 (the templates load on first render).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from local.template import Template

ROOT = Path(__file__).resolve().parents[2]
NEVER = {
    "moto",
    "aws_xray_sdk",
    "pytest",
    "hypothesis",
    "playwright",
    "jwt",
    "responses",
    "local",
    "tests",
    "yaml",
}
VALIDATES_REQUESTS = {"ApiFunction", "PublicFunction", "WebFunction", "TransferFunction"}
RENDERS_ON_FIRST_USE = {"jinja2", "markupsafe"}

PROBE = """
import importlib, json, sys
sys.path[:0] = json.loads(sys.argv[1])
handler = importlib.import_module("app").lambda_handler
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded_by(function_id: str) -> set[str]:
    code = ROOT / str(Template().function_property(function_id, "CodeUri")).rstrip("/")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([str(code), str(ROOT / "shared")])],
        capture_output=True,
        text=True,
        check=True,
        env={
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "PATH": "/usr/bin:/bin",
            **Template().example_environment(function_id),
        },
        cwd="/",
    )
    return set(json.loads(result.stdout))


@pytest.mark.parametrize("function_id", sorted(Template().of_type("AWS::Serverless::Function")))
def test_handlers_import_only_what_they_need(function_id: str) -> None:
    packages = loaded_by(function_id)
    assert not packages & NEVER, packages & NEVER
    assert not packages & RENDERS_ON_FIRST_USE, packages & RENDERS_ON_FIRST_USE
    if function_id in VALIDATES_REQUESTS:
        assert "pydantic" in packages
    else:
        assert "pydantic" not in packages, f"{function_id} does not validate HTTP requests"
