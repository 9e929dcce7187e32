"""The JSON of weekly goals, progress and next week's plan."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from tracker.api.schemas.common import Instant, Whole, _In
from tracker.domain.goals import Progress
from tracker.domain.model import Outcome, WeeklyGoal
from tracker.domain.plans import PlanKind, PlannedWeek

Count = Annotated[int, Field(ge=0, le=50), Whole]
WEEK_PATTERN = r"^\d{4}-W\d{2}$"


class GoalIn(_In):
    people: Annotated[int, Field(ge=1, le=50), Whole] = Field(
        description="People to be in touch with each week (new people and reconnects count too)"
    )
    new_people: Count = Field(description="Of whom new people to meet")
    reconnects: Count = Field(description="Of whom people you haven't been in touch with for 3+ months")

    @model_validator(mode="after")
    def _parts_fit_the_whole(self) -> GoalIn:
        if self.new_people + self.reconnects > self.people:
            raise ValueError("new_people and reconnects are people too: together they cannot exceed people")
        return self

    def goal(self) -> WeeklyGoal:
        return WeeklyGoal(self.people, self.new_people, self.reconnects)


class GoalOut(BaseModel):
    people: int
    new_people: int
    reconnects: int

    @classmethod
    def of(cls, goal: WeeklyGoal) -> GoalOut:
        return cls(people=goal.people, new_people=goal.new_people, reconnects=goal.reconnects)


class CountsOut(BaseModel):
    people: int = Field(description="Different people you were in touch with (each once a week)")
    new_people: int = Field(description="Of whom added that week")
    reconnects: int = Field(description="Of whom last contacted 90+ days before")
    conversations: int = Field(description="Conversations logged")


class GoalsMetOut(BaseModel):
    people: bool
    new_people: bool
    reconnects: bool


class ProgressOut(BaseModel):
    week: str = Field(examples=["2026-W48"], description="ISO week, in your time zone")
    goal: GoalOut = Field(description="The targets that week is measured against")
    progress: CountsOut
    goals_met: GoalsMetOut
    met: bool = Field(description="Every goal met")
    outcomes: dict[Outcome, int] = Field(description="Outcomes of the week's conversations")
    paused: bool = Field(description="You were paused at that week's check: it doesn't break a streak")

    @classmethod
    def of(cls, progress: Progress) -> ProgressOut:
        record, goal = progress.record, progress.goal
        return cls(
            week=progress.week,
            goal=GoalOut.of(goal),
            progress=CountsOut(
                people=record.people,
                new_people=record.new_people,
                reconnects=record.reconnects,
                conversations=record.conversations,
            ),
            goals_met=GoalsMetOut(
                people=record.people >= goal.people,
                new_people=record.new_people >= goal.new_people,
                reconnects=record.reconnects >= goal.reconnects,
            ),
            met=progress.met,
            outcomes=dict(record.outcomes),
            paused=record.paused,
        )


class PlannedPersonOut(BaseModel):
    contact_id: str
    name: str
    kind: PlanKind
    reason: str = Field(description="Why this person, this week")
    day: date | None = Field(description="The day they come up in your daily picks, once accepted")


class PlanOut(BaseModel):
    week: str = Field(description="The ISO week the plan is for")
    people: list[PlannedPersonOut]
    new_people: int = Field(description="New people to meet that week (events, introductions)")
    accepted: bool
    accepted_at: Instant | None

    @classmethod
    def of(cls, planned: PlannedWeek) -> PlanOut:
        return cls(
            week=planned.week,
            people=[
                PlannedPersonOut(
                    contact_id=person.contact.contact_id,
                    name=person.contact.name,
                    kind=person.kind,
                    reason=person.reason,
                    day=person.day,
                )
                for person in planned.people
            ],
            new_people=planned.plan.new_people,
            accepted=planned.plan.accepted,
            accepted_at=planned.plan.accepted_at,
        )
