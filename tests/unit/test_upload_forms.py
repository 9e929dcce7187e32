"""Reading the Import page's upload: the text fields and the one file, whatever the bytes."""

from __future__ import annotations

from tracker.web.forms import parse_upload

BOUNDARY = "----b0undary"
TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def part(headers: str, data: bytes) -> bytes:
    return f"--{BOUNDARY}\r\n{headers}\r\n\r\n".encode() + data + b"\r\n"


def test_the_file_keeps_its_bytes_and_its_name_and_the_fields_their_text() -> None:
    data = b"\xff\xfeN\x00a\x00\r\n\x00binary\r\n--not-a-boundary\r\n"
    body = (
        part('Content-Disposition: form-data; name="csrf"', "tökén".encode())
        + part(
            "Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''Zo%C3%AB%20%22c%22.vcf\r\n"
            "Content-Type: text/vcard",
            data,
        )
        + f"--{BOUNDARY}--\r\n".encode()
    )
    upload = parse_upload(body, TYPE)
    assert upload.fields.first("csrf") == "tökén"
    assert upload.file == data
    assert upload.file_name == 'Zoë "c".vcf'


def test_no_file_chosen_a_text_field_named_file_or_no_multipart_is_no_file() -> None:
    chosen_nothing = part('Content-Disposition: form-data; name="file"; filename=""', b"")
    assert parse_upload(chosen_nothing + f"--{BOUNDARY}--\r\n".encode(), TYPE).file == b""
    as_text = part('Content-Disposition: form-data; name="file"', b"First Name\r\nAna")
    assert parse_upload(as_text + f"--{BOUNDARY}--\r\n".encode(), TYPE).file is None
    assert parse_upload(b"csrf=x&file=y", "application/x-www-form-urlencoded").file is None
    assert parse_upload(b"csrf=x&file=y", "application/x-www-form-urlencoded").fields.first("csrf") == "x"
    no_boundary = parse_upload(b"anything at all", "multipart/form-data")
    assert (no_boundary.file, no_boundary.fields.first("csrf")) == (None, "")
