"""Run the template's functions in-process, as Lambda would: handler by name, a context, an event."""

from __future__ import annotations

import importlib
import itertools
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from local.provision import Stack


@dataclass
class LocalContext:
    """The parts of Lambda's context object that Powertools and our handlers read."""

    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    aws_request_id: str
    function_version: str = "$LATEST"
    log_group_name: str = "local"
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 15_000


class FunctionHost:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self._counter = itertools.count(1)
        # One execution environment per function: Lambda never runs two invocations in one
        # process at once, and handlers rely on it. Powertools' resolvers keep the current event
        # in one class attribute shared by all of them, so the functions behind the HTTP API
        # (member API, public pages, transfers) share one environment here: two requests at
        # once in two of them would read each other's event.
        functions = stack.template.of_type("AWS::Serverless::Function")
        http = threading.RLock()
        self._environments = {
            function_id: http if _serves_http(spec) else threading.RLock()
            for function_id, spec in functions.items()
        }
        # One process plays every function: their environments are merged. Names don't
        # clash because each variable means the same thing in every function.
        for function_id in stack.template.of_type("AWS::Serverless::Function"):
            os.environ.update(stack.function_environment(function_id))

    def handler(self, function_id: str) -> Any:
        code_uri = PurePosixPath(
            str(self.stack.template.function_property(function_id, "CodeUri")).rstrip("/")
        )
        module_name, function_name = str(
            self.stack.template.function_property(function_id, "Handler")
        ).rsplit(".", 1)
        module = importlib.import_module(".".join((*code_uri.parts, module_name)))
        return getattr(module, function_name)

    def invoke(self, function_id: str, event: dict[str, Any], *, second_environment: bool = False) -> Any:
        """One invocation, after any other of the same function ends; `second_environment`
        plays another instance running alongside (for tests of workers that must be safe
        when SQS hands the same message to two of them)."""
        if second_environment:
            return self._invoke(function_id, event)
        with self._environments[function_id]:
            return self._invoke(function_id, event)

    def _invoke(self, function_id: str, event: dict[str, Any]) -> Any:
        memory = int(self.stack.template.function_property(function_id, "MemorySize") or 128)
        context = LocalContext(
            function_name=self.stack.ref(function_id),
            memory_limit_in_mb=memory,
            invoked_function_arn=self.stack.attribute(function_id, "Arn"),
            aws_request_id=str(uuid.uuid4()),
        )
        return self.handler(function_id)(event, context)


def _serves_http(spec: dict[str, Any]) -> bool:
    return any(event.get("Type") == "HttpApi" for event in (spec["Properties"].get("Events") or {}).values())
