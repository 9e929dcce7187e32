"""What each function's handler pulls in when Lambda imports it (cold start budget).

Each handler is imported in a fresh interpreter with only its code folder and the shared
layer's source on the path, as Lambda would; the modules it loaded are checked against
the budget: nothing only tests or the local stack need, no X-Ray SDK, pydantic only where
requests are validated (the API functions), and no Jinja2 (the templates load on first render).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from local.template import Template
from tests.unit.fresh_interpreter import run_as

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
RENDERS_ON_FIRST_USE = {"jinja2", "markupsafe", "babel"}

PROBE = """
import importlib, json, sys
sys.path[:0] = json.loads(sys.argv[1])
handler = importlib.import_module("app").lambda_handler
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded_by(function_id: str) -> set[str]:
    code = ROOT / str(Template().function_property(function_id, "CodeUri")).rstrip("/")
    return set(run_as(function_id, PROBE, [str(code), str(ROOT / "shared")]))


@pytest.mark.parametrize("function_id", sorted(Template().of_type("AWS::Serverless::Function")))
def test_handlers_import_only_what_they_need(function_id: str) -> None:
    packages = loaded_by(function_id)
    assert not packages & NEVER, packages & NEVER
    assert not packages & RENDERS_ON_FIRST_USE, packages & RENDERS_ON_FIRST_USE
    if function_id in VALIDATES_REQUESTS:
        assert "pydantic" in packages
    else:
        assert "pydantic" not in packages, f"{function_id} does not validate HTTP requests"


FIRST_REQUEST = """
import json, sys
from types import SimpleNamespace
sys.path[:0] = json.loads(sys.argv[1])
handler = __import__("app").lambda_handler
at_import = set(sys.modules)
event = {
    "version": "2.0", "routeKey": "GET /me", "rawPath": "/me", "rawQueryString": "", "headers": {},
    "requestContext": {
        "http": {"method": "GET", "path": "/me", "sourceIp": "203.0.113.9"},
        "requestId": "r",
        "stage": "$default",
    },
    "isBase64Encoded": False,
}
context = SimpleNamespace(
    function_name="api", memory_limit_in_mb=512, aws_request_id="r",
    invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:api",
)
reply = handler(event, context)
first_request = sorted(set(sys.modules) - at_import)
print(json.dumps({"reply": reply, "at_import": sorted(at_import), "first_request": first_request}))
"""
ROUTE_MODULES = {
    "tracker.api.routes.me",
    "tracker.api.routes.contacts",
    "tracker.api.routes.interactions",
    "tracker.api.routes.picks",
    "tracker.api.routes.goals",
    "tracker.api.routes.org",
    "tracker.api.routes.transfer",
    "tracker.web.routes",
    "tracker.web.app_routes",
    "tracker.web.app_contact",
}
OPENAPI_MODELS = "aws_lambda_powertools.event_handler.openapi.models"


def test_the_member_api_loads_the_routes_of_a_resource_on_its_first_request() -> None:
    """Given the API function just imported, when a request for /me comes without a token, then
    it is answered 401 in the API's error shape, having loaded the /me routes and no others: the
    cold start pays for neither the other resources' schemas, nor the web pages, nor the
    OpenAPI models (bench/cold_start.py measures the import against a bare `import boto3`)."""
    roots = [str(ROOT / "functions" / "api"), str(ROOT / "shared")]
    report = run_as("ApiFunction", FIRST_REQUEST, roots)
    assert report["reply"]["statusCode"] == 401
    assert json.loads(report["reply"]["body"])["error"]["code"] == "unauthorized"
    at_import, first_request = set(report["at_import"]), set(report["first_request"])
    assert not at_import & (ROUTE_MODULES | {OPENAPI_MODELS}), at_import & (ROUTE_MODULES | {OPENAPI_MODELS})
    assert "tracker.api.routes.me" in first_request
    assert not first_request & (ROUTE_MODULES - {"tracker.api.routes.me"} | {OPENAPI_MODELS})
