"""Run a script in a fresh Python, as a function's cold start would: only the function's code and
the shared package on the path, the function's example environment (template.yaml), no AWS
credentials, from `/`. Used by the import-budget and snapshot-safety tests."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from local.template import Template


def run_as(function_id: str, script: str, argument: Any) -> Any:
    """The JSON the script prints, given `argument` as JSON in argv[1]."""
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(argument)],
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
    return json.loads(result.stdout)
