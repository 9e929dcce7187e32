"""How a vCard's physical lines become properties (formats/vcards.py): folds and soft breaks
joined however they are cut, a colon inside a quoted parameter not taken for the value's
start, and a card too large to read named by its position while the others import."""

from __future__ import annotations

from tracker.formats import read_file
from tracker.formats.vcards import MAX_CARD_BYTES


def card(*lines: bytes) -> bytes:
    return b"BEGIN:VCARD\r\nVERSION:2.1\r\n" + b"".join(line + b"\r\n" for line in lines) + b"END:VCARD\r\n"


def test_soft_breaks_and_folds_are_joined_however_the_lines_are_cut() -> None:
    parsed = read_file(
        card(
            b"FN:Ana Lima",
            # A soft break, a line holding only '=', an encoded character cut across two
            # lines, an empty line after a soft break, then a fold
            b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Caf=",
            b"=",
            b"=C3=",
            b"=A9 au lait=",
            b"",
            b"  ok",
        )
        + card(b"FN:Bo", b"  Sato", b"TITLE:Head", b"\tof", b" ", b"  Design")
    )
    ana, bo = parsed.people
    assert ana.notes == "Café au lait ok"
    assert (bo.name, bo.role) == ("Bo Sato", "Headof Design")


def test_a_colon_inside_a_quoted_parameter_is_not_where_the_value_starts() -> None:
    parsed = read_file(
        card(
            b'FN;X-SOURCE="app:contacts":Ana Lima',
            b'EMAIL;X-LABEL="home: main";TYPE=INTERNET:ana@example.org',
            b'X-UNCLOSED;X-LABEL="no end:ignored',
        )
    )
    [ana] = parsed.people
    assert (ana.name, ana.email) == ("Ana Lima", "ana@example.org")


def test_a_card_over_the_size_limit_is_an_error_of_its_own_and_the_next_card_imports() -> None:
    note = b"NOTE:" + b"\r\n ".join([b"x" * 70] * (MAX_CARD_BYTES // 70 + 1))
    parsed = read_file(card(b"FN:Huge", note) + card(b"FN:Bo Sato"))
    assert [person.name for person in parsed.people] == ["Bo Sato"]
    assert [(problem.row, problem.message) for problem in parsed.errors] == [
        (1, "card is larger than 256 KB and was not read")
    ]
