"""template.yaml, the PynamoDB models and the API routes describe one system; these keep them so."""

from __future__ import annotations

from typing import Any

import pytest

from local.template import Template
from tracker.adapters.dynamo.models import ALL_MODELS

# The only routes without the JWT authorizer: the API's description, and the pages behind
# signed links (the quick-log form and one-tap links, one-click unsubscribe).
PUBLIC_ROUTES = {
    "GET /docs",
    "GET /openapi.json",
    "GET /log",
    "POST /log",
    "GET /unsubscribe",
    "POST /unsubscribe",
    "GET /plan",
    "POST /plan",
    "GET /email",
    "POST /email",
    # The web app: no JWT, a session cookie checked by the app itself (tracker/web/app_routes.py).
    "GET /app",
    "GET /app/sign-in",
    "POST /app/sign-in",
    "POST /app/new-password",
    "POST /app/sign-in/code",
    "GET /app/forgot-password",
    "POST /app/forgot-password",
    "GET /app/reset-password",
    "POST /app/reset-password",
    "POST /app/sign-out",
    "POST /app/picks",
    "GET /app/network",  # tracker/web/app_network.py
    "GET /app/contacts/new",
    "POST /app/contacts/new",
    "GET /app/contacts/{contact_id}",
    "POST /app/contacts/{contact_id}",
    "GET /app/contacts/{contact_id}/edit",
    "POST /app/contacts/{contact_id}/edit",
    "GET /app/contacts/{contact_id}/log",
    "POST /app/contacts/{contact_id}/log",
    "GET /app/contacts/{contact_id}/delete",
    "POST /app/contacts/{contact_id}/delete",
    "GET /app/contacts/{contact_id}/conversations/{conversation_id}/edit",  # tracker/web/app_conversation.py
    "POST /app/contacts/{contact_id}/conversations/{conversation_id}/edit",
    "GET /app/contacts/{contact_id}/conversations/{conversation_id}/delete",
    "POST /app/contacts/{contact_id}/conversations/{conversation_id}/delete",
    "GET /app/goals",  # tracker/web/app_goals.py
    "POST /app/goals",
    "GET /app/settings",
    "POST /app/settings",
    "GET /app/export",
    "GET /app/program",  # tracker/web/app_program.py (admins only)
    "GET /app/program/members",
    "POST /app/program/members",
    "GET /app/program/members/{member_id}/remove",
    "POST /app/program/members/{member_id}/remove",
    "GET /app/program/settings",
    "POST /app/program/settings",
    "GET /app/program/wording",  # tracker/web/app_wording.py (admins only)
    "POST /app/program/wording",
    "GET /app/import",  # tracker/web/app_import.py
    "POST /app/import",
    "GET /app/import/{import_id}",
    "POST /app/import/{import_id}",
}


def template_table(template: Template) -> dict[str, Any]:
    return template.resources["TrackerTable"]["Properties"]


def test_models_use_the_tables_key_schema(template: Template) -> None:
    table = template_table(template)
    expected = {key["AttributeName"]: key["KeyType"] for key in table["KeySchema"]}
    for model in ALL_MODELS:
        keys = {k["AttributeName"]: k["KeyType"] for k in model._get_schema()["key_schema"]}
        assert keys == expected, model.__name__


def test_every_index_in_the_template_is_modelled_the_same_and_vice_versa(template: Template) -> None:
    table = template_table(template)
    declared = {
        index["IndexName"]: {
            "keys": {k["AttributeName"]: k["KeyType"] for k in index["KeySchema"]},
            "projection": index["Projection"]["ProjectionType"],
            "include": sorted(index["Projection"].get("NonKeyAttributes", [])),
        }
        for index in table["GlobalSecondaryIndexes"]
    }
    modelled: dict[str, Any] = {}
    for model in ALL_MODELS:
        for index in model._indexes.values():
            schema = index._get_schema()
            modelled[schema["index_name"]] = {
                "keys": {k["AttributeName"]: k["KeyType"] for k in schema["key_schema"]},
                "projection": schema["projection"]["ProjectionType"],
                "include": sorted(getattr(index.Meta.projection, "non_key_attributes", None) or []),
            }
    assert modelled == declared


def test_key_attribute_types_match_the_definitions(template: Template) -> None:
    definitions = {
        d["AttributeName"]: d["AttributeType"] for d in template_table(template)["AttributeDefinitions"]
    }
    for model in ALL_MODELS:
        for definition in model._get_schema()["attribute_definitions"]:
            assert definitions[definition["AttributeName"]] == definition["AttributeType"]


def test_index_key_attributes_exist_on_the_models_that_fill_them(template: Template) -> None:
    for index in template_table(template)["GlobalSecondaryIndexes"]:
        keys = {k["AttributeName"] for k in index["KeySchema"]}
        owners = [
            model
            for model in ALL_MODELS
            if index["IndexName"] in {i.Meta.index_name for i in model._indexes.values()}
        ]
        assert owners, index["IndexName"]
        for model in owners:
            names = {attribute.attr_name for attribute in model.get_attributes().values()}
            assert keys <= names, (index["IndexName"], model.__name__)


def test_api_routes_are_exactly_the_templates_events(template: Template) -> None:
    from tracker.api.app import app

    served = set()
    for route_key in app._static_routes + app._dynamic_routes:
        path = route_key.path.replace("<", "{").replace(">", "}")
        served.add(f"{route_key.method.upper()} {path}")
    declared = {route.route_key for route in template.http_routes()}
    assert served == declared


def test_only_the_documentation_the_signed_link_pages_and_the_web_app_are_public(template: Template) -> None:
    assert {route.route_key for route in template.http_routes() if route.public} == PUBLIC_ROUTES
    api = template.resources["HttpApi"]["Properties"]["Auth"]
    assert api["DefaultAuthorizer"] == "CognitoJwt"
    jwt = api["Authorizers"]["CognitoJwt"]["JwtConfiguration"]
    assert jwt["audience"] == [{"Ref": "UserPoolClient"}]
    assert "UserPool" in jwt["issuer"]["Fn::Sub"]


def test_the_table_is_encrypted_with_our_key_and_recoverable(template: Template) -> None:
    table = template_table(template)
    assert table["SSESpecification"] == {
        "SSEEnabled": True,
        "SSEType": "KMS",
        "KMSMasterKeyId": {"Ref": "DataKey"},
    }
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert template.resources["DataKey"]["Properties"]["EnableKeyRotation"] is True
    assert template.resources["TrackerTable"]["DeletionPolicy"] == "Retain"


def test_functions_run_python_313_on_arm64_with_powertools_settings(template: Template) -> None:
    function_globals = template.function_globals
    assert function_globals["Runtime"] == "python3.13"
    assert function_globals["Architectures"] == [{"Ref": "Architecture"}]
    assert template.document["Parameters"]["Architecture"]["Default"] == "arm64"
    variables = function_globals["Environment"]["Variables"]
    assert {"POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL"} <= set(
        variables
    )


# Actions with no resource-level permissions: SMS goes to a phone number, not an ARN.
RESOURCE_LESS_ACTIONS = {"sns:Publish", "sns:CheckIfPhoneNumberIsOptedOut"}
FUNCTIONS = list(Template().of_type("AWS::Serverless::Function"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("function_id", FUNCTIONS)
def test_function_policies_are_narrow(template: Template, function_id: str) -> None:
    policies = template.resources[function_id]["Properties"].get("Policies", [])
    assert policies, "every function states what it may do"
    for policy in policies:
        assert isinstance(policy, dict), "only explicit statements, no broad managed policies"
        for statement in policy["Statement"]:
            actions = _as_list(statement["Action"])
            assert all(not action.endswith("*") for action in actions), statement
            assert "dynamodb:Scan" not in actions
            if "*" in _as_list(statement["Resource"]):
                assert set(actions) <= RESOURCE_LESS_ACTIONS, statement


@pytest.mark.parametrize("function_id", FUNCTIONS)
def test_every_function_has_a_log_group_with_retention(template: Template, function_id: str) -> None:
    groups = [
        spec["Properties"]
        for spec in template.of_type("AWS::Logs::LogGroup").values()
        if spec["Properties"].get("LogGroupName") == {"Fn::Sub": f"/aws/lambda/${{{function_id}}}"}
    ]
    assert len(groups) == 1
    assert groups[0]["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_asynchronous_work_is_never_silently_dropped(template: Template) -> None:
    for function_id, spec in template.of_type("AWS::Serverless::Function").items():
        events = (spec["Properties"].get("Events") or {}).values()
        kinds = {event["Type"] for event in events}
        if kinds & {"SNS", "ScheduleV2", "Schedule"}:
            on_failure = spec["Properties"]["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]
            assert on_failure["Type"] == "SQS", function_id
        for event in events:
            if event["Type"] == "SQS":
                assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
                queue = template.resources[event["Properties"]["Queue"]["Fn::GetAtt"][0]]["Properties"]
                assert queue["RedrivePolicy"]["maxReceiveCount"] >= 3
            if event["Type"] == "ScheduleV2":
                assert "DeadLetterConfig" in event["Properties"]
                assert "<aws.scheduler.scheduled-time>" in event["Properties"]["Input"]


def test_dead_letter_queues_raise_alarms(template: Template) -> None:
    alarmed = {
        spec["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for spec in template.of_type("AWS::CloudWatch::Alarm").values()
        if spec["Properties"]["Namespace"] == "AWS/SQS"
    }
    assert alarmed == {"ReminderDeadLetters", "DispatchPageDeadLetters", "AsyncFailures"}


def test_org_id_is_a_custom_attribute_members_cannot_change(template: Template) -> None:
    pool = template.resources["UserPool"]["Properties"]
    org = next(attribute for attribute in pool["Schema"] if attribute["Name"] == "org_id")
    assert org["Mutable"] is False
    client = template.resources["UserPoolClient"]["Properties"]
    assert "custom:org_id" in client["ReadAttributes"]
    assert "custom:org_id" not in client["WriteAttributes"]
    assert template.resources["AdminsGroup"]["Properties"]["GroupName"] == "admins"


def _references(value: Any) -> set[str]:
    """Logical ids a value points at with !GetAtt or !Ref."""
    if isinstance(value, dict):
        if "Fn::GetAtt" in value:
            return {value["Fn::GetAtt"][0]}
        if "Ref" in value:
            return {value["Ref"]}
        return set().union(*(_references(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_references(v) for v in value)) if value else set()
    return set()


def test_every_queue_has_a_dead_letter_queue_or_is_one(template: Template) -> None:
    queues = template.of_type("AWS::SQS::Queue")
    dead_letter_targets: set[str] = set()
    for spec in queues.values():
        dead_letter_targets |= _references(
            spec["Properties"].get("RedrivePolicy", {}).get("deadLetterTargetArn")
        )
    for spec in template.of_type("AWS::Serverless::Function").values():
        destination = spec["Properties"].get("EventInvokeConfig", {}).get("DestinationConfig", {})
        dead_letter_targets |= _references(destination.get("OnFailure", {}).get("Destination"))
        for event in (spec["Properties"].get("Events") or {}).values():
            dead_letter_targets |= _references(event["Properties"].get("DeadLetterConfig", {}).get("Arn"))
    for queue_id, spec in queues.items():
        properties = spec["Properties"]
        if queue_id in dead_letter_targets:  # kept 14 days, the longest SQS allows, and alarmed
            assert properties["MessageRetentionPeriod"] == 1_209_600, queue_id
        else:
            assert "RedrivePolicy" in properties, f"{queue_id} has no dead-letter queue"
    assert dead_letter_targets <= set(queues)


def _policy_documents(template: Template) -> list[tuple[str, dict[str, Any], str]]:
    """(resource, statement, kind) for every statement in the template: identity policies of
    the functions, and the resource policies of keys, topics and queues."""
    found = []
    for function_id, spec in template.of_type("AWS::Serverless::Function").items():
        for policy in spec["Properties"].get("Policies", []):
            found += [(function_id, statement, "identity") for statement in policy["Statement"]]
    for resource_id, spec in template.resources.items():
        properties = spec.get("Properties", {})
        document = properties.get("KeyPolicy") or properties.get("PolicyDocument")
        if document and spec["Type"] != "AWS::Serverless::Function":
            kind = "key" if spec["Type"] == "AWS::KMS::Key" else "resource"
            found += [(resource_id, statement, kind) for statement in document["Statement"]]
    return found


def test_no_policy_grants_everything_where_something_narrower_exists(template: Template) -> None:
    statements = _policy_documents(template)
    assert {kind for _, _, kind in statements} == {"identity", "key", "resource"}
    for resource_id, statement, kind in statements:
        actions = _as_list(statement["Action"])
        if statement["Effect"] == "Deny":  # only ever to narrow an Allow (SMS: phone numbers only)
            assert kind == "identity", (resource_id, statement)
            assert actions == ["sns:Publish"], (resource_id, statement)
            continue
        assert statement["Effect"] == "Allow"
        wildcard_actions = [action for action in actions if "*" in action]
        if kind == "key" and statement["Sid"] == "AccountAdministersTheKey":
            # AWS's default key policy: the account administers its key through IAM. Without
            # it the key could become unmanageable; no function is granted kms:* by IAM.
            assert statement["Principal"] == {
                "AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            }
            continue
        # Data-key families (kms:GenerateDataKey*, kms:ReEncrypt*) are the narrowest KMS offers.
        assert all(
            action.startswith(("kms:GenerateDataKey", "kms:ReEncrypt")) for action in wildcard_actions
        ), (
            resource_id,
            statement,
        )
        if "*" in _as_list(statement["Resource"]):
            # In a key policy "*" means the key itself; SMS to a number has no ARN.
            assert kind == "key" or set(actions) <= RESOURCE_LESS_ACTIONS, (resource_id, statement)
        principal = statement.get("Principal")
        if principal == {"AWS": "*"} or (isinstance(principal, dict) and "Service" in principal):
            condition = statement.get("Condition", {})
            account_bound = {"kms:CallerAccount", "aws:SourceAccount"} & set(
                condition.get("StringEquals", {})
            )
            # CloudWatch Logs names the log group (of this account) in the encryption context.
            log_groups = condition.get("ArnLike", {}).get("kms:EncryptionContext:aws:logs:arn", {})
            assert account_bound or "${AWS::AccountId}" in log_groups.get("Fn::Sub", ""), (
                resource_id,
                statement,
            )
