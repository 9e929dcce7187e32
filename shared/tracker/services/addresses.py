"""A member's new email address: mailed a link, and theirs once it is opened from that inbox.

PATCH /me with a new address keeps mail going to the old one and sends the new one a signed
link (valid EMAIL_CONFIRM_LINK_LIFETIME); opening it (GET /email shows, POST confirms) makes the
new address the member's. So an address typed by mistake, or someone else's, is never mailed
reminders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tracker.domain.links import LinkSigner, address_digest, email_confirm_url
from tracker.domain.model import Member, MemberKey
from tracker.domain.sending import REFUSED, UNDELIVERABLE
from tracker.observability import logger
from tracker.ports import Clock, Mailer, MemberRepository, SendRepository


class AddressService:
    def __init__(
        self,
        members: MemberRepository,
        sends: SendRepository,
        mailer: Mailer,
        signer: Callable[[], LinkSigner],
        clock: Clock,
    ) -> None:
        self._members = members
        self._sends = sends
        self._mailer = mailer
        self._signer = signer
        self._clock = clock

    def send_confirmation(self, member: Member) -> bool:
        """Mail the member's pending address its confirmation link; False if it cannot be mailed."""
        address = member.pending_email
        if not address or self._sends.is_suppressed(address):
            return False
        from tracker.rendering.emails import confirm_email  # Jinja2 only when it comes to it

        now = self._clock.now()
        signer = self._signer()
        url = email_confirm_url(signer, member.key, address, now)
        try:
            self._mailer.send(confirm_email(member, address, url, signer, now))
        except Exception as error:  # the change stands; the member can ask again by sending it again
            logger.warning(
                "Could not mail an address its confirmation link",
                extra={"error": getattr(error, "code", type(error).__name__)},
            )
            return False
        return True

    def delivery_problems(self, members: list[Member]) -> dict[MemberKey, str]:
        """Why email no longer reaches each of these members, where it does not (a permanent
        bounce or a complaint suppressed their address, or SES refused it): one read a page."""
        addresses = {m.email for m in members if m.email and not m.email_paused}
        suppressed = self._sends.suppressions(sorted(addresses)) if addresses else {}
        problems: dict[MemberKey, str] = {}
        for member in members:
            if member.email_paused:
                problems[member.key] = REFUSED.format(reason=member.email_paused)
            elif member.email and member.email in suppressed:
                problems[member.key] = UNDELIVERABLE[suppressed[member.email]]
        return problems

    def is_pending(self, member: Member, digest: str | None) -> bool:
        return bool(member.pending_email and digest and address_digest(member.pending_email) == digest)

    def confirm(self, member: Member, digest: str | None) -> Member | None:
        """Make the pending address the member's, if the link names it; None if it does not
        (confirmed already, or replaced by a newer change)."""
        if not self.is_pending(member, digest):
            return None
        confirmed = replace(
            member, email=member.pending_email, pending_email=None, updated_at=self._clock.now()
        )
        self._members.save(confirmed)
        if member.email_paused:
            self._members.pause_email(member.key, None)  # a new address: email may go again
            confirmed = replace(confirmed, email_paused=None)
        return confirmed
