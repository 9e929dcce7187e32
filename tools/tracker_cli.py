"""Import a contacts file into, or export a network from, a Networking Tracker API.

    python tools/tracker_cli.py import Connections.csv [--dry-run]
    python tools/tracker_cli.py export --format csv -o network.csv

Against a deployment: --api https://<id>.execute-api.<region>.amazonaws.com --token <ID token>
(or TRACKER_API / TRACKER_TOKEN). Against the local stack (`make run`): the API defaults to
http://127.0.0.1:$PORT (3000 without PORT, as `make run`) and --as <email> takes a dev token
for that demo user from /_local/tokens. Large CSV and vCard files are sent in parts of --rows
rows (the API takes 4 MB a request), with a progress bar; row numbers in the report are the
file's own. Whatever goes wrong (a missing file, an API out of reach) is one line on stderr
and a non-zero exit.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import http.client
import io
import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shared"))

from tracker.formats import csv_formats, own_format, text, vcards

COUNTS = ("new", "updated", "unchanged", "skipped", "failed", "conversations_added")
SINGLE_REQUEST_BYTES = 1024 * 1024


@dataclass
class Part:
    body: bytes
    rows: int
    original_row: dict[int, int] = field(default_factory=dict)  # row in the part -> row in the file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--api", default=default_api(), help="the API's URL (default: %(default)s)")
    parser.add_argument("--token", default=os.environ.get("TRACKER_TOKEN"))
    parser.add_argument("--as", dest="local_user", help="local stack only: act as this demo user (email)")
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser(
        "import", help="import a LinkedIn, Google, Outlook, vCard or own CSV file"
    )
    importing.add_argument("file", type=Path)
    importing.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    importing.add_argument("--rows", type=int, default=2000, help="rows per request for large files")
    importing.add_argument(
        "--part-over",
        type=int,
        default=SINGLE_REQUEST_BYTES,
        metavar="BYTES",
        help="send files larger than this in parts (default: 1 MB)",
    )
    exporting = commands.add_parser("export", help="export every contact and conversation")
    exporting.add_argument("--format", choices=["csv", "json"], default="csv")
    exporting.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    options = parser.parse_args(argv)
    api = options.api.rstrip("/")
    if not options.token and not options.local_user:
        parser.error("give --token (or TRACKER_TOKEN), or --as <demo email> against the local stack")
    try:
        token = options.token or local_token(api, options.local_user)
        if options.command == "import":
            return import_file(
                api,
                token,
                options.file,
                dry_run=options.dry_run,
                rows=options.rows,
                part_over=options.part_over,
            )
        return export(api, token, options.format, options.output)
    except ApiError as error:
        return fail(str(error))
    except OSError as error:  # a file that is missing, a folder, not readable or not writable
        where = f"{error.filename}: " if error.filename else ""
        return fail(f"{where}{error.strerror or error}")
    except KeyboardInterrupt:
        return fail("interrupted", status=130)


def default_api() -> str:
    """TRACKER_API, else the local stack on PORT (as `make run` and `python -m local` use it)."""
    return os.environ.get("TRACKER_API") or f"http://127.0.0.1:{os.environ.get('PORT') or 3000}"


def fail(message: str, status: int = 1) -> int:
    """One line on stderr, no traceback: what went wrong, in the user's terms."""
    print(f"error: {message}", file=sys.stderr)
    return status


class ApiError(Exception):
    pass


def request(
    api: str, token: str | None, method: str, path: str, body: bytes | None = None
) -> tuple[bytes, Any]:
    headers = {"Accept-Encoding": "gzip"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/octet-stream"
    try:
        call = urllib.request.Request(f"{api}{path}", data=body, method=method, headers=headers)  # noqa: S310
    except ValueError as error:  # not a URL at all
        raise ApiError(f"{api} is not an API address ({error})") from error
    try:
        with urllib.request.urlopen(call, timeout=60) as response:  # noqa: S310 - the API URL the user gave
            raw, encoding = response.read(), response.headers.get("Content-Encoding")
    except urllib.error.HTTPError as error:
        detail = error.read()
        try:
            message = json.loads(detail)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = detail.decode("utf-8", "replace")[:300]
        raise ApiError(f"{error.code}: {message}") from error
    except urllib.error.URLError as error:
        raise ApiError(f"cannot reach {api}: {error.reason}") from error
    except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out mid-answer
        raise ApiError(f"cannot reach {api}: {error or type(error).__name__}") from error
    if encoding == "gzip":
        raw = gzip.decompress(raw)
    return raw, response.headers


def answer(raw: bytes, api: str) -> Any:
    """The API's JSON answer; anything else means the address is not this API."""
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ApiError(f"{api} did not answer as the Networking Tracker API does") from error


def local_token(api: str, email: str) -> str:
    raw, _ = request(api, None, "GET", "/_local/tokens")
    try:
        tokens = answer(raw, api)["tokens"]
    except (KeyError, TypeError) as error:
        raise ApiError(f"{api} did not answer as the local stack does") from error
    for entry in tokens:
        if entry.get("email") == email:
            return str(entry["token"])
    raise ApiError(f"no demo user {email} at {api}/_local/tokens")


def parts_of(data: bytes, rows_per_part: int, part_over: int = SINGLE_REQUEST_BYTES) -> list[Part]:
    """The file as requests: whole when small, else in parts of whole rows (or cards)."""
    if len(data) <= part_over:
        return [Part(data, rows=0)]
    utf8 = text.to_utf8(data)
    if vcards.looks_like_vcard(utf8):
        cards = [card + b"END:VCARD\r\n" for card in utf8.split(b"END:VCARD")[:-1]]
        return [
            Part(
                b"".join(cards[i : i + rows_per_part]),
                len(cards[i : i + rows_per_part]),
                {n + 1: i + n + 1 for n in range(len(cards[i : i + rows_per_part]))},
            )
            for i in range(0, len(cards), rows_per_part)
        ]
    header, records = csv_formats.split_records(text.decode(data))
    if own_format.is_own_header([csv_formats.normalised_header(c) for c in header]):
        return [Part(data, rows=len(records))]  # conversations refer to contacts: one request
    parts = []
    for start in range(0, len(records), rows_per_part):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        mapping: dict[int, int] = {}
        for line, cells in records[start : start + rows_per_part]:
            mapping[out.getvalue().count("\n") + 1] = line
            writer.writerow(cells)
        parts.append(Part(out.getvalue().encode("utf-8"), len(mapping), mapping))
    return parts


def progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows", end="", file=sys.stderr, flush=True
    )


def import_file(
    api: str, token: str, path: Path, *, dry_run: bool, rows: int, part_over: int = SINGLE_REQUEST_BYTES
) -> int:
    parts = parts_of(path.read_bytes(), rows, part_over)
    total = sum(part.rows for part in parts)
    totals = dict.fromkeys(COUNTS, 0)
    problems: list[tuple[int, str, str]] = []
    file_format = ""
    done = 0
    query = "?dry_run=true" if dry_run else ""
    for part in parts:
        raw, _ = request(api, token, "POST", f"/imports{query}", part.body)
        report = answer(raw, api)
        try:
            file_format = report["format"]
            for name in COUNTS:
                totals[name] += report[name]
            for kind in ("errors", "warnings", "skipped_rows"):
                for problem in report[kind]:
                    row = part.original_row.get(problem["row"], problem["row"])
                    problems.append((row, kind, problem["reason"]))
            done += part.rows or report["rows"]
        except (KeyError, TypeError) as error:
            raise ApiError(f"{api} answered the import with a report this tool cannot read") from error
        if len(parts) > 1:
            progress(done, total)
    if len(parts) > 1:
        print(file=sys.stderr)
    verb = "would be" if dry_run else "were"
    print(f"{path.name} ({file_format}): " + ", ".join(f"{totals[n]} {n.replace('_', ' ')}" for n in COUNTS))
    if dry_run:
        print(f"Dry run: nothing {verb} written.")
    for row, kind, reason in sorted(problems):
        print(f"  row {row}: {kind.rstrip('s').replace('_row', '')}: {reason}")
    return 0


def export(api: str, token: str, file_format: str, output: Path | None) -> int:
    raw, _ = request(api, token, "GET", f"/export?format={file_format}")
    if output is None:
        sys.stdout.write(raw.decode("utf-8"))
    else:
        output.write_bytes(raw)
        print(f"Wrote {output} ({len(raw):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
