"""The JSON of the org's admin routes: members, invitations, the weekly report."""

from __future__ import annotations

import csv
import io
from datetime import date

from pydantic import BaseModel, Field, ValidationError

from tracker.api.schemas.common import MemberEmail, Name, _In
from tracker.domain.errors import InvalidInput, PayloadTooLarge
from tracker.domain.model import Language, Member, Outcome
from tracker.domain.org import (
    MAX_INVITES,
    MIN_GROUP,
    Activity,
    Invite,
    InviteProblem,
    OrgReport,
    ReportWeek,
    Roster,
    WeekStatus,
    activity,
    status,
)


class MemberInviteIn(_In):
    email: MemberEmail = Field(description="They sign in with it; the invitation goes there")
    name: Name | None = None
    language: Language | None = Field(
        default=None,
        description="en or es: what they read in (their emails, texts and pages); "
        "omitted: the program's default",
    )


class OrgMemberOut(BaseModel):
    id: str
    name: str | None
    email: str | None
    status: str = Field(description="invited (not signed in yet), active or paused")
    role: str = Field(description="admin or member")
    last_active: Activity = Field(
        description='When they last logged a conversation: "this month" (calendar month), "earlier" or '
        '"never" (never the week: with the report it would say who did what)'
    )
    email_problem: str | None = Field(
        default=None,
        description="Why email no longer reaches them (a bounce, a spam report, a refusal), and what "
        "they can do; null while it does",
    )

    @classmethod
    def of(cls, member: Member, today: date, email_problem: str | None = None) -> OrgMemberOut:
        return cls(
            email_problem=email_problem,
            id=member.key.member_id,
            name=member.display_name,
            email=member.email,
            status=status(member, today).value,
            role="admin" if member.is_admin else "member",
            last_active=activity(member, today),
        )


class OrgMembersOut(BaseModel):
    items: list[OrgMemberOut]
    next_cursor: str | None


class InviteProblemOut(BaseModel):
    row: int = Field(description="Line of the CSV (the header is line 1); 1 for a single member")
    email: str | None
    field: str | None
    message: str


class AddedMemberOut(BaseModel):
    row: int
    member: OrgMemberOut


class RosterOut(BaseModel):
    added: list[AddedMemberOut]
    problems: list[InviteProblemOut] = Field(description="Rows not added, and why; the others were kept")

    @classmethod
    def of(cls, roster: Roster, today: date) -> RosterOut:
        return cls(
            added=[AddedMemberOut(row=row, member=OrgMemberOut.of(m, today)) for row, m in roster.added],
            problems=[
                InviteProblemOut(row=p.row, email=p.email, field=p.field, message=p.message)
                for p in roster.problems
            ],
        )


def invite_problems(row: int, email: str | None, error: ValidationError) -> list[InviteProblem]:
    return [
        InviteProblem(
            row=row,
            email=email,
            field=".".join(str(part) for part in problem["loc"]) or None,
            message=str(problem["msg"]).removeprefix("Value error, "),
        )
        for problem in error.errors()
    ]


def one_invite(email: str, name: str | None) -> tuple[Invite | None, list[InviteProblem]]:
    """One member typed into a form, held to POST /org/members' rules (the web app's page)."""
    try:
        parsed = MemberInviteIn(email=email, name=name)
    except ValidationError as error:
        return None, invite_problems(1, email or None, error)
    return Invite(row=1, email=parsed.email, name=parsed.name), []


def parse_roster(text: str) -> tuple[list[Invite], list[InviteProblem]]:
    """A CSV of members (header `email,name`, optionally `language`: en or es, empty for the
    program's default; other columns are ignored), row by row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    if "email" not in header:
        raise InvalidInput("The CSV needs a header line with an `email` column (and `name`)", field="body")
    invites: list[Invite] = []
    problems: list[InviteProblem] = []
    for raw in reader:
        row = reader.line_num
        values = {
            key: (raw.get(header[key]) or "").strip()
            for key in ("email", "name", "language")
            if key in header
        }
        if not any(values.values()):
            continue
        if len(invites) + len(problems) >= MAX_INVITES:
            raise PayloadTooLarge(f"At most {MAX_INVITES} members per request; send the rest in another")
        try:
            parsed = MemberInviteIn.model_validate(
                {
                    "email": values["email"],
                    "name": values.get("name") or None,
                    "language": values.get("language", "").lower() or None,
                }
            )
        except ValidationError as error:
            problems += invite_problems(row, values["email"] or None, error)
            continue
        invites.append(Invite(row=row, email=parsed.email, name=parsed.name, language=parsed.language))
    return invites, problems


NOTES = {
    WeekStatus.IN_PROGRESS: "This week is still in progress: its figures show once it has ended everywhere",
    WeekStatus.UPCOMING: "This week has not started yet",
}
SUPPRESSED_NOTE = (
    f"Fewer than {MIN_GROUP} members who have signed in and been active in other weeks too were active; "
    "figures are hidden to protect their privacy"
)
FEWER = f"null when fewer than {MIN_GROUP} (named in `fewer_than_min_group`) or the week is suppressed"


class ReportWeekOut(BaseModel):
    week: str
    status: WeekStatus = Field(
        description="closed (over in every time zone), in_progress or upcoming: "
        "only closed weeks show figures"
    )
    suppressed: bool = Field(
        description=f"No figures at all (all null): the week is not closed, or fewer than {MIN_GROUP} "
        "members who signed in and were active in other weeks too were active in it"
    )
    note: str | None = Field(description="Why the week's figures are hidden, when they are")
    members_active: int | None = Field(description=FEWER)
    members_met_goals: int | None = Field(description=FEWER)
    share_met_goals: float | None = Field(
        description="Of the members active, the share who met every goal; null with members_met_goals"
    )
    conversations: int | None = Field(description=FEWER)
    people: int | None = Field(description=FEWER)
    new_people: int | None = Field(description=FEWER)
    reconnects: int | None = Field(description=FEWER)
    outcomes: dict[Outcome, int | None] | None = Field(description=f"Each outcome's count, {FEWER}")
    fewer_than_min_group: list[str] = Field(
        description=f'The figures shown as null because they are below {MIN_GROUP} ("fewer than 5"), '
        'e.g. "new_people" or "outcomes.job_lead"; empty when the week is suppressed'
    )

    @classmethod
    def of(cls, point: ReportWeek) -> ReportWeekOut:
        figures = point.figures
        if figures is None:
            return cls(
                week=point.week,
                status=point.status,
                suppressed=True,
                note=NOTES.get(point.status, SUPPRESSED_NOTE),
                members_active=None,
                members_met_goals=None,
                share_met_goals=None,
                conversations=None,
                people=None,
                new_people=None,
                reconnects=None,
                outcomes=None,
                fewer_than_min_group=[],
            )
        names = {"members_met": "members_met_goals", "share_met": "share_met_goals"}
        return cls(
            week=point.week,
            status=point.status,
            suppressed=False,
            note=None,
            members_active=figures.members_active,
            members_met_goals=figures.members_met,
            share_met_goals=figures.share_met,
            conversations=figures.conversations,
            people=figures.people,
            new_people=figures.new_people,
            reconnects=figures.reconnects,
            outcomes=dict(figures.outcomes),
            fewer_than_min_group=[names.get(name, name) for name in figures.fewer_than],
        )


class OrgReportOut(BaseModel):
    org_id: str
    name: str | None
    min_group_size: int = MIN_GROUP
    week: ReportWeekOut
    trend: list[ReportWeekOut] = Field(
        description="The last 12 weeks, oldest first, ending with `week` (this week: in_progress)"
    )

    @classmethod
    def of(cls, report: OrgReport) -> OrgReportOut:
        return cls(
            org_id=report.org_id,
            name=report.org_name,
            week=ReportWeekOut.of(report.week),
            trend=[ReportWeekOut.of(point) for point in report.trend],
        )
