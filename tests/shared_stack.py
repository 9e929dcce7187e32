"""One mocked account per test process, provisioned from template.yaml once and emptied
between tests, instead of a new account provisioned for every test (about 1.1 s each).

Emptying puts back what a freshly provisioned account holds: no items in the table, no
messages in the queues, no email or text sent, no sign-in users, the default opted-out
numbers. A test that changed the resources themselves (made or deleted a table, queue, topic,
user pool, secret, identity) leaves an account of another shape: the next test then gets a
newly provisioned one, so nothing a test does reaches the next.

moto's mock is switched on only while a test uses the account (`running()`), with its data
kept in between: a test that starts a `mock_aws()` of its own while ours is off starts from
nothing, as it expects (moto resets every backend when the first mock starts); the shape
check then notices that ours is gone.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from moto import mock_aws
from moto.cognitoidp.models import cognitoidp_backends
from moto.dynamodb.models import dynamodb_backends
from moto.secretsmanager.models import secretsmanager_backends
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends
from moto.sqs.models import sqs_backends

from local.provision import Stack, provision
from local.template import ACCOUNT_ID, REGION, Template

PUBLIC_BASE_URL = "https://tracker.example.org"


def _backend(backends: Any) -> Any:
    return backends[ACCOUNT_ID][REGION]


def _shape() -> tuple[Any, ...]:
    """What provisioning made (not what the app wrote): if this changes, the account is rebuilt."""
    cognito = _backend(cognitoidp_backends)
    ses = _backend(ses_backends)
    return (
        tuple(sorted(_backend(dynamodb_backends).tables)),
        tuple(sorted(_backend(sqs_backends).queues)),
        tuple(sorted(_backend(sns_backends).topics)),
        tuple(sorted(_backend(sns_backends).subscriptions)),
        tuple(
            (pool_id, tuple(sorted(pool.clients)), tuple(sorted(pool.groups)))
            for pool_id, pool in sorted(cognito.user_pools.items())
        ),
        tuple(sorted(_backend(secretsmanager_backends).secrets.keys())),
        tuple(sorted(ses.config_sets)),
        tuple(sorted(str(identity) for identity in getattr(ses, "email_identities", {}))),
    )


class SharedStack:
    """The process's mocked account (see the module's docstring)."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self._mock = mock_aws()
        self._stack: Stack | None = None
        self._shape: tuple[Any, ...] | None = None
        self._opted_out: list[str] = []
        self.provisioned = 0  # how many times it was (re)built, for the curious
        self.emptied = 0

    @contextmanager
    def running(self) -> Iterator[Stack]:
        """The account, clean, with every function's environment applied, while the block runs."""
        self._mock.start(reset=False)
        try:
            stack = self._clean()
            for function_id in self.template.of_type("AWS::Serverless::Function"):
                os.environ.update(stack.function_environment(function_id))
            os.environ["PUBLIC_BASE_URL"] = PUBLIC_BASE_URL
            yield stack
        finally:
            self._mock.stop(remove_data=False)

    def _clean(self) -> Stack:
        if self._stack is not None and _shape() == self._shape:
            self._empty()
            self.emptied += 1
            return self._stack
        self._mock.reset()  # every backend of the mocked account, then the template again
        self._stack = provision(self.template)
        self._shape = _shape()
        self._opted_out = list(_backend(sns_backends).opt_out_numbers)
        self.provisioned += 1
        return self._stack

    def _empty(self) -> None:
        for table in _backend(dynamodb_backends).tables.values():
            table.items.clear()
        for queue in _backend(sqs_backends).queues.values():
            with queue._messages_lock:
                queue._messages.clear()
                queue._pending_messages.clear()
                queue.deleted_messages.clear()
        sns = _backend(sns_backends)
        sns.sms_messages.clear()
        sns.sms_message_objects.clear()
        sns.opt_out_numbers = copy.copy(self._opted_out)
        ses = _backend(ses_backends)
        ses.sent_messages.clear()
        ses.sent_message_count = 0
        ses.rejected_messages_count = 0
        for pool in _backend(cognitoidp_backends).user_pools.values():
            pool.users.clear()
            for group in pool.groups.values():
                group.users.clear()
            for tokens in (pool.refresh_tokens, pool.access_tokens, pool.id_tokens):
                tokens.clear()
