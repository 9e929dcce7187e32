"""SnapStart (template.yaml, parameter SnapStart): what runs before Lambda snapshots an
initialised environment, and after it resumes one of the copies.

Lambda resumes many environments from one snapshot, so nothing made at import may have to
differ between them. The handlers make no connection, client, secret, clock reading or random
draw as they load (tests/unit/test_snapshot_safety.py); what the interpreter itself made, the
`random` module's state, is re-seeded after each restore (retries' jitter must not be the same
sequence in every copy). Before the snapshot, a function may load the code its requests need
(`before_snapshot(prime, ...)`), which a restored copy then has without paying for it.

The hooks come from snapshot_restore_py, which Lambda's managed Python runtimes include;
elsewhere (tests, the local stack) there is no snapshot, and registering does nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

try:
    from snapshot_restore_py import (  # type: ignore[import-not-found, unused-ignore]
        register_after_restore,
        register_before_snapshot,
    )
except ImportError:  # not in Lambda's runtime: never snapshotted, so the hooks never run

    def register_before_snapshot(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return func

    def register_after_restore(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return func


def before_snapshot(func: Callable[..., Any], *args: Any) -> None:
    """Run `func(*args)` once before Lambda takes the snapshot (only code and data that are the
    same in every copy: imports, route tables)."""
    register_before_snapshot(func, *args)


@register_after_restore
def reseed_random() -> None:
    """Each restored copy draws its own random numbers (seeded from the OS, as at start-up)."""
    random.seed()
