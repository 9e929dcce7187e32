"""One place for logs and metrics. Logs never carry a contact's email, phone or notes."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()

Handler = TypeVar("Handler", bound=Callable[..., Any])


def publish_metrics(handler: Handler) -> Handler:
    """Powertools' log_metrics, and the metric set cleared after every invocation even when
    POWERTOOLS_METRICS_DISABLED is set (Powertools then skips clearing, and the set would
    grow until it flushes anyway at 100 values)."""
    published = metrics.log_metrics(handler)

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return published(*args, **kwargs)
        finally:
            metrics.clear_metrics()

    return wrapper  # type: ignore[return-value]


# Powertools warns on every invocation that records no metric; most of ours record none.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
