"""The rules of weekly goals: local ISO weeks, who counts as new or a reconnect, streaks that
skip paused weeks, kind suggestions, and how next week's plan is sized and spread."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain import Contact, Conversation, Member, MemberKey, WeeklyGoal, weeks
from tracker.domain.errors import InvalidInput
from tracker.domain.goals import (
    CHART_WEEKS,
    Standing,
    SuggestionKind,
    WeekProgress,
    check_goal,
    overview,
    smaller,
    standing,
    suggestion,
    tally,
)
from tracker.domain.picks import DueCandidate
from tracker.domain.plans import PlanKind, plan_days, plan_people, spread

NOW = datetime(2026, 11, 26, 15, tzinfo=UTC)  # a Thursday, week 2026-W48
KEY = MemberKey("bridges", "m-1")


def member(**fields: object) -> Member:
    base = Member(
        key=KEY, email="sam@example.org", created_at=NOW, updated_at=NOW, time_zone="America/Chicago"
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def contact(**fields: object) -> Contact:
    return replace(
        Contact(contact_id="c1", name="Ana Lima", created_at=NOW - timedelta(days=400), updated_at=NOW),
        **fields,
    )  # type: ignore[arg-type]


def conversation(when: datetime = NOW) -> Conversation:
    from tracker.domain import Channel

    return Conversation("i1", "c1", when, Channel.CALL, created_at=NOW)


# ---------------------------------------------------------------- weeks


def test_weeks_run_monday_to_sunday_on_the_members_clock() -> None:
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=ZoneInfo("America/Chicago"))
    monday_morning = datetime(2026, 11, 30, 0, 30, tzinfo=ZoneInfo("America/Chicago"))
    assert weeks.week_of(sunday_night, "America/Chicago") == "2026-W48"
    assert weeks.week_of(monday_morning, "America/Chicago") == "2026-W49"
    # The same instant is already next week in Auckland
    assert weeks.week_of(sunday_night, "Pacific/Auckland") == "2026-W49"
    assert weeks.week_of(sunday_night, "UTC") == "2026-W49"  # 05:30 UTC on Monday


def test_iso_weeks_across_the_new_year_and_53_week_years() -> None:
    assert weeks.iso_week(date(2026, 12, 31)) == "2026-W53"  # 2026 has 53 ISO weeks
    assert weeks.iso_week(date(2027, 1, 3)) == "2026-W53"
    assert weeks.shift("2026-W53", 1) == "2027-W01"
    assert weeks.shift("2027-W01", -2) == "2026-W52"
    assert weeks.label("2026-W53") == "28 Dec - 3 Jan"
    assert weeks.label("2026-W48") == "23-29 Nov"
    for bad in ("2027-W53", "2026-W00", "2026-48", "W48"):
        with pytest.raises(ValueError, match="week"):
            weeks.monday(bad)


ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "America/Chicago", "Asia/Kathmandu", "UTC", "Pacific/Chatham"]


@settings(max_examples=80, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    instant=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)
    ),
)
def test_the_weeks_read_when_logging_always_include_the_members_week(zone: str, instant: datetime) -> None:
    assert weeks.week_of(instant, zone) in weeks.possible_weeks(instant)


def test_a_check_late_in_the_week_reviews_it_and_one_early_in_the_week_the_week_before() -> None:
    assert weeks.reviewed_week(date(2026, 11, 27)) == "2026-W48"  # Friday
    assert weeks.reviewed_week(date(2026, 11, 29)) == "2026-W48"  # Sunday
    assert weeks.reviewed_week(date(2026, 11, 30)) == "2026-W48"  # Monday: looks back
    assert weeks.reviewed_week(date(2026, 12, 3)) == "2026-W49"  # Thursday


def test_the_latest_check_slot_is_found_in_the_members_time_zone() -> None:
    friday, four_pm = 4, 16
    before = datetime(2026, 11, 27, 21, 59, tzinfo=UTC)  # 15:59 in Chicago
    after = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
    assert weeks.latest_check_day(friday, four_pm, before, "America/Chicago") == date(2026, 11, 20)
    assert weeks.latest_check_day(friday, four_pm, after, "America/Chicago") == date(2026, 11, 27)


# ---------------------------------------------------------------- who counts as what


def test_a_contact_added_this_week_counts_as_a_new_person() -> None:
    added = contact(created_at=NOW - timedelta(days=2))
    counted = tally(member(), added, conversation(), None, advances=True)
    assert (counted.person, counted.new_person, counted.reconnect) == (True, True, False)


def test_someone_last_contacted_90_or_more_days_before_counts_as_a_reconnect() -> None:
    for days, expected in ((89, False), (90, True), (400, True)):
        old = contact(last_contact_at=NOW - timedelta(days=days))
        assert tally(member(), old, conversation(), None, advances=True).reconnect is expected


def test_an_acquaintance_just_added_with_an_old_last_contact_is_a_reconnect_not_new() -> None:
    known = contact(created_at=NOW - timedelta(hours=1), last_contact_at=NOW - timedelta(days=200))
    counted = tally(member(), known, conversation(), None, advances=True)
    assert (counted.new_person, counted.reconnect) == (False, True)


def test_a_person_already_reached_this_week_does_not_count_again() -> None:
    seen = WeekProgress("2026-W48", WeeklyGoal(), conversations=1, people=1, people_ids=frozenset({"c1"}))
    counted = tally(
        member(), contact(last_contact_at=NOW - timedelta(days=200)), conversation(), seen, advances=True
    )
    assert (counted.person, counted.reconnect, counted.first_conversation) == (False, False, False)


def test_the_conversation_that_completes_every_goal_crosses_once() -> None:
    goal = WeeklyGoal(2, 0, 0)
    seen = WeekProgress("2026-W48", goal, conversations=1, people=1, people_ids=frozenset({"c0"}))
    counted = tally(member(weekly_goal=goal), contact(), conversation(), seen, advances=True)
    assert counted.crosses
    assert not tally(member(), contact(), conversation(), replace(seen, met=True), advances=True).crosses


def test_goals_cannot_ask_for_more_new_people_and_reconnects_than_people() -> None:
    check_goal(WeeklyGoal(2, 1, 1))
    with pytest.raises(InvalidInput):
        check_goal(WeeklyGoal(2, 2, 1))


# ---------------------------------------------------------------- streaks and suggestions


def history(*states: str, last: str = "2026-W48") -> dict[str, WeekProgress]:
    """States oldest first: "met", "missed", "paused", or "none" (no item at all)."""
    found = {}
    for back, state in enumerate(reversed(states)):
        week = weeks.shift(last, -back)
        if state != "none":
            found[week] = WeekProgress(week, WeeklyGoal(), met=state == "met", paused=state == "paused")
    return found


def test_a_streak_counts_met_weeks_in_a_row_and_paused_weeks_neither_count_nor_break_it() -> None:
    assert standing(
        history("missed", "met", "met", "paused", "paused", "met"), "2026-W48", "2026-W01"
    ) == Standing(streak=3, missed=0, previous_streak=2)


def test_a_missed_week_ends_the_streak_and_weeks_without_activity_are_missed() -> None:
    where = standing(history("met", "met", "none", "missed"), "2026-W48", "2026-W01")
    assert where == Standing(streak=0, missed=2, previous_streak=0)
    assert standing(history("met", "met", "missed"), "2026-W48", "2026-W01").previous_streak == 2


def test_weeks_before_the_member_joined_count_neither_way() -> None:
    assert standing(history("none", "none", "missed"), "2026-W48", "2026-W48") == Standing(0, 1, 0)


def test_the_goals_page_streak_waits_for_a_week_in_progress_and_grows_once_it_is_met() -> None:
    joined = member(created_at=NOW - timedelta(weeks=10))
    in_progress = history("met", "met", "none")  # W46 and W47 met; this week (W48) not yet
    page = overview(joined, in_progress, "2026-W48")
    assert page.streak == 2  # not broken by a week still under way
    assert not page.this_week.met
    assert page.history
    met_now = overview(joined, history("met", "met", "met"), "2026-W48")
    assert met_now.streak == 3
    assert overview(joined, history("met", "missed", "none"), "2026-W48").streak == 0


def test_the_goals_page_charts_twelve_weeks_oldest_first_with_the_goal_each_was_measured_against() -> None:
    joined = member(created_at=NOW - timedelta(weeks=2), weekly_goal=WeeklyGoal(4, 1, 1))
    stored = {"2026-W47": WeekProgress("2026-W47", WeeklyGoal(2, 0, 0), people=2, met=True)}
    page = overview(joined, stored, "2026-W48")
    assert len(page.recent) == CHART_WEEKS
    assert [p.week for p in (page.recent[0], page.recent[-1])] == ["2026-W37", "2026-W48"]
    assert page.recent[-2].goal == WeeklyGoal(2, 0, 0)  # as that week was measured
    assert page.recent[-1].goal == WeeklyGoal(4, 1, 1)  # nothing stored yet: the member's goal
    assert page.joined == "2026-W46"
    assert not overview(member(), {}, "2026-W48").history  # nothing stored: no history to show


def test_after_two_missed_weeks_a_lighter_goal_is_offered() -> None:
    offer = suggestion(WeeklyGoal(3, 1, 1), Standing(streak=0, missed=2, previous_streak=0))
    assert offer is not None
    assert offer.kind is SuggestionKind.SMALLER
    assert offer.goal == WeeklyGoal(2, 1, 1)
    assert suggestion(WeeklyGoal(3, 1, 1), Standing(0, 1, 0)) is None
    assert smaller(WeeklyGoal(2, 1, 1)) == WeeklyGoal(1, 0, 1)  # new people, the hardest, give way first
    assert suggestion(WeeklyGoal(1, 0, 0), Standing(0, 3, 0)) is None  # already as light as it gets


def test_after_four_met_weeks_a_bigger_goal_is_offered_and_not_every_week() -> None:
    offers = {
        streak: suggestion(WeeklyGoal(3, 1, 1), Standing(streak, 0, streak - 1)) for streak in range(1, 9)
    }
    assert [streak for streak, offer in offers.items() if offer] == [4, 8]
    assert offers[4] is not None
    assert (offers[4].kind, offers[4].goal) == (SuggestionKind.BIGGER, WeeklyGoal(4, 1, 1))


# ---------------------------------------------------------------- next week's plan


def due(contact_id: str, days_overdue: int, starred: bool = False) -> DueCandidate:
    return DueCandidate(contact_id, NOW - timedelta(days=days_overdue), starred)


def test_the_plan_is_sized_to_the_goals_reconnects_first_then_next_steps() -> None:
    candidates = [due("r1", 10), due("r2", 300), due("r3", 50, starred=True), due("s1", 5)]
    chosen = plan_people(WeeklyGoal(4, 1, 1), candidates, ["s1", "s2"])
    # 4 people of whom 1 is new (not in the tracker yet): 3 named, the reconnect goal first
    assert chosen == [("r3", PlanKind.RECONNECT), ("s1", PlanKind.NEXT_STEP), ("s2", PlanKind.NEXT_STEP)]
    assert plan_people(WeeklyGoal(4, 0, 1), candidates, []) == [
        ("r3", PlanKind.RECONNECT),
        ("r2", PlanKind.RECONNECT),
        ("r1", PlanKind.RECONNECT),
        ("s1", PlanKind.RECONNECT),
    ]
    assert plan_people(WeeklyGoal(1, 1, 0), candidates, ["s1"]) == []


def test_accepted_people_are_spread_over_the_weeks_working_days() -> None:
    monday = date(2026, 11, 30)
    days = plan_days("2026-W49", today=date(2026, 11, 27))
    assert days == [monday + timedelta(days=n) for n in range(5)]
    assert spread(2, days) == [monday, monday + timedelta(days=2)]
    assert spread(7, days)[-1] == monday + timedelta(days=4)
    # Accepted mid-week: the days still ahead; on its last day, that day; after it, none
    assert plan_days("2026-W49", today=date(2026, 12, 3)) == [date(2026, 12, 4)]
    assert plan_days("2026-W49", today=date(2026, 12, 6)) == [date(2026, 12, 6)]
    assert plan_days("2026-W49", today=date(2026, 12, 7)) == []
