"""The DynamoDB adapters and the in-memory fakes told the same random story, as a Hypothesis state
machine: contacts added, edited (some from a stale read), deleted; conversations decided from
what is stored and recorded later, or two at once from one reading (so some lose their race);
goals set from fresh or stale readings, as the weeks go by. (Picks, sends and undo records have
simpler conditions, pinned case by case in test_repositories.py.)

Every answer must be the same (including which writes are refused), and so must everything a
member could see afterwards. CONTRACT_EXAMPLES and CONTRACT_STEPS make a longer run.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from local.provision import Stack
from tests.contract.deciding import Decision, decide
from tests.fakes import memory_repositories
from tracker.domain import weeks
from tracker.domain.errors import ConcurrentUpdate, InvalidInput
from tracker.domain.goals import check_goal
from tracker.domain.model import Channel, Contact, Conversation, Member, MemberKey, Outcome, WeeklyGoal
from tracker.ports import Repositories

T = TypeVar("T")
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "10"))
STEPS = int(os.environ.get("CONTRACT_STEPS", "25"))
START = datetime(2026, 11, 26, 15, tzinfo=UTC)
PEOPLE = ("ana", "ben", "cat")
HOURS_AGO = st.sampled_from([0, 1, 2, 30, 24 * 8, 24 * 15])
DAYS_SINCE = st.none() | st.sampled_from([1, 30, 89, 90, 200])
OUTCOMES = st.lists(st.sampled_from(list(Outcome)), max_size=2, unique=True)
ZONE = "America/Chicago"


def test_the_adapters_and_the_fakes_tell_the_same_story(aws: Stack) -> None:
    from tracker.runtime import dynamo_repositories

    dynamo = dynamo_repositories()
    members = itertools.count()

    class SameStory(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            number = next(members)
            self.owner = MemberKey(f"org-{number}", f"m-{number}")  # a partition of its own in moto
            self.sides: dict[str, Repositories] = {"dynamo": dynamo, "memory": memory_repositories()}
            self.now = START
            self.said = itertools.count(1)

        def both(self, act: Callable[[Repositories], Any]) -> Any:
            """Do `act` on each side; both must answer alike (a refused write is an answer too)."""
            answers = {}
            for side, repos in self.sides.items():
                try:
                    answers[side] = ("done", act(repos))
                except ConcurrentUpdate:
                    answers[side] = ("refused", None)
            assert answers["dynamo"] == answers["memory"]
            return answers["memory"][1]

        def each(self, read: Callable[[Repositories], T]) -> dict[str, T]:
            """What each side reads now; both must read the same."""
            found = {side: read(repos) for side, repos in self.sides.items()}
            assert found["dynamo"] == found["memory"]
            return found

        @staticmethod
        def side(repos: Repositories) -> str:
            return "dynamo" if repos is dynamo else "memory"

        # ------------------------------------------------------------ contacts

        @initialize(
            goal=st.sampled_from([None, WeeklyGoal(1, 0, 0), WeeklyGoal(2, 0, 0), WeeklyGoal(2, 1, 1)]),
            last_contacts=st.lists(DAYS_SINCE, min_size=len(PEOPLE), max_size=len(PEOPLE)),
        )
        def join(self, goal: WeeklyGoal | None, last_contacts: list[int | None]) -> None:
            joined = START - timedelta(days=30)
            profile = Member(self.owner, "sam@example.org", joined, joined, time_zone=ZONE, weekly_goal=goal)
            self.both(lambda repos: repos.members.add(profile))
            for contact_id, days_since in zip(PEOPLE, last_contacts, strict=True):
                self.meet(contact_id, days_since)

        @rule(contact_id=st.sampled_from(PEOPLE), days_since=DAYS_SINCE)
        def meet(self, contact_id: str, days_since: int | None) -> None:
            """Someone added (again, if they were deleted)."""
            last = self.now - timedelta(days=days_since) if days_since is not None else None
            added = Contact(
                contact_id=contact_id,
                name=contact_id.title(),
                created_at=self.now - timedelta(days=2),
                updated_at=self.now,
                starred=contact_id == "ana",
                last_contact_at=last,
            )
            if self.sides["memory"].contacts.get(self.owner, contact_id) is None:
                self.both(lambda repos: repos.contacts.add(self.owner, added))

        @rule(
            contact_id=st.sampled_from(PEOPLE),
            change=st.sampled_from(["cadence", "archive", "snooze", "delete"]),
            stale=st.booleans(),
        )
        def edit(self, contact_id: str, change: str, stale: bool) -> None:
            def act(repos: Repositories) -> None:
                current = repos.contacts.get(self.owner, contact_id)
                if current is None:
                    return
                if change == "delete":
                    repos.contacts.delete(self.owner, contact_id)
                    return
                options: dict[str, dict[str, Any]] = {
                    "cadence": {"cadence_days": 30 if current.cadence_days != 30 else 90},
                    "archive": {"archived": not current.archived},
                    "snooze": {"snoozed_until": self.now + timedelta(days=30)},
                }
                changes = options[change]
                edited = replace(current, **changes, revision=current.revision + 1, updated_at=self.now)
                repos.contacts.replace(self.owner, edited, expected_revision=current.revision - stale)

            self.both(act)

        # ------------------------------------------------------------ conversations

        def decided(self, contact_id: str, hours_ago: int, outcomes: list[Outcome]) -> dict[str, Decision]:
            """Each side's decision on one conversation (none if the contact is not there)."""
            said = Conversation(
                f"said-{next(self.said)}",
                contact_id,
                self.now - timedelta(hours=hours_ago),
                Channel.CALL,
                created_at=self.now,
                outcomes=tuple(outcomes),
            )
            decisions = self.each(lambda repos: decide(repos, self.owner, said))
            return {side: d for side, d in decisions.items() if d is not None}

        def record(self, decisions: dict[str, Decision]) -> None:
            if decisions:
                self.both(lambda repos: decisions[self.side(repos)].record(repos, self.owner))

        @rule(contact_id=st.sampled_from(PEOPLE), hours_ago=HOURS_AGO, outcomes=OUTCOMES)
        def log(self, contact_id: str, hours_ago: int, outcomes: list[Outcome]) -> None:
            self.record(self.decided(contact_id, hours_ago, outcomes))

        @rule(
            people=st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=3),
            hours_ago=st.lists(HOURS_AGO, min_size=3, max_size=3),
            order=st.permutations(range(3)),
            meanwhile=st.sampled_from(["nothing", "cadence", "archive", "delete"]),
        )
        def race(self, people: list[str], hours_ago: list[int], order: list[int], meanwhile: str) -> None:
            """Conversations decided from one reading and recorded in any order, perhaps after an
            edit of the first person: some lose the race."""
            decisions = [
                self.decided(person, hours, []) for person, hours in zip(people, hours_ago, strict=False)
            ]
            if meanwhile != "nothing":
                self.edit(people[0], meanwhile, stale=False)
            for index in order:
                if index < len(decisions):
                    self.record(decisions[index])

        # ------------------------------------------------------------ goals

        @rule(
            people=st.integers(1, 3),
            new_people=st.integers(0, 1),
            reconnects=st.integers(0, 1),
            meanwhile=st.sampled_from(["nothing", "a conversation", "a conversation decided before"]),
            contact_id=st.sampled_from(PEOPLE),
        )
        def set_goal(
            self, people: int, new_people: int, reconnects: int, meanwhile: str, contact_id: str
        ) -> None:
            """A goal decided from the week as read, with a conversation recorded in between, or one
            decided before the goal (with the goal as it was) and recorded after it."""
            goal = WeeklyGoal(people, new_people, reconnects)
            try:
                check_goal(goal)
            except InvalidInput:
                return
            week = weeks.week_of(self.now, ZONE)
            earlier = self.decided(contact_id, 0, []) if meanwhile == "a conversation decided before" else {}
            readings = self.each(
                lambda repos: (repos.members.get(self.owner), repos.weeks.get(self.owner, week))
            )
            if meanwhile == "a conversation":
                self.record(self.decided(contact_id, 0, []))

            def act(repos: Repositories) -> None:
                profile, seen = readings[self.side(repos)]
                assert profile is not None
                repos.weeks.save_goal(profile, goal, week=week, seen=seen, at=self.now)

            self.both(act)
            self.record(earlier)

        @rule(hours=st.sampled_from([1, 24, 24 * 3]))
        def time_passes(self, hours: int) -> None:
            self.now += timedelta(hours=hours)

        # ------------------------------------------------------------ what a member sees

        def teardown(self) -> None:
            """Everything a member could see, the same on both sides (checked once, at the end:
            reading all of it after every step would make each example several times slower)."""
            self.each(
                lambda repos: (
                    repos.members.get(self.owner),
                    list(repos.bulk.all_contacts(self.owner)),
                    list(repos.bulk.all_conversations(self.owner)),
                    repos.weeks.history(self.owner, "2026-W40", "2027-W10"),
                    repos.orgs.weeks(self.owner.org_id, "2026-W40", "2027-W10"),
                    repos.contacts.due(self.owner, self.now, 10),
                )
            )

    run_state_machine_as_test(
        SameStory,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
