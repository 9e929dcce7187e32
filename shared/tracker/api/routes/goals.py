"""/goals: weekly goals, the week's progress, and next week's plan."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.goals import WEEK_PATTERN, GoalIn, GoalOut, PlanOut, ProgressOut
from tracker.domain import weeks
from tracker.domain.errors import InvalidInput
from tracker.runtime import services

router = APIGatewayHttpRouter()


@router.get(
    "/goals",
    tags=["goals"],
    summary="Your weekly goals",
    description="People to be in touch with each week, of whom new people and reconnects. "
    "Small and reachable by default (3 people, 1 new, 1 reconnect).",
    responses=error_responses(),
)
def get_goals() -> GoalOut:
    return GoalOut.of(services().goals.goal(caller(router)))


@router.put(
    "/goals",
    tags=["goals"],
    summary="Set your weekly goals",
    description="They apply from this week on: this week's progress is measured against them at once.",
    responses=error_responses(400, 409, 413, 415, 422),
)
def put_goals(goal: GoalIn) -> GoalOut:
    return GoalOut.of(services().goals.set_goal(caller(router), goal.goal()))


@router.get(
    "/goals/progress",
    tags=["goals"],
    summary="A week's progress against your goals",
    description="Counts of one ISO week in your time zone (default: this week). A person counts once "
    "a week however often you talk; someone added that week counts as new; someone last contacted "
    "90 or more days before counts as a reconnect.",
    responses=error_responses(422),
)
def goal_progress(
    week: Annotated[
        str | None, Query(pattern=WEEK_PATTERN, description="ISO week like 2026-W48 (default: this week)")
    ] = None,
) -> ProgressOut:
    if week is not None:
        try:
            weeks.monday(week)
        except ValueError as error:
            raise InvalidInput(f"week {error}", field="week") from None
    return ProgressOut.of(services().goals.progress(caller(router), week))


@router.get(
    "/goals/plan",
    tags=["goals"],
    summary="Next week's plan",
    description="The specific people to reach, sized to your goals (overdue reconnects first, then "
    "next steps falling due), each with why: the plan of your latest weekly check, made now if it "
    "hasn't run yet.",
    responses=error_responses(409),
)
def get_plan() -> PlanOut:
    app = services()
    return PlanOut.of(app.plans.show(app.members.profile(caller(router))))


@router.post(
    "/goals/plan/accept",
    tags=["goals"],
    summary="Accept the plan",
    description="Its people become your daily picks of that week, spread over its days. Accepting "
    "again changes nothing. The weekly check's signed link (/plan?t=...) does the same.",
    responses=error_responses(409),
)
def accept_plan() -> PlanOut:
    app = services()
    return PlanOut.of(app.plans.accept(app.members.profile(caller(router))))
