"""AWS calls and DynamoDB capacity per inbound text reply, in-process under moto.

    .venv/bin/python -m bench.sms_replies

A member in Chicago with 200 contacts and three picks a day by text gets the 08:00 reminder;
five minutes later they answer it: DONE 1, SNOOZE 2, DONE 1 again (already done), HELP, each
through SmsReplyService as the sms_inbound function calls it. Prints a table and writes
bench/results/sms_replies.json.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from bench.harness import AT, add_member, mocked, table, write_result

PHONE = "+13125550142"
REPLIES = ("DONE 1", "SNOOZE 2", "DONE 1", "HELP")


def measure() -> list[dict[str, Any]]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns import sns_backends

    from tracker.domain.members import ProfileChanges
    from tracker.domain.model import ReminderChannel
    from tracker.domain.sms import InboundSms

    with mocked(AT) as bench:
        identity = add_member(bench, "member-1", 200, picks_per_day=3)
        services = bench.services
        services.members.update(
            identity, ProfileChanges(phone=PHONE, reminder_channels=(ReminderChannel.SMS,))
        )
        texts = list(sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages.values())
        (code,) = re.findall(r"your code is (\d{6})", texts[-1][1])
        services.members.verify_phone(identity, code)
        report = services.reminders.send_daily(identity.member, AT.date(), AT)
        assert report.outcomes == {"sms": "sent"}, report.outcomes
        services.clock.at = AT + timedelta(minutes=5)
        rows = []
        for n, body in enumerate(REPLIES):
            with bench.meter.watching(*bench.clients()) as usage:
                outcome = services.sms_replies.handle(InboundSms(PHONE, body, f"inbound-{n}"))
            rows.append({"reply": body, "answer": outcome.answer.value, **usage.as_dict()})
        return rows


def main() -> None:
    rows = measure()
    header = ["reply", "answer", "requests", "RCU", "WCU", "items read"]
    print(
        table(
            [
                [r["reply"], r["answer"], r["requests"], r["read_units"], r["write_units"], r["items_read"]]
                for r in rows
            ],
            header,
        )
    )
    for row in rows:
        print(f"  {row['reply']:<9} {row['calls']}")
    print(f"\nwrote {write_result('sms_replies', rows)}")


if __name__ == "__main__":
    main()
