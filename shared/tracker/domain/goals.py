"""Weekly goals and progress, as data and rules: how many people a member is in touch with each
week, of whom new people and reconnects, against small, reachable targets.

Progress lives in counters on one item per member and local ISO week, changed in the same
transaction that logs a conversation (see `WeekTally`): a person counts once per week however
often they are contacted; a person is new only in the week the member added them, first spoke
with them (no last contact known before) and met them ("we just met", `Met.RECENTLY`); one last
contacted 90 or more days before counts as a reconnect; an old acquaintance added this week is
neither (just a person). The org's per-week counters move in that same transaction, so its
report never reads anyone's contacts. When the member later says they knew someone before (or
had just met them), the week that counted them is corrected (`WeekRecount`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from tracker.domain import weeks
from tracker.domain.errors import InvalidInput
from tracker.domain.model import DEFAULT_TIME_ZONE, Contact, Conversation, Member, Met, Outcome, WeeklyGoal

RECONNECT_AFTER = timedelta(days=90)
HISTORY_WEEKS = 26  # how far back a streak is counted
MEETS_SMALLER_AFTER = 2  # missed weeks in a row before a lighter goal is offered
MEETS_BIGGER_AFTER = 4  # met weeks in a row before a bigger goal is offered


def meets(goal: WeeklyGoal, people: int, new_people: int, reconnects: int) -> bool:
    return people >= goal.people and new_people >= goal.new_people and reconnects >= goal.reconnects


def check_goal(goal: WeeklyGoal) -> WeeklyGoal:
    if goal.new_people + goal.reconnects > goal.people:
        raise InvalidInput(
            "new_people and reconnects are people too: together they cannot exceed people",
            field="people",
        )
    return goal


@dataclass(frozen=True)
class WeekProgress:
    """One member-week as stored: its targets, counters and the people reached."""

    week: str
    goal: WeeklyGoal | None = None  # the targets the week is measured against (set at its first write)
    conversations: int = 0
    people: int = 0
    new_people: int = 0
    reconnects: int = 0
    outcomes: Mapping[Outcome, int] = field(default_factory=dict)
    people_ids: frozenset[str] = frozenset()
    # Of them, the people first spoken with in the week they were added: counted as new, or not
    # because the member knew them before. A later "we go back" / "we just met" moves one across.
    # (Weeks stored before these were kept have new people in neither.)
    new_people_ids: frozenset[str] = frozenset()
    known_before_ids: frozenset[str] = frozenset()
    # Who counted as reconnects (kept since conversations can be deleted; weeks written
    # before hold only the counter).
    reconnect_ids: frozenset[str] = frozenset()
    met: bool = False
    paused: bool = False
    counted: bool = False  # the member counts towards the program's minimum group this week

    def meets(self, goal: WeeklyGoal) -> bool:
        return meets(goal, self.people, self.new_people, self.reconnects)


@dataclass(frozen=True)
class WeekTally:
    """What logging one conversation does to its week, and what it assumed when deciding.

    The data layer turns the assumptions into conditions of the logging transaction, so a
    concurrent change makes it fail and be retried (re-read, re-decided) instead of counting
    a person twice, missing the first conversation of the week, or crossing the goal twice.
    """

    week: str
    contact_id: str
    seen: WeekProgress | None  # the week as read; None: no item yet
    goal: WeeklyGoal  # the week's targets (the stored ones, or the member's goal when new)
    person: bool  # first conversation with this person this week
    new_person: bool
    reconnect: bool
    outcomes: tuple[Outcome, ...]
    at: datetime
    profile_exists: bool
    profile_goal: WeeklyGoal | None  # the goal on the profile as read (snapshotted with the week)
    advance_active_week: bool  # the profile's last active week moves to this week
    # Signed in and active in another week: counts towards the program's minimum group (org.py)
    # if this is the week's first conversation. Deciding on a stale profile can only leave
    # someone out (a week is never taken away, a sign-in never undone), so it is no condition.
    established: bool = False
    # Logged after its week had ended everywhere: the program's report of that week is final
    # (a late conversation would move a closed week's figures by one member's doing), so it
    # counts in the member's own week only.
    program_closed: bool = False
    # First spoken with in the week they were added, with no last contact known before: new
    # unless the member knew them before (then kept among the week's known_before_ids). The
    # contact's `met` as read is a condition, so a concurrent "we go back" is never missed.
    newcomer: bool = False

    @property
    def counts_in_group(self) -> bool:
        return self.first_conversation and self.established and not self.program_closed

    @property
    def first_conversation(self) -> bool:
        return self.seen is None or self.seen.conversations == 0

    @property
    def snapshots_goal(self) -> bool:
        return self.seen is None or self.seen.goal is None

    @property
    def met_before(self) -> bool:
        return self.seen is not None and self.seen.met

    @property
    def met_after(self) -> bool:
        seen = self.seen or WeekProgress(self.week)
        return self.met_before or meets(
            self.goal,
            seen.people + self.person,
            seen.new_people + self.new_person,
            seen.reconnects + self.reconnect,
        )

    @property
    def crosses(self) -> bool:
        """This conversation is the one that meets the week's goals."""
        return self.met_after and not self.met_before

    def not_crossing_floors(self) -> dict[str, int]:
        """Counter values at or above which this conversation *would* meet the goals.

        When it is believed not to, the transaction requires that some counter stays below
        its floor; floors of zero or less always hold and are left out.
        """
        floors = {
            "people": self.goal.people - self.person,
            "new_people": self.goal.new_people - self.new_person,
            "reconnects": self.goal.reconnects - self.reconnect,
        }
        return {name: floor for name, floor in floors.items() if floor > 0}


def tally(
    member: Member | None,
    contact: Contact,
    conversation: Conversation,
    seen: WeekProgress | None,
    *,
    advances: bool,
) -> WeekTally:
    """Decide how a conversation counts, from the member, the contact and its week as read."""
    zone = member.time_zone if member else DEFAULT_TIME_ZONE
    week = weeks.week_of(conversation.when, zone)
    person = seen is None or contact.contact_id not in seen.people_ids
    previous = contact.last_contact_at
    # Someone you already knew (an earlier last contact, or "we go back") is not a new person,
    # even if just added.
    newcomer = person and previous is None and weeks.week_of(contact.created_at, zone) == week
    new_person = newcomer and contact.met is Met.RECENTLY
    reconnect = (
        person and advances and previous is not None and conversation.when - previous >= RECONNECT_AFTER
    )
    member_goal = member.goal if member else WeeklyGoal()
    goal = seen.goal if seen is not None and seen.goal is not None else member_goal
    return WeekTally(
        week=week,
        contact_id=contact.contact_id,
        seen=seen,
        goal=goal,
        person=person,
        new_person=new_person,
        reconnect=reconnect,
        outcomes=conversation.outcomes,
        at=conversation.created_at,
        profile_exists=member is not None,
        profile_goal=member.weekly_goal if member else None,
        advance_active_week=member is not None
        and (member.last_active_week is None or week > member.last_active_week),
        established=member is not None
        and not member.invited
        and member.last_active_week is not None
        and member.last_active_week != week,
        program_closed=conversation.created_at >= weeks.ends_everywhere(week),
        newcomer=newcomer,
    )


@dataclass(frozen=True)
class WeekUntally:
    """What taking one logged conversation back (undo) does to its week: the exact reverse of
    its tally, decided from the week as read now (a condition that nothing was logged in
    that week since keeps it exact)."""

    week: str
    contact_id: str
    seen: WeekProgress
    person: bool  # the person leaves the week's people (no other conversation with them)
    new_person: bool
    reconnect: bool
    outcomes: tuple[Outcome, ...]
    program_closed: bool = False  # its tally left the program's week alone: so does the undo

    @property
    def last_conversation(self) -> bool:
        """The member's only conversation of the week: they are no longer active in it."""
        return self.seen.conversations <= 1

    @property
    def uncounts(self) -> bool:
        """The member leaves the week's group that the program's minimum counts."""
        return self.last_conversation and self.seen.counted and not self.program_closed

    @property
    def unmeets(self) -> bool:
        """The week met its goals and no longer does."""
        if not self.seen.met or self.seen.goal is None:
            return False
        return not meets(
            self.seen.goal,
            self.seen.people - self.person,
            self.seen.new_people - self.new_person,
            self.seen.reconnects - self.reconnect,
        )


def untally(
    member: Member,
    before: Contact | None,
    conversation: Conversation,
    seen: WeekProgress,
    *,
    other_that_week: bool,
) -> WeekUntally:
    """Reverse `tally` for a conversation logged by an action being undone. `before` is the
    contact as it was before (None: the action created them); nothing has happened to the
    contact since (undo checks that), so they counted as a person this week exactly when no
    other conversation with them falls in the week."""
    contact_id = conversation.contact_id
    person = not other_that_week and contact_id in seen.people_ids
    previous = before.last_contact_at if before else None
    advances = previous is None or conversation.when > previous
    if contact_id in seen.new_people_ids or contact_id in seen.known_before_ids:
        new_person = person and contact_id in seen.new_people_ids  # as the week recorded (and corrected)
    else:  # tallied before weeks kept who was new: the rule of then
        created_that_week = before is None or weeks.week_of(before.created_at, member.time_zone) == seen.week
        unrecorded = seen.new_people > len(seen.new_people_ids)
        new_person = person and unrecorded and previous is None and created_that_week
    if contact_id in seen.reconnect_ids:
        reconnect = person  # as the week recorded
    else:  # not recorded as one, unless the week has reconnects from before they were kept
        unrecorded = seen.reconnects > len(seen.reconnect_ids)
        reconnect = (
            person
            and unrecorded
            and advances
            and previous is not None
            and conversation.when - previous >= RECONNECT_AFTER
        )
    return WeekUntally(
        week=seen.week,
        contact_id=contact_id,
        seen=seen,
        person=person,
        new_person=new_person,
        reconnect=reconnect,
        outcomes=conversation.outcomes,
        program_closed=conversation.created_at >= weeks.ends_everywhere(seen.week),
    )


@dataclass(frozen=True)
class WeekRecount:
    """A week that counted a person as new when the member now says they knew them before, or
    left them out when the member now says they had just met: the person moves between the
    week's new people and its known-before people, and `new_people` moves by one (the member's
    week, and the program's unless its week was closed); whether the week met its goals is
    decided again. The data layer makes every fact read here a condition (the contact's
    revision, the person's place, the counters, the goal), so it applies exactly once."""

    week: str
    contact_id: str
    contact_revision: int  # the contact as read: a change since cancels the correction
    seen: WeekProgress
    new_person: bool  # True: now counted as new (+1); False: no longer (-1)
    at: datetime
    program_closed: bool = False  # the program's report of that week is final: left alone

    @property
    def step(self) -> int:
        return 1 if self.new_person else -1

    @property
    def met_after(self) -> bool:
        seen = self.seen
        if seen.goal is None:
            return seen.met
        return meets(seen.goal, seen.people, seen.new_people + self.step, seen.reconnects)

    @property
    def crosses(self) -> bool:
        return self.met_after and not self.seen.met

    @property
    def unmeets(self) -> bool:
        return self.seen.met and not self.met_after


def recount(contact: Contact, seen: WeekProgress, *, now: datetime) -> WeekRecount | None:
    """How the week must change now that the contact says `met` as it does (None: it is right)."""
    contact_id = contact.contact_id
    if contact.met is Met.BEFORE and contact_id in seen.new_people_ids:
        new_person = False
    elif contact.met is Met.RECENTLY and contact_id in seen.known_before_ids:
        new_person = True
    else:
        return None
    return WeekRecount(
        week=seen.week,
        contact_id=contact_id,
        contact_revision=contact.revision,
        seen=seen,
        new_person=new_person,
        at=now,
        program_closed=now >= weeks.ends_everywhere(seen.week),
    )


# ---------------------------------------------------------------- streaks and suggestions


@dataclass(frozen=True)
class Standing:
    """Where a member stands after a reviewed week. Paused weeks are skipped, never missed."""

    streak: int  # met weeks in a row up to and including the reviewed week (0 if it was missed)
    missed: int  # missed weeks in a row up to and including the reviewed week
    previous_streak: int  # met weeks in a row before the reviewed week


def standing(
    history: Mapping[str, WeekProgress], reviewed: str, first_week: str, welcome_week: str | None = None
) -> Standing:
    """Streaks from the stored weeks; weeks before the member joined don't count either way,
    and those up to the one their welcome reviewed (not scored) count only if they were met."""
    span = [weeks.shift(reviewed, -n) for n in range(HISTORY_WEEKS)]
    span = [week for week in span if week >= first_week]

    def run(weeks_back: list[str]) -> tuple[int, int]:
        met = missed = 0
        for week in weeks_back:
            record = history.get(week)
            if record is not None and record.met:
                if missed:
                    break
                met += 1
            elif (record is not None and record.paused) or (welcome_week and week <= welcome_week):
                continue
            else:
                if met:
                    break
                missed += 1
        return met, missed

    streak, missed = run(span)
    previous, _ = run(span[1:])
    return Standing(streak=streak, missed=missed, previous_streak=previous)


class SuggestionKind(StrEnum):
    SMALLER = "smaller"
    BIGGER = "bigger"


@dataclass(frozen=True)
class Suggestion:
    kind: SuggestionKind
    goal: WeeklyGoal


def smaller(goal: WeeklyGoal) -> WeeklyGoal:
    """One person fewer; new people (the hardest to find) give way first."""
    people = max(1, goal.people - 1)
    reconnects = min(goal.reconnects, people)
    return WeeklyGoal(people, min(goal.new_people, people - reconnects), reconnects)


def bigger(goal: WeeklyGoal) -> WeeklyGoal:
    return replace(goal, people=goal.people + 1)


def suggestion(goal: WeeklyGoal, where: Standing) -> Suggestion | None:
    """After two missed weeks, a lighter goal; after every four met weeks, a bigger one."""
    if where.missed >= MEETS_SMALLER_AFTER:
        lighter = smaller(goal)
        return Suggestion(SuggestionKind.SMALLER, lighter) if lighter != goal else None
    if where.streak >= MEETS_BIGGER_AFTER and where.streak % MEETS_BIGGER_AFTER == 0:
        return Suggestion(SuggestionKind.BIGGER, bigger(goal))
    return None


# ---------------------------------------------------------------- the member's goals


@dataclass(frozen=True)
class Progress:
    """A week's progress as the member sees it."""

    week: str
    goal: WeeklyGoal
    record: WeekProgress

    @property
    def met(self) -> bool:
        return self.record.met


# ---------------------------------------------------------------- the Goals page

CHART_WEEKS = 12  # the weeks the web app's Goals page charts


@dataclass(frozen=True)
class GoalsOverview:
    """The member's goals as the web app's Goals page shows them, from their stored weeks."""

    this_week: Progress
    streak: int  # met weeks in a row up to now: this week counts once met, never before it ends
    recent: tuple[Progress, ...]  # the last CHART_WEEKS weeks, oldest first, this week last
    joined: str  # the member's first week (or an earlier one with conversations): none before it
    history: bool  # some week before this one is stored


def overview(member: Member, stored: Mapping[str, WeekProgress], this_week: str) -> GoalsOverview:
    """This week against the goals, the streak, and the recent weeks (`stored`: the member's
    weeks of the last HISTORY_WEEKS, as read in one Query)."""
    first_week = weeks.week_of(member.created_at, member.time_zone)

    def progress(week: str) -> Progress:
        record = stored.get(week) or WeekProgress(week)
        return Progress(week=week, goal=record.goal or member.goal, record=record)

    current = progress(this_week)
    # A week in progress is not missed yet: until it is met, the streak is the one up to last week.
    reviewed = this_week if current.met else weeks.shift(this_week, -1)
    streak = standing(stored, reviewed, first_week, member.first_check_week).streak
    recent = tuple(progress(weeks.shift(this_week, -n)) for n in reversed(range(CHART_WEEKS)))
    return GoalsOverview(
        this_week=current,
        streak=streak,
        recent=recent,
        joined=min([first_week, *stored]),  # conversations logged late may predate the profile
        history=any(week < this_week for week in stored),
    )
