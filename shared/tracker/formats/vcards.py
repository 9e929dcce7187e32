"""vCard files (2.1, 3.0, 4.0) from phones, mail clients and address books.

vobject reads each card. Before it does, each card's lines are made plain: line ends of any
kind (CR CR LF from iOS, mixed from macOS) unified, folded lines joined, quoted-printable
values decoded in the charset their line names (UTF-8, Shift_JIS, windows-1252, or a guess
for old clients that name none), and binary properties such as photos dropped. One card
that still cannot be read is reported by its position and never stops the others, and so is
one whose properties come to more than MAX_CARD_BYTES (photos and other dropped properties
aside, so a real card with a large photo still imports).
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field
from typing import Any

from tracker.domain.errors import N_, PayloadTooLarge
from tracker.domain.model import Contact
from tracker.formats import text
from tracker.formats.parsed import FileFormat, ParsedFile
from tracker.formats.people import ImportedPerson, address_book_labels, row_problem

# Only the properties that become contact fields are handed to vobject.
KEPT = {
    "BEGIN",
    "END",
    "VERSION",
    "FN",
    "N",
    "NICKNAME",
    "EMAIL",
    "TEL",
    "ORG",
    "TITLE",
    "ROLE",
    "NOTE",
    "URL",
    "CATEGORIES",
    "X-SOCIALPROFILE",
}
MAX_CARD_BYTES = 256 * 1024
_LINE_BREAK = re.compile(rb"\r*\n|\r")
_NAME = re.compile(rb"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")


def looks_like_vcard(data: bytes) -> bool:
    return b"BEGIN:VCARD" in data[:2048].upper()


@dataclass
class _Line:
    head: bytes  # [group.]NAME[;params]
    value: bytes
    quoted_printable: bool = False

    @property
    def name(self) -> str:
        found = _NAME.match(self.head)
        return found.group(1).decode("ascii").upper() if found else ""


@dataclass
class _Card:
    number: int
    lines: list[_Line] = field(default_factory=list)
    size: int = 0  # bytes of the kept properties, counted until the card is too large

    @property
    def too_large(self) -> bool:
        return self.size > MAX_CARD_BYTES

    def keep(self, line: _Line) -> None:
        """A property kept for reading, while the card is within its size; past it, none
        are (the card is reported, never decoded, guessed at or handed to vobject)."""
        if self.too_large:
            return
        self.size += len(line.head) + len(line.value) + 3  # ':' and a line end
        self.lines.append(line)
        if self.size > MAX_CARD_BYTES:
            self.lines.clear()


def read_vcards(raw: bytes, *, max_rows: int) -> ParsedFile:
    data = text.to_utf8(raw)
    cards = list(_cards(_logical_lines(data)))
    parsed = ParsedFile(FileFormat.VCARD, rows=len(cards))
    if len(cards) > max_rows:
        raise PayloadTooLarge(
            N_("The file has more than {most} cards; import it in parts"), field="body", most=max_rows
        )
    fallback = _Fallback(cards)
    for card in cards:
        if card.too_large:
            parsed.errors.append(
                row_problem(
                    card.number,
                    N_("card is larger than {size} KB and was not read"),
                    size=MAX_CARD_BYTES // 1024,
                )
            )
            continue
        try:
            person = _person(card, fallback)
        except Exception as error:  # one unreadable card must not stop the others
            reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            parsed.errors.append(
                row_problem(card.number, N_("card could not be read ({reason})"), reason=reason)
            )
            continue
        if person is None:
            parsed.skipped.append(row_problem(card.number, N_("card has no name, email address or phone")))
            continue
        parsed.people.append(person)
    return parsed


class _Fallback:
    """The code page of values that name no charset and are not UTF-8, guessed once a file
    from all such values together (one short name alone says too little)."""

    def __init__(self, cards: list[_Card]) -> None:
        self._cards = cards
        self._charset: str | None = None

    @property
    def charset(self) -> str:
        if self._charset is None:
            samples = [
                value
                for card in self._cards
                for line in card.lines
                if b"CHARSET=" not in line.head.upper()
                for value in [quopri.decodestring(line.value) if line.quoted_printable else line.value]
                if not _is_utf8(value)
            ]
            self._charset = text.guess_charset(b"\n".join(samples))
        return self._charset


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _split_head(line: bytes) -> tuple[bytes, bytes] | None:
    """`head:value`, the colon being the first one outside a quoted parameter value. Each
    search stops at the next quote, so a line of many quotes is still read once."""
    start = 0
    while True:
        quote = line.find(b'"', start)
        colon = line.find(b":", start, len(line) if quote < 0 else quote)
        if colon >= 0:
            return line[:colon], line[colon + 1 :]
        if quote < 0:
            return None
        start = line.find(b'"', quote + 1) + 1  # past the quoted value
        if start == 0:
            return None  # a quote never closed: no colon outside it


def _params(head: bytes) -> list[bytes]:
    parts: list[bytes] = []
    quoted = False
    start = 0
    for index, byte in enumerate(head):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3B and not quoted:
            parts.append(head[start:index])
            start = index + 1
    parts.append(head[start:])
    return parts


def _is_qp(head: bytes) -> bool:
    return any(
        param.strip().upper() in {b"ENCODING=QUOTED-PRINTABLE", b"QUOTED-PRINTABLE"}
        for param in _params(head)[1:]
    )


def _logical_lines(data: bytes) -> list[_Line]:
    """Physical lines joined: folding (a leading space or tab) and quoted-printable soft
    breaks (a trailing '='). A line's pieces are joined once, when the next line starts:
    joining as they come copies the value so far on every fold, which made one property
    folded over a 4 MB file take minutes."""
    lines: list[_Line] = []
    pieces: list[bytes] = []  # of the last line
    for physical in _LINE_BREAK.split(data):
        current = lines[-1] if lines else None
        if current is not None and current.quoted_printable and pieces and pieces[-1].endswith(b"="):
            pieces[-1] = pieces[-1][:-1]  # the soft break's '=' goes; the next line carries on
            if not pieces[-1]:
                pieces.pop()
            if physical:
                pieces.append(physical)
            continue
        if current is not None and physical[:1] in (b" ", b"\t"):
            if len(physical) > 1:
                pieces.append(physical[1:])
            continue
        if not physical.strip():
            continue
        split = _split_head(physical)
        if split is None:
            continue  # base64 debris or a comment; never a property
        if lines:
            lines[-1].value = b"".join(pieces)
        head, value = split
        lines.append(_Line(head.strip(), b"", _is_qp(head)))
        pieces = [value] if value else []
    if lines:
        lines[-1].value = b"".join(pieces)
    return lines


def _cards(lines: list[_Line]) -> list[_Card]:
    cards: list[_Card] = []
    card: _Card | None = None
    depth = 0
    for line in lines:
        name, value = line.name, line.value.strip().upper()
        if name == "BEGIN" and value == b"VCARD":
            depth += 1
            if depth == 1:
                card = _Card(len(cards) + 1)
                cards.append(card)
            continue
        if name == "END" and value == b"VCARD":
            depth = max(0, depth - 1)
            continue
        if card is not None and depth == 1 and name in KEPT:
            card.keep(line)
    return cards


def _plain_line(line: _Line, fallback: _Fallback) -> str:
    """One property as clean UTF-8 vCard text: charset and transfer encoding applied."""
    params = _params(line.head)
    charset: str | None = None
    kept = [params[0]]
    for param in params[1:]:
        key = param.split(b"=", 1)[0].strip().upper()
        if key == b"CHARSET":
            charset = param.split(b"=", 1)[1].strip().strip(b'"').decode("ascii", "replace")
        elif key in {b"ENCODING", b"QUOTED-PRINTABLE", b"8BIT"}:
            continue
        else:
            kept.append(param)
    raw = line.value
    if line.quoted_printable:
        raw = quopri.decodestring(raw)
    try:
        value = raw.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        value = text.decode_value(raw, None, fallback.charset)
    if line.quoted_printable:
        value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    head = b";".join(kept).decode("utf-8", "replace")
    return f"{head}:{value}"


def _person(card: _Card, fallback: _Fallback) -> ImportedPerson | None:
    import vobject

    body = "\r\n".join(_plain_line(line, fallback) for line in card.lines)
    component = vobject.readOne(f"BEGIN:VCARD\r\n{body}\r\nEND:VCARD\r\n", ignoreUnreadable=True)
    contents: dict[str, list[Any]] = component.contents

    def values(key: str) -> list[Any]:
        found = sorted(contents.get(key, []), key=_preference)
        return [item.value for item in found if item.value]

    structured = values("n")
    name = _text(next(iter(values("fn")), "")) or _structured_name(structured) or ""
    name = name or _text(next(iter(values("nickname")), ""))
    organisations = values("org")
    company = _text(organisations[0][0] if organisations and isinstance(organisations[0], list) else "")
    emails = [_text(v) for v in values("email")]
    phones = [_text(v) for v in values("tel")]
    if not (name or emails or phones or company):
        return None
    websites = [_text(v).replace("\\:", ":") for v in values("url") + values("x-socialprofile")]
    tags = [str(tag) for category in values("categories") for tag in _as_list(category)]
    notes = "\n\n".join(_text(v) for v in values("note"))
    role = next(iter(values("title")), None) or next(iter(values("role")), None)
    return ImportedPerson(
        row=card.number,
        name=name,
        given_name=_text(getattr(structured[0], "given", "")) if structured else None,
        company=company or None,
        role=_text(role) or None,
        notes=notes or None,
        tags=tuple(address_book_labels(tags)),
        email_candidates=emails,
        phone_candidates=phones,
        website_candidates=websites,
    )


def _preference(item: Any) -> int:
    """PREF first: TYPE=pref (3.0), a bare PREF (2.1) or PREF=1 (4.0)."""
    params: dict[str, list[str]] = getattr(item, "params", {})
    types = {str(t).lower() for t in params.get("TYPE", [])}
    singles = {str(s).lower() for s in getattr(item, "singletonparams", [])}
    pref = params.get("PREF")
    return 0 if "pref" in types or "pref" in singles or pref else 1


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(part) for part in value if part).strip()
    return str(value or "").strip()


def _structured_name(names: list[Any]) -> str:
    if not names:
        return ""
    name = names[0]
    parts = [
        getattr(name, "prefix", ""),
        getattr(name, "given", ""),
        getattr(name, "additional", ""),
        getattr(name, "family", ""),
        getattr(name, "suffix", ""),
    ]
    return " ".join(_text(part) for part in parts if _text(part))


# ---------------------------------------------------------------- writing (the export)


def _escaped(value: str) -> str:
    """A vCard 3.0 text value: backslash, comma, semicolon and line breaks escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for plain, escaped in (("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\n", "\\n")):
        value = value.replace(plain, escaped)
    return value


def _folded(line: str) -> str:
    """Lines longer than 75 octets folded (RFC 6350 3.2), never inside a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def write_vcard(contact: Contact) -> str:
    """One contact as a vCard 3.0 card, which Google, Outlook and Apple address books read, and
    which read_vcards reads back to the same person."""
    given = contact.given_name or ""
    family = contact.name[len(given) :].strip() if given and contact.name.startswith(given) else ""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:" + _escaped(contact.name),
        f"N:{_escaped(family)};{_escaped(given)};;;",
    ]
    if contact.called_name:
        lines.append("NICKNAME:" + _escaped(contact.called_name))
    if contact.email:
        lines.append("EMAIL;TYPE=INTERNET:" + _escaped(contact.email))
    if contact.phone:
        lines.append("TEL:" + _escaped(contact.phone))
    if contact.company:
        lines.append("ORG:" + _escaped(contact.company))
    if contact.role:
        lines.append("TITLE:" + _escaped(contact.role))
    if contact.linkedin_url:
        lines.append("URL:" + contact.linkedin_url)
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(_escaped(tag) for tag in contact.tags))
    if contact.notes:
        lines.append("NOTE:" + _escaped(contact.notes))
    lines += ["UID:" + contact.contact_id, "END:VCARD"]
    return "".join(_folded(line) + "\r\n" for line in lines)
