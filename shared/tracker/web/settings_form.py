"""Reading the settings page's forms: each section's fields to a ProfileChanges, or what to fix,
field by field, in the member's words. The rules are PATCH /me's (api/schemas/me.py), said for
a form: the same limits, time zones, hours, phone numbers and addresses."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from zoneinfo import available_timezones

from tracker.domain.changes import KEEP
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Language, ReminderChannel, Weekday
from tracker.domain.quicklog import FormData
from tracker.rendering.reader import gettext
from tracker.web.forms import one_line, text_block

NAME_LIMIT = 200
FOCUS_LIMIT = 2000
EMAIL_LIMIT = 254
MAX_PAUSE_DAYS = 366 * 2
_LEGACY = ("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/")


@cache
def zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def listed_zones() -> tuple[str, ...]:
    """The zones to offer (Region/City), without the legacy aliases, sorted."""
    return tuple(sorted(z for z in zones() if "/" in z and not z.startswith(_LEGACY) and z[0].isupper()))


def zone_suggestions(typed: str, limit: int = 3) -> list[str]:
    """Zones the member may have meant: those whose city matches, then close spellings."""
    wanted = typed.strip().lower().replace(" ", "_")
    if not wanted:
        return []
    by_city = [z for z in listed_zones() if wanted in z.lower().rsplit("/", 1)[-1]]
    lowered = {z.lower(): z for z in listed_zones()}
    cities = {z.lower().rsplit("/", 1)[-1]: z for z in listed_zones()}
    close = [lowered[c] for c in difflib.get_close_matches(wanted, list(lowered), n=limit, cutoff=0.7)]
    close += [cities[c] for c in difflib.get_close_matches(wanted, list(cities), n=limit, cutoff=0.7)]
    found = list(dict.fromkeys(by_city[:limit] + close))
    return found[:limit]


def time_zone(typed: str) -> str | None:
    """The zone as named (any case), or None."""
    value = typed.strip()
    if value in zones():
        return value
    lowered = {z.lower(): z for z in zones()}
    return lowered.get(value.lower().replace(" ", "_"))


@dataclass
class Checked:
    changes: ProfileChanges | None
    errors: dict[str, str] = field(default_factory=dict)


def _hour(form: FormData, name: str, errors: dict[str, str]) -> int:
    raw = form.first(name).strip()
    if raw.isdigit() and 0 <= int(raw) <= 23:
        return int(raw)
    errors[name] = gettext("Choose an hour from the list.")
    return 0


def profile(form: FormData) -> Checked:
    errors: dict[str, str] = {}
    raw_name = form.first("display_name")
    name = one_line(raw_name)
    if len(name) > NAME_LIMIT:
        errors["display_name"] = gettext("Keep your name under {limit} characters (it has {count}).").format(
            limit=NAME_LIMIT, count=f"{len(name):,}"
        )
    zone = time_zone(form.first("time_zone"))
    if zone is None:
        typed = one_line(form.first("time_zone"))[:64]
        guesses = zone_suggestions(typed)
        errors["time_zone"] = zone_problem(
            gettext("Choose a time zone from the list, like Europe/London or America/Chicago."), guesses
        )
    focus = text_block(form.first("current_focus"))
    if len(focus) > FOCUS_LIMIT:
        errors["current_focus"] = gettext("Keep this under {limit} characters (it has {count}).").format(
            limit=f"{FOCUS_LIMIT:,}", count=f"{len(focus):,}"
        )
    health = form.first("drafts_may_mention_health")
    if health not in ("yes", "no", "undecided", ""):
        errors["drafts_may_mention_health"] = gettext("Choose one of the options.")
    language = form.first("language")
    if language not in {*Language, ""}:
        errors["language"] = gettext("Choose one of the languages listed.")
    if errors:
        return Checked(None, errors)
    return Checked(
        ProfileChanges(
            display_name=name or None,
            time_zone=zone or KEEP,
            current_focus=focus or None,
            drafts_may_mention_health=(health == "yes") if health in ("yes", "no") else KEEP,
            language=Language(language) if language else KEEP,
        )
    )


def email(form: FormData) -> Checked:
    from email_validator import EmailNotValidError, validate_email

    typed = one_line(form.first("email"))
    if not typed:
        return Checked(None, {"email": gettext("Enter your email address: the reminders go there.")})
    try:
        checked = validate_email(typed[:EMAIL_LIMIT], check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        return Checked(
            None,
            {
                "email": gettext("Enter one email address, like name@example.org ({error}).").format(
                    error=error
                )
            },
        )
    if len(typed) > EMAIL_LIMIT:
        return Checked(
            None, {"email": gettext("Keep the address under {limit} characters.").format(limit=EMAIL_LIMIT)}
        )
    return Checked(ProfileChanges(email=str(checked.ascii_email or checked.normalized)))


def reminders(form: FormData) -> Checked:
    errors: dict[str, str] = {}
    hour = _hour(form, "reminder_hour", errors)
    review_hour = _hour(form, "weekly_review_hour", errors)
    channels: list[ReminderChannel] = []
    for value in form.all("reminder_channels"):
        try:
            channels.append(ReminderChannel(value))
        except ValueError:
            errors["reminder_channels"] = gettext("Choose email, text messages, or neither.")
    picks = form.first("picks_per_day").strip()
    if picks not in ("1", "2", "3"):
        errors["picks_per_day"] = gettext("Choose 1, 2 or 3 people a day.")
    try:
        day = Weekday(form.first("weekly_review_day"))
    except ValueError:
        errors["weekly_review_day"] = gettext("Choose a day of the week.")
        day = Weekday.FRI
    if errors:
        return Checked(None, errors)
    return Checked(
        ProfileChanges(
            reminder_hour=hour,
            reminder_channels=tuple(channels),
            picks_per_day=int(picks),
            weekly_review_day=day,
            weekly_review_hour=review_hour,
        )
    )


def pause(form: FormData, today: date) -> Checked:
    raw = form.first("paused_until").strip()
    try:
        until = date.fromisoformat(raw)
    except ValueError:
        return Checked(
            None, {"paused_until": gettext("Enter the date as year-month-day, for example 2027-03-01.")}
        )
    if until <= today:
        return Checked(None, {"paused_until": gettext("Choose a day after today (or resume now below).")})
    if (until - today).days > MAX_PAUSE_DAYS:
        return Checked(None, {"paused_until": gettext("Choose a day within the next two years.")})
    return Checked(ProfileChanges(paused_until=until))


def phone(form: FormData) -> Checked:
    import phonenumbers

    typed = one_line(form.first("phone"))
    if not typed:
        return Checked(ProfileChanges(phone=None))
    problem = gettext(
        "Enter the number in international form, with + and the country code, like +14155550123."
    )
    try:
        number = phonenumbers.parse(typed[:32], None)
    except phonenumbers.NumberParseException:
        return Checked(None, {"phone": problem})
    if not phonenumbers.is_valid_number(number):
        return Checked(None, {"phone": "That is not a valid phone number for its country. " + problem})
    return Checked(
        ProfileChanges(phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    )


def code(form: FormData) -> tuple[str | None, dict[str, str]]:
    typed = "".join(form.first("code").split())
    if len(typed) == 6 and typed.isdigit():
        return typed, {}
    return None, {"code": gettext("Enter the six digits we texted to your number.")}


def zone_problem(problem: str, guesses: list[str]) -> str:
    """A time zone not in the list: what to do, and the zones it may have meant."""
    if not guesses:
        return problem
    return (
        problem
        + " "
        + gettext("Did you mean {zones}?").format(zones=" {} ".format(gettext("or")).join(guesses))
    )
