"""A member's profile and reminder settings."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tracker.clock import Clock
from tracker.domain import (
    SMS_EARLIEST_HOUR,
    SMS_LATEST_HOUR,
    Identity,
    Member,
    MemberKey,
    ReminderChannel,
    Weekday,
)
from tracker.errors import InvalidInput

if TYPE_CHECKING:
    from tracker.dal import DynamoStore


class MemberService:
    def __init__(self, store: DynamoStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def profile(self, identity: Identity) -> Member:
        """The member's profile, created with the organisation's defaults on first use.

        What the token says about the member (admin or not; signed in, so no longer just
        invited) is kept on the profile for the weekly pipeline, which has no token.
        """
        member = self._store.get_member(identity.member)
        if member is not None:
            if member.invited or member.is_admin != identity.is_admin:
                member = replace(member, invited=False, is_admin=identity.is_admin)
                self._store.save_member(member)
            return member
        return self._create(replace(self._new(identity.member, identity.email), is_admin=identity.is_admin))

    def enrol(self, key: MemberKey, email: str, name: str | None) -> Member:
        """A member added by an admin of their program: its defaults, waiting for their first sign-in."""
        return self._create(replace(self._new(key, email), display_name=name, invited=True))

    def _new(self, key: MemberKey, email: str | None) -> Member:
        org = self._store.get_org(key.org_id)
        now = self._clock.now()
        member = Member(key=key, email=email, created_at=now, updated_at=now)
        if org is not None:
            member = replace(
                member,
                time_zone=org.default_time_zone,
                default_cadence_days=org.default_cadence_days,
                reminder_hour=org.default_reminder_hour,
            )
        return member

    def _create(self, member: Member) -> Member:
        member = self._store.add_member(member)
        self._store.register_time_zone(member.time_zone)
        return member

    def update(self, identity: Identity, changes: dict[str, Any]) -> Member:
        current = self.profile(identity)
        changes = dict(changes)
        if "reminder_channels" in changes:
            changes["reminder_channels"] = tuple(
                dict.fromkeys(map(ReminderChannel, changes["reminder_channels"]))
            )
        if "weekly_review_day" in changes:
            changes["weekly_review_day"] = Weekday(changes["weekly_review_day"])
        updated = replace(current, **changes, updated_at=self._clock.now())
        _check_reachable(updated)
        self._store.save_member(updated)
        if updated.time_zone != current.time_zone:
            self._store.register_time_zone(updated.time_zone)
        sms_turned_on = ReminderChannel.SMS in updated.reminder_channels and (
            ReminderChannel.SMS not in current.reminder_channels
        )
        if updated.phone != current.phone or sms_turned_on:
            # Texts from the number reach this member; choosing SMS again ends an earlier STOP.
            self._store.set_phone_owner(updated.key, old=current.phone, new=updated.phone)
        return updated

    def erase(self, identity: Identity) -> int:
        """Delete everything stored for the member. Their login stays with the program."""
        return self.erase_data(identity.member)

    def erase_data(self, key: MemberKey) -> int:
        """Every item of the member's partition, and the lookup from their phone number, which
        names them and lies outside it. Returns how many items went."""
        member = self._store.get_member(key)
        erased = self._store.erase_member(key)
        if member is not None and member.phone:
            self._store.set_phone_owner(key, old=member.phone, new=None)
        return erased


def _check_reachable(member: Member) -> None:
    if ReminderChannel.SMS in member.reminder_channels and not member.phone:
        raise InvalidInput("reminder_channels: SMS reminders need a phone number", field="reminder_channels")
    texts = ReminderChannel.SMS in member.reminder_channels
    for name in ("reminder_hour", "weekly_review_hour"):
        if texts and not SMS_EARLIEST_HOUR <= getattr(member, name) < SMS_LATEST_HOUR:
            raise InvalidInput(
                f"{name}: texts are only sent between {SMS_EARLIEST_HOUR:02d}:00 and "
                f"{SMS_LATEST_HOUR:02d}:00 your time; choose an hour from {SMS_EARLIEST_HOUR} to "
                f"{SMS_LATEST_HOUR - 1} or turn SMS off",
                field=name,
            )
    if ReminderChannel.EMAIL in member.reminder_channels and not member.email:
        raise InvalidInput(
            "reminder_channels: email reminders need an email address", field="reminder_channels"
        )
