"""What the weekly check says: member strings escaped in HTML, no names in the SMS, kind words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tracker.domain import Contact, Member, MemberKey, Outcome, WeeklyGoal
from tracker.domain.goals import Standing, Suggestion, SuggestionKind, WeekProgress
from tracker.domain.links import LinkSigner
from tracker.domain.org import OrgWeek, ReportFigures, ReportWeek, WeekStatus
from tracker.domain.plans import Plan, PlanKind, PlannedPerson, PlannedWeek
from tracker.domain.sms import sms_segments
from tracker.domain.weekly import WeeklyCheck
from tracker.rendering.emails import weekly_email
from tracker.rendering.i18n import speaker
from tracker.rendering.sms import weekly_sms
from tracker.rendering.weekly import report_lines, trend_line

NOW = datetime(2026, 11, 27, 22, tzinfo=UTC)
SIGNER = LinkSigner(b"k" * 48, "https://tracker.example.org")
MEMBER = Member(
    key=MemberKey("bridges", "m-1"),
    email="sam@example.org",
    created_at=NOW,
    updated_at=NOW,
    display_name="Sam <Rivera>",
    time_zone="America/Chicago",
)


def check(name: str, *, people: int = 1, met: bool = False) -> WeeklyCheck:
    person = Contact(contact_id="c1", name=name, created_at=NOW, updated_at=NOW)
    plan = Plan("2026-W49", ("c1",), (PlanKind.RECONNECT,), new_people=1, created_at=NOW)
    return WeeklyCheck(
        member=MEMBER,
        week="2026-W48",
        goal=WeeklyGoal(),
        progress=WeekProgress("2026-W48", WeeklyGoal(), people=people, conversations=people, met=met),
        standing=Standing(streak=int(met), missed=int(not met), previous_streak=0),
        suggestion=None,
        reached=[person],
        plan=PlannedWeek(plan, [PlannedPerson(person, PlanKind.RECONNECT, "Reconnect: <no> log", None)]),
        accept_url="https://tracker.example.org/plan?t=abc",
    )


def test_every_member_string_is_escaped_in_the_html() -> None:
    mail = weekly_email(check("Ana <img src=x onerror=alert(1)> Lima"), SIGNER, NOW)
    assert "<img" not in mail.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in mail.html
    assert "Good afternoon, Sam." in mail.text
    assert "Reconnect: &lt;no&gt; log" in mail.html
    assert mail.tags == {"kind": "weekly"}


def test_the_sms_carries_counts_only_in_at_most_two_parts() -> None:
    text = weekly_sms(check("Ana Verylongsurname"))
    assert "Ana" not in text
    assert sms_segments(text) <= 2
    assert text.startswith("Networking Tracker: this week 1 of 3 people")


def test_a_hidden_week_says_why_and_a_figure_under_five_reads_fewer_than_five() -> None:
    (line,) = report_lines(ReportWeek("2026-W48", WeekStatus.CLOSED, None))
    assert line == "Fewer than 5 members were active; figures are hidden to protect their privacy."
    (line,) = report_lines(ReportWeek("2026-W48", WeekStatus.IN_PROGRESS, None))
    assert line == "This week is still in progress; its figures show once it has ended."
    assert trend_line(ReportWeek("2026-W48", WeekStatus.IN_PROGRESS, None)) == "23-29 Nov: in progress"
    week = OrgWeek("2026-W48", members_active=12, members_met=6, members_counted=12, conversations=20)
    shown = report_lines(ReportWeek("2026-W48", WeekStatus.CLOSED, ReportFigures.of(week)))
    assert "Met their goals: 6 members of 12 (50%)" in shown
    assert "Outcomes: fewer than 5 job leads, fewer than 5 referrals, fewer than 5 introductions" in shown
    few = replace(week, members_met=3, outcomes={Outcome.JOB_LEAD: 5})
    shown = report_lines(ReportWeek("2026-W48", WeekStatus.CLOSED, ReportFigures.of(few)))
    assert "Met their goals: fewer than 5 members" in shown
    assert "5 job leads, fewer than 5 referrals" in shown[-1]


def test_the_report_reads_in_spanish_with_its_plurals_and_figures_under_five() -> None:
    """Issue 17: an admin who reads Spanish gets the report's lines and trend in Spanish."""
    es = speaker("es")
    (line,) = report_lines(ReportWeek("2026-W48", WeekStatus.CLOSED, None), es)
    assert line == (
        "Menos de 5 miembros estuvieron activos; las cifras se ocultan para proteger su privacidad."
    )
    assert (
        trend_line(ReportWeek("2026-W48", WeekStatus.CLOSED, None), es)
        == "23-29 nov: menos de 5 miembros activos"
    )
    assert trend_line(ReportWeek("2026-W49", WeekStatus.IN_PROGRESS, None), es) == "30 nov - 6 dic: en curso"
    week = OrgWeek("2026-W48", members_active=12, members_met=6, members_counted=12, conversations=7)
    shown = report_lines(ReportWeek("2026-W48", WeekStatus.CLOSED, ReportFigures.of(week)), es)
    assert "Cumplieron sus metas: 6 miembros de 12 (50%)" in shown
    assert shown[2] == (
        "Conversaciones registradas: 7 conversaciones con menos de 5 personas "
        "(menos de 5 personas nuevas, menos de 5 reconexiones)"
    )
    assert shown[-1] == (
        "Resultados: menos de 5 oportunidades de empleo, menos de 5 recomendaciones, "
        "menos de 5 presentaciones"
    )
    few = replace(week, members_met=3, outcomes={Outcome.JOB_LEAD: 5})
    shown = report_lines(ReportWeek("2026-W48", WeekStatus.CLOSED, ReportFigures.of(few)), es)
    assert "Cumplieron sus metas: menos de 5 miembros" in shown
    assert shown[-1].startswith("Resultados: 5 oportunidades de empleo, menos de 5 recomendaciones")
    assert trend_line(ReportWeek("2026-W48", WeekStatus.CLOSED, ReportFigures.of(few)), es) == (
        "23-29 nov: 12 activos, menos de 5 cumplieron sus metas, 7 conversaciones"
    )


def test_the_first_check_welcomes_without_a_score_in_the_email_and_the_text() -> None:
    quiet = replace(
        check("Ana Lima", people=0),
        standing=Standing(streak=0, missed=2, previous_streak=0),
        suggestion=Suggestion(SuggestionKind.SMALLER, WeeklyGoal(2, 1, 1)),
        reached=[],
        welcome=True,
    )
    mail = weekly_email(quiet, SIGNER, NOW)
    assert mail.subject == "Welcome: your first weekly check, and your plan for 30 Nov - 6 Dec"
    assert "Your weekly goal: 3 people a week, of whom 1 new person and 1 reconnect." in mail.text
    text = weekly_sms(quiet)
    assert text.startswith("Networking Tracker: welcome! Your weekly goal: 3 people, 1 new, 1 reconnects.")
    for shown in (mail.text, mail.html, text):
        for score in (" of 3", "0 of", "quiet", "lighter goal", "Well done"):
            assert score not in shown


def test_no_line_refers_to_a_list_that_is_empty() -> None:
    nobody = PlannedWeek(Plan("2026-W49", (), (), new_people=1, created_at=NOW, accepted_at=NOW), [])
    empty = replace(check("Ana Lima", people=0), plan=nobody, reached=[])
    mail = weekly_email(empty, SIGNER, NOW)
    for shown in (mail.text, mail.html):
        assert (
            "Plus 1 new person to meet: an event, a group, or ask someone you know for an introduction."
            in shown
        )
        for pointer in ("above", "below", "these people", "You were in touch with"):
            assert pointer not in shown
    assert "Next week's plan" not in weekly_sms(empty)
    deleted = weekly_email(replace(check("Ana Lima"), reached=[]), SIGNER, NOW)  # Ana deleted since
    assert "You were in touch with: 1 person." in deleted.text
    one = weekly_email(check("Ana Lima"), SIGNER, NOW)
    assert "or ask Ana for an introduction." in one.text
