"""The JSON of the org's admin routes: members, invitations, the weekly report."""

from __future__ import annotations

import csv
import io
from datetime import date

from pydantic import BaseModel, Field, ValidationError

from tracker.api.schemas.common import Email, Name, _In
from tracker.domain.errors import InvalidInput, PayloadTooLarge
from tracker.domain.model import Member, Outcome
from tracker.domain.org import (
    MAX_INVITES,
    MIN_GROUP,
    Invite,
    InviteProblem,
    OrgReport,
    ReportWeek,
    Roster,
    status,
)


class MemberInviteIn(_In):
    email: Email = Field(description="They sign in with it; the invitation goes there")
    name: Name | None = None


class OrgMemberOut(BaseModel):
    id: str
    name: str | None
    email: str | None
    status: str = Field(description="invited (not signed in yet), active or paused")
    role: str = Field(description="admin or member")
    last_active_week: str | None = Field(description="ISO week of their latest logged conversation")

    @classmethod
    def of(cls, member: Member, today: date) -> OrgMemberOut:
        return cls(
            id=member.key.member_id,
            name=member.display_name,
            email=member.email,
            status=status(member, today).value,
            role="admin" if member.is_admin else "member",
            last_active_week=member.last_active_week,
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


def parse_roster(text: str) -> tuple[list[Invite], list[InviteProblem]]:
    """A CSV of members (header `email,name`; other columns are ignored), row by row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    if "email" not in header:
        raise InvalidInput("The CSV needs a header line with an `email` column (and `name`)", field="body")
    invites: list[Invite] = []
    problems: list[InviteProblem] = []
    for raw in reader:
        row = reader.line_num
        values = {key: (raw.get(header[key]) or "").strip() for key in ("email", "name") if key in header}
        if not any(values.values()):
            continue
        if len(invites) + len(problems) >= MAX_INVITES:
            raise PayloadTooLarge(f"At most {MAX_INVITES} members per request; send the rest in another")
        try:
            parsed = MemberInviteIn(email=values["email"], name=values.get("name") or None)
        except ValidationError as error:
            problems += invite_problems(row, values["email"] or None, error)
            continue
        invites.append(Invite(row=row, email=parsed.email, name=parsed.name))
    return invites, problems


SUPPRESSED_NOTE = f"Fewer than {MIN_GROUP} members were active; figures are hidden to protect their privacy"


class ReportWeekOut(BaseModel):
    week: str
    suppressed: bool = Field(description=f"Fewer than {MIN_GROUP} members were active: figures are null")
    note: str | None
    members_active: int | None
    members_met_goals: int | None
    share_met_goals: float | None = Field(description="Of the members active, the share who met every goal")
    conversations: int | None
    people: int | None
    new_people: int | None
    reconnects: int | None
    outcomes: dict[Outcome, int] | None

    @classmethod
    def of(cls, point: ReportWeek) -> ReportWeekOut:
        figures = point.figures
        if figures is None:
            return cls(
                week=point.week,
                suppressed=True,
                note=SUPPRESSED_NOTE,
                members_active=None,
                members_met_goals=None,
                share_met_goals=None,
                conversations=None,
                people=None,
                new_people=None,
                reconnects=None,
                outcomes=None,
            )
        return cls(
            week=point.week,
            suppressed=False,
            note=None,
            members_active=figures.members_active,
            members_met_goals=figures.members_met,
            share_met_goals=point.share_met,
            conversations=figures.conversations,
            people=figures.people,
            new_people=figures.new_people,
            reconnects=figures.reconnects,
            outcomes={outcome: figures.outcomes.get(outcome, 0) for outcome in Outcome},
        )


class OrgReportOut(BaseModel):
    org_id: str
    name: str | None
    min_group_size: int = MIN_GROUP
    week: ReportWeekOut
    trend: list[ReportWeekOut] = Field(description="The last 12 weeks, oldest first, ending with `week`")

    @classmethod
    def of(cls, report: OrgReport) -> OrgReportOut:
        return cls(
            org_id=report.org_id,
            name=report.org_name,
            week=ReportWeekOut.of(report.week),
            trend=[ReportWeekOut.of(point) for point in report.trend],
        )
