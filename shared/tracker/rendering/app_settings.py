"""The web app's Settings page (/app/settings) and the page after deleting an account.

One page of sections, each its own POST form (profile, email, reminders, pause, phone, the
quick-log link, download, delete). A section with a mistake comes back with what was typed,
the error beside its field and a summary at the top linking to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracker.domain.health import screened
from tracker.domain.model import Language, Member, ReminderChannel, Weekday
from tracker.rendering.app_pages import Chrome, Field, Page, render_page
from tracker.rendering.i18n import Speaker
from tracker.rendering.labels import date_label
from tracker.rendering.reader import N_, gettext
from tracker.rendering.reader import words as current_words

# (value, label) lists the page's selects offer; the labels in the reader's words (_options).
CHANNELS = ((ReminderChannel.EMAIL.value, N_("Email")), (ReminderChannel.SMS.value, N_("Text message (SMS)")))
HEALTH = (
    ("yes", N_("Yes, drafts may mention it")),
    ("no", N_("No, leave it out of drafts")),
    ("undecided", N_("Not decided yet (drafts leave it out)")),
)
# Each language named in itself, whatever the page's language: the one a reader can read.
LANGUAGES = ((Language.EN.value, "English"), (Language.ES.value, "Español"))

NOTICES = {
    "profile": N_("Saved: your profile."),
    "email": N_("We emailed a link to your new address: it becomes your address once you open it."),
    "reminders": N_("Saved: your reminders."),
    "pause": N_("Paused. No reminders or weekly checks until the date you chose."),
    "resume": N_("Reminders are back on."),
    "phone": N_("Saved. If you entered a number, we texted it a six-digit code: enter it below."),
    "phone_removed": N_("Your phone number was removed; nothing more is texted to you."),
    "code": N_("A new code is on its way to your phone."),
    "verified": N_("Your phone number is confirmed: texts can go to it now."),
    "rotated": N_("Your quick-log link was replaced: earlier links no longer work."),
}


def notice(key: str) -> str | None:
    return gettext(NOTICES[key]) if key in NOTICES else None


def hours(words: Speaker) -> tuple[tuple[str, str], ...]:
    """ "09:00"; "9:00 a. m." (es_US)."""
    return tuple((str(hour), words.hour(hour)) for hour in range(24))


def days(words: Speaker) -> tuple[tuple[str, str], ...]:
    return tuple((day.value, words.weekday(number).capitalize()) for number, day in enumerate(Weekday))


def picks(words: Speaker) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(count), words.ngettext("{count} person", "{count} people", count).format(count=count))
        for count in (1, 2, 3)
    )


# The fields of each section, in the order the page shows them (for the error summary).
ORDER = (
    "display_name",
    "time_zone",
    "current_focus",
    "drafts_may_mention_health",
    "language",
    "email",
    "reminder_hour",
    "reminder_channels",
    "picks_per_day",
    "weekly_review_day",
    "weekly_review_hour",
    "paused_until",
    "phone",
    "code",
    "confirm_email",
)


@dataclass(frozen=True)
class SettingsView:
    member: Member
    now: datetime
    csrf: str
    form_link: str
    form_link_expires: datetime
    phone_status: str  # none | unverified | verified | stopped
    email_problem: str | None = None
    notice: str | None = None
    typed: dict[str, str] = field(default_factory=dict)  # what a section with a mistake had
    typed_channels: tuple[str, ...] | None = None
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200


def _values(member: Member) -> dict[str, str]:
    health = member.drafts_may_mention_health
    return {
        "display_name": member.display_name or "",
        "time_zone": member.time_zone,
        "current_focus": member.current_focus or "",
        "drafts_may_mention_health": "undecided" if health is None else "yes" if health else "no",
        "language": member.language.value,
        "email": member.pending_email or member.email or "",
        "reminder_hour": str(member.reminder_hour),
        "picks_per_day": str(member.picks_per_day),
        "weekly_review_day": member.weekly_review_day.value,
        "weekly_review_hour": str(member.weekly_review_hour),
        "paused_until": member.paused_until.isoformat() if member.paused_until else "",
        "phone": member.phone or "",
        "code": "",
        "confirm_email": "",
    }


def settings(view: SettingsView, zones: tuple[str, ...]) -> Page:
    member = view.member
    today = view.now.astimezone(ZoneInfo(member.time_zone)).date()
    values = {**_values(member), **view.typed}
    fields = {name: Field(name, values.get(name, ""), view.errors.get(name)) for name in ORDER}
    channels = (
        view.typed_channels
        if view.typed_channels is not None
        else tuple(c.value for c in member.reminder_channels)
    )
    paused = member.paused_until is not None and today < member.paused_until
    words = current_words()
    return render_page(
        "settings",
        view.status,
        Chrome(view.csrf, "/app/settings"),
        title=words.gettext("Settings"),
        csrf=view.csrf,
        member=member,
        fields=fields,
        problems=[fields[name] for name in ORDER if name in view.errors],
        notice=view.notice,
        email_problem=view.email_problem,
        hours=hours(words),
        days=days(words),
        picks=picks(words),
        languages=LANGUAGES,
        channel_options=[(value, words.gettext(label)) for value, label in CHANNELS],
        channels=channels,
        health_options=[
            (value, words.gettext(label))
            for value, label in (HEALTH if member.drafts_may_mention_health is None else HEALTH[:2])
        ],
        focus_notice=_focus_notice(member),
        zones=zones,
        paused=paused,
        paused_label=date_label(member.paused_until, words) if member.paused_until else "",
        earliest_pause=date.fromordinal(today.toordinal() + 1).isoformat(),
        phone_status=view.phone_status,
        form_link=view.form_link,
        form_link_expires=date_label(view.form_link_expires.date(), words),
    )


def _focus_notice(member: Member) -> str | None:
    """What GET /me's focus_notice says, with the page's own choice named instead of the API's field."""
    if member.drafts_may_mention_health is not None:
        return None
    found = screened(member.current_focus)
    if not found.words:
        return None
    quoted = "; ".join(f'"{part}"' for part in found.left_out)
    return gettext(
        "Drafts leave {quoted} out of your current focus: it mentions your health. Choose below whether "
        "drafts may say it."
    ).format(quoted=quoted)


def deleted() -> Page:
    """After the account was deleted: signed out, nothing left."""
    return render_page("deleted", 200, Chrome(), title=gettext("Your account is deleted"))
