"""The providers' send rates (issue 16, part 1): however many members are due in one hour, no
second carries more emails or texts than EmailsPerSecond / TextsPerSecond, each member still
gets one reminder per channel, and what the rate pushes past the member's hour is said in the
logs and a metric (never a text in quiet hours). Simulated time: the clock moves on when a
worker waits its turn, nothing really sleeps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from local.template import Template
from tests.fakes.services import MemoryServices
from tracker.config import ConfigError, load_settings
from tracker.domain.clock import FixedClock
from tracker.domain.contacts import NewContact
from tracker.domain.members import ProfileChanges
from tracker.domain.messages import OutgoingEmail
from tracker.domain.model import Identity, Member, ReminderChannel
from tracker.domain.rates import SendRates
from tracker.domain.sending import SendOutcome
from tracker.observability import metrics
from tracker.services.pacing import Pacer
from tracker.services.reminders import ReminderService
from tracker.services.sending import Sender

CHICAGO = ZoneInfo("America/Chicago")
BOTH = (ReminderChannel.EMAIL, ReminderChannel.SMS)


@dataclass
class Outbox:
    """When each email and text left, by the (simulated) clock."""

    clock: FixedClock
    emails: list[tuple[datetime, str]] = field(default_factory=list)
    texts: list[tuple[datetime, str]] = field(default_factory=list)

    def send(self, email: OutgoingEmail) -> str:
        self.emails.append((self.clock.now(), email.to))
        return f"email-{len(self.emails)}"

    def text(self, phone: str, body: str) -> str:
        self.texts.append((self.clock.now(), phone))
        return f"sms-{len(self.texts)}"


def busiest_second(sent: list[tuple[datetime, str]]) -> int:
    return max(Counter(int(at.timestamp()) for at, _ in sent).values())


def members_due(app: MemoryServices, count: int, hour: int) -> list[Member]:
    """`count` members of one program in Chicago, all reminded at `hour` by email and text."""
    members = []
    for n in range(count):
        who = Identity("bridges", f"{n:08d}-aaaa-4aaa-8aaa-111111111111", f"member{n}@example.org")
        app.contacts.create(
            who, NewContact(name="Ana Lima", last_contact_at=app.clock.now() - timedelta(days=200))
        )
        app.members.update(
            who,
            ProfileChanges(
                time_zone="America/Chicago",
                reminder_hour=hour,
                phone=f"+1312555{n:04d}",
                reminder_channels=BOTH,
            ),
        )
        members.append(app.prove_phone(who))
    return members


def workers(app: MemoryServices, outbox: Outbox, rates: SendRates) -> list[ReminderService]:
    """The remind function's environments, as many as the mapping allows, on one clock."""
    repos = app.repositories
    app.texter.send = outbox.text  # type: ignore[method-assign]
    return [
        ReminderService(
            repos.members,
            Sender(
                repos.sends,
                repos.members,
                repos.phones,
                outbox,
                app.texter,
                app.clock,
                pacer=Pacer(app.clock, rates),
            ),
            app.picks,
            app.signer,
        )
        for _ in range(rates.environments)
    ]


def hour_start(day: datetime, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHICAGO).astimezone(UTC)


@pytest.fixture
def app() -> MemoryServices:
    metrics.clear_metrics()
    return MemoryServices(FixedClock(datetime(2026, 11, 26, 6, tzinfo=UTC)))


def test_everyone_due_at_eight_is_sent_once_within_the_hour_and_no_second_exceeds_the_rates(
    app: MemoryServices,
) -> None:
    rates = SendRates(emails_per_second=4, texts_per_second=3, environments=2)
    members = members_due(app, 30, hour=8)
    outbox = Outbox(app.clock)
    environments = workers(app, outbox, rates)
    eight = hour_start(app.clock.now(), 8)
    app.clock.at = eight
    # The queue hands the messages out to the two environments in turn, as fast as they take them
    outcomes = [
        environments[n % 2].send_daily(member.key, eight.astimezone(CHICAGO).date(), eight).outcomes
        for n, member in enumerate(members)
    ]
    assert outcomes == [{"email": SendOutcome.SENT, "sms": SendOutcome.SENT}] * 30
    assert sorted(to for _, to in outbox.emails) == sorted(member.email for member in members)
    assert sorted(to for _, to in outbox.texts) == sorted(member.phone or "" for member in members)
    assert busiest_second(outbox.emails) <= 4
    assert busiest_second(outbox.texts) <= 3
    assert all(eight <= at < eight + timedelta(hours=1) for at, _ in outbox.emails + outbox.texts)
    # 30 texts at two a second (3 shared by 2 environments: 1 each, whole), no slower
    assert app.clock.now() - eight < timedelta(seconds=16)
    assert metrics.metric_set == {}  # nothing late


def test_what_the_rate_pushes_past_the_hour_is_reported_and_never_texted_in_quiet_hours(
    app: MemoryServices, caplog: pytest.LogCaptureFixture
) -> None:
    rates = SendRates(emails_per_second=2, texts_per_second=2, environments=2)
    members = members_due(app, 12, hour=20)  # texts stop at 21:00 Chicago time
    outbox = Outbox(app.clock)
    environments = workers(app, outbox, rates)
    eight_pm = hour_start(app.clock.now(), 20)
    # A backlog: these messages reach the workers with five seconds of the hour left
    app.clock.at = eight_pm + timedelta(minutes=59, seconds=55)
    outcomes = [
        environments[n % 2].send_daily(member.key, eight_pm.astimezone(CHICAGO).date(), eight_pm).outcomes
        for n, member in enumerate(members)
    ]
    in_hour = [at for at, _ in outbox.emails if at < eight_pm + timedelta(hours=1)]
    late = len(members) - len(in_hour)
    assert len(outbox.emails) == 12  # every email, once
    assert busiest_second(outbox.emails) <= 2
    assert 0 < late < 12
    # Texts: those inside the hour went out; none after 21:00
    assert all(at.astimezone(CHICAGO).hour < 21 for at, _ in outbox.texts)
    assert len(outbox.texts) == len(in_hour)
    assert outcomes[-1] == {"email": SendOutcome.SENT, "sms": SendOutcome.OUTSIDE_SMS_HOURS}
    # Said, not silent: a warning per late send and the figures in the metrics CloudWatch gets
    warnings = [record for record in caplog.records if "past the member's hour" in record.getMessage()]
    assert Counter(getattr(record, "channel", None) for record in warnings) == {"email": late, "sms": late}
    emf = metrics.serialize_metric_set()
    assert (emf["LateEmails"], emf["LateTexts"]) == ([1.0] * late, [1.0] * late)
    metrics.clear_metrics()


def test_the_deployment_parameters_reach_the_workers_and_bound_their_number() -> None:
    template = Template()
    config = load_settings(template.example_environment("RemindFunction"))
    assert config.send_rates == SendRates(emails_per_second=14, texts_per_second=3, environments=2)
    mapping = template.resources["RemindFunction"]["Properties"]["Events"]["Reminders"]["Properties"]
    assert mapping["ScalingConfig"] == {"MaximumConcurrency": {"Ref": "RemindConcurrency"}}
    assert template.function_variables("RemindFunction")["REMIND_CONCURRENCY"] == {"Ref": "RemindConcurrency"}
    # 14 emails a second is 7 for each of the two workers; 3 texts, one each (whole sends)
    assert (config.send_rates.share(email=True), config.send_rates.share(email=False)) == (7.0, 1.0)


@pytest.mark.parametrize("value", ["0", "-3", "fast", "1e9"])
def test_a_send_rate_that_is_no_rate_fails_the_cold_start_naming_it(value: str) -> None:
    environment = {**Template().example_environment("RemindFunction"), "EMAILS_PER_SECOND": value}
    with pytest.raises(ConfigError, match="EMAILS_PER_SECOND"):
        load_settings(environment)


def test_a_text_held_back_into_quiet_hours_is_not_sent_even_within_the_dispatch_hour(
    app: MemoryServices,
) -> None:
    # Priya in Kolkata (UTC+5:30) chose 20:00: the run at 15:00 UTC (20:30 there) queues her
    priya = Identity("bridges", "22222222-bbbb-4bbb-8bbb-222222222222", "priya@example.org")
    app.contacts.create(
        priya, NewContact(name="Ana Lima", last_contact_at=app.clock.now() - timedelta(days=200))
    )
    app.members.update(
        priya,
        ProfileChanges(
            time_zone="Asia/Kolkata", reminder_hour=20, phone="+919876543210", reminder_channels=BOTH
        ),
    )
    member = app.prove_phone(priya)
    app.texter.sent.clear()
    run = datetime(2026, 11, 26, 15, tzinfo=UTC)
    # The queue's backlog hands it over 35 minutes later: 21:05 in Kolkata, inside the run's hour
    app.clock.at = run + timedelta(minutes=35)
    outcomes = app.reminders.send_daily(
        member.key, run.astimezone(ZoneInfo("Asia/Kolkata")).date(), run
    ).outcomes
    assert outcomes == {"email": SendOutcome.SENT, "sms": SendOutcome.OUTSIDE_SMS_HOURS}
    assert app.texter.to("+919876543210") == []
