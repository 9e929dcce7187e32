"""How long reading an import file takes on hostile files, per MB, next to real exports.

    .venv/bin/python -m bench.import_hostile [MB] [case ...]

MB is the size of the largest files (default 4, the largest body POST /imports takes); naming
cases (any part of their label, e.g. `short`) runs only those.

Times what an attacker's bytes drive inside the transfer function: `formats.read_file`
(detecting, decoding and parsing the file, settling every row) and `plan_import` (matching
the rows against an empty network and against each other), in-process and without DynamoDB,
whose writes are bounded by the row limit whatever the file says. The cases: the real
exports in ../shared/corpus/imports and a 20,000-row LinkedIn export (the normal figures),
then one vCard property folded over a whole file (quoted-printable soft breaks, and leading
spaces), as many tiny cards as fit under the row limit and as fit in the file, cards just
under the per-card size limit, one CSV cell as large as the file, a cell of nothing but
doubled quotes, and a LinkedIn file of one name and company repeated with a different
profile on every row (nobody merges, every row is compared with every name-alike).
Prints a table; writes bench/results/import_hostile.json.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bench.harness import ROOT, table, write_result
from bench.import_bench import linkedin_export
from tracker.domain.errors import PayloadTooLarge
from tracker.formats import MAX_ROWS, read_file
from tracker.formats.merge import plan_import

NOW = datetime(2026, 11, 27, 14, tzinfo=UTC)
CORPUS = ROOT.parent / "shared" / "corpus" / "imports"
MIN_SECONDS = 1.0  # small files are read again until this much time has passed
CARD_LIMIT = 256 * 1024


@dataclass
class Outcome:
    case: str
    size: int
    seconds: float
    result: str

    @property
    def megabytes(self) -> float:
        return self.size / 1e6

    @property
    def seconds_per_mb(self) -> float:
        return self.seconds / self.megabytes

    def row(self) -> list[str]:
        return [
            self.case,
            f"{self.megabytes:.2f}",
            f"{self.seconds:.3f}",
            f"{self.seconds_per_mb:.3f}",
            self.result,
        ]


def imported(data: bytes) -> str:
    """What one file comes to, read and matched as POST /imports does."""
    try:
        parsed = read_file(data)
    except PayloadTooLarge as refused:
        return f"refused: {refused}"[:60]
    plan = plan_import(parsed.people, [], {}, now=NOW, default_cadence_days=30)
    return f"{len(plan.new)} new, {len(parsed.errors)} errors, {len(plan.merged_rows)} merged"


def timed(case: str, files: list[bytes]) -> Outcome:
    """Every file read at least once; small ones again until MIN_SECONDS, the time being per pass."""
    passes, seconds, results = 0, 0.0, [""]
    while passes == 0 or seconds < MIN_SECONDS:
        started = time.perf_counter()
        results = [imported(data) for data in files]
        seconds += time.perf_counter() - started
        passes += 1
    result = results[0] if len(results) == 1 else f"{len(files)} files"
    return Outcome(case, sum(len(data) for data in files), seconds / passes, result)


def repeated(head: bytes, unit: bytes, tail: bytes, size: int) -> bytes:
    """head + unit * n + tail, about `size` bytes."""
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def qp_folded_vcard(size: int) -> bytes:
    """One quoted-printable NOTE, soft-broken ('=' at the line end) every 76 bytes."""
    head = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Folded Note\r\nNOTE;ENCODING=QUOTED-PRINTABLE:"
    return repeated(head, b"=C3=A9" * 12 + b"=\r\n", b"x\r\nEND:VCARD\r\n", size)


def qp_short_lines_vcard(size: int) -> bytes:
    """The same with one encoded byte a line: the most joins a file of that size can ask for."""
    head = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Folded Note\r\nNOTE;ENCODING=QUOTED-PRINTABLE:"
    return repeated(head, b"=41=\r\n", b"x\r\nEND:VCARD\r\n", size)


def space_folded_vcard(size: int) -> bytes:
    """One NOTE folded (a leading space) every 76 bytes."""
    head = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded Note\r\nNOTE:"
    return repeated(head, b"y" * 73 + b"\r\n ", b"x\r\nEND:VCARD\r\n", size)


def tiny_cards(count: int) -> bytes:
    return b"".join(b"BEGIN:VCARD\r\nFN:c%07d\r\nEND:VCARD\r\n" % number for number in range(count))


def cards_at_the_limit(size: int) -> bytes:
    """Cards with a NOTE just under the per-card limit, as many as fit in `size`."""
    note = b"NOTE:" + b"z" * (CARD_LIMIT - 1024) + b"\r\nEND:VCARD\r\n"
    count = max(1, size // (len(note) + 40))
    return b"".join(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Note %d\r\n" % n + note for n in range(count))


def huge_csv_cell(size: int) -> bytes:
    head = b'First Name,Last Name,Email Address,Company,Notes\r\nAna,Lima,ana@example.org,Acme,"'
    return repeated(head, b"note, text ", b'"\r\n', size)


def doubled_quotes_csv(size: int) -> bytes:
    head = b'First Name,Last Name,Email Address,Company,Notes\r\nAna,Lima,ana@example.org,Acme,"'
    return repeated(head, b'""', b'"\r\n', size)


def name_alikes(rows: int) -> bytes:
    header = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    return header + b"".join(
        b"Ana,Lima,https://www.linkedin.com/in/ana-lima-%d,,Acme,Engineer,1 Mar 2024\r\n" % number
        for number in range(rows)
    )


def wide_header(size: int, *, own: bool) -> bytes:
    """A header of as many columns as half the file holds, then short rows up to the row limit
    (this app's own export, or an address book's CSV whose every extra column is an email)."""
    first = b"record,id,name,contact_id,when" if own else b"First Name,Last Name,Company"
    extra = b",c%06d" if own else b",e-mail %06d - value"
    columns = (size // 2 - len(first)) // len(extra % 0)
    header = first + b"".join(extra % n for n in range(columns)) + b"\r\n"
    row = b"contact,%06d,Ana %06d\r\n" if own else b"Ana,Lima %06d,Acme %06d\r\n"
    rows = min(MAX_ROWS, (size - len(header)) // len(row % (0, 0)))
    return header + b"".join(row % (n, n) for n in range(rows))


def corpus_files() -> list[bytes]:
    return [path.read_bytes() for path in sorted(CORPUS.rglob("*")) if path.suffix in {".csv", ".vcf"}]


def cases(size: int) -> list[tuple[str, Callable[[], list[bytes]]]]:
    per_card = len(tiny_cards(1))
    return [
        ("corpus (real exports)", corpus_files),
        ("LinkedIn, 20,000 rows", lambda: [linkedin_export(20_000)]),
        ("vCard QP-folded, 1 MB", lambda: [qp_folded_vcard(1_000_000)]),
        ("vCard QP-folded, full", lambda: [qp_folded_vcard(size)]),
        ("vCard QP, short lines, 1 MB", lambda: [qp_short_lines_vcard(1_000_000)]),
        ("vCard QP, short lines, full", lambda: [qp_short_lines_vcard(size)]),
        ("vCard space-folded, 1 MB", lambda: [space_folded_vcard(1_000_000)]),
        ("vCard space-folded, full", lambda: [space_folded_vcard(size)]),
        (f"tiny cards, {MAX_ROWS:,}", lambda: [tiny_cards(MAX_ROWS)]),
        (f"tiny cards, {size // per_card:,}", lambda: [tiny_cards(size // per_card)]),
        ("cards at the size limit", lambda: [cards_at_the_limit(size)]),
        ("CSV one huge cell", lambda: [huge_csv_cell(size)]),
        ("CSV doubled quotes", lambda: [doubled_quotes_csv(size)]),
        ("CSV wide header", lambda: [wide_header(size, own=False)]),
        ("own CSV wide header", lambda: [wide_header(size, own=True)]),
        (f"CSV {MAX_ROWS:,} name-alikes", lambda: [name_alikes(MAX_ROWS)]),
    ]


def main() -> None:
    numbers = [argument for argument in sys.argv[1:] if argument.replace(".", "").isdigit()]
    size = int(float(numbers[0]) * 1024 * 1024) if numbers else 4 * 1024 * 1024
    chosen = [argument for argument in sys.argv[1:] if argument not in numbers]
    outcomes: list[Outcome] = []
    for case, build in cases(size):
        if chosen and not any(name in case for name in chosen):
            continue
        if case.startswith("corpus") and not CORPUS.is_dir():
            print(f"{case}: skipped, {CORPUS} is not beside this checkout")
            continue
        outcome = timed(case, build())
        outcomes.append(outcome)
        print(f"  {case}: {outcome.seconds:.3f} s", flush=True)
    print("\nReading and matching an import file (read_file + plan_import, no DynamoDB)\n")
    print(table([o.row() for o in outcomes], ["case", "MB", "seconds", "s per MB", "result"]))
    normal = next((o for o in outcomes if o.case.startswith("corpus")), None)
    if normal is not None:
        worst = max(outcomes, key=lambda o: o.seconds_per_mb)
        ratio = worst.seconds_per_mb / normal.seconds_per_mb
        print(f"\nworst: {worst.case}, {ratio:.1f} x the corpus's time per MB")
    path = write_result(
        "import_hostile",
        [
            {
                "case": o.case,
                "bytes": o.size,
                "seconds": round(o.seconds, 4),
                "seconds_per_mb": round(o.seconds_per_mb, 4),
                "result": o.result,
            }
            for o in outcomes
        ],
    )
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
