"""One place for logs and metrics. Logs never carry a contact's email, phone or notes."""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()

# Powertools warns on every invocation that records no metric; most of ours record none.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
