"""What a deployment costs per 1,000 members per month, from the measured counts, and the whole
bill at 1,000, 10,000 and 100,000 members.

    .venv/bin/python -m bench.cost_model [--contacts 200] [--picks 1] [--sms-share 0.3] [--sms-price P]

Reads bench/results/daily_job.json and api_requests.json (run bench.daily_job and
bench.api_requests first; `make bench` runs everything) and the prices in bench/prices.json,
and prints the bill per component: Lambda (requests and GB-seconds at arm64 prices), DynamoDB
on demand (read/write units, storage with point-in-time recovery), SQS, HTTP API, Scheduler,
logs; then what scales with messages (SES, SMS) and what is fixed per deployment. The usage
assumptions are printed with the figures.

At scale, the same per-member figures are multiplied out, and two things change with size: the
hourly dispatch reads more slot entries, and texting needs an SMS origination identity (US)
fast enough for the members due in the busiest hour (the cheapest in prices.json whose rate
covers it; SES likewise needs its send quota raised past 14 a second).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.harness import RESULTS, table

HERE = Path(__file__).resolve().parent
DAYS = 30.4
TARGET = 0.50  # USD per 1,000 members per month, infrastructure only

# What one member does in a month (assumptions, printed with the result).
API_REQUESTS_PER_MONTH = {
    "log interaction (first of the week)": 4.35,
    "log interaction": 12 - 4.35,
    "list contacts (25)": 12,
    "get contact": 12,
    "create contact": 4,
    "list interactions": 6,
    "get profile": 6,
    "today's picks": 10,
}
REMINDER_DAYS = DAYS  # a reminder every day: 200 contacts on a 90-day cadence make ~2 due a day
# Storage after a year of use: every conversation logged in twelve months is kept.
CONVERSATIONS_STORED = 12 * 12
WEEKS = DAYS / 7
LOG_BYTES_PER_INVOCATION = 400  # Lambda's START/END/REPORT lines and little else
MEMORY_GB = {"api": 0.5, "remind": 0.5}
SQS_BATCH = 10
# Lambda time = the code's own CPU time (measured here, AWS calls excluded), slowed by Lambda's
# CPU share (a full vCPU at 1,769 MB, proportionally less below), plus an in-region round
# trip per AWS call.
FULL_VCPU_GB = 1769 / 1024
AWS_CALL_SECONDS = 0.008


WORKER_THREADS = 8  # tracker/runtime/batches.py: a batch's messages are handled side by side

SIZES = (1_000, 10_000, 100_000)
PEAK_HOUR_SHARE = 0.8  # members due in the busiest hour: most keep the default 08:00, one time zone
SLOT_ENTRY_BYTES = 200  # one member's entry in the dispatch's slot index, as a Query reads it
# The bill by service, for saying which one dominates at each size.
SERVICES = {
    "DynamoDB": "DynamoDB",
    "Lambda": "Lambda",
    "HTTP API": "API Gateway (HTTP API)",
    "SQS": "SQS",
    "CloudWatch Logs": "CloudWatch Logs",
    "Hourly dispatch": "Hourly dispatch (Scheduler, Lambda, reads)",
}


def gb_seconds(compute_ms: float, aws_calls: int, memory_gb: float, *, threads: int = 1) -> float:
    """Billed GB-seconds: CPU work costs the same at any size; waiting on AWS costs by memory.
    With `threads` messages handled side by side, the waits overlap the CPU work."""
    cpu_seconds = compute_ms / 1000 * FULL_VCPU_GB / memory_gb
    waiting = aws_calls * AWS_CALL_SECONDS
    busy = cpu_seconds + waiting if threads == 1 else max(cpu_seconds, waiting / threads)
    return busy * memory_gb


def load(name: str) -> Any:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run `python -m bench.{name}` first (or `make bench`)")
    return json.loads(path.read_text())


def per_member_month(
    day: dict[str, Any], week: dict[str, Any], api: dict[str, Any], prices: dict[str, Any]
) -> dict[str, float]:
    dynamo = prices["dynamodb_on_demand"]
    wru = dynamo["write_request_units_per_million"] / 1e6
    rru = dynamo["read_request_units_per_million"] / 1e6
    reminder = day["reminder"]
    uses = API_REQUESTS_PER_MONTH
    api_requests = sum(uses.values())
    api_gb_seconds = sum(
        gb_seconds(api[name]["compute_ms"], api[name]["requests"], MEMORY_GB["api"]) * count
        for name, count in uses.items()
    )
    check = week["check"]
    threads = WORKER_THREADS
    remind_gb_seconds = REMINDER_DAYS * gb_seconds(
        reminder["compute_ms"], reminder["requests"], MEMORY_GB["remind"], threads=threads
    ) + WEEKS * gb_seconds(check["compute_ms"], check["requests"], MEMORY_GB["remind"], threads=threads)
    storage_gb = (
        day["storage"]["table_bytes"]
        + day["storage"]["index_bytes"]
        + CONVERSATIONS_STORED * day["storage"]["interaction_item_bytes"]
    ) / 1e9
    queued = REMINDER_DAYS + WEEKS  # daily reminders and weekly checks, one message each
    invocations = api_requests + queued / SQS_BATCH  # the worker serves members in batches
    return {
        "DynamoDB writes (daily job)": REMINDER_DAYS * reminder["write_units"] * wru,
        "DynamoDB reads (daily job)": REMINDER_DAYS * reminder["read_units"] * rru,
        "DynamoDB (weekly check)": WEEKS * (check["write_units"] * wru + check["read_units"] * rru),
        "DynamoDB writes (API)": sum(api[name]["write_units"] * count for name, count in uses.items()) * wru,
        "DynamoDB reads (API)": sum(api[name]["read_units"] * count for name, count in uses.items()) * rru,
        "DynamoDB storage + PITR": storage_gb * (dynamo["storage_gb_month"] + dynamo["pitr_gb_month"]),
        "Lambda requests": invocations * prices["lambda"]["requests_per_million"] / 1e6,
        "Lambda GB-seconds": (api_gb_seconds + remind_gb_seconds) * prices["lambda"]["arm64_gb_second"],
        "HTTP API requests": api_requests * prices["api_gateway_http"]["requests_per_million"] / 1e6,
        "SQS requests (send, receive, delete)": queued
        * 3
        / SQS_BATCH
        * prices["sqs_standard"]["requests_per_million"]
        / 1e6,
        "CloudWatch Logs": invocations
        * LOG_BYTES_PER_INVOCATION
        / 1e9
        * prices["cloudwatch_logs"]["ingestion_gb"],
    }


def dispatch_month(day: dict[str, Any], prices: dict[str, Any], members: int) -> float:
    """The hourly dispatch runs for the whole deployment: its invocations, its slot Queries as
    measured, and each member's slot entry read once a day (eventually consistent, 4 KB a 0.5 RCU)."""
    runs = 24 * DAYS
    rru = prices["dynamodb_on_demand"]["read_request_units_per_million"] / 1e6
    slot_reads = members * DAYS * SLOT_ENTRY_BYTES / 4096 * 0.5
    return (
        runs * prices["eventbridge_scheduler"]["invocations_per_million"] / 1e6
        + runs * prices["lambda"]["requests_per_million"] / 1e6
        + (runs * day["dispatch"]["read_units"] + slot_reads) * rru
    )


def origination(texts_per_second: float, prices: dict[str, Any]) -> tuple[str, float]:
    """The cheapest US origination identity whose rate covers the busiest hour's texts."""
    identities = [value for value in prices["sms_origination_us"].values() if isinstance(value, dict)]
    fast_enough = [i for i in identities if i["messages_per_second"] >= texts_per_second]
    chosen = min(fast_enough or identities[-1:], key=lambda identity: identity["month"])
    rate = f"{chosen['messages_per_second']:g}/s"
    if "lowest_tier" in chosen:  # the tier needed, not the top one
        rate = f"a tier of {max(texts_per_second, chosen['lowest_tier']):.1f}/s or more"
    return f"{chosen['label']}, {rate}", chosen["month"]


def at_scale(
    members: int,
    per_member: dict[str, float],
    day: dict[str, Any],
    prices: dict[str, Any],
    fixed: dict[str, float],
    sms_share: float,
    sms_price: float,
) -> dict[str, Any]:
    """The whole monthly bill of one deployment of `members`, by service."""
    bill: dict[str, float] = dict.fromkeys(SERVICES.values(), 0.0)
    for name, value in per_member.items():
        if not name.startswith("Hourly dispatch"):
            service = next(label for prefix, label in SERVICES.items() if name.startswith(prefix))
            bill[service] += value * members
    bill[SERVICES["Hourly dispatch"]] = dispatch_month(day, prices, members)
    bill["Fixed (KMS key, secret, alarms)"] = sum(fixed.values())
    infrastructure = sum(bill.values())
    peak_texts = members * sms_share * PEAK_HOUR_SHARE / 3600
    identity, identity_month = origination(peak_texts, prices)
    messages = {
        "SES email": members * (REMINDER_DAYS + WEEKS) * prices["ses"]["emails_per_thousand"] / 1000,
        "SMS messages": members * REMINDER_DAYS * sms_share * sms_price,
        "SMS number": identity_month if sms_share else 0.0,
    }
    everything = {**bill, **messages}
    return {
        "members": members,
        "bill": everything,
        "sms_number": identity,
        "infrastructure": infrastructure,
        "infrastructure_per_1000": infrastructure / members * 1000,
        "total": sum(everything.values()),
        "largest_infrastructure": max(bill, key=lambda name: bill[name]),
        "largest": max(everything, key=lambda name: everything[name]),
        "peak_emails_per_second": members * PEAK_HOUR_SHARE / 3600,
        "peak_texts_per_second": peak_texts,
    }


def _usd(value: float) -> str:
    return f"{value:,.2f}" if value >= 10 else f"{value:.3f}"


def print_scale(scales: list[dict[str, Any]], prices: dict[str, Any], sms_share: float) -> None:
    print(
        "\nAt scale: the whole monthly bill of one deployment (USD), the same assumptions, "
        f"{sms_share:.0%} of members texting; {PEAK_HOUR_SHARE:.0%} of members due in the busiest hour\n"
    )
    rows = [[name, *(_usd(scale["bill"][name]) for scale in scales)] for name in scales[0]["bill"]]
    rows += [
        ["SMS number chosen", *(scale["sms_number"] for scale in scales)],
        ["Infrastructure (all but messages)", *(_usd(scale["infrastructure"]) for scale in scales)],
        ["  per 1,000 members", *(f"{scale['infrastructure_per_1000']:,.3f}" for scale in scales)],
        ["Total", *(_usd(scale["total"]) for scale in scales)],
        ["Largest, infrastructure", *(scale["largest_infrastructure"].split(" (")[0] for scale in scales)],
        ["Largest, everything", *(scale["largest"] for scale in scales)],
        ["Texts a second, busiest hour", *(f"{scale['peak_texts_per_second']:.2f}" for scale in scales)],
        ["Emails a second, busiest hour", *(f"{scale['peak_emails_per_second']:.1f}" for scale in scales)],
    ]
    print(table(rows, ["component", *(f"{scale['members']:,} members" for scale in scales)]))
    ses = prices["ses_sending"]["default_production_per_second"]
    over = [f"{scale['members']:,}" for scale in scales if scale["peak_emails_per_second"] > ses]
    if over:
        print(f"\nSES starts at {ses} emails a second: raise the quota (free) for {', '.join(over)} members.")
    origination_prices = prices["sms_origination_us"]
    identities = [value for value in origination_prices.values() if isinstance(value, dict)]
    print(
        "SMS numbers (US; assumptions): "
        + "; ".join(
            f"{i['label']} {i['messages_per_second']:g}/s ${i['month']:,.2f} a month" for i in identities
        )
        + f" ({origination_prices['10dlc']['note']}). Source: {origination_prices['source']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--picks", type=int, default=1, choices=[1, 3], help="picks per day (default 1)")
    parser.add_argument("--members", type=int, default=1000, help="members sharing the hourly dispatch")
    parser.add_argument("--sms-share", type=float, default=0.3, help="share of members with SMS reminders")
    parser.add_argument(
        "--sms-price", type=float, default=None, help="USD per SMS (default from prices.json)"
    )
    options = parser.parse_args()
    prices = json.loads((HERE / "prices.json").read_text())
    days = {(row["contacts"], row["picks_per_day"]): row for row in load("daily_job")}
    day = days.get((options.contacts, options.picks))
    if day is None:
        raise SystemExit(
            f"no daily_job measurement for {options.contacts} contacts and {options.picks} pick(s)"
        )
    api = {row["request"]: row for row in load("api_requests")}
    weekly = {row["contacts"]: row for row in load("weekly_job")["weekly_check"]}
    if options.contacts not in weekly:
        raise SystemExit(f"no weekly_job measurement for {options.contacts} contacts")
    per_member = per_member_month(day, weekly[options.contacts], api, prices)
    # The hourly dispatch runs once for the whole deployment: its cost is shared by the members.
    per_member["Hourly dispatch (shared)"] = dispatch_month(day, prices, options.members) / options.members
    infrastructure = sum(per_member.values()) * 1000
    sms_price = options.sms_price if options.sms_price is not None else prices["sns_sms"]["message_default"]
    messages = {
        "SES email (a daily reminder and a weekly check each)": (REMINDER_DAYS + WEEKS)
        * prices["ses"]["emails_per_thousand"],
        f"SMS ({options.sms_share:.0%} of members, ${sms_price} a message)": REMINDER_DAYS
        * options.sms_share
        * sms_price
        * 1000,
    }
    fixed = {
        "KMS customer key": prices["kms"]["customer_key_month"],
        "Secrets Manager secret": prices["secrets_manager"]["secret_month"],
        "CloudWatch alarms (2)": 2 * prices["cloudwatch_alarm"]["standard_metric_month"],
    }
    print(
        f"Monthly cost per 1,000 members, {options.contacts} contacts each, {options.picks} pick(s) a day"
        f" (prices: {prices['region']}, {prices['as_of']})\n"
    )
    rows = [
        [name, f"{value * 1000:.4f}"] for name, value in sorted(per_member.items(), key=lambda item: -item[1])
    ]
    rows.append(["Infrastructure total", f"{infrastructure:.4f}"])
    print(table(rows, ["component", "USD / 1,000 members"]))
    verdict = "met" if infrastructure < TARGET else "NOT met"
    print(f"\nTarget, infrastructure without email and SMS: under ${TARGET:.2f} — {verdict}")
    print("\nMessages (scale with what is sent):")
    print(
        table(
            [[name, f"{value:.2f}"] for name, value in messages.items()], ["component", "USD / 1,000 members"]
        )
    )
    print("\nFixed per deployment, whatever the number of members:")
    print(table([[name, f"{value:.2f}"] for name, value in fixed.items()], ["component", "USD / month"]))
    print(
        "\nAssumptions: an email reminder every day and a weekly check; per member and month "
        + ", ".join(f"{count:g} x {name}" for name, count in API_REQUESTS_PER_MONTH.items())
        + f"; storage after a year: the contacts and {CONVERSATIONS_STORED} conversations (as measured: "
        f"{day['storage']['interaction_item_bytes']} bytes each); Lambda time is the code's measured CPU time"
        f" scaled to Lambda's CPU share plus {AWS_CALL_SECONDS * 1000:.0f} ms per AWS call (the reminder"
        f" worker overlaps them, {WORKER_THREADS} messages at a time);"
        " X-Ray tracing off (the template's default; Active adds $5 per million traces)."
    )
    scales = [at_scale(size, per_member, day, prices, fixed, options.sms_share, sms_price) for size in SIZES]
    print_scale(scales, prices, options.sms_share)
    (RESULTS / "cost_model.json").write_text(
        json.dumps(
            {
                "as_of": prices["as_of"],
                "contacts": options.contacts,
                "picks_per_day": options.picks,
                "per_1000_members": {name: round(value * 1000, 4) for name, value in per_member.items()},
                "infrastructure_per_1000": round(infrastructure, 4),
                "messages_per_1000": messages,
                "fixed_per_month": fixed,
                "scale": scales,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
