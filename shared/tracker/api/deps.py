"""The services a request works with, built once per Lambda environment on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tracker.clock import Clock, SystemClock
from tracker.contacts import ContactService
from tracker.dal import get_store
from tracker.dal.bulk import BulkStore
from tracker.exports import ExportService
from tracker.imports.service import ImportService
from tracker.interactions import InteractionService
from tracker.members import MemberService


@dataclass(frozen=True)
class Services:
    members: MemberService
    contacts: ContactService
    interactions: InteractionService
    imports: ImportService
    exports: ExportService


def build_services(clock: Clock) -> Services:
    store = get_store()
    members = MemberService(store, clock)
    contacts = ContactService(store, members, clock)
    bulk = BulkStore(store)
    return Services(
        members,
        contacts,
        InteractionService(store, contacts, clock),
        ImportService(bulk, members, clock),
        ExportService(bulk, clock),
    )


_clock: list[Clock] = [SystemClock()]


@cache
def services() -> Services:
    return build_services(_clock[0])


def use_clock(clock: Clock) -> None:
    """Run the API against another clock (tests, and the local stack's /_local/tick)."""
    _clock[0] = clock
    services.cache_clear()
