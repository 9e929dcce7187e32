"""The weekly check as data: everything it says, whichever way it is sent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tracker.domain.goals import Standing, Suggestion, WeekProgress
from tracker.domain.model import Contact, Member, WeeklyGoal
from tracker.domain.plans import PlannedWeek

PEOPLE_SHOWN = 10  # names of people reached listed in the check; the rest are counted


def is_welcome(member: Member, week: str, history: Mapping[str, WeekProgress]) -> bool:
    """The member's first weekly check (a retry of it included): the week it reviews was
    noted, or none was and no earlier week in `history` saw the member (a member checked
    before the note existed was active, or paused, some week before)."""
    if member.first_check_week is not None:
        return member.first_check_week == week
    return not any(
        earlier < week and (seen.conversations or seen.paused) for earlier, seen in history.items()
    )


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
    welcome: bool = False  # the member's first weekly check: what the week is for, no score

    @property
    def met(self) -> bool:
        return self.progress.met

    @property
    def more_reached(self) -> int:
        return max(0, self.progress.people - len(self.reached))
