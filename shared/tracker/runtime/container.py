"""The composition root: the services a function works with, built once per Lambda environment,
each on first use, on the adapters of the environment's settings.

Every service is a cached property that imports its module when first asked for: a function
loads (and pays cold start for) only what its own work touches — the dispatcher never
renders email, the feedback function never loads the API's schemas.
"""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING

from tracker.config import ConfigError, settings
from tracker.domain.clock import Clock, SystemClock

if TYPE_CHECKING:
    from tracker.domain.links import LinkSigner
    from tracker.domain.model import Member
    from tracker.ports import Directory, Mailer, Repositories, SignInProvider, Texter
    from tracker.services.addresses import AddressService
    from tracker.services.contacts import ContactService
    from tracker.services.conversations import ConversationService
    from tracker.services.dispatch import Dispatcher
    from tracker.services.exports import ExportService
    from tracker.services.feedback import FeedbackService
    from tracker.services.goals import GoalService
    from tracker.services.imports import ImportService, StagedImportService
    from tracker.services.members import MemberService
    from tracker.services.org import OrgService
    from tracker.services.phones import PhoneService
    from tracker.services.picks import PickService
    from tracker.services.plans import PlanService
    from tracker.services.quicklog import QuickLogService
    from tracker.services.recount import RecountService
    from tracker.services.reminders import ReminderService
    from tracker.services.sending import Sender
    from tracker.services.sessions import SessionService
    from tracker.services.sms_replies import SmsReplyService
    from tracker.services.weekly import WeeklyCheckService
    from tracker.services.wording import WordingService


@cache
def dynamo_repositories() -> Repositories:
    """The DynamoDB repositories, bound to the settings' table once per process."""
    from tracker.adapters.dynamo import repositories

    config = settings()
    return repositories(config.table_name, config.region)


class Services:
    def __init__(self, clock: Clock) -> None:
        from tracker.rendering import program_wording

        self.clock = clock
        # Drafts read each program's wording set through a cache of this environment
        # (rendering/program_wording.py), from these services' repositories, on first use.
        self.program_wordings = program_wording.use_source(
            lambda org_id, language: self.repositories.wordings.get(org_id, language),  # noqa: PLW0108 - bound on first read
            clock,
        )

    @cached_property
    def repositories(self) -> Repositories:
        return dynamo_repositories()

    @cached_property
    def members(self) -> MemberService:
        from tracker.services.members import MemberService

        repos = self.repositories
        return MemberService(
            repos.members, self.phones, repos.orgs, self.addresses, self.user_pool, self.clock
        )

    @cached_property
    def addresses(self) -> AddressService:
        from tracker.services.addresses import AddressService

        repos = self.repositories
        return AddressService(repos.members, repos.sends, self.mailer, self.signer, self.clock)

    @cached_property
    def phones(self) -> PhoneService:
        from tracker.services.phones import PhoneService

        repos = self.repositories
        return PhoneService(
            repos.members,
            repos.phones,
            repos.sends,
            self.texter,
            self.mailer,
            self.signer,
            self.clock,
            sms_enabled=settings().sms_enabled,
        )

    @cached_property
    def mailer(self) -> Mailer:
        from tracker.adapters.aws import SesMailer

        config = settings()
        return SesMailer(config.sender_address, config.sender_name, config.ses_configuration_set)

    @cached_property
    def texter(self) -> Texter:
        from tracker.adapters.aws import SnsTexter

        return SnsTexter()

    @cached_property
    def contacts(self) -> ContactService:
        from tracker.services.contacts import ContactService

        return ContactService(self.repositories.contacts, self.members, self.clock, self.recount)

    @cached_property
    def recount(self) -> RecountService:
        from tracker.services.recount import RecountService

        repos = self.repositories
        return RecountService(repos.members, repos.contacts, repos.weeks, self.clock)

    @cached_property
    def conversations(self) -> ConversationService:
        from tracker.services.conversations import ConversationService

        return ConversationService(self.repositories.conversations, self.contacts, self.clock)

    @cached_property
    def picks(self) -> PickService:
        from tracker.services.picks import PickService

        repos = self.repositories
        return PickService(
            repos.picks, repos.contacts, repos.weeks, self.contacts, self.conversations, self.clock
        )

    def signer(self) -> LinkSigner:
        from tracker.adapters.aws import link_signing_secret
        from tracker.domain.links import LinkSigner

        config = settings()
        if not config.signing_secret_arn:
            raise ConfigError("SIGNING_SECRET_ARN", "is not set")
        return LinkSigner(link_signing_secret(config.signing_secret_arn), config.public_base_url)

    @cached_property
    def sender(self) -> Sender:
        from tracker.services.pacing import Pacer
        from tracker.services.sending import Sender

        repos = self.repositories
        config = settings()
        return Sender(
            repos.sends,
            repos.members,
            repos.phones,
            self.mailer,
            self.texter,
            self.clock,
            sms_enabled=config.sms_enabled,
            pacer=Pacer(self.clock, config.send_rates),
        )

    @cached_property
    def reminders(self) -> ReminderService:
        from tracker.services.reminders import ReminderService

        return ReminderService(self.repositories.members, self.sender, self.picks, self.signer)

    @cached_property
    def dispatcher(self) -> Dispatcher:
        from tracker.adapters.aws import SqsQueue
        from tracker.domain import dispatch as plan
        from tracker.services.dispatch import Dispatcher

        config = settings()
        if not config.reminder_queue_url:
            raise ConfigError("REMINDER_QUEUE_URL", "is not set")
        if not config.dispatch_queue_url:
            raise ConfigError("DISPATCH_QUEUE_URL", "is not set")
        return Dispatcher(
            self.repositories.members,
            SqsQueue(config.reminder_queue_url),
            SqsQueue(config.dispatch_queue_url),
            budget=plan.MEMBERS_PER_INVOCATION,
        )

    @cached_property
    def feedback(self) -> FeedbackService:
        from tracker.services.feedback import FeedbackService

        return FeedbackService(self.repositories.sends)

    @cached_property
    def imports(self) -> ImportService:
        from tracker.services.imports import ImportService

        return ImportService(self.repositories.bulk, self.members, self.clock, self.recount)

    @cached_property
    def staged_imports(self) -> StagedImportService:
        from tracker.services.imports import StagedImportService

        return StagedImportService(self.imports, self.repositories.uploads, self.clock)

    @cached_property
    def exports(self) -> ExportService:
        from tracker.services.exports import ExportService

        return ExportService(self.repositories.bulk, self.clock)

    @cached_property
    def quicklog(self) -> QuickLogService:
        from tracker.services.quicklog import QuickLogService

        return QuickLogService(
            self.repositories,
            self.members,
            self.contacts,
            self.conversations,
            self.picks,
            self.signer,
            self.clock,
        )

    @cached_property
    def sms_replies(self) -> SmsReplyService:
        from tracker.services.sms_replies import SmsReplyService

        return SmsReplyService(self.repositories, self.members, self.picks, self.texter, self.clock)

    @cached_property
    def goals(self) -> GoalService:
        from tracker.services.goals import GoalService

        return GoalService(self.repositories.weeks, self.members, self.clock)

    @cached_property
    def plans(self) -> PlanService:
        from tracker.services.plans import PlanService

        repos = self.repositories
        return PlanService(repos.weeks, repos.contacts, repos.members, self.signer, self.clock)

    @cached_property
    def org(self) -> OrgService:
        from tracker.services.org import OrgService

        repos = self.repositories
        return OrgService(repos.orgs, repos.members, self.members, self.user_pool, self.clock)

    def user_pool(self) -> Directory:
        """The user pool (asked for only when an account is invited or removed)."""
        from tracker.adapters.cognito import CognitoDirectory

        pool = settings().user_pool_id
        if not pool:
            raise ConfigError("USER_POOL_ID", "is not set")
        return CognitoDirectory(pool)

    @cached_property
    def sessions(self) -> SessionService:
        from tracker.services.sessions import SessionService

        addresses = self.addresses

        def email_problem(member: Member) -> str | None:
            return addresses.delivery_problems([member]).get(member.key)

        return SessionService(
            self.repositories.sessions, self.sign_in, self.members, self.clock, email_problem, self.user_pool
        )

    def sign_in(self) -> SignInProvider:
        """The user pool's app client (asked for only when someone signs in, or a token expires)."""
        from tracker.adapters.cognito import CognitoSignIn

        client_id = settings().user_pool_client_id
        if not client_id:
            raise ConfigError("USER_POOL_CLIENT_ID", "is not set")
        return CognitoSignIn(client_id)

    def form_key(self) -> bytes:
        """The key the web app's forms are signed with (CSRF tokens): derived from the link
        signing secret, so that a form token is never also a valid link signature."""
        import hashlib
        import hmac

        from tracker.adapters.aws import link_signing_secret

        config = settings()
        if not config.signing_secret_arn:
            raise ConfigError("SIGNING_SECRET_ARN", "is not set")
        return hmac.new(link_signing_secret(config.signing_secret_arn), b"web-forms", hashlib.sha256).digest()

    @cached_property
    def wording(self) -> WordingService:
        from tracker.services.wording import WordingService

        return WordingService(self.repositories.wordings, self.clock, self.program_wordings.forget)

    @cached_property
    def weekly(self) -> WeeklyCheckService:
        from tracker.services.weekly import WeeklyCheckService

        repos = self.repositories
        return WeeklyCheckService(
            repos.members, repos.contacts, repos.weeks, self.plans, self.org, self.sender, self.signer
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
