"""The providers' send rates, and the hour a reminder is due in (services/pacing.py keeps to
them). Standard library only: every function's settings carry the rates (tracker/config.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

SEND_WINDOW = timedelta(hours=1)  # a reminder goes out within the member's chosen hour, or is late


@dataclass(frozen=True)
class SendRates:
    """The providers' send rates (messages a second for the whole deployment: SES's quota, the
    SMS origination number's throughput) and how many remind environments share them (the
    event source mapping's maximum concurrency): each environment keeps to its share."""

    emails_per_second: float = 14.0  # SES production accounts start here
    texts_per_second: float = 3.0  # a toll-free number
    environments: int = 2  # the SQS mapping's least maximum concurrency

    def share(self, email: bool) -> float:
        """Sends a second one environment may make on the channel: a whole number, so that no
        second holds more than the rate however the environments' turns line up (two at 1.5 a
        second would each fit two sends in one second). A rate below the number of
        environments is kept on average only (each sends once every environments/rate s)."""
        rate = self.emails_per_second if email else self.texts_per_second
        whole = int(rate // self.environments)
        return float(whole) if whole >= 1 else rate / self.environments


def is_late(at: datetime, now: datetime) -> bool:
    """Whether a send for the hour starting at `at` (the dispatch's instant) is past that hour."""
    return now >= at + SEND_WINDOW
