"""The services a function works with, built once per Lambda environment, each on first use.

The API never touches SES or SQS, and the dispatcher never renders email: every service is a
cached property, so a function only pays for the clients it uses.
"""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING

from tracker.clock import Clock, SystemClock
from tracker.config import settings
from tracker.contacts import ContactService
from tracker.dal import DynamoStore, get_store
from tracker.dal.bulk import BulkStore
from tracker.dispatch import Dispatcher
from tracker.feedback import FeedbackService
from tracker.interactions import InteractionService
from tracker.links import LinkSigner
from tracker.members import MemberService
from tracker.picks import PickService
from tracker.quicklog import QuickLogService
from tracker.reminders import ReminderService
from tracker.sms_replies import SmsReplyService

if TYPE_CHECKING:
    from tracker.exports import ExportService
    from tracker.imports.service import ImportService


class Services:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    @cached_property
    def store(self) -> DynamoStore:
        return get_store()

    @cached_property
    def members(self) -> MemberService:
        return MemberService(self.store, self.clock)

    @cached_property
    def contacts(self) -> ContactService:
        return ContactService(self.store, self.members, self.clock)

    @cached_property
    def interactions(self) -> InteractionService:
        return InteractionService(self.store, self.contacts, self.clock)

    @cached_property
    def picks(self) -> PickService:
        return PickService(self.store, self.contacts, self.interactions, self.clock)

    def signer(self) -> LinkSigner:
        from tracker.adapters import link_signing_secret

        config = settings()
        if not config.signing_secret_arn:
            raise RuntimeError("SIGNING_SECRET_ARN is not set")
        return LinkSigner(link_signing_secret(config.signing_secret_arn), config.public_base_url)

    @cached_property
    def reminders(self) -> ReminderService:
        from tracker.adapters import SesMailer, SnsTexter

        config = settings()
        return ReminderService(
            self.store,
            self.picks,
            SesMailer(config.sender_address, config.sender_name, config.ses_configuration_set),
            SnsTexter(),
            self.signer,
            self.clock,
            sms_enabled=config.sms_enabled,
        )

    @cached_property
    def dispatcher(self) -> Dispatcher:
        from tracker.adapters import SqsReminderQueue

        queue_url = settings().reminder_queue_url
        if not queue_url:
            raise RuntimeError("REMINDER_QUEUE_URL is not set")
        return Dispatcher(self.store, SqsReminderQueue(queue_url))

    @cached_property
    def feedback(self) -> FeedbackService:
        return FeedbackService(self.store)

    @cached_property
    def imports(self) -> ImportService:
        from tracker.imports.service import ImportService

        return ImportService(BulkStore(self.store), self.members, self.clock)

    @cached_property
    def exports(self) -> ExportService:
        from tracker.exports import ExportService

        return ExportService(BulkStore(self.store), self.clock)

    @cached_property
    def quicklog(self) -> QuickLogService:
        return QuickLogService(
            self.store, self.members, self.contacts, self.interactions, self.picks, self.signer, self.clock
        )

    @cached_property
    def sms_replies(self) -> SmsReplyService:
        from tracker.adapters import SnsTexter

        return SmsReplyService(self.store, self.members, self.picks, SnsTexter(), self.clock)


_clock: list[Clock] = [SystemClock()]


@cache
def services() -> Services:
    return Services(_clock[0])


def build_services(clock: Clock) -> Services:
    return Services(clock)


def use_clock(clock: Clock) -> None:
    """Run against another clock (tests, and the local stack's /_local/tick)."""
    _clock[0] = clock
    services.cache_clear()
