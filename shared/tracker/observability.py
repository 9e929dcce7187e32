"""One place for logs and metrics. Logs never carry a contact's email, phone or notes."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()
