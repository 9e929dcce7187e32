from __future__ import annotations

import pytest

from tracker.domain import cursor
from tracker.domain.errors import InvalidInput
from tracker.domain.ids import is_id, new_id


def test_cursors_round_trip_and_are_opaque() -> None:
    token = cursor.encode("01jdx4m6q8a9b0c1d2e3f4g5h6")
    assert "01jdx" not in token
    assert cursor.decode(token) == "01jdx4m6q8a9b0c1d2e3f4g5h6"


@pytest.mark.parametrize("token", ["", "!!!", "e30", cursor.encode("x" * 400), "eyJhZnRlciI6IDF9"])
def test_bad_cursors_are_invalid_input_about_the_cursor(token: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        cursor.decode(token)
    assert raised.value.field == "cursor"


def test_a_cursor_must_point_where_it_is_used() -> None:
    with pytest.raises(InvalidInput):
        cursor.decode(cursor.encode("INTERACTION#other"), prefix="CONTACT#")


def test_ids_are_unique_sortable_and_recognised() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    assert all(is_id(value) for value in ids)
    assert ids[0][:8] <= ids[-1][:8]  # time-ordered prefix
    assert not is_id("CONTACT#01jdx4m6q8a9b0c1d2e3f4g5h6")
    assert not is_id("01JDX4M6Q8A9B0C1D2E3F4G5H6")
