from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from tracker.observability import metrics, publish_metrics


def test_metrics_never_pile_up_across_invocations_even_when_disabled() -> None:
    @publish_metrics
    def handler(event: Any, context: Any) -> str:
        metrics.add_metric(name="ConversationsLogged", unit=MetricUnit.Count, value=1)
        return "ok"

    for _ in range(150):  # past Powertools' 100-value flush, which would fail without a namespace
        assert handler({}, None) == "ok"
    assert metrics.metric_set == {}
