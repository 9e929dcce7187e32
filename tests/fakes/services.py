"""The app's services as the composition root (tracker/runtime/container.py) wires them, on the
in-memory repositories and the recording fakes: every service that reaches AWS is built again
here with a fake, the rest are the container's own."""

from __future__ import annotations

import re
from functools import cached_property

from tracker.domain.clock import FixedClock
from tracker.domain.links import LinkSigner
from tracker.domain.model import Identity, Member
from tracker.ports import Repositories
from tracker.runtime.container import Services
from tracker.services.dispatch import Dispatcher
from tracker.services.org import OrgService
from tracker.services.phones import PhoneService
from tracker.services.sending import Sender
from tracker.services.sms_replies import SmsReplyService

from . import (
    FakeDirectory,
    MemoryTable,
    RecordingMailer,
    RecordingPages,
    RecordingQueue,
    RecordingTexter,
    memory_repositories,
)

SIGNER = LinkSigner(b"a test secret of at least 32 bytes", "https://tracker.example.org")


class MemoryServices(Services):
    clock: FixedClock

    def __init__(self, clock: FixedClock | None = None) -> None:
        super().__init__(clock or FixedClock())
        self.mailer = RecordingMailer()  # the container's own is SES's
        self.texter = RecordingTexter()
        self.queue = RecordingQueue()
        self.pages = RecordingPages()
        self.directory = FakeDirectory()
        self.table = MemoryTable()  # for a test's own fake of one repository on the same data

    @cached_property
    def repositories(self) -> Repositories:
        return memory_repositories(self.table)

    def signer(self) -> LinkSigner:
        return SIGNER

    @cached_property
    def sender(self) -> Sender:
        repos = self.repositories
        return Sender(repos.sends, repos.members, repos.phones, self.mailer, self.texter, self.clock)

    @cached_property
    def phones(self) -> PhoneService:
        repos = self.repositories
        return PhoneService(
            repos.members, repos.phones, repos.sends, self.texter, self.mailer, self.signer, self.clock
        )

    def prove_phone(self, who: Identity) -> Member:
        """Enter the code last texted to the member's number, as they would."""
        member = self.members.profile(who)
        assert member.phone, "no number to prove"
        (code,) = re.findall(r"(?:your code is|tu código es) (\d{6})", self.texter.to(member.phone)[-1])
        return self.members.verify_phone(who, code)

    def user_pool(self) -> FakeDirectory:
        return self.directory

    @cached_property
    def dispatcher(self) -> Dispatcher:
        return Dispatcher(self.repositories.members, self.queue, self.pages)

    @cached_property
    def org(self) -> OrgService:
        repos = self.repositories
        return OrgService(repos.orgs, repos.members, self.members, self.user_pool, self.clock)

    @cached_property
    def sms_replies(self) -> SmsReplyService:
        return SmsReplyService(self.repositories, self.members, self.picks, self.texter, self.clock)
