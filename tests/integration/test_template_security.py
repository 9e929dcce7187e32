"""The template limits what a mistake or an abuse can reach: requests nobody signed in for run
in their own function with a small role, SMS senders reach phone numbers only, queues and logs
are encrypted with our key, floods are throttled and capped, and staff can use MFA."""

from __future__ import annotations

import json
from typing import Any

import pytest

from local.template import Template

PUBLIC_FUNCTION = "PublicFunction"
WEB_FUNCTION = "WebFunction"
# The routes that reach a function for a whole file or network: few at a time.
TRANSFER_ROUTES = {"POST /imports", "GET /export"}
HTTP_FUNCTIONS = ("ApiFunction", PUBLIC_FUNCTION, WEB_FUNCTION, "TransferFunction")
# What the public pages do to the table (quick log, one-tap, undo, plan, unsubscribe).
PUBLIC_TABLE_ACTIONS = {
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
}
DATA_KEY_ARN = {"Fn::GetAtt": ["DataKey", "Arn"]}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statements(template: Template, function_id: str) -> list[dict[str, Any]]:
    return [
        statement
        for policy in template.resources[function_id]["Properties"].get("Policies", [])
        for statement in policy["Statement"]
    ]


def _allowed_actions(template: Template, function_id: str) -> set[str]:
    return {
        action
        for statement in _statements(template, function_id)
        if statement["Effect"] == "Allow"
        for action in _as_list(statement["Action"])
    }


def _key_statements(template: Template) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = template.resources["DataKey"]["Properties"]["KeyPolicy"]["Statement"]
    return statements


# ---------------------------------------------------------------- the public pages' own function


def test_every_route_without_a_jwt_runs_in_the_public_or_the_web_function_and_only_those(
    template: Template,
) -> None:
    routes = template.http_routes()
    public = {route.route_key for route in routes if route.public}
    served_by_public = {route.route_key for route in routes if route.function_id == PUBLIC_FUNCTION}
    served_by_web = {route.route_key for route in routes if route.function_id == WEB_FUNCTION}
    assert served_by_public, "the signed-link pages and the docs are public"
    assert served_by_web, "the web app signs in with a session cookie, not a JWT"
    assert served_by_public | served_by_web == public
    # the pages behind links never share a role with the signed-in web app
    assert all(key.split(" ")[1].startswith("/app") for key in served_by_web)
    assert not any(key.split(" ")[1].startswith("/app") for key in served_by_public)


def test_the_public_function_cannot_manage_accounts_write_in_bulk_or_send(template: Template) -> None:
    actions = _allowed_actions(template, PUBLIC_FUNCTION)
    assert not {action for action in actions if action.startswith("cognito-idp:")}
    assert not {action for action in actions if action.split(":")[0] in {"sns", "sqs", "ses", "kms"}}
    table_actions = {action for action in actions if action.startswith("dynamodb:")}
    assert table_actions == PUBLIC_TABLE_ACTIONS  # no Scan, no table changes
    assert actions - table_actions == {"secretsmanager:GetSecretValue"}  # to verify the links


def test_the_public_function_reads_only_the_indexes_its_pages_need(template: Template) -> None:
    resources = [
        resource
        for statement in _statements(template, PUBLIC_FUNCTION)
        if any(str(action).startswith("dynamodb:") for action in _as_list(statement["Action"]))
        for resource in _as_list(statement["Resource"])
    ]
    indexes = {resource["Fn::Sub"] for resource in resources if "Fn::Sub" in resource}
    assert indexes == {
        "${TrackerTable.Arn}/index/due-index",
        "${TrackerTable.Arn}/index/next-step-index",
    }


def test_account_management_stays_with_the_member_api(template: Template) -> None:
    holders = {
        function_id: {
            action for action in _allowed_actions(template, function_id) if action.startswith("cognito-idp:")
        }
        for function_id in template.of_type("AWS::Serverless::Function")
    }
    assert {
        function_id for function_id, actions in holders.items() if actions - {"cognito-idp:AdminGetUser"}
    } == {"ApiFunction", WEB_FUNCTION}
    # the web app deletes the signed-in member's own account and, on the program pages, an
    # admin invites and removes the program's members, as the API's /org routes do
    assert holders[WEB_FUNCTION] == {
        "cognito-idp:AdminUserGlobalSignOut",
        "cognito-idp:AdminDeleteUser",
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminGetUser",
    }
    assert holders["PreTokenFunction"] == {"cognito-idp:AdminGetUser"}  # reads, at sign-in only
    assert not any(route.public for route in template.http_routes() if route.function_id == "ApiFunction")


# ---------------------------------------------------------------- SMS to phone numbers only


def test_functions_that_text_cannot_publish_to_topics(template: Template) -> None:
    senders = {
        function_id
        for function_id in template.of_type("AWS::Serverless::Function")
        if "sns:Publish" in _allowed_actions(template, function_id)
    }
    # The API and the web app's settings text a new number its code; the other two, reminders and answers
    assert senders == {"ApiFunction", WEB_FUNCTION, "RemindFunction", "SmsInboundFunction"}
    for function_id in senders:
        for statement in _statements(template, function_id):
            if statement["Effect"] == "Allow" and "sns:Publish" in _as_list(statement["Action"]):
                assert statement["Resource"] == "*", "a phone number has no ARN"
        denials = [
            statement
            for statement in _statements(template, function_id)
            if statement["Effect"] == "Deny" and "sns:Publish" in _as_list(statement["Action"])
        ]
        assert [statement["Resource"] for statement in denials] == [
            {"Fn::Sub": "arn:${AWS::Partition}:sns:*:*:*"}
        ], function_id


@pytest.mark.parametrize("function_id", ["ApiFunction", WEB_FUNCTION])
def test_the_api_and_the_web_app_can_do_what_their_routes_now_do(
    template: Template, function_id: str
) -> None:
    """Moto enforces no IAM: without this, a deployed API would fail where every test passes.
    The web app's settings do what PATCH /me and DELETE /me do."""
    actions = _allowed_actions(template, function_id)
    # removal and DELETE /me sign the account out everywhere, then delete it
    assert {"cognito-idp:AdminUserGlobalSignOut", "cognito-idp:AdminDeleteUser"} <= actions
    # a new address's confirmation link, a taken number's notice; a new number's code
    assert {"ses:SendEmail", "sns:Publish", "sns:CheckIfPhoneNumberIsOptedOut"} <= actions
    assert "dynamodb:BatchWriteItem" in actions  # deleting a contact takes its conversations
    variables = template.resources[function_id]["Properties"]["Environment"]["Variables"]
    assert {"SENDER_ADDRESS", "SENDER_NAME", "SES_CONFIGURATION_SET", "SMS_ENABLED"} <= set(variables)


# ---------------------------------------------------------------- encryption with our key


def test_every_queue_is_encrypted_with_the_data_key(template: Template) -> None:
    queues = template.of_type("AWS::SQS::Queue")
    assert "AsyncFailures" in queues  # failed text replies: phone numbers and texts, 14 days
    for queue_id, spec in queues.items():
        properties = spec["Properties"]
        assert properties.get("KmsMasterKeyId") == {"Ref": "DataKey"}, queue_id
        assert "SqsManagedSseEnabled" not in properties, queue_id
    via_sqs = [
        statement
        for statement in _key_statements(template)
        if statement.get("Condition", {}).get("StringEquals", {}).get("kms:ViaService")
        == {"Fn::Sub": "sqs.${AWS::Region}.amazonaws.com"}
    ]
    assert len(via_sqs) == 1
    condition = via_sqs[0]["Condition"]["StringEquals"]
    assert condition["kms:CallerAccount"] == {"Ref": "AWS::AccountId"}
    assert {"kms:GenerateDataKey*", "kms:Decrypt"} <= set(via_sqs[0]["Action"])


def test_every_log_group_is_encrypted_with_the_data_key(template: Template) -> None:
    groups = template.of_type("AWS::Logs::LogGroup")
    assert "ApiAccessLogs" in groups
    for group_id, spec in groups.items():
        assert spec["Properties"].get("KmsKeyId") == DATA_KEY_ARN, group_id
    for_logs = [
        statement
        for statement in _key_statements(template)
        if statement.get("Principal") == {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}}
    ]
    assert len(for_logs) == 1
    context = for_logs[0]["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]
    assert context == {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"}


# ---------------------------------------------------------------- floods: alarms, caps, throttles


def _alarms(template: Template) -> list[dict[str, Any]]:
    return [spec["Properties"] for spec in template.of_type("AWS::CloudWatch::Alarm").values()]


def test_server_errors_of_the_api_raise_an_alarm(template: Template) -> None:
    alarms = [
        alarm
        for alarm in _alarms(template)
        if (alarm["Namespace"], alarm["MetricName"]) == ("AWS/ApiGateway", "5xx")
    ]
    assert len(alarms) == 1
    assert alarms[0]["Dimensions"] == [{"Name": "ApiId", "Value": {"Ref": "HttpApi"}}]
    assert alarms[0]["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_throttled_http_functions_raise_alarms(template: Template) -> None:
    throttled = {
        alarm["Dimensions"][0]["Value"]["Ref"]
        for alarm in _alarms(template)
        if (alarm["Namespace"], alarm["MetricName"]) == ("AWS/Lambda", "Throttles")
        and alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    }
    assert throttled >= set(HTTP_FUNCTIONS)


@pytest.mark.parametrize("function_id", HTTP_FUNCTIONS)
def test_http_functions_have_a_parameterised_reserved_concurrency(
    template: Template, function_id: str
) -> None:
    reserved = template.resources[function_id]["Properties"]["ReservedConcurrentExecutions"]
    parameter = template.document["Parameters"][reserved["Ref"]]
    assert parameter["Type"] == "Number"
    assert parameter["MinValue"] >= 1  # 0 would switch the function off
    assert 1 <= parameter["Default"] <= 100


def test_the_public_pages_get_less_concurrency_than_the_member_api(template: Template) -> None:
    defaults = {name: spec.get("Default") for name, spec in template.document["Parameters"].items()}
    assert defaults["PublicReservedConcurrency"] < defaults["ApiReservedConcurrency"]
    assert defaults["WebReservedConcurrency"] < defaults["ApiReservedConcurrency"]
    assert defaults["TransferReservedConcurrency"] < defaults["ApiReservedConcurrency"]


def _route_settings(template: Template) -> dict[str, dict[str, Any]]:
    settings = {}
    for spec in template.of_type("AWS::Serverless::Function").values():
        for event in (spec["Properties"].get("Events") or {}).values():
            if event["Type"] == "HttpApi" and "RouteSettings" in event["Properties"]:
                properties = event["Properties"]
                settings[f"{properties['Method'].upper()} {properties['Path']}"] = properties["RouteSettings"]
    return settings


def test_public_pages_and_transfers_are_throttled_harder_than_the_member_api(template: Template) -> None:
    default = template.resources["HttpApi"]["Properties"]["DefaultRouteSettings"]
    settings = _route_settings(template)
    public = {route.route_key for route in template.http_routes() if route.public}
    assert set(settings) == public | TRANSFER_ROUTES
    for route_key, limits in settings.items():
        assert 0 < limits["ThrottlingRateLimit"] < default["ThrottlingRateLimit"], route_key
        assert 0 < limits["ThrottlingBurstLimit"] < default["ThrottlingBurstLimit"], route_key
    slowest_page = min(settings[key]["ThrottlingRateLimit"] for key in public)
    assert all(settings[key]["ThrottlingRateLimit"] <= slowest_page for key in TRANSFER_ROUTES)


def test_the_access_log_records_the_source_ip_and_no_query_strings(template: Template) -> None:
    api = template.resources["HttpApi"]["Properties"]
    log = api["AccessLogSettings"]
    assert log["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
    fields = json.loads(log["Format"])
    assert fields["sourceIp"] == "$context.identity.sourceIp"
    assert {"requestId", "routeKey", "status"} <= set(fields)
    # Query strings carry signed links; the route key names the path without them.
    assert not any("querystring" in value.lower() or "$context.path" in value for value in fields.values())


# ---------------------------------------------------------------- sign-in


def test_everyone_may_use_an_authenticator_app(template: Template) -> None:
    pool = template.resources["UserPool"]["Properties"]
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]  # TOTP; no SMS codes to intercept or pay for


def test_staff_tokens_pass_through_the_authenticator_app_check(template: Template) -> None:
    pool = template.resources["UserPool"]["Properties"]
    assert pool["LambdaConfig"] == {
        "PreTokenGeneration": {"Fn::GetAtt": ["PreTokenFunction", "Arn"]},
        "CustomMessage": {"Fn::GetAtt": ["CustomMessageFunction", "Arn"]},  # the invitation's words
    }
    permission = template.resources["PreTokenFunctionPermission"]["Properties"]
    assert permission["Principal"] == "cognito-idp.amazonaws.com"
    assert permission["FunctionName"] == {"Fn::GetAtt": ["PreTokenFunction", "Arn"]}
    assert permission["SourceArn"] == {"Fn::GetAtt": ["UserPool", "Arn"]}
    assert _allowed_actions(template, "PreTokenFunction") == {"cognito-idp:AdminGetUser"}
    assert not template.resources["PreTokenFunction"]["Properties"].get("Events")  # Cognito calls it
