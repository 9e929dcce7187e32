"""The web app's program pages, for the program's admins: the report (/app/program), the
roster with invitations (/app/program/members), removing a member (…/{member_id}/remove) and
the program's settings (/app/program/settings: its name and what new members start with).

They call OrgService as the API's /org routes do (tracker/api/routes/org.py), with the same
checks: the session's groups must carry `admins`, as the API's authoriser requires of the
token (a member who is not an admin gets a 403 page on every one of them, and no nav link),
and the org is only ever the session's. An invitation list is read with the API's own CSV
rules (parse_roster: header `email,name`, at most 100 rows), from an uploaded file (a
multipart form, parsed by tracker/web/forms.py within MAX_FORM_BYTES) or pasted text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain import weeks
from tracker.domain.errors import InvalidInput, NotFound, PayloadTooLarge
from tracker.domain.model import Language, Org
from tracker.domain.org import (
    REFUSED_FOR_SIGN_IN,
    Invite,
    InviteProblem,
    MemberStatus,
    latest_closed_week,
    status,
)
from tracker.domain.quicklog import FormData
from tracker.rendering import app_program
from tracker.rendering.app_pages import Field
from tracker.rendering.reader import gettext, said
from tracker.runtime import services
from tracker.services.sessions import Resumed
from tracker.web import goals_form, settings_form
from tracker.web.forms import one_line
from tracker.web.frame import (
    admin_page,
    admin_post,
    csrf_of,
    current_path,
    query_value,
    redirect,
    respond,
)

router = APIGatewayHttpRouter()

REPORT = app_program.REPORT
MEMBERS = app_program.MEMBERS
_REMOVE = MEMBERS + "/<member_id>/remove"
SETTINGS = app_program.SETTINGS
PAGES = frozenset({REPORT, MEMBERS, MEMBERS + "/{member_id}/remove", SETTINGS})
ROSTER_PAGE = 50  # members read per page: one Query of the org's index, one BatchGetItem
WEEKS_OFFERED = 26  # closed weeks the report's week picker lists
_WEEK = re.compile(r"^\d{4}-W\d{2}$")

Problems = list[InviteProblem]


@dataclass
class _Rules:
    """POST /org/members' own rules for an address and a list (api/schemas/org.py), handed in by
    api/app.py: the web layer sits below the API's schemas."""

    one: Callable[[str, str | None], tuple[Invite | None, Problems]] | None = None
    roster: Callable[[str], tuple[list[Invite], Problems]] | None = None


rules = _Rules()


# ---------------------------------------------------------------- the report


@router.get(REPORT, include_in_schema=False)
def report_page() -> Response[str]:
    return admin_page(current_path, lambda seen: _report(seen.resumed))


def _report(resumed: Resumed) -> Response[str]:
    app = services()
    latest = latest_closed_week(app.clock.now())
    offered = [weeks.shift(latest, -back) for back in range(WEEKS_OFFERED)]
    asked = query_value("week").strip()
    week = asked if _WEEK.match(asked) and asked in offered else latest
    report = app.org.report(resumed.identity, week)  # the org's item and one Query of its weeks
    view = app_program.ReportView(report, csrf_of(resumed), offered)
    return respond(app_program.report(view))


# ---------------------------------------------------------------- the roster


@router.get(MEMBERS, include_in_schema=False)
def members_page() -> Response[str]:
    return admin_page(current_path, lambda seen: _members(seen.resumed, notice=_notice()))


def _notice() -> str | None:
    if query_value("removed") == "1":
        return app_program.removed_notice()
    if query_value("invited") == "1":
        return gettext("Invitation sent: they will get an email with a temporary password.")
    return None


def _members(
    resumed: Resumed,
    *,
    notice: str | None = None,
    fields: dict[str, Field] | None = None,
    results: list[app_program.RowResult] | None = None,
    status_code: int = 200,
) -> Response[str]:
    app = services()
    query = one_line(query_value("q"))[:100]
    wanted = query_value("status") if query_value("status") in {s.value for s in MemberStatus} else ""
    after = query_value("after")[:64] or None
    try:
        found, next_cursor = app.org.members(resumed.identity, after, ROSTER_PAGE)
    except InvalidInput:  # a cursor this page did not give: the first page
        after = None
        found, next_cursor = app.org.members(resumed.identity, None, ROSTER_PAGE)
    today = app.clock.now().date()
    needle = query.casefold()
    rows = [
        app_program.member_row(member, today, resumed.identity.member_id)
        for member in found
        if (not wanted or status(member, today).value == wanted)
        and (
            not needle
            or needle in (member.display_name or "").casefold()
            or needle in (member.email or "").casefold()
        )
    ]
    kept = {key: value for key, value in (("q", query), ("status", wanted)) if value}
    view = app_program.MembersView(
        csrf=csrf_of(resumed),
        rows=rows,
        query=query,
        status=wanted,
        next_url=f"{MEMBERS}?{urlencode({**kept, 'after': next_cursor})}" if next_cursor else None,
        first_url=f"{MEMBERS}?{urlencode(kept)}".rstrip("?") if after else None,
        examined=len(found),
        fields=fields or _blank_fields(),
        results=results,
        notice=notice,
        status_code=status_code,
    )
    return respond(app_program.members(view))


def _blank_fields(**typed: Field) -> dict[str, Field]:
    return {name: typed.get(name, Field(name)) for name in ("email", "name", "roster", "pasted")}


@router.post(MEMBERS, include_in_schema=False)
def invite_members() -> Response[str]:
    return admin_post(MEMBERS, lambda seen: _invite(seen.resumed, seen.form))


def _invite(resumed: Resumed, form: FormData) -> Response[str]:
    if form.first("section") == "many":
        return _invite_many(resumed, form)
    return _invite_one(resumed, form)


def _invite_one(resumed: Resumed, form: FormData) -> Response[str]:
    email, name = form.first("email")[:400], form.first("name")[:400]

    def again(errors: dict[str, str], status_code: int = 422) -> Response[str]:
        typed = {key: Field(key, value, errors.get(key)) for key, value in (("email", email), ("name", name))}
        return _members(resumed, fields=_blank_fields(**typed), status_code=status_code)

    assert rules.one is not None, "api/app.py hands the rules in"
    invite, problems = rules.one(email.strip(), one_line(name) or None)
    if invite is None:
        return again(_field_errors(problems))
    roster = services().org.invite(resumed.identity, [invite], [])
    if roster.problems:
        problem = roster.problems[0].message
        if problem == REFUSED_FOR_SIGN_IN:
            return again(
                {"email": gettext("This address cannot be used to sign in: check it for typing mistakes.")}
            )
        if problem == "already has an account":
            return again({"email": gettext("This address is already a member of your program.")}, 409)
        return again({"email": problem})
    return redirect(f"{MEMBERS}?invited=1")


def _field_errors(problems: Problems) -> dict[str, str]:
    errors: dict[str, str] = {}
    for problem in problems:
        name = problem.field if problem.field in ("email", "name") else "email"
        message = problem.message
        if name == "email" and not problem.email:
            message = gettext("Enter the email address to send the invitation to.")
        errors.setdefault(name, _sentence(message))
    return errors


def _sentence(message: str) -> str:
    message = message[:1].upper() + message[1:]
    return message if message.endswith(".") else message + "."


def _invite_many(resumed: Resumed, form: FormData) -> Response[str]:
    uploaded = form.first("roster")
    pasted = form.first("pasted")
    text = uploaded if uploaded.strip() else pasted

    def again(message: str, status_code: int = 422) -> Response[str]:
        typed = {"roster": Field("roster", "", message), "pasted": Field("pasted", pasted[:20_000])}
        return _members(resumed, fields=_blank_fields(**typed), status_code=status_code)

    if not text.strip():
        return again(gettext("Choose a CSV file of members, or paste the list in the box."))
    assert rules.roster is not None, "api/app.py hands the rules in"
    try:
        invites, problems = rules.roster(text)
    except InvalidInput:
        return again(
            gettext("The list needs a first line naming its columns, with an email column: email,name.")
        )
    except PayloadTooLarge as error:
        return again(error.message + ".", 413)
    except Exception:  # a list the csv module cannot read at all (a stray NUL byte, say)
        return again(
            gettext("That file could not be read as a CSV list: save it as CSV (UTF-8) and try again.")
        )
    if not invites and not problems:
        return again(gettext("The list has no members in it: one member per line, below the header line."))
    roster = services().org.invite(resumed.identity, invites, problems)
    results = app_program.row_results(roster.added, roster.problems)
    return _members(resumed, results=results)


# ---------------------------------------------------------------- removing a member


@router.get(_REMOVE, include_in_schema=False)
def remove_page(member_id: str) -> Response[str]:
    return admin_page(current_path, lambda seen: _confirm(seen.resumed, member_id))


def _confirm(resumed: Resumed, member_id: str, problem: str | None = None) -> Response[str]:
    app = services()
    try:
        member = app.org.member(resumed.identity, member_id[:64])
    except NotFound:
        return respond(app_program.not_found(csrf_of(resumed)))
    row = app_program.member_row(member, app.clock.now().date(), resumed.identity.member_id)
    return respond(app_program.remove(csrf_of(resumed), row, problem, 422 if problem else 200))


@router.post(_REMOVE, include_in_schema=False)
def remove_member(member_id: str) -> Response[str]:
    return admin_post(MEMBERS, lambda seen: _remove(seen.resumed, member_id))


def _remove(resumed: Resumed, member_id: str) -> Response[str]:
    try:
        services().org.remove(resumed.identity, member_id[:64])
    except InvalidInput:  # yourself
        return _confirm(
            resumed, member_id, gettext("You cannot remove yourself: another admin of your program can.")
        )
    except NotFound:
        return respond(app_program.not_found(csrf_of(resumed)))
    return redirect(f"{MEMBERS}?removed=1")


# ---------------------------------------------------------------- the program's settings


@router.get(SETTINGS, include_in_schema=False)
def settings_page() -> Response[str]:
    return admin_page(current_path, lambda seen: _settings(seen.resumed))


def _settings(resumed: Resumed) -> Response[str]:
    program = services().org.program(resumed.identity)
    notice = gettext(app_program.SETTINGS_SAVED) if query_value("saved") == "1" else None
    return _settings_view(resumed, app_program.program_values(program), {}, notice)


def _settings_view(
    resumed: Resumed,
    values: dict[str, str],
    errors: dict[str, str],
    notice: str | None = None,
    status_code: int = 200,
) -> Response[str]:
    page = app_program.program_settings(
        csrf_of(resumed), values, errors, settings_form.listed_zones(), notice, status_code
    )
    return respond(page)


@router.post(SETTINGS, include_in_schema=False)
def change_settings() -> Response[str]:
    return admin_post(SETTINGS, lambda seen: _change_settings(seen.resumed, seen.form))


def _change_settings(resumed: Resumed, form: FormData) -> Response[str]:
    typed = {name: form.first(name)[:400] for name in app_program.PROGRAM_FIELDS}
    program, errors = _program(resumed.identity.org_id, typed)
    if program is not None:
        try:
            services().org.change_program(resumed.identity, program)
        except InvalidInput as error:  # the domain's own rules, said beside the field
            errors = {error.field or "name": said(error) + "."}
    if errors:
        return _settings_view(resumed, typed, errors, status_code=422)
    return redirect(f"{SETTINGS}?saved=1")


GOAL_PREFIX = "default_goal_"  # the default weekly targets: default_goal_people, ...


def _program(org_id: str, typed: dict[str, str]) -> tuple[Org | None, dict[str, str]]:
    """The settings as typed, or what to fix, field by field."""
    errors: dict[str, str] = {}
    name = one_line(typed["name"])
    if not name:
        errors["name"] = gettext("Enter the program's name, as members know it.")
    elif len(name) > app_program.NAME_LIMIT:
        errors["name"] = gettext("Keep the name under {limit} characters (it has {count}).").format(
            limit=app_program.NAME_LIMIT, count=f"{len(name):,}"
        )
    zone = settings_form.time_zone(typed["default_time_zone"])
    if zone is None:
        guesses = settings_form.zone_suggestions(one_line(typed["default_time_zone"])[:64])
        errors["default_time_zone"] = settings_form.zone_problem(
            gettext("Choose a time zone from the list, like Europe/London."), guesses
        )
    hour = typed["default_reminder_hour"].strip()
    if not (hour.isdigit() and 0 <= int(hour) <= 23):
        errors["default_reminder_hour"] = gettext("Choose an hour from the list.")
    cadence = typed["default_cadence_days"].strip()
    low, high = app_program.CADENCE_DAYS
    if not (cadence.isdigit() and low <= int(cadence) <= high):
        errors["default_cadence_days"] = gettext(
            "Enter a number of days from {low} to {high}, like 90."
        ).format(low=low, high=high)
    goal = goals_form.targets(FormData({name: [typed[name]] for name in typed}), prefix=GOAL_PREFIX)
    errors.update(goal.errors)
    if errors or zone is None or goal.goal is None:
        return None, errors
    language = typed.get("default_language", "")
    if language not in set(Language):
        errors["default_language"] = gettext("Choose one of the languages listed.")
        return None, errors
    program = Org(org_id, name, zone, int(cadence), int(hour), goal.goal, default_language=Language(language))
    return program, {}
