"""The web app's contact forms, Add (/app/contacts/new) and Edit (/app/contacts/{id}/edit): what
was typed, checked field by field in the member's words, as the NewContact or ContactChanges the
service takes. The same limits as the API's (tracker/api/schemas/common.py), addresses and
numbers read as imports read them (formats/people.py); the service still has the last word
(InvalidInput)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from tracker.domain.contacts import ContactChanges, NewContact
from tracker.domain.model import Contact, Met, NextStep, Relationship
from tracker.domain.quicklog import FormData
from tracker.formats.people import clean_email, clean_phone
from tracker.rendering.reader import N_, gettext
from tracker.web.forms import one_line, text_block

# Each field of the form, in the order the page shows it, with its longest value.
CONTACT_FIELDS = {
    "name": 200,
    "given_name": 200,
    "called_name": 200,
    "company": 300,
    "role": 300,
    "email": 254,
    "phone": 32,
    "how_we_met": 2000,
    "shared_memory": 2000,
    "met": 10,
    "relationship": 10,
    "tags": 20 * 41,
    "notes": 10_000,
    "help_ideas": 20 * 301,
    "cadence_days": 4,
    "next_step": 300,
    "next_step_due": 10,
}
MAX_TAGS, MAX_TAG = 20, 40
MAX_IDEAS, MAX_IDEA = 20, 300
MIN_CADENCE, MAX_CADENCE = 7, 730

# The service's field names (InvalidInput.field) as the form's.
SERVICE_FIELDS = {
    "next_step.due": "next_step_due",
    "next_step.text": "next_step",
    "met": "met",
    "known_since": "met",
    "last_contact_at": "met",
}


@dataclass(frozen=True)
class ContactCheck:
    changes: ContactChanges | None
    errors: dict[str, str]


@dataclass(frozen=True)
class NewContactCheck:
    contact: NewContact | None
    errors: dict[str, str]


def form_of(contact: Contact) -> FormData:
    """The form as it first shows: the contact's details."""
    step = contact.next_step
    values = {
        "name": contact.name,
        "given_name": contact.given_name or "",
        "called_name": contact.called_name or "",
        "company": contact.company or "",
        "role": contact.role or "",
        "email": contact.email or "",
        "phone": contact.phone or "",
        "how_we_met": contact.how_we_met or "",
        "shared_memory": contact.shared_memory or "",
        "met": contact.met.value,
        "relationship": contact.relationship.value,
        "tags": ", ".join(contact.tags),
        "notes": contact.notes or "",
        "help_ideas": "\n".join(contact.help_ideas),
        "cadence_days": str(contact.cadence_days),
        "next_step": step.text if step else "",
        "next_step_due": step.due.isoformat() if step and step.due else "",
    }
    return FormData({name: [value] for name, value in values.items()})


def check_contact(form: FormData, today: date, kept: NextStep | None) -> ContactCheck:
    """The changes the form asks for, or what to fix. `kept` is the stored next step: sent back
    unchanged, it stays even if its date has passed (as the API allows)."""
    typed, errors = _checked(form, today, kept, new=False)
    if errors:
        return ContactCheck(None, errors)
    changes = ContactChanges(
        name=typed.name,
        given_name=typed.given_name,
        called_name=typed.called_name,
        company=typed.company,
        role=typed.role,
        email=typed.email,
        phone=typed.phone,
        how_we_met=typed.how_we_met,
        shared_memory=typed.shared_memory,
        met=typed.met or Met.RECENTLY,
        relationship=typed.relationship,
        tags=typed.tags,
        notes=typed.notes,
        help_ideas=typed.help_ideas,
        cadence_days=typed.cadence_days or MIN_CADENCE,
        next_step=typed.next_step,
    )
    return ContactCheck(changes, {})


def check_new_contact(form: FormData, today: date) -> NewContactCheck:
    """The person the Add form describes, or what to fix. Without a cadence the member's
    default applies."""
    typed, errors = _checked(form, today, None, new=True)
    return NewContactCheck(None if errors else typed, errors)


def _checked(
    form: FormData, today: date, kept: NextStep | None, *, new: bool
) -> tuple[NewContact, dict[str, str]]:
    """Every field, checked: what the form says as a NewContact (the Edit form's changes are
    the same fields), and the errors by field."""
    errors: dict[str, str] = {}
    raw = {name: form.first(name) for name in CONTACT_FIELDS}
    for name, limit in CONTACT_FIELDS.items():
        if len(raw[name]) > limit:
            errors[name] = gettext("Keep this under {limit} characters (it has {count}).").format(
                limit=f"{limit:,}", count=f"{len(raw[name]):,}"
            )
    name = one_line(raw["name"])
    if not name:
        errors.setdefault("name", gettext("Enter their name."))
    email = clean_email(raw["email"]) if raw["email"].strip() else None
    if raw["email"].strip() and email is None:
        errors.setdefault("email", gettext("Enter an email address like ana@example.org, or leave it empty."))
    phone = clean_phone(raw["phone"]) if raw["phone"].strip() else None
    if raw["phone"].strip() and phone is None:
        errors.setdefault(
            "phone", gettext("Enter the number with its country code, like +14155550123, or leave it empty.")
        )
    met = _choice(Met, raw["met"], "met", errors)
    relationship = _choice(Relationship, raw["relationship"], "relationship", errors)
    typed = NewContact(
        name=name,
        given_name=one_line(raw["given_name"]) or None,
        called_name=one_line(raw["called_name"]) or None,
        company=one_line(raw["company"]) or None,
        role=one_line(raw["role"]) or None,
        email=email,
        phone=phone,
        how_we_met=text_block(raw["how_we_met"]) or None,
        shared_memory=text_block(raw["shared_memory"]) or None,
        met=met,
        relationship=relationship or Relationship.BUSINESS,
        tags=_items(raw["tags"].split(","), MAX_TAGS, MAX_TAG, "tags", "tags", errors),
        notes=text_block(raw["notes"]) or None,
        help_ideas=_items(raw["help_ideas"].splitlines(), MAX_IDEAS, MAX_IDEA, "help_ideas", "ideas", errors),
        cadence_days=None
        if new and not raw["cadence_days"].strip()
        else _cadence(raw["cadence_days"], errors),
        next_step=_step(one_line(raw["next_step"]), raw["next_step_due"], today, kept, errors),
    )
    return typed, errors


# The messages about a list field, by what it lists.
_TOO_MANY = {
    "tags": N_("Keep to {most} tags at most (there are {count})."),
    "ideas": N_("Keep to {most} ideas at most (there are {count})."),
}
_TOO_LONG = {
    "tags": N_("Keep each of the tags under {longest} characters."),
    "ideas": N_("Keep each of the ideas under {longest} characters."),
}

E = TypeVar("E", Met, Relationship)


def _choice(kind: type[E], raw: str, name: str, errors: dict[str, str]) -> E | None:
    try:
        return kind(raw)
    except ValueError:
        errors.setdefault(name, gettext("Choose one of the options."))
        return None


def _items(
    parts: list[str], most: int, longest: int, name: str, noun: str, errors: dict[str, str]
) -> tuple[str, ...]:
    items = tuple(item for item in (one_line(part) for part in parts) if item)
    if len(items) > most:
        errors.setdefault(name, gettext(_TOO_MANY[noun]).format(most=most, count=len(items)))
    elif any(len(item) > longest for item in items):
        errors.setdefault(name, gettext(_TOO_LONG[noun]).format(longest=longest))
    return items


def _cadence(raw: str, errors: dict[str, str]) -> int:
    text = raw.strip()
    if not text.isdigit() or not MIN_CADENCE <= int(text) <= MAX_CADENCE:
        errors.setdefault(
            "cadence_days",
            gettext("Enter a number of days from {low} to {high}, for example 90.").format(
                low=MIN_CADENCE, high=MAX_CADENCE
            ),
        )
        return MIN_CADENCE
    return int(text)


def _step(
    text: str, raw_due: str, today: date, kept: NextStep | None, errors: dict[str, str]
) -> NextStep | None:
    due = None
    if raw_due.strip():
        try:
            due = date.fromisoformat(raw_due.strip())
        except ValueError:
            errors.setdefault(
                "next_step_due", gettext("Enter the date as year-month-day, for example 2027-01-12.")
            )
            return None
    if due is not None and not text:
        errors.setdefault("next_step", gettext("Say what the next step is, or clear its date."))
        return None
    step = NextStep(text, due) if text else None
    if step is not None and due is not None and due < today and step != kept:
        errors.setdefault("next_step_due", gettext("Choose today or a later date."))
    return step
