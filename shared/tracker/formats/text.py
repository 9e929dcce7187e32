"""Bytes as they come off a phone, a mail client or a spreadsheet, turned into text.

Seen in real exports: UTF-8 with and without a BOM, UTF-16 with and without a BOM (Apple),
Windows code pages (Outlook, old vCards), Shift_JIS (Japanese phones), and CR CR LF line ends.
"""

from __future__ import annotations

import codecs
import re

from tracker.domain.errors import N_, InvalidInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Code pages that contact exports are actually written in; guessing among all of them
# would let a rare one (Urdu, EBCDIC) win on a short sample.
LIKELY_CHARSETS = [
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859_2",
    "iso8859_15",
    "mac_roman",
    "cp932",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
    "koi8_r",
]
FALLBACK_CHARSET = "cp1252"
LINE_BREAK = re.compile(r"\r*\n|\r")


def to_utf8(raw: bytes) -> bytes:
    """UTF-16/32 (with or without a BOM) re-encoded as UTF-8; any other bytes as they are,
    less a UTF-8 BOM. Everything after this step is ASCII-compatible."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _transcode(raw[len(bom) :], encoding)
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return _transcode(raw, utf16)
    return raw


def decode(raw: bytes) -> str:
    """The whole file as text: UTF-8 when it is valid UTF-8, else the likeliest code page."""
    data = to_utf8(raw)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(guess_charset(data), errors="replace")


def guess_charset(data: bytes) -> str:
    """The likeliest legacy code page of bytes that are not UTF-8."""
    from charset_normalizer import from_bytes

    sample = data if len(data) <= 200_000 else data[:100_000] + data[-100_000:]
    best = from_bytes(sample, cp_isolation=LIKELY_CHARSETS).best()
    return best.encoding if best is not None else FALLBACK_CHARSET


def decode_value(data: bytes, charset: str | None, fallback: str) -> str:
    """One value whose charset a vCard may name; undecodable bytes never stop an import."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(fallback, errors="replace")


def _transcode(data: bytes, encoding: str) -> bytes:
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            N_("The file looks like {encoding} but is not valid {encoding}"),
            field="body",
            encoding=encoding.upper(),
        ) from error


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text of mostly ASCII characters has a zero in every other byte."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    return None
