"""This app's own CSV: what `GET /export?format=csv` writes and `POST /imports` reads back.

One file, one header. Each row is a `contact` or a `conversation` (the `record` column);
contacts come first, then every conversation, which names its contact in `contact_id`.
Lists (tags, help ideas, outcomes) are one item per line inside their cell. A cell that a
spreadsheet would run as a formula (starting = + - @, tab or CR, or with a character that
NFKC folds to one of them, as spreadsheets fold the fullwidth forms U+FF1D, U+FF0B, U+FF0D
and U+FF20) is written with a leading apostrophe, and so is one that already starts with an
apostrophe; reading strips it again.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import TypeVar

from tracker.domain.errors import N_
from tracker.domain.model import Channel, Contact, Conversation, Met, NextStep, Outcome, Relationship
from tracker.formats.people import (
    CADENCE_RANGE,
    ImportedConversation,
    ImportedPerson,
    RowProblem,
    linkedin_profile,
    multi_line,
    row_problem,
    single_line,
)

CONTACT = "contact"
CONVERSATION = "conversation"
COLUMNS = (
    "record",
    "id",
    "name",
    "given_name",
    "called_name",
    "email",
    "phone",
    "company",
    "role",
    "linkedin_url",
    "how_we_met",
    "shared_memory",
    "known_since",
    "met",
    "relationship",
    "tags",
    "starred",
    "cadence_days",
    "notes",
    "help_ideas",
    "next_step",
    "next_step_due",
    "archived",
    "last_contact_at",
    "last_summary",
    "snoozed_until",
    "due_at",
    "created_at",
    "contact_id",
    "when",
    "channel",
    "summary",
    "help_offered",
    "help_received",
    "outcomes",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
E = TypeVar("E", Relationship, Channel, Outcome, Met)


def _needs_apostrophe(cell: str) -> bool:
    starts = (*FORMULA_STARTS, "'")
    return cell.startswith(starts) or unicodedata.normalize("NFKC", cell).startswith(starts)


def neutralised(cell: str) -> str:
    """A cell no spreadsheet will evaluate; `restored` undoes it."""
    return "'" + cell if _needs_apostrophe(cell) else cell


def restored(cell: str) -> str:
    if cell.startswith("'") and _needs_apostrophe(cell[1:]):
        return cell[1:]
    return cell


def instant(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


def contact_row(contact: Contact) -> dict[str, str]:
    step = contact.next_step
    return {
        "record": CONTACT,
        "id": contact.contact_id,
        "name": contact.name,
        "given_name": contact.given_name or "",
        "called_name": contact.called_name or "",
        "email": contact.email or "",
        "phone": contact.phone or "",
        "company": contact.company or "",
        "role": contact.role or "",
        "linkedin_url": contact.linkedin_url or "",
        "how_we_met": contact.how_we_met or "",
        "shared_memory": contact.shared_memory or "",
        "known_since": contact.known_since.isoformat() if contact.known_since else "",
        "met": contact.met.value,
        "relationship": contact.relationship.value,
        "tags": "\n".join(contact.tags),
        "starred": "true" if contact.starred else "false",
        "cadence_days": str(contact.cadence_days),
        "notes": contact.notes or "",
        "help_ideas": "\n".join(contact.help_ideas),
        "next_step": step.text if step else "",
        "next_step_due": step.due.isoformat() if step and step.due else "",
        "archived": "true" if contact.archived else "false",
        "last_contact_at": instant(contact.last_contact_at),
        "last_summary": contact.last_summary or "",
        "snoozed_until": instant(contact.snoozed_until),
        "due_at": instant(contact.due_at),
        "created_at": instant(contact.created_at),
    }


def conversation_row(conversation: Conversation) -> dict[str, str]:
    step = conversation.next_step
    return {
        "record": CONVERSATION,
        "id": conversation.conversation_id,
        "contact_id": conversation.contact_id,
        "when": instant(conversation.when),
        "channel": conversation.channel.value,
        "summary": conversation.summary or "",
        "next_step": step.text if step else "",
        "next_step_due": step.due.isoformat() if step and step.due else "",
        "help_offered": conversation.help_offered or "",
        "help_received": conversation.help_received or "",
        "outcomes": "\n".join(outcome.value for outcome in conversation.outcomes),
        "created_at": instant(conversation.created_at),
    }


def is_own_header(names: list[str]) -> bool:
    return {"record", "id", "name", "contact_id", "when"} <= set(names)


class OwnRows:
    """Reads contact and conversation rows; conversations join their contact at the end."""

    def __init__(self) -> None:
        self.people: dict[str, ImportedPerson] = {}
        self.pending: list[tuple[int, str, ImportedConversation]] = []
        self.warnings: list[RowProblem] = []
        self.errors: list[RowProblem] = []

    def add(self, row: int, cells: dict[str, str]) -> ImportedPerson | None:
        values = {name: restored(value) for name, value in cells.items()}
        record = values.get("record", "").strip().lower()
        if record == CONVERSATION:
            self._conversation(row, values)
            return None
        if record != CONTACT:
            self.errors.append(row_problem(row, N_("record must be 'contact' or 'conversation'"), "record"))
            return None
        return self._contact(row, values)

    def finish(self) -> None:
        for row, contact_ref, conversation in self.pending:
            person = self.people.get(contact_ref)
            if person is None:
                self.errors.append(
                    row_problem(row, N_("contact_id names no contact row of this file"), "contact_id")
                )
                continue
            person.conversations.append(conversation)

    def _contact(self, row: int, values: dict[str, str]) -> ImportedPerson | None:
        name = single_line(values.get("name"), 10_000)
        if not name:
            self.errors.append(row_problem(row, N_("name is empty"), "name"))
            return None
        step_text = single_line(values.get("next_step"))
        person = ImportedPerson(
            row=row,
            name=name,
            given_name=single_line(values.get("given_name")),
            called_name=single_line(values.get("called_name")),
            email=single_line(values.get("email")),
            phone=single_line(values.get("phone")),
            company=single_line(values.get("company")),
            role=single_line(values.get("role")),
            linkedin_url=linkedin_profile(values.get("linkedin_url")),
            how_we_met=multi_line(values.get("how_we_met"), 2000),
            shared_memory=multi_line(values.get("shared_memory"), 2000),
            connected_on=self._date(row, values.get("known_since"), "known_since"),
            met=self._enum(row, Met, values.get("met"), "met"),
            notes=multi_line(values.get("notes")),
            tags=tuple(t for t in (values.get("tags") or "").split("\n") if t.strip()),
            relationship=self._enum(row, Relationship, values.get("relationship"), "relationship"),
            starred=self._flag(values.get("starred")),
            cadence_days=self._cadence(row, values.get("cadence_days")),
            help_ideas=tuple(i for i in (values.get("help_ideas") or "").split("\n") if i.strip()),
            next_step=NextStep(step_text, self._date(row, values.get("next_step_due"), "next_step_due"))
            if step_text
            else None,
            archived=self._flag(values.get("archived")),
            last_contact_at=self._instant(row, values.get("last_contact_at"), "last_contact_at"),
            last_summary=multi_line(values.get("last_summary"), 500),
            snoozed_until=self._instant(row, values.get("snoozed_until"), "snoozed_until"),
        )
        reference = (values.get("id") or "").strip()
        if reference:
            person.source_id = reference
            self.people.setdefault(reference, person)
        return person

    def _conversation(self, row: int, values: dict[str, str]) -> None:
        when = self._instant(row, values.get("when"), "when")
        if when is None:
            self.errors.append(row_problem(row, N_("when must be a date and time"), "when"))
            return
        step_text = single_line(values.get("next_step"))
        outcomes = [
            self._enum(row, Outcome, text, "outcomes") for text in (values.get("outcomes") or "").split("\n")
        ]
        conversation = ImportedConversation(
            when=when,
            channel=self._enum(row, Channel, values.get("channel"), "channel") or Channel.OTHER,
            summary=multi_line(values.get("summary")),
            next_step=NextStep(step_text, self._date(row, values.get("next_step_due"), "next_step_due"))
            if step_text
            else None,
            help_offered=multi_line(values.get("help_offered"), 2000),
            help_received=multi_line(values.get("help_received"), 2000),
            outcomes=tuple(dict.fromkeys(o for o in outcomes if o is not None)),
        )
        self.pending.append((row, (values.get("contact_id") or "").strip(), conversation))

    def _warn(self, row: int, column: str) -> None:
        self.warnings.append(
            row_problem(row, N_("{column} was not understood and was left out"), column, column=column)
        )

    def _enum(self, row: int, kind: type[E], text: str | None, column: str) -> E | None:
        value = (text or "").strip().lower()
        if not value:
            return None
        try:
            return kind(value)
        except ValueError:
            self._warn(row, column)
            return None

    @staticmethod
    def _flag(text: str | None) -> bool:
        return (text or "").strip().lower() in {"true", "yes", "1"}

    def _cadence(self, row: int, text: str | None) -> int | None:
        value = (text or "").strip()
        if not value:
            return None
        if value.isdigit() and int(value) in CADENCE_RANGE:
            return int(value)
        self._warn(row, "cadence_days")
        return None

    def _date(self, row: int, text: str | None, column: str) -> date | None:
        value = (text or "").strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self._warn(row, column)
            return None

    def _instant(self, row: int, text: str | None, column: str) -> datetime | None:
        value = (text or "").strip()
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self._warn(row, column)
            return None
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
