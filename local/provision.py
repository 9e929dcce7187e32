"""Create template.yaml's resources in moto, in dependency order.

Functions, the HTTP API and the layer are not AWS resources here: the local stack runs the
functions in-process and serves the API itself (see local/gateway.py).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3

from local.template import ACCOUNT_ID, REGION, Resolver, Template, references

Provisioned = tuple[str, dict[str, str]]  # (what Ref gives, GetAtt attributes)

# Emulated in-process rather than created in moto (functions, the API, their wiring), or
# with nothing to do locally (log groups, alarms' notification policies, invoke permissions:
# moto runs no Cognito trigger, so the pre token generation function is never called locally).
EMULATED = {
    "AWS::Serverless::Function",
    "AWS::Serverless::HttpApi",
    "AWS::Serverless::LayerVersion",
    "AWS::Lambda::Permission",
    "AWS::Logs::LogGroup",
    "AWS::SNS::TopicPolicy",
    "AWS::SES::ConfigurationSetEventDestination",
}


@dataclass
class Stack:
    template: Template
    resolver: Resolver
    types: dict[str, str] = field(default_factory=dict)

    def ref(self, logical_id: str) -> str:
        return self.resolver.refs[logical_id]

    def attribute(self, logical_id: str, name: str) -> str:
        return self.resolver.attributes[(logical_id, name)]

    def function_environment(self, function_id: str) -> dict[str, str]:
        """Globals' variables overlaid with the function's own, intrinsics resolved."""
        variables = self.template.function_variables(function_id)
        return {name: str(self.resolver(value)) for name, value in variables.items()}

    def queue_url(self, queue_arn: str) -> str:
        """The URL (what Ref gives) of the queue with this ARN."""
        for (logical_id, name), value in self.resolver.attributes.items():
            if name == "Arn" and value == queue_arn and self.types.get(logical_id) == "AWS::SQS::Queue":
                return self.ref(logical_id)
        raise KeyError(queue_arn)

    def feedback_topics(self) -> list[str]:
        """Topics SES publishes bounces and complaints to (configuration set destinations)."""
        topics = []
        for logical_id in self.template.of_type("AWS::SES::ConfigurationSetEventDestination"):
            destination = self.resolver(self.template.resources[logical_id]["Properties"])["EventDestination"]
            topic = (destination.get("SnsDestination") or {}).get("TopicARN")
            if topic:
                topics.append(str(topic))
        return topics

    @property
    def table_name(self) -> str:
        return self.ref("TrackerTable")

    @property
    def user_pool_id(self) -> str:
        return self.ref("UserPool")

    @property
    def user_pool_client_id(self) -> str:
        return self.ref("UserPoolClient")


def provision(template: Template | None = None) -> Stack:
    """Create every resource of the template in the (mocked) account. Call inside mock_aws."""
    template = template or Template()
    stack = Stack(template, Resolver.for_template(template))
    for logical_id in _dependency_order(template):
        spec = template.resources[logical_id]
        kind = spec["Type"]
        if "Condition" in spec and not stack.resolver.conditions[spec["Condition"]]:
            continue  # CloudFormation skips resources whose condition is false
        stack.types[logical_id] = kind
        if kind in EMULATED:
            ref, attributes = _emulated(logical_id, kind)
        else:
            create = PROVISIONERS.get(kind)
            if create is None:
                raise NotImplementedError(f"The local stack cannot create {kind} ({logical_id}) yet")
            ref, attributes = create(logical_id, stack.resolver(spec.get("Properties", {})))
        stack.resolver.refs[logical_id] = ref
        stack.resolver.attributes.update({(logical_id, name): value for name, value in attributes.items()})
    return stack


def _dependency_order(template: Template) -> list[str]:
    resources = template.resources
    order: list[str] = []
    visiting: set[str] = set()

    def visit(logical_id: str) -> None:
        if logical_id in order:
            return
        if logical_id in visiting:
            raise ValueError(f"circular reference through {logical_id}")
        visiting.add(logical_id)
        spec = resources[logical_id]
        depends = references(spec.get("Properties", {})) | set(_as_list(spec.get("DependsOn")))
        for needed in sorted(depends & resources.keys()):
            visit(needed)
        visiting.discard(logical_id)
        order.append(logical_id)

    for logical_id in resources:
        visit(logical_id)
    return order


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT_ID}:{resource}"


def _emulated(logical_id: str, kind: str) -> Provisioned:
    name = f"networking-tracker-local-{logical_id}"
    if kind == "AWS::Serverless::Function":
        return name, {"Arn": _arn("lambda", f"function:{name}")}
    if kind == "AWS::Logs::LogGroup":
        return name, {"Arn": _arn("logs", f"log-group:{name}:*")}
    return name, {"Arn": _arn("local", name)}


# ---------------------------------------------------------------- resource types


def _kms_key(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    key = boto3.client("kms", region_name=REGION).create_key(
        Description=properties.get("Description", logical_id)
    )
    metadata = key["KeyMetadata"]
    return metadata["KeyId"], {"Arn": metadata["Arn"], "KeyId": metadata["KeyId"]}


def _kms_alias(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    boto3.client("kms", region_name=REGION).create_alias(
        AliasName=properties["AliasName"], TargetKeyId=properties["TargetKeyId"]
    )
    return properties["AliasName"], {}


def _dynamodb_table(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    client = boto3.client("dynamodb", region_name=REGION)
    name = properties.get("TableName") or f"networking-tracker-local-{logical_id}"
    arguments: dict[str, Any] = {
        "TableName": name,
        "KeySchema": properties["KeySchema"],
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "BillingMode": properties.get("BillingMode", "PAY_PER_REQUEST"),
    }
    indexes = properties.get("GlobalSecondaryIndexes")
    if indexes:
        arguments["GlobalSecondaryIndexes"] = [
            {key: value for key, value in index.items() if key != "ProvisionedThroughput"}
            for index in indexes
        ]
    sse = properties.get("SSESpecification")
    if sse:
        arguments["SSESpecification"] = {
            "Enabled": bool(sse.get("SSEEnabled")),
            **({"SSEType": sse["SSEType"]} if "SSEType" in sse else {}),
            **({"KMSMasterKeyId": sse["KMSMasterKeyId"]} if "KMSMasterKeyId" in sse else {}),
        }
    table = client.create_table(**arguments)["TableDescription"]
    ttl = properties.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        client.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
        )
    pitr = properties.get("PointInTimeRecoverySpecification") or {}
    if pitr.get("PointInTimeRecoveryEnabled"):
        client.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )
    return name, {"Arn": table["TableArn"]}


def _user_pool(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    client = boto3.client("cognito-idp", region_name=REGION)
    passthrough = (
        "Policies",
        "Schema",
        "UsernameAttributes",
        "AutoVerifiedAttributes",
        "AdminCreateUserConfig",
        "AccountRecoverySetting",
        "VerificationMessageTemplate",
    )
    pool = client.create_user_pool(
        PoolName=properties.get("UserPoolName", logical_id),
        **{key: properties[key] for key in passthrough if key in properties},
    )["UserPool"]
    return pool["Id"], {
        "Arn": pool["Arn"],
        "ProviderName": f"cognito-idp.{REGION}.amazonaws.com/{pool['Id']}",
        "ProviderURL": f"https://cognito-idp.{REGION}.amazonaws.com/{pool['Id']}",
        "UserPoolId": pool["Id"],
    }


def _user_pool_client(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    client = boto3.client("cognito-idp", region_name=REGION)
    passthrough = ("GenerateSecret", "ExplicitAuthFlows", "ReadAttributes", "WriteAttributes")
    app_client = client.create_user_pool_client(
        UserPoolId=properties["UserPoolId"],
        ClientName=properties.get("ClientName", logical_id),
        **{key: properties[key] for key in passthrough if key in properties},
    )["UserPoolClient"]
    return app_client["ClientId"], {"ClientId": app_client["ClientId"]}


def _user_pool_group(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    boto3.client("cognito-idp", region_name=REGION).create_group(
        GroupName=properties["GroupName"],
        UserPoolId=properties["UserPoolId"],
        Description=properties.get("Description", ""),
    )
    return properties["GroupName"], {}


def _sqs_queue(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    client = boto3.client("sqs", region_name=REGION)
    name = properties.get("QueueName") or f"networking-tracker-local-{logical_id}"
    attributes: dict[str, str] = {
        key: str(properties[key])
        for key in (
            "VisibilityTimeout",
            "MessageRetentionPeriod",
            "DelaySeconds",
            "ReceiveMessageWaitTimeSeconds",
        )
        if key in properties
    }
    if "RedrivePolicy" in properties:
        attributes["RedrivePolicy"] = json.dumps(properties["RedrivePolicy"])
    url = client.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, {"Arn": arn, "QueueName": name, "QueueUrl": url}


def _sns_topic(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    name = properties.get("TopicName") or f"networking-tracker-local-{logical_id}"
    arn = boto3.client("sns", region_name=REGION).create_topic(Name=name)["TopicArn"]
    return arn, {"TopicArn": arn, "TopicName": name}


def _sns_subscription(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    # Email subscriptions would wait for a confirmation nobody can click locally.
    return f"{properties['TopicArn']}:{logical_id}", {}


def _secret(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    generate = properties.get("GenerateSecretString") or {}
    value = properties.get("SecretString") or secrets.token_urlsafe(int(generate.get("PasswordLength", 32)))
    created = boto3.client("secretsmanager", region_name=REGION).create_secret(
        Name=properties.get("Name") or f"networking-tracker-local-{logical_id}", SecretString=value
    )
    return created["ARN"], {"Id": created["ARN"]}


def _ses_configuration_set(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    name = properties.get("Name") or f"networking-tracker-local-{logical_id}"
    boto3.client("sesv2", region_name=REGION).create_configuration_set(ConfigurationSetName=name)
    return name, {}


def _ses_email_identity(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    identity = properties["EmailIdentity"]
    boto3.client("sesv2", region_name=REGION).create_email_identity(EmailIdentity=identity)
    return identity, {}


def _cloudwatch_alarm(logical_id: str, properties: dict[str, Any]) -> Provisioned:
    name = properties.get("AlarmName") or f"networking-tracker-local-{logical_id}"
    boto3.client("cloudwatch", region_name=REGION).put_metric_alarm(
        AlarmName=name,
        AlarmDescription=properties.get("AlarmDescription", ""),
        Namespace=properties["Namespace"],
        MetricName=properties["MetricName"],
        Dimensions=properties.get("Dimensions", []),
        Statistic=properties.get("Statistic", "Maximum"),
        Period=int(properties["Period"]),
        EvaluationPeriods=int(properties["EvaluationPeriods"]),
        Threshold=float(properties["Threshold"]),
        ComparisonOperator=properties["ComparisonOperator"],
        AlarmActions=properties.get("AlarmActions", []),
    )
    return name, {"Arn": _arn("cloudwatch", f"alarm:{name}")}


PROVISIONERS: dict[str, Callable[[str, dict[str, Any]], Provisioned]] = {
    "AWS::KMS::Key": _kms_key,
    "AWS::KMS::Alias": _kms_alias,
    "AWS::DynamoDB::Table": _dynamodb_table,
    "AWS::Cognito::UserPool": _user_pool,
    "AWS::Cognito::UserPoolClient": _user_pool_client,
    "AWS::Cognito::UserPoolGroup": _user_pool_group,
    "AWS::SQS::Queue": _sqs_queue,
    "AWS::SNS::Topic": _sns_topic,
    "AWS::SNS::Subscription": _sns_subscription,
    "AWS::SecretsManager::Secret": _secret,
    "AWS::SES::ConfigurationSet": _ses_configuration_set,
    "AWS::SES::EmailIdentity": _ses_email_identity,
    "AWS::CloudWatch::Alarm": _cloudwatch_alarm,
}
