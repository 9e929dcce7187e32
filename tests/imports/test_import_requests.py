"""A large import costs batch writes, no per-row round trips. Counts requests, never wall time
(bench/import_bench.py measures the time of 20,000 rows). `make test` imports IMPORT_ROWS
(5,000) rows; `make soak` the 20,000 a file may hold."""

from __future__ import annotations

import os

from bench.import_bench import counted_requests, linkedin_export
from tests.conftest import ApiClient
from tests.imports.helpers import post_file

ROWS = int(os.environ.get("IMPORT_ROWS", "5000"))


def test_a_large_import_costs_about_40_requests_per_1000_rows(api: ApiClient) -> None:
    rows = ROWS
    data = linkedin_export(rows)
    with counted_requests() as requests:
        reply = post_file(api, data)
    assert reply.status == 200
    assert (reply.body["new"], reply.body["failed"]) == (rows, 0)
    # 25 contacts per BatchWriteItem, the network read once, and the profile: nothing per row
    assert requests["BatchWriteItem"] == rows // 25
    assert requests["Query"] == 1
    assert sum(requests.values()) - requests["BatchWriteItem"] <= 8  # a few, whatever the rows
    assert sum(requests.values()) * 1000 / rows <= 42
