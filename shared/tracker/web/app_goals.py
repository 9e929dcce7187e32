"""The web app's Goals (/app/goals): the weekly targets and their form, this week's progress,
the streak, the last 12 weeks, and the plan with *Accept*.

The page reads the member's last 26 weeks and the plan GET /goals/plan shows in one
BatchGetItem (GoalService.overview_and_plan), then the plan's people (PlanService.shown); the
targets are saved by GoalService.set_goal (PUT /goals' path) and the plan accepted by
PlanService.accept (POST /goals/plan/accept's). Each form posts to POST /app/goals with its
`section`. The member only ever comes from the session.
"""

from __future__ import annotations

from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain.errors import Conflict, TrackerError
from tracker.domain.quicklog import FormData
from tracker.rendering import app_goals
from tracker.rendering.reader import gettext, said
from tracker.runtime import services
from tracker.services.sessions import Resumed
from tracker.web import goals_form
from tracker.web.frame import (
    SignedIn,
    csrf_of,
    query_value,
    redirect,
    respond,
    signed_in_page,
    signed_in_post,
)

router = APIGatewayHttpRouter()

GOALS = "/app/goals"
PAGES = frozenset({GOALS})


def _page(
    resumed: Resumed,
    *,
    notice: str | None = None,
    problem: str | None = None,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response[str]:
    app = services()
    member = resumed.member
    now = app.clock.now()
    week = app.plans.current_week(member, now)
    overview, stored = app.goals.overview_and_plan(member, week)  # one read of weeks and plan
    view = app_goals.GoalsView(
        member=member,
        overview=overview,
        plan=app.plans.shown(member, week, stored, now),
        now=now,
        csrf=csrf_of(resumed),
        notice=notice,
        problem=problem,
        typed=typed or {},
        errors=errors or {},
        status=status,
    )
    return respond(app_goals.goals(view))


@router.get(GOALS, include_in_schema=False)
def goals_page() -> Response[str]:
    return signed_in_page(GOALS, lambda seen: _page(seen.resumed, notice=_notice(query_value("saved"))))


@router.post(GOALS, include_in_schema=False)
def change_goals() -> Response[str]:
    return signed_in_post(GOALS, _change)


def _change(seen: SignedIn) -> Response[str]:
    resumed, form = seen.resumed, seen.form
    section = form.first("section")
    if section == "targets":
        return _set_targets(resumed, form)
    if section == "accept":
        return _accept(resumed, form)
    return _page(
        resumed, problem=gettext("That form is not one of this page's. Please try again."), status=422
    )


def _set_targets(resumed: Resumed, form: FormData) -> Response[str]:
    typed = {name: form.first(name)[:16] for name, _ in goals_form.TARGETS}
    checked = goals_form.targets(form)
    if checked.goal is None:
        return _page(resumed, typed=typed, errors=checked.errors, status=422)
    try:
        services().goals.set_goal(resumed.identity, checked.goal)
    except TrackerError as error:  # the domain's rules, or a change racing this one (409)
        name = error.field if error.field in typed else "people"
        return _page(resumed, typed=typed, errors={name: said(error)}, status=_status(error))
    return redirect(f"{GOALS}?{urlencode({'saved': 'targets'})}")


def _accept(resumed: Resumed, form: FormData) -> Response[str]:
    plans = services().plans
    shown = form.first("week")
    week = plans.current_week(resumed.member, services().clock.now())
    if shown != week:  # a new plan was made since the page was read: show it, accept nothing
        return _page(resumed, problem=gettext(app_goals.PLAN_CHANGED), status=409)
    try:
        plans.accept(resumed.member, week)
    except TrackerError as error:
        return _page(resumed, problem=said(error), status=_status(error))
    return redirect(f"{GOALS}?{urlencode({'saved': 'accepted'})}#plan")


def _status(error: TrackerError) -> int:
    return 409 if isinstance(error, Conflict) else 422


def _notice(saved: str) -> str | None:
    return gettext(app_goals.NOTICES[saved]) if saved in app_goals.NOTICES else None
