"""The weekly check: at the member's review slot (default Friday 16:00 local), through the same
hourly dispatch as the daily reminder, one email and/or SMS with the week's progress against
each goal, the streak of weeks met, the people reached, a gentle suggestion, and next week's
plan. Sent once per member and week (send records `weekly#<week>#<channel>`).

Program admins get their program's report at their own review slot instead (`report#<week>`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from tracker import weeks
from tracker.domain import Contact, Member, MemberKey, ReminderChannel, WeeklyGoal
from tracker.goals import HISTORY_WEEKS, Standing, Suggestion, WeekProgress, standing, suggestion
from tracker.links import LinkSigner
from tracker.plans import PlannedWeek, PlanService
from tracker.program import OrgReport, ProgramService
from tracker.reminders import (
    Mailer,
    Outcome,
    ReminderReport,
    ReminderService,
    Texter,
    sms_allowed_at,
)

if TYPE_CHECKING:
    from tracker.dal import DynamoStore

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


class WeeklyCheckService:
    def __init__(
        self,
        store: DynamoStore,
        plans: PlanService,
        program: ProgramService,
        reminders: ReminderService,
        mailer: Mailer,
        texter: Texter,
        signer: Callable[[], LinkSigner],
        *,
        sms_enabled: bool = True,
    ) -> None:
        self._store = store
        self._plans = plans
        self._program = program
        self._sends = reminders  # its exactly-once claims, keyed weekly#<week>#<channel>
        self._mailer = mailer
        self._texter = texter
        self._signer = signer
        self._sms_enabled = sms_enabled

    def send_weekly(self, key: MemberKey, day: date, at: datetime) -> ReminderReport:
        """The weekly check of one member whose review slot fell on their local `day`."""
        report = ReminderReport()
        member = self._store.get_member(key)
        if member is None:
            report.outcomes["all"] = Outcome.NO_PROFILE
            return report
        week = weeks.reviewed_week(day)
        if member.paused_until and day < member.paused_until:
            if not member.is_admin:  # a paused week neither sends nor breaks the streak
                self._store.mark_week_paused(key, week, member.goal)
            report.outcomes["all"] = Outcome.PAUSED
            return report
        if not member.reminder_channels:
            report.outcomes["all"] = Outcome.OPTED_OUT
            return report
        if member.is_admin:
            return self._send_report(member, week, at, report)
        check = self.check(member, week, at)
        return self._sends.each_channel(
            member, lambda channel: self._send_channel(check, channel, at), report, "Weekly check send failed"
        )

    def check(self, member: Member, week: str, at: datetime) -> WeeklyCheck:
        """The week's progress and standing (one Query), and next week's plan."""
        history = self._store.week_history(member.key, weeks.shift(week, 1 - HISTORY_WEEKS), week)
        progress = history.get(week) or WeekProgress(week)
        where = standing(history, week, weeks.week_of(member.created_at, member.time_zone))
        shown = sorted(progress.people_ids)[:PEOPLE_SHOWN]
        plan_week = weeks.shift(week, 1)
        plan, people = self._plans.ensure(member, plan_week, at, also=shown)
        return WeeklyCheck(
            member=member,
            week=week,
            goal=progress.goal or member.goal,
            progress=progress,
            standing=where,
            suggestion=suggestion(member.goal, where),
            reached=sorted((people[i] for i in shown if i in people), key=lambda c: c.name.casefold()),
            plan=plan,
            accept_url=self._plans.accept_url(member, plan_week),
        )

    def _send_channel(  # noqa: PLR0911 - one early return per reason a channel is skipped
        self, check: WeeklyCheck, channel: ReminderChannel, at: datetime
    ) -> Outcome:
        from tracker.weekly_messages import weekly_email, weekly_sms

        member = check.member
        if channel is ReminderChannel.EMAIL:
            if not member.email:
                return Outcome.NO_ADDRESS
            if self._store.is_suppressed(member.email):
                return Outcome.SUPPRESSED
            email = weekly_email(check, self._signer(), at)
            return self._sends.once(
                member.key, f"weekly#{check.week}#email", lambda: self._mailer.send(email)
            )
        if not self._sms_enabled:
            return Outcome.SMS_OFF
        if not member.phone:
            return Outcome.NO_ADDRESS
        if not sms_allowed_at(member, at):
            return Outcome.OUTSIDE_SMS_HOURS
        if self._texter.is_opted_out(member.phone):
            return Outcome.OPTED_OUT
        text, phone = weekly_sms(check), member.phone
        return self._sends.once(
            member.key, f"weekly#{check.week}#sms", lambda: self._texter.send(phone, text)
        )

    def _send_report(self, admin: Member, week: str, at: datetime, report: ReminderReport) -> ReminderReport:
        """An admin's weekly message is their program's report (email only)."""
        from tracker.weekly_messages import report_email

        if ReminderChannel.EMAIL not in admin.reminder_channels or not admin.email:
            report.outcomes["email"] = Outcome.NO_ADDRESS
            return report
        if self._store.is_suppressed(admin.email):
            report.outcomes["email"] = Outcome.SUPPRESSED
            return report
        figures: OrgReport = self._program.report_for(admin.key.org_id, week)
        email = report_email(figures, admin, self._signer(), at)
        report.outcomes["email"] = self._sends.once(
            admin.key, f"report#{week}#email", lambda: self._mailer.send(email)
        )
        return report
