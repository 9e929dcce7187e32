"""local/moto_speedup.py must not change what moto answers: a failed transaction leaves every
item as it was, a successful one writes them all, and item reads come back the same."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from local import moto_speedup


@pytest.fixture
def table() -> Any:
    assert moto_speedup.install()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="t",
            KeySchema=[
                {"AttributeName": "PK", "KeyType": "HASH"},
                {"AttributeName": "SK", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "PK", "AttributeType": "S"},
                {"AttributeName": "SK", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        for n in range(3):
            client.put_item(
                TableName="t",
                Item={"PK": {"S": "P"}, "SK": {"S": f"I{n}"}, "n": {"N": "0"}, "tags": {"SS": ["a"]}},
            )
        yield client


def everything(client: Any) -> list[dict[str, Any]]:
    return sorted(client.scan(TableName="t")["Items"], key=lambda item: (item["PK"]["S"], item["SK"]["S"]))


def writes(last_condition: str) -> list[dict[str, Any]]:
    return [
        {"Put": {"TableName": "t", "Item": {"PK": {"S": "P"}, "SK": {"S": "NEW"}}}},
        {"Put": {"TableName": "t", "Item": {"PK": {"S": "OTHER"}, "SK": {"S": "NEW"}}}},
        {
            "Update": {
                "TableName": "t",
                "Key": {"PK": {"S": "P"}, "SK": {"S": "I0"}},
                "UpdateExpression": "ADD n :one, tags :b",
                "ExpressionAttributeValues": {":one": {"N": "1"}, ":b": {"SS": ["b"]}},
            }
        },
        {"Delete": {"TableName": "t", "Key": {"PK": {"S": "P"}, "SK": {"S": "I1"}}}},
        {
            "Update": {
                "TableName": "t",
                "Key": {"PK": {"S": "P"}, "SK": {"S": "I2"}},
                "UpdateExpression": "SET n = :one",
                "ConditionExpression": last_condition,
                "ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"}},
            }
        },
    ]


def test_a_failed_transaction_leaves_every_item_as_it_was(table: Any) -> None:
    before = everything(table)
    with pytest.raises(ClientError, match="TransactionCanceled"):
        table.transact_write_items(TransactItems=writes("n <> :zero"))
    assert everything(table) == before


def test_a_transaction_writes_all_of_its_items(table: Any) -> None:
    table.transact_write_items(TransactItems=writes("n = :zero"))
    items = {(item["PK"]["S"], item["SK"]["S"]): item for item in everything(table)}
    assert set(items) == {("P", "NEW"), ("OTHER", "NEW"), ("P", "I0"), ("P", "I2")}
    assert items["P", "I0"]["n"] == {"N": "1"}
    assert sorted(items["P", "I0"]["tags"]["SS"]) == ["a", "b"]
    assert items["P", "I2"]["n"] == {"N": "1"}


def test_item_reads_answer_as_moto_does(table: Any) -> None:
    got = table.get_item(TableName="t", Key={"PK": {"S": "P"}, "SK": {"S": "I0"}})
    assert got["Item"] == {"PK": {"S": "P"}, "SK": {"S": "I0"}, "n": {"N": "0"}, "tags": {"SS": ["a"]}}
    page = table.query(
        TableName="t",
        KeyConditionExpression="PK = :p",
        ExpressionAttributeValues={":p": {"S": "P"}},
        Limit=2,
        ReturnConsumedCapacity="TOTAL",
    )
    assert [item["SK"]["S"] for item in page["Items"]] == ["I0", "I1"]
    assert page["Count"] == 2
    assert page["LastEvaluatedKey"] == {"PK": {"S": "P"}, "SK": {"S": "I1"}}
    assert page["ConsumedCapacity"]["CapacityUnits"] > 0


def test_items_over_the_size_limit_are_refused_as_moto_refuses_them(table: Any) -> None:
    def item(kilobytes: int, attributes: int = 40) -> dict[str, Any]:
        piece = "x" * (kilobytes * 1024 // attributes)
        return {
            "PK": {"S": "P"},
            "SK": {"S": f"BIG{kilobytes}"},
            **{f"a{n}": {"S": piece} for n in range(attributes)},
        }

    table.put_item(TableName="t", Item=item(390))
    with pytest.raises(ClientError, match="Item size has exceeded the maximum allowed size"):
        table.put_item(TableName="t", Item=item(400))
    stored = {entry["SK"]["S"] for entry in everything(table)}
    assert "BIG390" in stored
    assert "BIG400" not in stored
