"""The web app's Settings (/app/settings) and the download of the member's data (/app/export:
CSV and JSON as GET /export writes them, and vCards).

Each section of the page is its own form, posted to POST /app/settings with its `section`;
they change the profile through MemberService (PATCH /me's path), the phone through its
verification (PhoneService), the quick-log link through QuickLogService, and delete the account
through MemberService.erase (DELETE /me's path). The member only ever comes from the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain.changes import KEEP
from tracker.domain.errors import TooManyRequests, TrackerError
from tracker.domain.members import ProfileChanges
from tracker.domain.quicklog import FormData
from tracker.rendering import app_pages, app_settings
from tracker.rendering.reader import gettext, said, said_problem
from tracker.runtime import services
from tracker.services.exports import Network
from tracker.services.sessions import Resumed
from tracker.web import settings_form
from tracker.web.frame import (
    SignedIn,
    csrf_of,
    query_value,
    redirect,
    respond,
    signed_in_page,
    signed_in_post,
)
from tracker.web.sessions import SESSION_COOKIE, cleared

router = APIGatewayHttpRouter()

SETTINGS = "/app/settings"
EXPORT = "/app/export"
PAGES = frozenset({SETTINGS, EXPORT})
# format -> (content type, file extension): the API's CSV and JSON, and vCards for address books
DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "vcard": ("text/vcard; charset=utf-8", "vcf"),
}
UTF8_BOM = "\ufeff"  # as GET /export: spreadsheet programs then open the CSV as UTF-8


@dataclass
class _Exporter:
    """How the JSON download is written: the API's own ExportOut, handed in by api/app.py
    (the web layer sits below the API's schemas)."""

    json: Callable[[Network], str] | None = field(default=None)


exporter = _Exporter()


def _phone_status(resumed: Resumed) -> str:
    member = resumed.member
    if not member.phone:
        return "none"
    if services().phones.stopped(member):
        return "stopped"
    return "verified" if member.phone_verified else "unverified"


def _page(
    resumed: Resumed,
    *,
    notice: str | None = None,
    typed: dict[str, str] | None = None,
    typed_channels: tuple[str, ...] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response[str]:
    app = services()
    link = app.quicklog.member_form_link(resumed.member)
    view = app_settings.SettingsView(
        member=resumed.member,
        now=app.clock.now(),
        csrf=csrf_of(resumed),
        form_link=link.url,
        form_link_expires=link.expires_at,
        phone_status=_phone_status(resumed),
        email_problem=said_problem(resumed.session.email_problem),
        notice=notice,
        typed=typed or {},
        typed_channels=typed_channels,
        errors=errors or {},
        status=status,
    )
    return respond(app_settings.settings(view, settings_form.listed_zones()))


@router.get(SETTINGS, include_in_schema=False)
def settings_page() -> Response[str]:
    return signed_in_page(
        SETTINGS, lambda seen: _page(seen.resumed, notice=app_settings.notice(query_value("saved")))
    )


@router.post(SETTINGS, include_in_schema=False)
def change_settings() -> Response[str]:
    return signed_in_post(SETTINGS, _change)


# The fields each section posts (what a section with a mistake gives back as typed).
SECTION_FIELDS = {
    "profile": ("display_name", "time_zone", "current_focus", "drafts_may_mention_health", "language"),
    "email": ("email",),
    "reminders": ("reminder_hour", "picks_per_day", "weekly_review_day", "weekly_review_hour"),
    "pause": ("paused_until",),
    "phone": ("phone",),
    "verify": ("code",),
    "delete": ("confirm_email",),
}


def _change(seen: SignedIn) -> Response[str]:
    resumed, form = seen.resumed, seen.form
    section = form.first("section")
    typed = {name: form.first(name)[:4000] for name in SECTION_FIELDS.get(section, ())}
    channels = tuple(form.all("reminder_channels")[:5]) if section == "reminders" else None

    def again(errors: dict[str, str], status: int = 422) -> Response[str]:
        return _page(resumed, typed=typed, typed_channels=channels, errors=errors, status=status)

    try:
        done = _act(resumed, section, form)
    except TrackerError as error:
        name = error.field if error.field in app_settings.ORDER else _first_field(section)
        return again({name: said(error)}, 429 if isinstance(error, TooManyRequests) else 422)
    if isinstance(done, dict):
        return again(done)
    if done == "deleted":
        return respond(app_settings.deleted(), [cleared(SESSION_COOKIE)])
    return redirect(f"{SETTINGS}?{urlencode({'saved': done})}")


def _first_field(section: str) -> str:
    return (SECTION_FIELDS.get(section) or ("display_name",))[0]


Outcome = str | dict[str, str]  # the notice's key, or the errors to show


def _profile_change(
    check: Callable[[FormData], settings_form.Checked],
) -> Callable[[Resumed, FormData], Outcome]:
    def change(resumed: Resumed, form: FormData) -> Outcome:
        checked = check(form)
        if checked.changes is None:
            return checked.errors
        if checked.changes.email is not KEEP and checked.changes.email == resumed.member.email:
            return {"email": gettext("That is your address already.")}
        updated = services().members.update(resumed.identity, checked.changes)
        if checked.changes.phone is None and updated.phone is None:
            return "phone_removed"
        return _section(form)

    return change


def _section(form: FormData) -> str:
    return form.first("section")


def _pause(resumed: Resumed, form: FormData) -> Outcome:
    today = services().members.local_today(resumed.identity.member)
    return _profile_change(lambda posted: settings_form.pause(posted, today))(resumed, form)


def _resume(resumed: Resumed, form: FormData) -> Outcome:
    services().members.update(resumed.identity, ProfileChanges(paused_until=None))
    return "resume"


def _verify(resumed: Resumed, form: FormData) -> Outcome:
    code, errors = settings_form.code(form)
    if code is None:
        return errors
    services().members.verify_phone(resumed.identity, code)
    return "verified"


def _new_code(resumed: Resumed, form: FormData) -> Outcome:
    services().members.send_phone_code(resumed.identity)
    return "code"


def _rotate(resumed: Resumed, form: FormData) -> Outcome:
    services().quicklog.member_form_link(resumed.member, rotate=True)
    return "rotated"


def _delete(resumed: Resumed, form: FormData) -> Outcome:
    typed = form.first("confirm_email").strip().lower()
    if not typed or typed != (resumed.member.email or "").lower():
        return {
            "confirm_email": gettext(
                "Type the email address you sign in with, exactly, to delete your account."
            )
        }
    services().members.erase(resumed.identity)  # DELETE /me's path: the partition, then the sign-in
    return "deleted"


SECTIONS: dict[str, Callable[[Resumed, FormData], Outcome]] = {
    "profile": _profile_change(settings_form.profile),
    "email": _profile_change(settings_form.email),
    "reminders": _profile_change(settings_form.reminders),
    "phone": _profile_change(settings_form.phone),
    "pause": _pause,
    "resume": _resume,
    "verify": _verify,
    "code": _new_code,
    "rotate": _rotate,
    "delete": _delete,
}


def _act(resumed: Resumed, section: str, form: FormData) -> Outcome:
    """Do what the section asks."""
    handle = SECTIONS.get(section)
    if handle is None:
        return {"display_name": gettext("That form is not one of this page's. Please try again.")}
    return handle(resumed, form)


@router.get(EXPORT, include_in_schema=False, compress=True)
def export_data() -> Response[str]:
    def download(seen: SignedIn) -> Response[str]:
        resumed = seen.resumed
        kind = query_value("format") or "csv"
        if kind not in DOWNLOADS or (kind == "json" and exporter.json is None):
            return redirect(SETTINGS + "#data")
        exports = services().exports
        network = exports.network(resumed.member.key)
        stamp = network.exported_at.strftime("%Y-%m-%d")
        content_type, extension = DOWNLOADS[kind]
        headers = {
            **app_pages.HEADERS,
            "Content-Disposition": f'attachment; filename="networking-tracker-{stamp}.{extension}"',
        }
        if kind == "csv":
            body = UTF8_BOM + exports.csv(network)
        elif kind == "vcard":
            body = exports.vcard(network)
        else:
            assert exporter.json is not None  # checked above
            body = exporter.json(network)
        return Response(200, content_type, body, headers=headers)

    return signed_in_page(
        lambda: f"{EXPORT}?{urlencode({'format': query_value('format') or 'csv'})}", download
    )
