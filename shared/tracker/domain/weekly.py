"""The weekly check as data: everything it says, whichever way it is sent."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.goals import Standing, Suggestion, WeekProgress
from tracker.domain.model import Contact, Member, WeeklyGoal
from tracker.domain.plans import PlannedWeek

PEOPLE_SHOWN = 10  # names of people reached listed in the check; the rest are counted


@dataclass(frozen=True)
class WeeklyCheck:
    """Everything the weekly check says."""

    member: Member
    week: str
    goal: WeeklyGoal
    progress: WeekProgress
    standing: Standing
    suggestion: Suggestion | None
    reached: list[Contact]
    plan: PlannedWeek
    accept_url: str

    @property
    def met(self) -> bool:
        return self.progress.met

    @property
    def more_reached(self) -> int:
        return max(0, self.progress.people - len(self.reached))
