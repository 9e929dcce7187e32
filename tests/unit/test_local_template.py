"""The local stack reads template.yaml as CloudFormation would."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from local.functions import FunctionHost
from local.gateway import HttpRequest, build_event
from local.template import HttpRoute, Resolver, Template, references


def test_short_form_tags_become_intrinsic_functions() -> None:
    template = Template()
    table = template.resources["TrackerTable"]["Properties"]
    assert table["SSESpecification"]["KMSMasterKeyId"] == {"Ref": "DataKey"}
    policy = template.resources["ApiFunction"]["Properties"]["Policies"][0]["Statement"][0]
    assert policy["Resource"] == [
        {"Fn::GetAtt": ["TrackerTable", "Arn"]},
        {"Fn::Sub": "${TrackerTable.Arn}/index/*"},
    ]


def test_intrinsics_resolve_against_what_was_provisioned() -> None:
    resolver = Resolver(
        refs={"Table": "t1", "AWS::Region": "us-east-1"}, attributes={("Table", "Arn"): "arn:t1"}
    )
    assert resolver({"Fn::Sub": "${Table.Arn}/index/*"}) == "arn:t1/index/*"
    assert resolver({"Fn::Sub": ["${X}-${AWS::Region}", {"X": {"Ref": "Table"}}]}) == "t1-us-east-1"
    assert resolver({"Fn::Join": ["-", ["a", {"Ref": "Table"}]]}) == "a-t1"
    assert references({"Fn::Sub": "${Table.Arn}/x ${Other}"}) == {"Table", "Other"}


def test_routes_match_like_api_gateway() -> None:
    route = HttpRoute("GET", "/contacts/{contact_id}/interactions", "Api", public=False)
    assert route.match("GET", "/contacts/abc/interactions") == {"contact_id": "abc"}
    assert route.match("POST", "/contacts/abc/interactions") is None
    assert route.match("GET", "/contacts/a/b/interactions") is None
    greedy = HttpRoute("ANY", "/files/{proxy+}", "Api", public=True)
    assert greedy.match("DELETE", "/files/a/b") == {"proxy": "a/b"}


def test_literal_routes_are_tried_before_parameterised_ones() -> None:
    routes = Template().http_routes()
    keys = [route.route_key for route in routes]
    assert keys.index("GET /contacts") < keys.index("GET /contacts/{contact_id}")


def test_events_follow_payload_format_2() -> None:
    route = HttpRoute("POST", "/contacts/{contact_id}/interactions", "Api", public=False)
    request = HttpRequest(
        method="POST",
        path="/contacts/c1/interactions",
        query="a=1&a=2&b=",
        headers=[
            ("Content-Type", "application/json"),
            ("X-Many", "1"),
            ("x-many", "2"),
            ("Cookie", "k=v; j=w"),
        ],
        body=b'{"summary": "hi"}',
    )
    event = build_event(request, route, {"contact_id": "c1"}, {"sub": "m", "cognito:groups": "[admins]"})
    assert event["version"] == "2.0"
    assert event["routeKey"] == "POST /contacts/{contact_id}/interactions"
    assert event["headers"]["x-many"] == "1,2"
    assert event["queryStringParameters"] == {"a": "1,2", "b": ""}
    assert event["cookies"] == ["k=v", "j=w"]
    assert event["pathParameters"] == {"contact_id": "c1"}
    assert event["body"] == '{"summary": "hi"}'
    assert event["isBase64Encoded"] is False
    assert event["requestContext"]["authorizer"]["jwt"]["claims"]["cognito:groups"] == "[admins]"


def test_binary_or_invalid_text_bodies_are_base64_encoded() -> None:
    route = HttpRoute("POST", "/contacts", "Api", public=False)
    request = HttpRequest(
        "POST", "/contacts", headers=[("Content-Type", "application/json")], body=b"\xff\xfe"
    )
    event = build_event(request, route, {}, None)
    assert event["isBase64Encoded"] is True
    assert "authorizer" not in event["requestContext"]


def test_the_functions_behind_the_http_api_take_turns_in_one_process() -> None:
    # Powertools keeps the current event in one class attribute for every resolver: the member
    # API, the public pages, the web app and transfers must not run two requests at once in one process.
    template = Template()
    stack: Any = SimpleNamespace(template=template, function_environment=lambda function_id: {})
    environments = FunctionHost(stack)._environments
    http = {
        id(environments[name])
        for name in ("ApiFunction", "PublicFunction", "WebFunction", "TransferFunction")
    }
    assert len(http) == 1
    assert id(environments["RemindFunction"]) not in http
