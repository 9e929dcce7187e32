"""How dates, spans of time, names and counts read in a message or on a page, in the reader's
language (`Speaker`, rendering/i18n.py; English when none is given)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tracker.domain import weeks
from tracker.domain.model import Contact, Member
from tracker.domain.names import first_name, greeting_name, initial
from tracker.domain.plans import PlanKind
from tracker.rendering.i18n import Speaker, speaker

ENGLISH = speaker("en")


def speaker_of(member: Member) -> Speaker:
    """How the member reads: their language, with dates as their time zone's locale writes them."""
    return speaker(member.language.value, member.time_zone)


def day_label(value: date, words: Speaker = ENGLISH) -> str:
    return words.day_label(value)


def date_label(value: date, words: Speaker = ENGLISH) -> str:
    return words.date_label(value)


def week_label(week: str, words: Speaker = ENGLISH) -> str:
    """ "24-30 Nov" or "29 Dec - 4 Jan"; "24-30 nov"."""
    if words.english:
        return weeks.label(week)
    first = weeks.monday(week)
    last = first + timedelta(days=6)
    if first.month == last.month:
        return f"{first.day}-{last.day} {words.month(last)}"
    return f"{first.day} {words.month(first)} - {last.day} {words.month(last)}"


def due_label(due: date, today: date, words: Speaker = ENGLISH) -> str:
    """When a next step is due, the same everywhere: "due today", "due Wed 2 Dec", "overdue
    since Wed 1 Jan 2020" (the year whenever it is not this year's)."""
    text = words.day_label(due) if due.year == today.year else f"{words.day_label(due)} {due.year}"
    if due < today:
        return words.gettext("overdue since {date}").format(date=text)
    return words.gettext("due today") if due == today else words.gettext("due {date}").format(date=text)


def greeting(member: Member, now: datetime) -> str:
    """In the member's own language."""
    words = speaker_of(member)
    hour = now.astimezone(ZoneInfo(member.time_zone)).hour
    name = first_name(member.display_name)
    if hour < 12:
        text = words.gettext("Good morning, {name}.") if name else words.gettext("Good morning.")
    elif hour < 17:
        text = words.gettext("Good afternoon, {name}.") if name else words.gettext("Good afternoon.")
    else:
        text = words.gettext("Good evening, {name}.") if name else words.gettext("Good evening.")
    return text.format(name=name)


def short_name(contact: Contact, unnamed: str = "a contact") -> str:
    """How a text names a person: their greeting name, else an initial ("J."), else `unnamed`;
    never an email address or a number (a text may sit on a lock screen)."""
    return greeting_name(contact) or initial(contact.name) or unnamed


def time_since(then: datetime, now: datetime, words: Speaker = ENGLISH) -> str:
    days = (now - then).days
    if days < 45:
        return words.gettext("a few weeks")
    months = round(days / 30.4)
    if days < 365:  # 11.6 months is "11 months": never "over a year" before a year
        months = min(months, 11)
    if months < 12:
        return words.ngettext("{count} month", "{count} months", months).format(count=months)
    if months < 18:
        return words.gettext("over a year")
    years = round(days / 365)
    return words.ngettext("about {count} year", "about {count} years", years).format(count=years)


def people_count(count: int, word: str = "person", plural: str = "people") -> str:
    """ "1 person", "3 people" (or any other word and its plural). English only: a translated
    count is a whole ngettext message ("{count} person" / "{count} people")."""
    return f"{count} {word if count == 1 else plural}"


def plan_reason(
    contact: Contact, kind: PlanKind, now: datetime, today: date, words: Speaker = ENGLISH
) -> str:
    """Why a person is in next week's plan (`today`: the member's own date)."""
    if kind is PlanKind.NEXT_STEP and contact.next_step:
        step = contact.next_step
        if step.due:
            return words.gettext("Next step ({due}): {text}").format(
                due=due_label(step.due, today, words), text=step.text
            )
        return words.gettext("Next step: {text}").format(text=step.text)
    if contact.last_contact_at:
        return words.gettext("Reconnect: last spoke {date} ({since} ago)").format(
            date=words.date_label(contact.last_contact_at.date()),
            since=time_since(contact.last_contact_at, now, words),
        )
    return words.gettext("Reconnect: no conversation logged yet")
