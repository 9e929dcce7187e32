"""Reading the Goals page's targets form: whole numbers within PUT /goals' limits
(api/schemas/goals.py), said field by field in the member's words."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.domain.model import WeeklyGoal
from tracker.domain.quicklog import FormData
from tracker.rendering.reader import gettext

MOST = 50  # as GoalIn: at most 50 of each a week

# (field, the least it may be): people is at least 1, its parts may be 0.
TARGETS = (("people", 1), ("new_people", 0), ("reconnects", 0))
PARTS_TOO_BIG = (
    "New people and reconnects are people too: together they can't be more than the people "
    "you aim to be in touch with."
)


@dataclass
class Checked:
    goal: WeeklyGoal | None
    errors: dict[str, str] = field(default_factory=dict)


def targets(form: FormData, prefix: str = "") -> Checked:
    """The three targets, from the fields `people`, `new_people` and `reconnects` (each after
    `prefix`: the program settings' defaults are `default_goal_people`, ...)."""
    errors: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for name, least in TARGETS:
        typed = form.first(prefix + name).strip()
        if len(typed) <= 3 and typed.isascii() and typed.isdigit() and least <= int(typed) <= MOST:
            numbers[name] = int(typed)
        else:
            errors[prefix + name] = gettext("Enter a whole number from {least} to {most}.").format(
                least=least, most=MOST
            )
    if errors:
        return Checked(None, errors)
    goal = WeeklyGoal(numbers["people"], numbers["new_people"], numbers["reconnects"])
    if goal.new_people + goal.reconnects > goal.people:
        return Checked(None, {prefix + "people": PARTS_TOO_BIG})
    return Checked(goal)
