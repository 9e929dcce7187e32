"""/org: an org's admins see their own members and aggregate progress, never contacts.

Every route needs the `admins` group (403 otherwise) and is scoped to the org of the admin's
token: another org's members are simply not found (404).
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import ValidationError

from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.goals import WEEK_PATTERN
from tracker.api.schemas.org import (
    MemberInviteIn,
    OrgMemberOut,
    OrgMembersOut,
    OrgReportOut,
    RosterOut,
    parse_roster,
)
from tracker.domain import weeks
from tracker.domain.errors import Conflict, InvalidInput
from tracker.domain.model import Identity
from tracker.domain.org import REFUSED_FOR_SIGN_IN, Invite, require_admin
from tracker.runtime import services

router = APIGatewayHttpRouter()

JSON = "application/json"
CSV_TYPES = ("text/csv", "application/csv")
MemberId = Annotated[str, Path(max_length=64, description="A member's id")]


def admin() -> Identity:
    """The calling admin. Their profile notes that they are one: their weekly message is the report."""
    identity = caller(router)
    require_admin(identity)
    services().members.profile(identity)
    return identity


@router.get(
    "/org/members",
    tags=["program"],
    summary="Your program's members",
    description='Name, email, status and when each member was last active ("this month", "earlier" or '
    '"never": never the week) (no contacts). Admins only.',
    responses=error_responses(422),
)
def list_members(
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[
        str | None, Query(max_length=64, description="next_cursor of the previous page")
    ] = None,
) -> OrgMembersOut:
    app = services()
    members, next_cursor = app.org.members(admin(), cursor, limit)
    today = app.clock.now().date()
    problems = app.addresses.delivery_problems(members)  # one read for the page
    items = [OrgMemberOut.of(m, today, problems.get(m.key)) for m in members]
    return OrgMembersOut(items=items, next_cursor=next_cursor)


@router.post(
    "/org/members",
    tags=["program"],
    summary="Add members",
    description='One member as JSON `{"email", "name", "language"}` (201), or many as a CSV body '
    "(`Content-Type: text/csv`, header `email,name` and optionally `language`, at most 100 rows): "
    "each gets a sign-in account with an emailed invitation (in their language) and a profile with the "
    "program's defaults. A CSV answers 200 with the rows added and the rows refused (with line "
    "numbers); valid rows are kept. An address already in your program is "
    "refused (409 for one member); one that cannot join it is answered as an invitation would be, so "
    "that no one can learn who belongs to other programs. Admins only.",
    responses=error_responses(
        400,
        409,
        413,
        415,
        422,
        created={
            "description": "Added (one member, sent as JSON)",
            "content": {JSON: {"model": OrgMemberOut}},
        },
        ok={"description": "The CSV's rows added and refused", "content": {JSON: {"model": RosterOut}}},
    ),
    # The handler reads JSON or CSV from the raw body, so Powertools has no model to document it from.
    openapi_extensions={
        "requestBody": {
            "required": True,
            "content": {
                JSON: {"schema": MemberInviteIn.model_json_schema()},
                **{csv: {"schema": {"type": "string"}} for csv in CSV_TYPES},
            },
        }
    },
)
def add_members() -> Response[OrgMemberOut | RosterOut]:
    identity = admin()
    app = services()
    event = router.current_event
    content_type = (event.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    today = app.clock.now().date()
    if content_type in CSV_TYPES:
        invites, problems = parse_roster(event.decoded_body or "")
        roster = app.org.invite(identity, invites, problems)
        return Response(200, "application/json", RosterOut.of(roster, today))
    try:
        single = MemberInviteIn.model_validate_json(event.decoded_body or "")
    except ValidationError as error:
        raise RequestValidationError(
            [{**problem, "loc": ("body", *problem["loc"])} for problem in error.errors()]
        ) from None
    invite = Invite(row=1, email=single.email, name=single.name, language=single.language)
    roster = app.org.invite(identity, [invite], [])
    if roster.problems:
        problem = roster.problems[0].message
        if problem == REFUSED_FOR_SIGN_IN:
            raise InvalidInput(f"{single.email} {problem}", field="email")
        raise Conflict(f"{single.email} {problem}", field="email")
    ((_, member),) = roster.added
    return Response(201, "application/json", OrgMemberOut.of(member, today))


@router.delete(
    "/org/members/<member_id>",
    tags=["program"],
    summary="Remove a member",
    description="Deletes their sign-in account and erases every item of their data. Admins only.",
    responses=error_responses(404, 422, no_content="Removed"),
)
def remove_member(member_id: MemberId) -> Response[None]:
    services().org.remove(admin(), member_id)
    return Response(status_code=204, body=None)


@router.get(
    "/org/report",
    tags=["program"],
    summary="Your program's weekly report",
    description="Members active, the share who met their goals, conversations and outcomes, with the "
    "trend over 12 weeks, from the program's weekly counters only. Closed weeks only: a week still in "
    "progress (`status: in_progress`) shows no figures. A week where fewer than 5 members who have signed "
    "in and been active in other weeks too were active shows no figures (null, `suppressed: true`); in "
    "a week shown, every figure below 5 is null, named in `fewer_than_min_group` (fewer than 5). "
    "Admins only.",
    responses=error_responses(422),
)
def org_report(
    week: Annotated[
        str | None, Query(pattern=WEEK_PATTERN, description="ISO week like 2026-W48 (default: this week)")
    ] = None,
) -> OrgReportOut:
    identity = admin()
    if week is not None:
        try:
            weeks.monday(week)
        except ValueError as error:
            raise InvalidInput(f"week {error}", field="week") from None
    return OrgReportOut.of(services().org.report(identity, week))
