"""The weekly check: at the member's review slot (default Friday 16:00 local), through the same
hourly dispatch as the daily reminder, one email and/or SMS with the week's progress against
each goal, the streak of weeks met, the people reached, a gentle suggestion, and next week's
plan. Sent once per member and week (send records `weekly#<week>#<channel>`).

Nothing goes to a member with no contacts yet (a score of nothing says nothing), and the first
check that does go is a welcome: the week's goal and how to add and log people, no score.

An org's admins get its report at their own review slot instead (`report#<week>`, of the
latest closed week).
"""

from __future__ import annotations

from datetime import date, datetime

from tracker.domain import weeks
from tracker.domain.goals import HISTORY_WEEKS, WeekProgress, standing, suggestion
from tracker.domain.model import Member, MemberKey, ReminderChannel
from tracker.domain.org import WeekStatus, latest_closed_week, week_status
from tracker.domain.plans import Plan
from tracker.domain.sending import HeldSend, ReminderReport, SendOutcome, not_sending
from tracker.domain.weekly import PEOPLE_SHOWN, WeeklyCheck, is_welcome
from tracker.ports import ContactRepository, MemberRepository, SignerSource, WeekRepository
from tracker.rendering.emails import report_email, weekly_email
from tracker.rendering.sms import weekly_sms
from tracker.services.org import OrgService
from tracker.services.plans import PlanService
from tracker.services.sending import Sender


class WeeklyCheckService:
    def __init__(
        self,
        members: MemberRepository,
        contacts: ContactRepository,
        week_store: WeekRepository,
        plans: PlanService,
        org: OrgService,
        sender: Sender,
        signer: SignerSource,
    ) -> None:
        self._members = members
        self._contacts = contacts
        self._week_store = week_store
        self._plans = plans
        self._org = org
        self._sender = sender  # exactly-once sends, keyed weekly#<week>#<channel>
        self._signer = signer

    def send_weekly(self, key: MemberKey, day: date, at: datetime) -> ReminderReport:
        """The weekly check of one member whose review slot fell on their local `day`."""
        report = ReminderReport()
        week = weeks.reviewed_week(day)
        plan_week = weeks.shift(week, 1)
        member, stored_plan = self._week_store.member_and_plan(key, plan_week)  # one Query
        skipped = not_sending(member, day)
        if skipped is not None or member is None:
            if skipped is SendOutcome.PAUSED and member is not None and not member.is_admin:
                self._week_store.mark_paused(key, week, member.goal)  # neither counts nor breaks the streak
            report.outcomes["all"] = skipped or SendOutcome.NO_PROFILE
            return report
        if member.is_admin:
            return self._send_report(member, week, at, report)
        history = self._week_store.history(member.key, weeks.shift(week, 1 - HISTORY_WEEKS), week)
        # Someone reached this week: the member has people (else one more read asks)
        reached = any(progress.people_ids for progress in history.values())
        if not reached and next(self._contacts.iter(key, after=None, page_size=1), None) is None:
            report.outcomes["all"] = SendOutcome.NO_CONTACTS
            return report
        # With the people: whether the email address is suppressed; with next week's plan, if
        # made now, the email's claim (one write for both)
        address = member.email if self._sender.may_email(member) else None
        hold = self._sender.hold(f"weekly#{week}#email") if address else None
        check, suppressed, held = self._check(member, week, at, history, stored_plan, address, hold)
        report = self._sender.each_channel(
            member,
            lambda channel: self._sender.deliver(
                member,
                channel,
                f"weekly#{check.week}",
                at,
                email=lambda: weekly_email(check, self._signer(), at),
                text=lambda: weekly_sms(check),
                suppressed=suppressed,
                held=held,
            ),
            report,
            "Weekly check send failed",
        )
        delivered = {SendOutcome.SENT, SendOutcome.ALREADY_SENT}
        if check.welcome and member.first_check_week is None and delivered & set(report.outcomes.values()):
            self._members.note_first_check(key, week)  # the next check is a score
        return report

    def _check(
        self,
        member: Member,
        week: str,
        at: datetime,
        history: dict[str, WeekProgress],
        stored_plan: Plan | None,
        address: str | None,
        hold: HeldSend | None,
    ) -> tuple[WeeklyCheck, bool | None, HeldSend | None]:
        """The week's progress and standing (from `history`, the weeks' one Query) and next
        week's plan (`stored_plan`, made now if there is none, taking `hold`); whether `address`
        is suppressed (read with the people; None if no address is given); the claim if held."""
        progress = history.get(week) or WeekProgress(week)
        first_week = weeks.week_of(member.created_at, member.time_zone)
        where = standing(history, week, first_week, member.first_check_week)
        shown = sorted(progress.people_ids)[:PEOPLE_SHOWN]
        plan_week = weeks.shift(week, 1)
        plan, people, suppressed, held = self._plans.ensure_read(
            member, plan_week, at, stored_plan, also=shown, address=address, hold=hold
        )
        check = WeeklyCheck(
            member=member,
            week=week,
            goal=progress.goal or member.goal,
            progress=progress,
            standing=where,
            suggestion=suggestion(member.goal, where),
            reached=sorted((people[i] for i in shown if i in people), key=lambda c: c.name.casefold()),
            plan=plan,
            accept_url=self._plans.accept_url(member, plan_week),
            welcome=is_welcome(member, week, history),
        )
        return check, suppressed, held

    def _send_report(self, admin: Member, week: str, at: datetime, report: ReminderReport) -> ReminderReport:
        """An admin's weekly message is their org's report (email only), of the latest week
        that is closed: a week still in progress shows no figures."""
        if ReminderChannel.EMAIL not in admin.reminder_channels or not admin.email:
            report.outcomes["email"] = SendOutcome.NO_ADDRESS
            return report
        if week_status(week, at) is not WeekStatus.CLOSED:
            week = latest_closed_week(at)
        report.outcomes["email"] = self._sender.deliver(
            admin,
            ReminderChannel.EMAIL,
            f"report#{week}",
            at,
            email=lambda: report_email(
                self._org.report_for(admin.key.org_id, week), admin, self._signer(), at
            ),
            text=lambda: "",
        )
        return report
