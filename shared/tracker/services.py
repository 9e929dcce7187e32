"""The services a function works with, built once per Lambda environment, each on first use.

Every service is a cached property that imports its module when first asked for: a function
loads (and pays cold start for) only what its own work touches — the dispatcher never
renders email, the feedback function never loads the API's schemas.
"""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING

from tracker.clock import Clock, SystemClock
from tracker.config import settings

if TYPE_CHECKING:
    from tracker.contacts import ContactService
    from tracker.dal import DynamoStore
    from tracker.dispatch import Dispatcher
    from tracker.exports import ExportService
    from tracker.feedback import FeedbackService
    from tracker.goals import GoalService
    from tracker.imports.service import ImportService
    from tracker.interactions import InteractionService
    from tracker.links import LinkSigner
    from tracker.members import MemberService
    from tracker.picks import PickService
    from tracker.plans import PlanService
    from tracker.program import ProgramService
    from tracker.quicklog import QuickLogService
    from tracker.reminders import ReminderService
    from tracker.sms_replies import SmsReplyService
    from tracker.weekly import WeeklyCheckService


class Services:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    @cached_property
    def store(self) -> DynamoStore:
        from tracker.dal import get_store

        return get_store()

    @cached_property
    def members(self) -> MemberService:
        from tracker.members import MemberService

        return MemberService(self.store, self.clock)

    @cached_property
    def contacts(self) -> ContactService:
        from tracker.contacts import ContactService

        return ContactService(self.store, self.members, self.clock)

    @cached_property
    def interactions(self) -> InteractionService:
        from tracker.interactions import InteractionService

        return InteractionService(self.store, self.contacts, self.clock)

    @cached_property
    def picks(self) -> PickService:
        from tracker.picks import PickService

        return PickService(self.store, self.contacts, self.interactions, self.clock)

    def signer(self) -> LinkSigner:
        from tracker.adapters import link_signing_secret
        from tracker.links import LinkSigner

        config = settings()
        if not config.signing_secret_arn:
            raise RuntimeError("SIGNING_SECRET_ARN is not set")
        return LinkSigner(link_signing_secret(config.signing_secret_arn), config.public_base_url)

    @cached_property
    def reminders(self) -> ReminderService:
        from tracker.adapters import SesMailer, SnsTexter
        from tracker.reminders import ReminderService

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
        from tracker.dispatch import Dispatcher

        queue_url = settings().reminder_queue_url
        if not queue_url:
            raise RuntimeError("REMINDER_QUEUE_URL is not set")
        return Dispatcher(self.store, SqsReminderQueue(queue_url))

    @cached_property
    def feedback(self) -> FeedbackService:
        from tracker.feedback import FeedbackService

        return FeedbackService(self.store)

    @cached_property
    def imports(self) -> ImportService:
        from tracker.dal.bulk import BulkStore
        from tracker.imports.service import ImportService

        return ImportService(BulkStore(self.store), self.members, self.clock)

    @cached_property
    def exports(self) -> ExportService:
        from tracker.dal.bulk import BulkStore
        from tracker.exports import ExportService

        return ExportService(BulkStore(self.store), self.clock)

    @cached_property
    def quicklog(self) -> QuickLogService:
        from tracker.quicklog import QuickLogService

        return QuickLogService(
            self.store, self.members, self.contacts, self.interactions, self.picks, self.signer, self.clock
        )

    @cached_property
    def sms_replies(self) -> SmsReplyService:
        from tracker.adapters import SnsTexter
        from tracker.sms_replies import SmsReplyService

        return SmsReplyService(self.store, self.members, self.picks, SnsTexter(), self.clock)

    @cached_property
    def goals(self) -> GoalService:
        from tracker.goals import GoalService

        return GoalService(self.store, self.members, self.clock)

    @cached_property
    def plans(self) -> PlanService:
        from tracker.plans import PlanService

        return PlanService(self.store, self.signer, self.clock)

    @cached_property
    def program(self) -> ProgramService:
        from tracker.directory import CognitoDirectory
        from tracker.program import ProgramService

        def directory() -> CognitoDirectory:
            pool = settings().user_pool_id
            if not pool:
                raise RuntimeError("USER_POOL_ID is not set")
            return CognitoDirectory(pool)

        return ProgramService(self.store, self.members, directory, self.clock)

    @cached_property
    def weekly(self) -> WeeklyCheckService:
        from tracker.adapters import SesMailer, SnsTexter
        from tracker.weekly import WeeklyCheckService

        config = settings()
        return WeeklyCheckService(
            self.store,
            self.plans,
            self.program,
            self.reminders,
            SesMailer(config.sender_address, config.sender_name, config.ses_configuration_set),
            SnsTexter(),
            self.signer,
            sms_enabled=config.sms_enabled,
        )


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
