"""The README's demo of the daily reminder and text replies, step by step, on a fresh `make run`
stack over HTTP: the same requests the README's curl lines make, in the same order."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.local_stack import Running, call, start

pytestmark = pytest.mark.e2e

SAM = "+13125550142"


@pytest.fixture(scope="module")
def demo() -> Iterator[Running]:
    """A stack of its own: the demo starts from the seeded data, with nothing sent yet."""
    running = start()
    yield running
    running.stop()


def curl_text(stack: Running, body: str) -> list[str]:
    """curl -X POST '127.0.0.1:3000/_local/sms?from=%2B13125550142' -d '<body>': the answers."""
    request = urllib.request.Request(
        f"{stack.url}/_local/sms?from=%2B13125550142",
        data=body.encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},  # what curl -d sends
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        answer: dict[str, Any] = json.loads(response.read())
    assert {reply["to"] for reply in answer["replies"]} <= {SAM}
    return [reply["message"] for reply in answer["replies"]]


def test_the_readme_demo_tick_then_done_1_stop_and_start(demo: Running) -> None:
    # curl -X POST "127.0.0.1:3000/_local/tick?at=2026-11-27T14:00:00Z"
    status, ticked = call(f"{demo.url}/_local/tick?at=2026-11-27T14:00:00Z", "POST")
    assert status == 200
    assert ticked["delivered"]["RemindFunction"]["failed"] == 0
    outbox = call(f"{demo.url}/_local/outbox.json")[1]
    (reminder,) = [sms["message"] for sms in outbox["sms"] if sms["to"] == SAM]
    assert reminder.startswith("Networking Tracker: 3 people to reconnect with today: 1 ")
    assert "Reply DONE 1 once you've reached out" in reminder
    first = re.search(r": 1 ([^,.]+)", reminder)
    assert first is not None
    # "A second tick for the same hour sends nothing new."
    again = call(f"{demo.url}/_local/tick?at=2026-11-27T14:00:00Z", "POST")[1]
    assert again["outbox"] == ticked["outbox"]
    # -d 'DONE 1': pick 1 of that text, whatever today's date is; a repeat changes nothing
    assert curl_text(demo, "DONE 1") == [
        f"Networking Tracker: noted, you reached out to {first[1]}. Well done!"
    ]
    assert curl_text(demo, "DONE 1") == [f"Networking Tracker: {first[1]} is already marked done."]
    # then -d STOP and -d START (HELP is answered in between: the carriers require it)
    assert curl_text(demo, "STOP") == [
        "Networking Tracker: you won't get any more texts from us. Reply START to turn them back on."
    ]
    assert curl_text(demo, "HELP") == [
        "Networking Tracker: you get no texts from us. Reply START to turn them back on."
    ]
    assert curl_text(demo, "START") == [
        "Networking Tracker: texts are back on. Your picks come at 08:00. Reply HELP for help."
    ]
