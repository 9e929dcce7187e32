"""The services a request works with, built once per Lambda environment on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tracker.clock import Clock, SystemClock
from tracker.contacts import ContactService
from tracker.dal import get_store
from tracker.interactions import InteractionService
from tracker.members import MemberService


@dataclass(frozen=True)
class Services:
    members: MemberService
    contacts: ContactService
    interactions: InteractionService


def build_services(clock: Clock) -> Services:
    store = get_store()
    members = MemberService(store, clock)
    contacts = ContactService(store, members, clock)
    return Services(members, contacts, InteractionService(store, contacts, clock))


@cache
def services() -> Services:
    return build_services(SystemClock())
