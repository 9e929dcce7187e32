"""The web app's Settings page (/app/settings) and the page after deleting an account.

One page of sections, each its own POST form (profile, email, reminders, pause, phone, the
quick-log link, download, delete). A section with a mistake comes back with what was typed,
the error beside its field and a summary at the top linking to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracker.domain.model import Member, ReminderChannel, Weekday
from tracker.rendering.app_pages import Chrome, Field, Page, render_page
from tracker.rendering.drafts import focus_notice
from tracker.rendering.labels import date_label

# (value, label) lists the page's selects offer.
HOURS = tuple((str(hour), f"{hour:02d}:00") for hour in range(24))
DAYS = tuple(
    (day.value, label)
    for day, label in zip(
        Weekday, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True
    )
)
PICKS = (("1", "1 person"), ("2", "2 people"), ("3", "3 people"))
CHANNELS = ((ReminderChannel.EMAIL.value, "Email"), (ReminderChannel.SMS.value, "Text message (SMS)"))
HEALTH = (
    ("yes", "Yes, drafts may mention it"),
    ("no", "No, leave it out of drafts"),
    ("undecided", "Not decided yet (drafts leave it out)"),
)

NOTICES = {
    "profile": "Saved: your profile.",
    "email": "We emailed a link to your new address: it becomes your address once you open it.",
    "reminders": "Saved: your reminders.",
    "pause": "Paused. No reminders or weekly checks until the date you chose.",
    "resume": "Reminders are back on.",
    "phone": "Saved. If you entered a number, we texted it a six-digit code: enter it below.",
    "phone_removed": "Your phone number was removed; nothing more is texted to you.",
    "code": "A new code is on its way to your phone.",
    "verified": "Your phone number is confirmed: texts can go to it now.",
    "rotated": "Your quick-log link was replaced: earlier links no longer work.",
}

# The fields of each section, in the order the page shows them (for the error summary).
ORDER = (
    "display_name",
    "time_zone",
    "current_focus",
    "drafts_may_mention_health",
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
    return render_page(
        "settings",
        view.status,
        Chrome(view.csrf, "/app/settings"),
        title="Settings",
        csrf=view.csrf,
        member=member,
        fields=fields,
        problems=[fields[name] for name in ORDER if name in view.errors],
        notice=view.notice,
        email_problem=view.email_problem,
        hours=HOURS,
        days=DAYS,
        picks=PICKS,
        channel_options=CHANNELS,
        channels=channels,
        health_options=HEALTH if member.drafts_may_mention_health is None else HEALTH[:2],
        focus_notice=_focus_notice(member),
        zones=zones,
        paused=paused,
        paused_label=date_label(member.paused_until) if member.paused_until else "",
        earliest_pause=date.fromordinal(today.toordinal() + 1).isoformat(),
        phone_status=view.phone_status,
        form_link=view.form_link,
        form_link_expires=date_label(view.form_link_expires.date()),
    )


def _focus_notice(member: Member) -> str | None:
    notice = focus_notice(member)
    if notice is None:
        return None
    # The API's words name its field; the page names its own choice.
    return (
        notice.split(": it mentions", 1)[0]
        + ": it mentions your health. Choose below whether drafts may say it."
    )


def deleted() -> Page:
    """After the account was deleted: signed out, nothing left."""
    return render_page("deleted", 200, Chrome(), title="Your account is deleted")
