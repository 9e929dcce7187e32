"""An org's admins: its members (invited, removed) and its weekly report, never anyone's
contacts (rules in domain/org.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from tracker.domain import weeks
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.model import DEFAULT_TIME_ZONE, Identity, Language, Member, MemberKey, Org
from tracker.domain.org import (
    MEMBER_ID,
    REFUSED_FOR_SIGN_IN,
    TREND_WEEKS,
    AccountExists,
    AccountRefused,
    Invite,
    InviteProblem,
    OrgReport,
    OrgWeek,
    Roster,
    check_program,
    report_week,
    require_admin,
)
from tracker.ports import Clock, Directory, MemberRepository, OrgRepository
from tracker.services.members import MemberService


class OrgService:
    def __init__(
        self,
        orgs: OrgRepository,
        member_store: MemberRepository,
        members: MemberService,
        directory: Callable[[], Directory],
        clock: Clock,
    ) -> None:
        self._orgs = orgs
        self._member_store = member_store
        self._members = members
        self._directory = directory
        self._clock = clock

    # ------------------------------------------------------------ members

    def members(self, identity: Identity, after: str | None, limit: int) -> tuple[list[Member], str | None]:
        require_admin(identity)
        if after is not None and not MEMBER_ID.match(after):
            raise InvalidInput("cursor is not one this API returned; start again without it", field="cursor")
        return self._orgs.members(identity.org_id, after=after, limit=limit)

    def member(self, identity: Identity, member_id: str) -> Member:
        """One member of the admin's own program (one read); another program's is not found."""
        require_admin(identity)
        found = (
            self._member_store.get(MemberKey(identity.org_id, member_id))
            if MEMBER_ID.match(member_id)
            else None
        )
        if found is None:
            raise NotFound("No such member in your program", field="member_id")
        return found

    def invite(self, identity: Identity, invites: list[Invite], problems: list[InviteProblem]) -> Roster:
        """Add members: a sign-in account with an emailed invitation, and a profile with the
        org's defaults. Rows already refused (`problems`) are reported; the others are kept."""
        require_admin(identity)
        roster = Roster(problems=list(problems))
        seen: set[str] = set()
        org = self._orgs.get(identity.org_id)
        default = org.default_language if org else Language.EN
        # Sign-in addresses are kept in lower case, so one address is one account.
        for invite in (replace(given, email=given.email.strip().lower()) for given in invites):
            email = invite.email
            if email in seen:
                roster.problems.append(InviteProblem(invite.row, invite.email, "email", "appears twice"))
                continue
            seen.add(email)
            try:
                member = self._invite(identity.org_id, replace(invite, language=invite.language or default))
            except AccountRefused:  # this row only: the others are still added
                roster.problems.append(InviteProblem(invite.row, invite.email, "email", REFUSED_FOR_SIGN_IN))
                continue
            if member is None:
                roster.problems.append(
                    InviteProblem(invite.row, invite.email, "email", "already has an account")
                )
            else:
                roster.added.append((invite.row, member))
        roster.problems.sort(key=lambda problem: problem.row)
        return roster

    def _invite(self, org_id: str, invite: Invite) -> Member | None:
        try:
            language = (invite.language or Language.EN).value
            member_id = self._directory().invite(invite.email, invite.name, org_id, language)
        except AccountExists as exists:
            account = exists.account
            if account is None or account.org_id != org_id:
                return self._as_if_invited(org_id, invite)
            # An earlier invitation made the account but not the profile (it failed in
            # between): finish it. A member of the admin's own program "already has an account".
            if self._member_store.get(MemberKey(org_id, account.member_id)) is not None:
                return None
            member_id = account.member_id
        return self._members.enrol(MemberKey(org_id, member_id), invite.email, invite.name, invite.language)

    def _as_if_invited(self, org_id: str, invite: Invite) -> Member:
        """Someone else's account (another program's member): the answer looks like a new
        invitation's, so that an admin cannot find out who belongs to which program, and
        nothing is written or sent: their account and data stay as they are."""
        org = self._orgs.get(org_id)
        now = self._clock.now()
        member = Member(
            key=MemberKey(org_id, str(uuid.uuid4())),  # shaped like a sign-in account's id
            email=invite.email,
            display_name=invite.name,
            invited=True,
            created_at=now,
            updated_at=now,
        )
        if org is None:
            return replace(member, language=invite.language or member.language)
        return replace(
            member,
            time_zone=org.default_time_zone,
            default_cadence_days=org.default_cadence_days,
            reminder_hour=org.default_reminder_hour,
            weekly_goal=org.default_goal,
            language=invite.language or org.default_language,
        )

    def remove(self, identity: Identity, member_id: str) -> int:
        """Delete the member's sign-in account, then every item of theirs (a retry finishes)."""
        require_admin(identity)
        if member_id == identity.member_id:
            raise InvalidInput(
                "You cannot remove yourself; another admin can, or erase your own data with DELETE /me",
                field="member_id",
            )
        key = MemberKey(identity.org_id, member_id)
        if not MEMBER_ID.match(member_id) or self._member_store.get(key) is None:
            raise NotFound("No such member in your program", field="member_id")
        self._members.bury(key)  # their tokens and links stop working at once
        if not self._directory().remove(member_id, identity.org_id):  # signed out, then deleted
            raise NotFound("No such member in your program", field="member_id")
        return self._members.erase_data(key)

    # ------------------------------------------------------------ the program's settings

    def program(self, identity: Identity) -> Org:
        """The admin's own program (one read); a program never set up reads with the defaults."""
        require_admin(identity)
        return self._orgs.get(identity.org_id) or Org(identity.org_id, identity.org_id)

    def change_program(self, identity: Identity, changed: Org) -> Org:
        """Save the program's name and its members' starting time zone, reminder hour, cadence
        and weekly goals (members already enrolled keep theirs). The org is always the admin's own."""
        require_admin(identity)
        from zoneinfo import available_timezones

        program = replace(changed, org_id=identity.org_id)
        check_program(program, frozenset(available_timezones()))
        self._orgs.put(program)
        return program

    # ------------------------------------------------------------ the report

    def report(self, identity: Identity, week: str | None) -> OrgReport:
        require_admin(identity)
        return self.report_for(identity.org_id, week)

    def report_for(self, org_id: str, week: str | None) -> OrgReport:
        """The week's figures and the trend, from the program's week counters only (in DynamoDB
        one BatchGetItem: 12 weeks of 8 shards). Weeks not closed yet show as such,
        without figures (domain/org.py)."""
        org = self._orgs.get(org_id)
        now = self._clock.now()
        if week is None:
            week = weeks.week_of(now, org.default_time_zone if org else DEFAULT_TIME_ZONE)
        first = weeks.shift(week, -(TREND_WEEKS - 1))
        found = self._orgs.weeks(org_id, first, week)
        trend = [
            report_week(found.get(weeks.shift(first, n)) or OrgWeek(weeks.shift(first, n)), now)
            for n in range(TREND_WEEKS)
        ]
        return OrgReport(org_id=org_id, org_name=org.name if org else None, week=trend[-1], trend=trend)
