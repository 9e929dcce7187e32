"""The web app's Goals page (/app/goals): the weekly targets with their form, this week's
progress against them, the streak, the last 12 weeks, and the plan with *Accept*.

Kind, as the weekly check is (rendering/weekly.py): progress is shown, a quiet week is no
failure, paused weeks never break a streak. The 12 weeks are an SVG bar chart (role="img",
its <title> says every figure) beside a table of the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from tracker.domain.goals import GoalsOverview, Progress
from tracker.domain.model import Member
from tracker.domain.plans import PlannedWeek
from tracker.rendering.app_pages import Chrome, Field, Page, render_page
from tracker.rendering.labels import week_label
from tracker.rendering.pages import day_text
from tracker.rendering.reader import N_, gettext, ngettext
from tracker.rendering.reader import words as current_words
from tracker.rendering.weekly import goal_text

GOALS = "/app/goals"
ORDER = ("people", "new_people", "reconnects")  # the targets form's fields, as the page shows them
NONE = "\N{EN DASH}"  # no figure: a week before the member joined

NOTICES = {
    "targets": N_("Saved: your weekly targets. This week is measured against them from now on."),
    "accepted": N_("Plan accepted: these people come up in your daily picks on the days shown."),
}
PLAN_CHANGED = N_(
    "Your plan changed since this page was opened (a new week's plan was made), so nothing was "
    "accepted. Here is the new one."
)

# The chart's drawing area (SVG user units; it scales to the width it is given).
_WIDTH, _HEIGHT, _TOP, _BOTTOM, _LEFT = 360, 150, 16, 22, 4


@dataclass(frozen=True)
class CountView:
    label: str
    done: int
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target


@dataclass(frozen=True)
class WeekRow:
    week: str
    label: str  # "W48" (the chart's axis)
    dates: str  # "23-29 Nov"
    people: str
    new_people: str
    reconnects: str
    conversations: int
    status: str  # Met, Not met, Paused, In progress, Before you joined


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    goal_y: float | None  # where the week's target of people sits (None: before the member joined)
    label: str
    value: str

    @property
    def right(self) -> float:
        return round(self.x + self.width, 1)

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def text_y(self) -> float:
        return round(min(self.y, self.goal_y if self.goal_y is not None else self.y) - 3, 1)


@dataclass(frozen=True)
class PlanRow:
    contact_id: str
    name: str
    reason: str
    day: str | None


@dataclass(frozen=True)
class GoalsView:
    member: Member
    overview: GoalsOverview
    plan: PlannedWeek
    now: datetime
    csrf: str
    notice: str | None = None
    problem: str | None = None
    typed: dict[str, str] = field(default_factory=dict)  # what a form with a mistake had
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200


def _status(progress: Progress, this_week: str, joined: str) -> str:
    record = progress.record
    if progress.week == this_week:
        return gettext("Met") if progress.met else gettext("In progress")
    if record.paused:
        return gettext("Paused")
    if record.met:
        return gettext("Met")
    if progress.week < joined and not record.conversations:
        return gettext("Before you joined")
    return gettext("Not met")


def _before(progress: Progress, joined: str) -> bool:
    """A week before the member joined, with nothing in it: no figures, no goal."""
    return progress.week < joined and not progress.record.conversations


def _row(progress: Progress, this_week: str, joined: str) -> WeekRow:
    record, goal = progress.record, progress.goal
    if _before(progress, joined):
        people = new_people = reconnects = NONE
    else:
        of = gettext("{done} of {target}")
        people = of.format(done=record.people, target=goal.people)
        new_people = of.format(done=record.new_people, target=goal.new_people)
        reconnects = of.format(done=record.reconnects, target=goal.reconnects)
    return WeekRow(
        week=progress.week,
        label=progress.week.split("-")[-1],
        dates=week_label(progress.week, current_words()),
        people=people,
        new_people=new_people,
        reconnects=reconnects,
        conversations=record.conversations,
        status=_status(progress, this_week, joined),
    )


def _bars(recent: tuple[Progress, ...], joined: str) -> list[Bar]:
    top = max([max(p.record.people, p.goal.people) for p in recent] + [1])
    slot = (_WIDTH - _LEFT) / len(recent)
    usable = _HEIGHT - _TOP - _BOTTOM
    baseline = _HEIGHT - _BOTTOM
    bars = []
    for index, progress in enumerate(recent):
        height = round(usable * progress.record.people / top, 1)
        before = _before(progress, joined)
        bars.append(
            Bar(
                x=round(_LEFT + index * slot + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                goal_y=None if before else round(baseline - usable * progress.goal.people / top, 1),
                label=progress.week.split("-")[-1],
                value=NONE if before else f"{progress.record.people}" + (" ✓" if progress.met else ""),
            )
        )
    return bars


def _streak(overview: GoalsOverview) -> str:
    streak = overview.streak
    if streak:
        line = ngettext(
            "You've met your goals {count} week in a row.",
            "You've met your goals {count} weeks in a row.",
            streak,
        ).format(count=streak)
        return line if overview.this_week.met else line + " " + gettext("This week can add to it.")
    if overview.history:
        return gettext(
            "No streak running right now. A quieter week is part of the rhythm and doesn't undo "
            "anything: one conversation is a fine way to start again."
        )
    return gettext("Your streak starts with the first week you meet your goals.")


def _plan_rows(plan: PlannedWeek, member: Member, now: datetime) -> list[PlanRow]:
    today = now.astimezone(ZoneInfo(member.time_zone)).date()
    return [
        PlanRow(
            person.contact.contact_id,
            person.contact.name,
            person.reason,
            day_text(person.day, today) if person.day else None,
        )
        for person in plan.people
    ]


def goals(view: GoalsView) -> Page:
    overview, member = view.overview, view.member
    this_week = overview.this_week
    values = {
        "people": str(member.goal.people),
        "new_people": str(member.goal.new_people),
        "reconnects": str(member.goal.reconnects),
        **view.typed,
    }
    fields = {name: Field(name, values[name], view.errors.get(name)) for name in ORDER}
    record, goal = this_week.record, this_week.goal
    words = current_words()
    counts = [
        count
        for count in (
            CountView(words.gettext("People you were in touch with"), record.people, goal.people),
            CountView(words.gettext("Of whom new people"), record.new_people, goal.new_people),
            CountView(
                words.gettext("Of whom reconnects (3+ months since you last spoke)"),
                record.reconnects,
                goal.reconnects,
            ),
        )
        if count.target or count.done  # a part without a target shows only if it happened
    ]
    rows = [_row(progress, this_week.week, overview.joined) for progress in overview.recent]
    shown = "; ".join(
        f"{row.week}: "
        + (
            words.gettext("before you joined")
            if row.people == NONE
            else words.gettext("{people} people, {status}").format(
                people=row.people, status=row.status.lower()
            )
        )
        for row in rows
    )
    plan = view.plan
    return render_page(
        "goals",
        view.status,
        Chrome(view.csrf, GOALS),
        title=words.gettext("Goals"),
        csrf=view.csrf,
        notice=view.notice,
        problem=view.problem,
        fields=fields,
        problems=[fields[name] for name in ORDER if name in view.errors],
        goal_text=goal_text(member.goal, words),
        week_label=week_label(this_week.week, words),
        counts=counts,
        met=this_week.met,
        paused=this_week.record.paused,
        conversations=record.conversations,
        streak=_streak(overview),
        history=overview.history or bool(record.conversations),
        rows=rows,
        bars=_bars(overview.recent, overview.joined),
        chart_title=words.gettext("People you were in touch with, week by week, against your goal:")
        + " "
        + shown,
        plan=plan,
        plan_week=week_label(plan.week, words),
        plan_rows=_plan_rows(plan, member, view.now),
        plan_new_people=words.ngettext(
            "{count} new person", "{count} new people", plan.plan.new_people
        ).format(count=plan.plan.new_people)
        if plan.plan.new_people
        else None,
        width=_WIDTH,
        height=_HEIGHT,
        baseline=_HEIGHT - _BOTTOM,
    )
