"""Per-member work of the weekly job (the weekly check), by network size, and the program
report by number of members.

    .venv/bin/python -m bench.weekly_job [sizes...]      (default: 20 200 2000)

The weekly check of a member who reached three people this week goes through the real worker
code (WeeklyCheckService.send_weekly); every AWS call is counted and DynamoDB capacity is
computed by DynamoDB's rules (bench/meter.py), as for the daily job. A redelivered message is
measured too (it finds the send made and stops). The report (GET /org/report's work) is
measured for 5 and 50 members. Writes bench/results/weekly_job.json.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.harness import add_member, mocked, table, write_result

FRIDAY_SLOT = datetime(2026, 11, 27, 22, tzinfo=UTC)  # 16:00 in Chicago: the default review slot
# The check as measured before the profile and plan were read in one Query, the suppression list
# with the people and no "anyone added?" read once someone was reached (main at 1279543,
# 2026-12-04): AWS calls, RCU, WCU, calls when redelivered.
BEFORE = (13, 6.5, 4.0, 8)


def weekly_check(contacts: int) -> dict[str, Any]:
    from tracker.domain.contacts import ContactFilter
    from tracker.domain.conversations import NewConversation
    from tracker.domain.model import Channel

    with mocked(FRIDAY_SLOT - timedelta(days=1)) as bench:
        app = bench.services
        warm = add_member(bench, "member-0", 20)
        member = add_member(bench, "member-1", contacts)
        for identity in (warm, member):
            reached = app.contacts.list(identity.member, ContactFilter(), None, 3).items
            for contact in reached:  # three people reached this week
                app.conversations.log(
                    identity.member, contact.contact_id, NewConversation(channel=Channel.CALL)
                )
        app.clock.at = FRIDAY_SLOT
        app.weekly.send_weekly(warm.member, FRIDAY_SLOT.date(), FRIDAY_SLOT)  # a warm worker
        clients = bench.clients()
        with bench.meter.watching(*clients) as check:
            started = time.perf_counter()
            report = app.weekly.send_weekly(member.member, FRIDAY_SLOT.date(), FRIDAY_SLOT)
            elapsed_ms = (time.perf_counter() - started) * 1000
        with bench.meter.watching(*clients) as again:
            app.weekly.send_weekly(member.member, FRIDAY_SLOT.date(), FRIDAY_SLOT)
    assert report.outcomes == {"email": "sent"}, report.outcomes
    return {
        "contacts": contacts,
        "check": {**check.as_dict(), "compute_ms": round(elapsed_ms - check.aws_seconds * 1000, 1)},
        "redelivered": again.as_dict(),
    }


def program_report(members: int) -> dict[str, Any]:
    from tracker.domain.contacts import NewContact
    from tracker.domain.conversations import NewConversation
    from tracker.domain.model import Identity, Outcome

    with mocked(FRIDAY_SLOT) as bench:
        app = bench.services
        for n in range(members):
            identity = add_member(bench, f"member-{n}", 0)
            contact = app.contacts.create(identity, NewContact(name="Ana Lima"))
            app.conversations.log(
                identity.member, contact.contact_id, NewConversation(outcomes=(Outcome.JOB_LEAD,))
            )
        admin = Identity("bridges", "admin", email="admin@example.org", groups=frozenset({"admins"}))
        app.members.profile(admin)
        with bench.meter.watching(*bench.clients()) as usage:
            report = app.org.report(admin, "2026-W48")
    figures = report.week.figures  # None: the week is still in progress somewhere (no figures yet)
    return {
        "members": members,
        "members_active": figures.members_active if figures else None,
        **usage.as_dict(),
    }


def main(sizes: list[int]) -> None:
    checks = [weekly_check(size) for size in sizes]
    reports = [program_report(size) for size in (5, 50)]
    print(
        f"Weekly check per member (email, three people reached; a first check, so a welcome), "
        f"{FRIDAY_SLOT:%Y-%m-%d %H:%M} UTC: before -> now\n"
    )
    print(
        table(
            [
                [
                    row["contacts"],
                    f"{BEFORE[0]} -> {row['check']['requests']}",
                    row["check"]["items_read"],
                    f"{BEFORE[1]} -> {row['check']['read_units']}",
                    f"{BEFORE[2]} -> {row['check']['write_units']}",
                    f"{BEFORE[3]} -> {row['redelivered']['requests']}",
                ]
                for row in checks
            ],
            ["contacts", "AWS calls", "items read", "RCU", "WCU", "calls when redelivered"],
        )
    )
    print("\nProgram report (GET /org/report: the week and the 11 before)\n")
    print(
        table(
            [[row["members"], row["requests"], row["items_read"], row["read_units"]] for row in reports],
            ["members", "AWS calls", "items read", "RCU"],
        )
    )
    print(f"\nwrote {write_result('weekly_job', {'weekly_check': checks, 'report': reports})}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [20, 200, 2000])
