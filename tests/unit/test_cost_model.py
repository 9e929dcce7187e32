"""The bill at scale (bench/cost_model.py): what a program of 1,000, 10,000 or 100,000 members
pays a month, and the SMS number its busiest hour needs (prices and rates in bench/prices.json)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.cost_model import HERE, SIZES, at_scale

PRICES = json.loads((HERE / "prices.json").read_text())
DAY = {"dispatch": {"read_units": 8.5}}  # the hourly run's slot Queries, as bench.daily_job measures them
PER_MEMBER = {  # USD a member a month, in the shape per_member_month gives
    "DynamoDB writes (daily job)": 0.000114,
    "DynamoDB storage + PITR": 0.000108,
    "HTTP API requests": 0.000062,
    "Lambda GB-seconds": 0.000037,
    "Lambda requests": 0.000013,
    "SQS requests (send, receive, delete)": 0.000004,
    "CloudWatch Logs": 0.000013,
    "Hourly dispatch (shared)": 0.0000017,
}
FIXED = {"KMS customer key": 1.0, "Secrets Manager secret": 0.4, "CloudWatch alarms (2)": 0.2}


def bill(members: int, sms_share: float = 0.3) -> dict[str, Any]:
    return at_scale(members, PER_MEMBER, DAY, PRICES, FIXED, sms_share, 0.00581)


def test_the_sms_number_follows_the_busiest_hours_texts() -> None:
    # 30% of members texting, 80% of them due in one hour: 0.07, 0.67 and 6.7 texts a second.
    assert [bill(size)["sms_number"] for size in SIZES] == [
        "toll-free number, 3/s",
        "toll-free number, 3/s",
        "10DLC, a tier of 6.7/s or more",
    ]
    assert bill(1_500_000)["sms_number"] == "short code, 100/s"
    assert bill(100_000)["bill"]["SMS number"] == 11.0  # a 10DLC campaign and its number
    assert bill(100_000, sms_share=0)["bill"]["SMS number"] == 0


def test_the_bill_grows_with_members_but_the_fixed_part_does_not() -> None:
    small, large = bill(1_000), bill(100_000)
    assert large["bill"]["DynamoDB"] == pytest.approx(100 * small["bill"]["DynamoDB"])
    assert large["bill"]["SES email"] == pytest.approx(100 * small["bill"]["SES email"])
    fixed = "Fixed (KMS key, secret, alarms)"
    assert large["bill"][fixed] == small["bill"][fixed]
    assert small["largest_infrastructure"].startswith("Fixed")  # at 1,000 members the fixed costs lead
    assert large["largest_infrastructure"] == "DynamoDB"
    assert large["largest"] == "SMS messages"
    assert large["peak_emails_per_second"] > PRICES["ses_sending"]["default_production_per_second"]
