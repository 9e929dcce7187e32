"""How dates, spans of time, names and counts read in a message or on a page."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracker.domain.model import Contact, Member
from tracker.domain.names import first_name, greeting_name, initial
from tracker.domain.plans import PlanKind


def day_label(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def date_label(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def due_label(due: date, today: date) -> str:
    """When a next step is due, the same everywhere: "due today", "due Wed 2 Dec", "overdue
    since Wed 1 Jan 2020" (the year whenever it is not this year's)."""
    text = day_label(due) if due.year == today.year else f"{day_label(due)} {due.year}"
    if due < today:
        return f"overdue since {text}"
    return "due today" if due == today else f"due {text}"


def greeting(member: Member, now: datetime) -> str:
    hour = now.astimezone(ZoneInfo(member.time_zone)).hour
    part = "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"
    name = first_name(member.display_name)
    return f"Good {part}, {name}." if name else f"Good {part}."


def short_name(contact: Contact, unnamed: str = "a contact") -> str:
    """How a text names a person: their greeting name, else an initial ("J."), else `unnamed`;
    never an email address or a number (a text may sit on a lock screen)."""
    return greeting_name(contact) or initial(contact.name) or unnamed


def time_since(then: datetime, now: datetime) -> str:
    days = (now - then).days
    if days < 45:
        return "a few weeks"
    months = round(days / 30.4)
    if months < 12:
        return f"{months} months"
    if months < 18:
        return "over a year"
    return f"about {round(days / 365)} years"


def people_count(count: int, word: str = "person", plural: str = "people") -> str:
    """ "1 person", "3 people" (or any other word and its plural)."""
    return f"{count} {word if count == 1 else plural}"


def plan_reason(contact: Contact, kind: PlanKind, now: datetime, today: date) -> str:
    """Why a person is in next week's plan (`today`: the member's own date)."""
    if kind is PlanKind.NEXT_STEP and contact.next_step:
        due = f" ({due_label(contact.next_step.due, today)})" if contact.next_step.due else ""
        return f"Next step{due}: {contact.next_step.text}"
    if contact.last_contact_at:
        since = time_since(contact.last_contact_at, now)
        return f"Reconnect: last spoke {date_label(contact.last_contact_at.date())} ({since} ago)"
    return "Reconnect: no conversation logged yet"
