"""The world outside, as recording fakes: what was mailed, texted, queued and invited is kept
for the test to read, and each can be told to fail the way a provider does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from tracker.domain.dispatch import ReminderRequest, SlotPage
from tracker.domain.messages import OutgoingEmail
from tracker.domain.org import Account, AccountExists
from tracker.domain.sending import Rejected


class ProviderDown(Exception):
    """The provider refused (what SES or SNS failing looks like to a service)."""


@dataclass
class RecordingMailer:
    sent: list[OutgoingEmail] = field(default_factory=list)
    failing: bool = False
    refused: set[str] = field(default_factory=set)  # addresses SES refuses for good (MessageRejected)

    def send(self, email: OutgoingEmail) -> str:
        if self.failing:
            raise ProviderDown("email")
        if email.to in self.refused:
            raise Rejected("MessageRejected")
        self.sent.append(email)
        return f"email-{len(self.sent)}"

    def to(self, address: str) -> list[OutgoingEmail]:
        return [email for email in self.sent if email.to == address]


@dataclass
class RecordingTexter:
    sent: list[tuple[str, str]] = field(default_factory=list)
    opted_out: set[str] = field(default_factory=set)  # numbers that said STOP to the carrier
    failing: bool = False

    def send(self, phone: str, text: str) -> str:
        if self.failing:
            raise ProviderDown("sms")
        self.sent.append((phone, text))
        return f"sms-{len(self.sent)}"

    def is_opted_out(self, phone: str) -> bool:
        return phone in self.opted_out

    def to(self, phone: str) -> list[str]:
        return [text for number, text in self.sent if number == phone]


@dataclass
class RecordingQueue:
    requests: list[ReminderRequest] = field(default_factory=list)

    def send_all(self, requests: list[ReminderRequest]) -> None:
        self.requests.extend(requests)


@dataclass
class RecordingPages:
    """The dispatch's own queue: the slot pages a dispatch handed on."""

    pages: list[SlotPage] = field(default_factory=list)

    def send_all(self, pages: list[SlotPage]) -> None:
        self.pages.extend(pages)


@dataclass
class FakeDirectory:
    """Sign-in accounts by email; an account's id is the member id, its org fixed at invitation."""

    accounts: dict[str, Account] = field(default_factory=dict)
    invited: list[str] = field(default_factory=list)  # the addresses an invitation went to
    invitation_languages: dict[str, str] = field(default_factory=dict)  # the language each went in

    def invite(self, email: str, name: str | None, org_id: str, language: str = "en") -> str:
        if email in self.accounts:
            raise AccountExists(self.accounts[email])
        account = Account(member_id=str(uuid.uuid4()), org_id=org_id)
        self.accounts[email] = account
        self.invited.append(email)
        self.invitation_languages[email] = language
        return account.member_id

    def remove(self, member_id: str, org_id: str) -> bool:
        for email, account in list(self.accounts.items()):
            if account.member_id == member_id:
                if account.org_id != org_id:
                    return False
                del self.accounts[email]
        return True

    def account(self, email: str) -> Account | None:
        return self.accounts.get(email)

    def holds(self, member_id: str) -> bool:
        return any(account.member_id == member_id for account in self.accounts.values())
