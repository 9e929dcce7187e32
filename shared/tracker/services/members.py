"""A member's profile and reminder settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from tracker.domain.errors import Unauthorized
from tracker.domain.members import ProfileChanges, check_reachable
from tracker.domain.model import DEFAULT_TIME_ZONE, Identity, Language, Member, MemberKey
from tracker.ports import Clock, Directory, MemberRepository, OrgRepository
from tracker.services.addresses import AddressService
from tracker.services.phones import PhoneService


class MemberService:
    def __init__(
        self,
        members: MemberRepository,
        phones: PhoneService,
        orgs: OrgRepository,
        addresses: AddressService,
        directory: Callable[[], Directory],
        clock: Clock,
    ) -> None:
        self._members = members
        self._addresses = addresses
        self._phones = phones
        self._orgs = orgs
        self._directory = directory
        self._clock = clock

    def require_current(self, identity: Identity) -> None:
        """The token's member was not removed or erased since it was issued (a token outlives
        the sign-out: ID tokens stay valid until they expire)."""
        if self._members.buried(identity.member):
            raise Unauthorized("This account was removed; ask your program to invite you again")

    def profile(self, identity: Identity) -> Member:
        """The member's profile, created with the org's defaults on first use.

        What the token says about the member (admin or not; signed in, so no longer just
        invited) is kept on the profile for the weekly pipeline, which has no token.
        """
        member = self._members.get(identity.member)
        if member is not None:
            if member.invited or member.is_admin != identity.is_admin:
                member = replace(member, invited=False, is_admin=identity.is_admin)
                self._members.save(member)
            return member
        self.require_current(identity)  # never a new profile for a removed or erased member
        return self._create(replace(self._new(identity.member, identity.email), is_admin=identity.is_admin))

    def local_today(self, key: MemberKey) -> date:
        """The member's date now, where they live (UTC without a profile)."""
        member = self._members.get(key)
        zone = member.time_zone if member else DEFAULT_TIME_ZONE
        return self._clock.now().astimezone(ZoneInfo(zone)).date()

    def enrol(self, key: MemberKey, email: str, name: str | None, language: Language | None = None) -> Member:
        """A member added by an admin of their org: its defaults (the admin may choose their
        language), waiting for their first sign-in."""
        member = replace(self._new(key, email), display_name=name, invited=True)
        return self._create(replace(member, language=language) if language else member)

    def _new(self, key: MemberKey, email: str | None) -> Member:
        org = self._orgs.get(key.org_id)
        now = self._clock.now()
        member = Member(key=key, email=email, created_at=now, updated_at=now)
        if org is not None:
            member = replace(
                member,
                time_zone=org.default_time_zone,
                default_cadence_days=org.default_cadence_days,
                reminder_hour=org.default_reminder_hour,
                weekly_goal=org.default_goal,
                language=org.default_language,
            )
        return member

    def _create(self, member: Member) -> Member:
        member = self._members.add(member)
        self._members.register_time_zone(member.time_zone)
        return member

    def update(self, identity: Identity, changes: ProfileChanges) -> Member:
        current = self.profile(identity)
        updated = changes.apply(current, self._clock.now())
        check_reachable(updated)
        self._members.save(updated)
        if updated.time_zone != current.time_zone:
            self._members.register_time_zone(updated.time_zone)
        if updated.pending_email and updated.pending_email != current.pending_email:
            self._addresses.send_confirmation(updated)  # mail goes there once it is confirmed
        if updated.phone != current.phone:
            # Texts from the old number no longer reach this member; the new one must be proved.
            self._phones.forget(current, current.phone)
            self._phones.send_code(updated, first=True)
        return updated

    def send_phone_code(self, identity: Identity) -> Member:
        member = self.profile(identity)
        self._phones.resend(member)
        return member

    def verify_phone(self, identity: Identity, code: str) -> Member:
        return self._phones.verify(self.profile(identity), code)

    def erase(self, identity: Identity) -> int:
        """Delete everything stored for the member, and their sign-in: first a tombstone (their
        tokens and links stop working at once), then the account, signed out everywhere."""
        self.bury(identity.member)
        self._directory().remove(identity.member_id, identity.org_id)
        return self.erase_data(identity.member)

    def bury(self, key: MemberKey) -> None:
        self._members.bury(key, self._clock.now())

    def erase_data(self, key: MemberKey) -> int:
        """Every item of the member's partition, and the lookup from their phone number, which
        names them and lies outside it. Returns how many items went."""
        member = self._members.get(key)
        erased = self._members.erase(key)
        if member is not None:
            self._phones.forget(member, member.phone)
        return erased
