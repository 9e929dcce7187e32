"""The web app's program pages for admins (/app/program): the report, the roster with its
invitations, removing a member, and the program's settings.

The report shows what GET /org/report shows, in words: closed weeks only, a week without
enough members shows no figures, and a figure below MIN_GROUP reads "fewer than 5". Each
trend is a server-drawn SVG (role="img", with a title) beside a table of the same figures,
which screen readers and anyone without images read instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.domain import weeks
from tracker.domain.model import Member, Org, Outcome
from tracker.domain.org import (
    MAX_CADENCE_DAYS,
    MIN_CADENCE_DAYS,
    MIN_GROUP,
    PROGRAM_NAME_LIMIT,
    Activity,
    InviteProblem,
    OrgReport,
    ReportFigures,
    ReportWeek,
    WeekStatus,
    activity,
    status,
)
from tracker.rendering.app_pages import Chrome, Field, Page, render_page
from tracker.rendering.app_settings import LANGUAGES, hours
from tracker.rendering.labels import date_label
from tracker.rendering.pages import OUTCOME_LABELS
from tracker.rendering.reader import N_, gettext
from tracker.rendering.reader import words as current_words

REPORT = "/app/program"
MEMBERS = "/app/program/members"
SETTINGS = "/app/program/settings"

FEWER = N_("fewer than {count}")  # a figure under MIN_GROUP
HIDDEN = N_("hidden")  # a whole week without enough members (the API's `suppressed: true`)
IN_PROGRESS = N_("in progress")

# The figures charted, in the order the page shows them: (name, heading).
FIGURES = (
    ("members_active", N_("Members active")),
    ("members_met", N_("Members who met their goals")),
    ("conversations", N_("Conversations")),
    ("new_people", N_("New people")),
    ("reconnects", N_("Reconnects")),
)

STATUS_WORDS = {"invited": N_("Invited (not signed in yet)"), "active": N_("Active"), "paused": N_("Paused")}
ACTIVITY_WORDS = {
    Activity.THIS_MONTH: N_("This month"),
    Activity.EARLIER: N_("Before this month"),
    Activity.NEVER: N_("Not yet"),
}
NOTICES = {
    "removed": N_(
        "The member was removed: their sign-in and every item of their data are gone, and any "
        "session they had open has ended."
    ),
}


def removed_notice() -> str:
    said = NOTICES["removed"]  # (a literal inside gettext's parentheses would be extracted as a message)
    return gettext(said)


# The chart's drawing area (SVG user units; it scales to the width it is given).
_WIDTH, _HEIGHT, _TOP, _BOTTOM, _LEFT = 360, 150, 16, 22, 4


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the week, short ("W48")
    value: str  # the figure as the table shows it


@dataclass(frozen=True)
class Chart:
    name: str
    heading: str
    title: str  # what the image shows, said in words (its <title>)
    bars: list[Bar]
    cells: list[str]  # the same figures as the table's column


def _cell(point: ReportWeek, value: int | None) -> str:
    if point.status is WeekStatus.IN_PROGRESS:
        return gettext(IN_PROGRESS)
    if point.status is WeekStatus.UPCOMING:
        return gettext("not started")
    if point.figures is None:
        return gettext(HIDDEN)
    return _fewer() if value is None else f"{value:,}"


def _fewer() -> str:
    return gettext(FEWER).format(count=MIN_GROUP)


def _value(figures: ReportFigures | None, name: str) -> int | None:
    if figures is None:
        return None
    if name.startswith("outcomes."):
        return figures.outcomes.get(Outcome(name.split(".", 1)[1]))
    value: int | None = getattr(figures, name)
    return value


def _chart(name: str, heading: str, trend: list[ReportWeek]) -> Chart:
    values = [_value(point.figures, name) for point in trend]
    cells = [_cell(point, value) for point, value in zip(trend, values, strict=True)]
    top = max([v for v in values if v is not None] or [0])
    slot = (_WIDTH - _LEFT) / len(trend)
    usable = _HEIGHT - _TOP - _BOTTOM
    bars = []
    for index, (point, value) in enumerate(zip(trend, values, strict=True)):
        height = round(usable * value / top, 1) if value and top else 0.0
        bars.append(
            Bar(
                x=round(_LEFT + index * slot + slot * 0.15, 1),
                y=round(_HEIGHT - _BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                label=point.week.split("-")[-1],
                value=cells[index],
            )
        )
    shown = [f"{point.week} {cell}" for point, cell in zip(trend, cells, strict=True)]
    title = gettext("{heading}, week by week:").format(heading=heading) + " " + "; ".join(shown)
    return Chart(name, heading, title, bars, cells)


@dataclass(frozen=True)
class ReportView:
    report: OrgReport
    csrf: str
    weeks: list[str]  # the closed weeks one may choose (newest first)


def _share(figures: ReportFigures | None) -> str | None:
    if figures is None or figures.share_met is None:
        return None
    return f"{round(figures.share_met * 100)}%"


def report(view: ReportView) -> Page:
    report = view.report
    trend = report.trend
    week = report.week
    charts = [_chart(name, gettext(heading), trend) for name, heading in FIGURES]
    outcomes = [_chart(f"outcomes.{o.value}", gettext(label), trend) for o, label in OUTCOME_LABELS.items()]
    figures = week.figures
    headline = [
        (gettext(heading), _cell(week, _value(figures, name)))
        for name, heading in (*FIGURES, ("people", N_("People in touch")))
    ]
    share = _share(figures)
    if figures is not None:
        headline.insert(2, (gettext("Share who met their goals"), share or _fewer()))
    return render_page(
        "program_report",
        200,
        Chrome(view.csrf, REPORT),
        title=gettext("Program report"),
        org_name=report.org_name or gettext("Your program"),
        week=week,
        week_label=_week_label(week.week),
        hidden=figures is None,
        headline=headline,
        charts=charts,
        outcomes=outcomes,
        trend=trend,
        weeks=view.weeks,
        min_group=MIN_GROUP,
        width=_WIDTH,
        height=_HEIGHT,
        baseline=_HEIGHT - _BOTTOM,
    )


def _week_label(week: str) -> str:
    monday = weeks.monday(week)
    return gettext("{week} (the week of {day})").format(week=week, day=date_label(monday, current_words()))


# ---------------------------------------------------------------- the roster


@dataclass(frozen=True)
class MemberRow:
    member_id: str
    name: str
    email: str
    status: str
    role: str
    active: str
    you: bool


def member_row(member: Member, today: date, you: str) -> MemberRow:
    return MemberRow(
        member_id=member.key.member_id,
        name=member.display_name or "",
        email=member.email or "",
        status=gettext(STATUS_WORDS[status(member, today).value]),
        role=gettext("Admin") if member.is_admin else gettext("Member"),
        active=gettext(ACTIVITY_WORDS[activity(member, today)]),
        you=member.key.member_id == you,
    )


@dataclass(frozen=True)
class RowResult:
    """One line of an uploaded list, as the page says what became of it."""

    row: int
    email: str
    outcome: str
    added: bool


def row_results(added: list[tuple[int, Member]], problems: list[InviteProblem]) -> list[RowResult]:
    rows = [RowResult(row, member.email or "", gettext("Invited"), True) for row, member in added]
    rows += [
        RowResult(problem.row, problem.email or "", _problem_words(problem.message), False)
        for problem in problems
    ]
    return sorted(rows, key=lambda result: result.row)


def _problem_words(message: str) -> str:
    words = {
        "appears twice": N_("Not added: this address is on an earlier line too."),
        "already has an account": N_("Not added: already a member of your program."),
    }
    if message in words:
        return gettext(words[message])
    reason = message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
    return gettext("Not added: {reason}").format(reason=reason)


@dataclass(frozen=True)
class MembersView:
    csrf: str
    rows: list[MemberRow]
    query: str
    status: str
    next_url: str | None
    first_url: str | None
    examined: int
    fields: dict[str, Field] = field(default_factory=dict)
    roster_error: str | None = None
    results: list[RowResult] | None = None
    notice: str | None = None
    status_code: int = 200


STATUSES = (("", N_("Any")), ("invited", N_("Invited")), ("active", N_("Active")), ("paused", N_("Paused")))


def members(view: MembersView) -> Page:
    fields = view.fields or {name: Field(name) for name in ("email", "name", "roster")}
    problems = [f for f in fields.values() if f.error]
    return render_page(
        "program_members",
        view.status_code,
        Chrome(view.csrf, REPORT),
        title=gettext("Members"),
        csrf=view.csrf,
        rows=view.rows,
        query=view.query,
        chosen=view.status,
        statuses=[(value, gettext(label)) for value, label in STATUSES],
        next_url=view.next_url,
        first_url=view.first_url,
        filtered=bool(view.query or view.status),
        examined=view.examined,
        fields=fields,
        problems=problems,
        results=view.results,
        added=sum(1 for r in view.results or [] if r.added),
        refused=sum(1 for r in view.results or [] if not r.added),
        notice=view.notice,
        members_path=MEMBERS,
    )


def remove(csrf: str, row: MemberRow, problem: str | None = None, status_code: int = 200) -> Page:
    return render_page(
        "program_remove",
        status_code,
        Chrome(csrf, REPORT),
        title=gettext("Remove {who}?").format(who=row.name or row.email),
        csrf=csrf,
        row=row,
        who=row.name or row.email,
        problem=problem,
        members_path=MEMBERS,
    )


def not_found(csrf: str) -> Page:
    return render_page(
        "program_missing", 404, Chrome(csrf, REPORT), title=gettext("Member not found"), members_path=MEMBERS
    )


def forbidden(csrf: str) -> Page:
    """A member who is not one of the program's admins (or whose sign-in carries no admin rights)."""
    return render_page("program_forbidden", 403, Chrome(csrf), title=gettext("For program staff only"))


# ---------------------------------------------------------------- the program's settings

PROGRAM_FIELDS = (
    "name",
    "default_time_zone",
    "default_reminder_hour",
    "default_cadence_days",
    "default_goal_people",
    "default_goal_new_people",
    "default_goal_reconnects",
    "default_language",
)
NAME_LIMIT = PROGRAM_NAME_LIMIT
CADENCE_DAYS = (MIN_CADENCE_DAYS, MAX_CADENCE_DAYS)
SETTINGS_SAVED = N_(
    "Saved. Members you invite from now on start with these; members already here keep theirs."
)


def program_values(program: Org) -> dict[str, str]:
    return {
        "name": program.name,
        "default_time_zone": program.default_time_zone,
        "default_reminder_hour": str(program.default_reminder_hour),
        "default_cadence_days": str(program.default_cadence_days),
        "default_goal_people": str(program.default_goal.people),
        "default_goal_new_people": str(program.default_goal.new_people),
        "default_goal_reconnects": str(program.default_goal.reconnects),
        "default_language": program.default_language.value,
    }


def program_settings(
    csrf: str,
    values: dict[str, str],
    errors: dict[str, str],
    zones: tuple[str, ...],
    notice: str | None = None,
    status_code: int = 200,
) -> Page:
    fields = {name: Field(name, values.get(name, ""), errors.get(name)) for name in PROGRAM_FIELDS}
    return render_page(
        "program_settings",
        status_code,
        Chrome(csrf, REPORT),
        title=gettext("Program settings"),
        csrf=csrf,
        fields=fields,
        problems=[fields[name] for name in PROGRAM_FIELDS if name in errors],
        notice=notice,
        zones=zones,
        hours=hours(current_words()),
        languages=LANGUAGES,
        settings_path=SETTINGS,
    )
