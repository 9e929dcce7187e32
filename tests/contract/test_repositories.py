"""One contract for every repository port, run against the DynamoDB adapters (in moto, provisioned
from template.yaml) and the in-memory fakes (tests/fakes): what each method returns, in which
order, and where a conditional write refuses (ConcurrentUpdate, or False). A fake that drifts
from the adapter fails here, not in a service test that trusted it.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.contract.deciding import Decision, correction, decide
from tests.fakes import memory_repositories
from tracker.domain import weeks
from tracker.domain.contacts import ContactOrder, row_of
from tracker.domain.corrections import ConversationChanges
from tracker.domain.errors import ConcurrentUpdate
from tracker.domain.goals import WeekProgress, WeekUntally, recount, untally
from tracker.domain.model import (
    Channel,
    Contact,
    Conversation,
    Language,
    Member,
    MemberKey,
    Met,
    NextStep,
    Org,
    Outcome,
    PhoneOwner,
    Relationship,
    WeeklyGoal,
)
from tracker.domain.org import OrgWeek
from tracker.domain.phones import PhoneCheck, Stop
from tracker.domain.picks import DayPicks, DueCandidate, MemberDay
from tracker.domain.plans import Plan, PlanKind
from tracker.domain.quicklog import QuickAction, UndoRecord
from tracker.domain.sending import HeldSend, SendClaim
from tracker.domain.sessions import OpenedSession, WebSession
from tracker.domain.sms import SentText, Texted, TextedKind
from tracker.domain.uploads import StagedUpload, UploadStatus
from tracker.ports import Repositories

NOW = datetime(2026, 11, 26, 15, tzinfo=UTC)  # a Thursday, in week 2026-W48 everywhere
WEEK = "2026-W48"
SAM = MemberKey("bridges", "m-sam")
PRIYA = MemberKey("bridges", "m-priya")
LEE = MemberKey("stmarys", "m-lee")


@pytest.fixture(params=["dynamo", "memory"])
def repos(request: pytest.FixtureRequest) -> Repositories:
    if request.param == "dynamo":
        request.getfixturevalue("aws")  # a clean mocked account with template.yaml's table
        from tracker.runtime import dynamo_repositories

        return dynamo_repositories()
    return memory_repositories()


def member(key: MemberKey = SAM, **fields: Any) -> Member:
    joined = NOW - timedelta(days=200)
    return replace(
        Member(key=key, email=f"{key.member_id}@example.org", created_at=joined, updated_at=joined), **fields
    )


def person(contact_id: str, **fields: Any) -> Contact:
    """Someone known for a long time, last spoken to 30 days ago (not due for 60 days)."""
    met = NOW - timedelta(days=400)
    base = Contact(
        contact_id=contact_id,
        name=contact_id.title(),
        created_at=met,
        updated_at=met,
        last_contact_at=NOW - timedelta(days=30),
    )
    return replace(base, **fields)


def conversation(contact_id: str, when: datetime = NOW, number: int = 1, **fields: Any) -> Conversation:
    base = Conversation(f"{contact_id}-{number}", contact_id, when, Channel.CALL, created_at=NOW)
    return replace(base, **fields)


def decided(repos: Repositories, owner: MemberKey, said: Conversation) -> Decision:
    decision = decide(repos, owner, said)
    assert decision is not None
    return decision


def log(repos: Repositories, owner: MemberKey, said: Conversation) -> Contact:
    decision = decided(repos, owner, said)
    decision.record(repos, owner)
    return decision.after


def counters(week: WeekProgress | OrgWeek | None) -> tuple[int, int, int, int]:
    assert week is not None
    return (week.conversations, week.people, week.new_people, week.reconnects)


# ---------------------------------------------------------------- members


def test_a_profile_is_added_once_and_its_settings_saved(repos: Repositories) -> None:
    assert repos.members.get(SAM) is None
    first = repos.members.add(member(display_name="Sam", weekly_goal=WeeklyGoal(4, 1, 2)))
    # A second sign-in racing the first keeps the profile that got there first
    assert repos.members.add(member(display_name="Someone else")) == first
    changed = replace(first, time_zone="America/Chicago", reminder_channels=(), display_name=None)
    repos.members.save(changed)
    assert repos.members.get(SAM) == changed
    assert repos.members.get(PRIYA) is None


def test_saving_a_profile_read_earlier_keeps_the_goal_and_last_active_week_set_since(
    repos: Repositories,
) -> None:
    # Given Sam's profile as one request read it
    read_earlier = repos.members.add(member(display_name="Sam"))
    # When, meanwhile, he sets a goal and logs a conversation, and then that request saves
    repos.weeks.save_goal(read_earlier, WeeklyGoal(5, 1, 1), week=WEEK, seen=None, at=NOW)
    repos.contacts.add(SAM, person("ana"))
    log(repos, SAM, conversation("ana"))
    repos.members.save(replace(read_earlier, display_name="Sam Rivera"))
    # Then the save changed what it was about, and nothing of what happened meanwhile
    saved = repos.members.get(SAM)
    assert saved is not None
    assert saved.display_name == "Sam Rivera"
    assert (saved.weekly_goal, saved.last_active_week) == (WeeklyGoal(5, 1, 1), WEEK)


def test_time_zones_in_use_are_registered_once_each(repos: Repositories) -> None:
    assert repos.members.time_zones() == set()
    for zone in ("America/Chicago", "Europe/Paris", "America/Chicago"):
        repos.members.register_time_zone(zone)
    assert repos.members.time_zones() == {"America/Chicago", "Europe/Paris"}


def test_members_are_found_by_their_reminder_and_review_slots(repos: Repositories) -> None:
    sam = repos.members.add(member(SAM, time_zone="America/Chicago"))
    lee = repos.members.add(member(LEE, time_zone="America/Chicago"))
    repos.members.add(member(PRIYA, time_zone="America/Chicago", reminder_channels=()))  # reminders off
    assert sam.reminder_slot is not None
    assert sam.review_slot is not None
    found, more = repos.members.slot_page("reminder", sam.reminder_slot, after=None, limit=10)
    assert more is None
    assert SAM in found
    assert (LEE in found) is (lee.reminder_slot == sam.reminder_slot)  # the shard decides
    assert PRIYA not in found
    assert SAM in repos.members.slot_page("review", sam.review_slot, after=None, limit=10)[0]
    assert repos.members.slot_page("reminder", "Europe/Paris#08#0", after=None, limit=10) == ([], None)


def test_a_slot_is_read_page_by_page_each_member_once(repos: Repositories) -> None:
    added = [
        repos.members.add(member(MemberKey("bridges", f"{n:04d}-member"), time_zone="Asia/Tokyo"))
        for n in range(9)
    ]
    slot = added[0].reminder_slot
    assert slot is not None
    in_slot = {one.key for one in added if one.reminder_slot == slot}
    seen: list[MemberKey] = []
    after: MemberKey | None = None
    for _ in range(20):
        page, after = repos.members.slot_page("reminder", slot, after=after, limit=2)
        assert len(page) <= 2
        seen += page
        if after is None:
            break
    assert sorted(seen, key=str) == sorted(in_slot, key=str)
    assert len(seen) == len(set(seen))


def test_erasing_a_member_leaves_nothing_of_theirs_and_counts_what_went(repos: Repositories) -> None:
    # Given Sam with something of every kind in his partition, and Priya in the same program
    repos.members.add(member(SAM))
    repos.members.add(member(PRIYA))
    for owner in (SAM, PRIYA):
        repos.contacts.add(owner, person("ana"))
        log(repos, owner, conversation("ana"))
    repos.contacts.add(SAM, person("ben"))
    repos.weeks.add_plan(SAM, Plan("2026-W49", ("ben",), (PlanKind.RECONNECT,), 1, NOW), expires_at=0)
    repos.picks.save_day(SAM, DayPicks(date(2026, 11, 26), ("ben",), (), NOW), expires_at=0)
    repos.sends.claim(SAM, "daily#2026-11-26#email", "c1", now=0, lease=120, keep=600)  # on the picks
    repos.sends.claim(SAM, "daily#2026-11-26#sms", "c2", now=0, lease=120, keep=600)
    repos.quicklog.claim_undo(SAM, "u1", expires_at=0)
    repos.quicklog.ensure_form_link_version(SAM, 7)
    repos.quicklog.use_link(SAM, "l1", date(2026, 11, 26), limit=1, expires_at=0)
    # When his data is erased
    erased = repos.members.erase(SAM)
    # Then all eleven items went: profile, 2 contacts, conversation, week, plan, picks, send,
    # undo, link version, a link's uses
    assert erased == 11
    assert repos.members.get(SAM) is None
    assert list(repos.bulk.all_contacts(SAM)) == []
    assert list(repos.bulk.all_conversations(SAM)) == []
    assert repos.weeks.history(SAM, "2026-W01", "2026-W53") == {}
    assert repos.weeks.get_plan(SAM, "2026-W49") is None
    assert repos.picks.get_day(SAM, date(2026, 11, 26)) is None
    assert (
        repos.sends.claim(SAM, "daily#2026-11-26#email", "c2", now=0, lease=120, keep=600)
        is SendClaim.CLAIMED
    )
    assert repos.quicklog.claim_undo(SAM, "u1", expires_at=0) is True
    assert repos.quicklog.form_link_version(SAM) is None
    assert repos.quicklog.use_link(SAM, "l1", date(2026, 11, 26), limit=1, expires_at=0) is True
    # Priya's data and the program's counts (no one's in particular) stay
    assert repos.members.get(PRIYA) is not None
    assert [c.contact_id for c in repos.bulk.all_contacts(PRIYA)] == ["ana"]
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_active == 2


def test_suppressions_are_read_for_many_addresses_at_once(repos: Repositories) -> None:
    now = datetime(2026, 11, 26, 14, tzinfo=UTC)
    assert repos.sends.suppressions([]) == {}
    repos.sends.suppress("ana@example.org", "bounce", now)
    repos.sends.suppress("ben@example.org", "complaint", now)
    found = repos.sends.suppressions(["ana@example.org", "ben@example.org", "cat@example.org"])
    assert found == {"ana@example.org": "bounce", "ben@example.org": "complaint"}


def test_a_paused_email_is_its_own_write_and_a_profile_save_keeps_it(repos: Repositories) -> None:
    now = datetime(2026, 11, 26, 14, tzinfo=UTC)
    repos.members.pause_email(SAM, "MessageRejected on 2026-11-26")  # no profile: nothing
    assert repos.members.get(SAM) is None
    sam = repos.members.add(Member(SAM, "sam@example.org", now, now))
    repos.members.pause_email(SAM, "MessageRejected on 2026-11-26")
    repos.members.save(replace(sam, display_name="Sam"))  # read before the pause
    stored = repos.members.get(SAM)
    assert stored is not None
    assert (stored.display_name, stored.email_paused) == ("Sam", "MessageRejected on 2026-11-26")
    repos.members.pause_email(SAM, None)
    assert repos.members.get(SAM) == replace(stored, email_paused=None)


def test_the_health_note_is_its_own_write_and_a_profile_save_keeps_it(repos: Repositories) -> None:
    now = datetime(2026, 11, 26, 14, tzinfo=UTC)
    repos.members.health_note_sent(SAM, date(2026, 11, 26))  # no profile: nothing
    assert repos.members.get(SAM) is None
    sam = repos.members.add(Member(SAM, "sam@example.org", now, now))
    repos.members.health_note_sent(SAM, date(2026, 11, 26))
    repos.members.save(replace(sam, current_focus="UX research", drafts_may_mention_health=False))
    stored = repos.members.get(SAM)
    assert stored is not None
    assert (stored.current_focus, stored.drafts_may_mention_health, stored.health_note_sent_on) == (
        "UX research",
        False,
        date(2026, 11, 26),
    )
    assert repos.members.get(SAM) == replace(
        sam,
        current_focus="UX research",
        drafts_may_mention_health=False,
        health_note_sent_on=date(2026, 11, 26),
    )


def test_the_focus_ask_is_its_own_write_and_a_profile_save_keeps_it(repos: Repositories) -> None:
    now = datetime(2026, 11, 26, 14, tzinfo=UTC)
    repos.members.focus_ask_sent(SAM, date(2026, 11, 26))  # no profile: nothing
    assert repos.members.get(SAM) is None
    sam = repos.members.add(Member(SAM, "sam@example.org", now, now))
    repos.members.focus_ask_sent(SAM, date(2026, 11, 26))
    repos.members.save(replace(sam, display_name="Sam"))  # read before the ask was noted
    assert repos.members.get(SAM) == replace(sam, display_name="Sam", focus_ask_sent_on=date(2026, 11, 26))


def test_the_first_weekly_check_is_noted_once_and_a_profile_save_keeps_it(repos: Repositories) -> None:
    now = datetime(2026, 11, 26, 14, tzinfo=UTC)
    repos.members.note_first_check(SAM, "2026-W48")  # no profile: nothing
    assert repos.members.get(SAM) is None
    sam = repos.members.add(Member(SAM, "sam@example.org", now, now))
    repos.members.note_first_check(SAM, "2026-W48")
    repos.members.note_first_check(SAM, "2026-W49")  # the first stays
    repos.members.save(replace(sam, display_name="Sam"))  # read before the note
    stored = repos.members.get(SAM)
    assert stored is not None
    assert (stored.display_name, stored.first_check_week) == ("Sam", "2026-W48")


def test_a_tombstone_outlives_erasure_and_is_not_counted(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("ana"))
    assert not repos.members.buried(SAM)
    repos.members.bury(SAM, datetime(2026, 11, 26, 14, tzinfo=UTC))
    assert repos.members.buried(SAM)
    assert not repos.members.buried(PRIYA)
    assert repos.members.erase(SAM) == 1  # the contact; the tombstone stays
    assert repos.members.erase(SAM) == 0
    assert repos.members.buried(SAM)


def test_erasing_counts_only_what_was_there(repos: Repositories) -> None:
    # A member who added contacts (with a cadence of their own) before any profile was made
    repos.contacts.add(SAM, person("ana"))
    assert repos.members.erase(SAM) == 1
    assert repos.members.erase(SAM) == 0


# ---------------------------------------------------------------- web sessions


def web_session(key: MemberKey = SAM, secret_hash: str = "h" * 64, **fields: Any) -> WebSession:
    base = WebSession(
        member=key,
        secret_hash=secret_hash,
        email=f"{key.member_id}@example.org",
        groups=frozenset({"admins"}),
        refresh_token="refresh-token",
        access_expires_at=NOW + timedelta(hours=1),
        created_at=NOW,
        last_seen_at=NOW,
    )
    return replace(base, **fields)


def test_a_session_is_read_with_the_profile_and_the_tombstone_in_one_go(repos: Repositories) -> None:
    assert repos.sessions.open(SAM, "h" * 64) == OpenedSession(None, None, False)
    repos.members.add(member(SAM))
    repos.sessions.add(web_session())
    opened = repos.sessions.open(SAM, "h" * 64)
    assert (opened.session, opened.member, opened.buried) == (web_session(), member(SAM), False)
    # Another secret, another member: nothing
    assert repos.sessions.open(SAM, "x" * 64).session is None
    assert repos.sessions.open(PRIYA, "h" * 64).session is None
    repos.members.bury(SAM, NOW)
    assert repos.sessions.open(SAM, "h" * 64).buried


def test_a_session_is_updated_while_it_exists_and_ends_at_once(repos: Repositories) -> None:
    repos.sessions.add(web_session())
    later = NOW + timedelta(minutes=70, microseconds=5)
    moved = web_session(last_seen_at=later, access_expires_at=later + timedelta(hours=1), groups=frozenset())
    assert repos.sessions.update(moved) is True
    assert repos.sessions.open(SAM, "h" * 64).session == replace(
        moved,
        last_seen_at=later.replace(microsecond=0),
        access_expires_at=(later + timedelta(hours=1)).replace(microsecond=0),
    )
    # What the pages say of email is kept with it, and cleared when it is put right
    told = replace(moved, email_problem="bounced: enter another address")
    assert repos.sessions.update(told) is True
    assert repos.sessions.open(SAM, "h" * 64).session.email_problem == "bounced: enter another address"  # type: ignore[union-attr]
    assert repos.sessions.update(replace(told, email_problem=None)) is True
    assert repos.sessions.open(SAM, "h" * 64).session.email_problem is None  # type: ignore[union-attr]
    ended = repos.sessions.delete(SAM, "h" * 64)
    assert ended is not None
    assert ended.refresh_token == "refresh-token"
    assert repos.sessions.open(SAM, "h" * 64).session is None
    assert repos.sessions.update(moved) is False  # not written again once it ended
    assert repos.sessions.open(SAM, "h" * 64).session is None


def test_every_session_of_a_member_ends_at_once_and_no_one_elses(repos: Repositories) -> None:
    repos.members.add(member(SAM))
    repos.sessions.add(web_session())
    repos.sessions.add(web_session(secret_hash="i" * 64, refresh_token="other-refresh"))
    repos.sessions.add(web_session(PRIYA))
    ended = repos.sessions.delete_all(SAM)
    assert sorted(session.refresh_token for session in ended) == ["other-refresh", "refresh-token"]
    assert repos.sessions.open(SAM, "h" * 64).session is None
    assert repos.sessions.open(SAM, "i" * 64).session is None
    assert repos.sessions.open(SAM, "h" * 64).member == member(SAM)  # the profile stays
    assert repos.sessions.open(PRIYA, "h" * 64).session is not None
    assert repos.sessions.delete_all(SAM) == []
    assert repos.sessions.delete(SAM, "h" * 64) is None


def test_erasing_a_member_ends_their_sessions(repos: Repositories) -> None:
    repos.members.add(member(SAM))
    repos.sessions.add(web_session())
    repos.sessions.add(web_session(PRIYA))
    assert repos.members.erase(SAM) == 2
    assert repos.sessions.open(SAM, "h" * 64).session is None
    assert repos.sessions.open(PRIYA, "h" * 64).session is not None


# ---------------------------------------------------------------- imports kept until confirmed


def staged_upload(import_id: str = "01jz0000000000000000000000", **fields: Any) -> StagedUpload:
    values: dict[str, Any] = {
        "import_id": import_id,
        "file_name": "Connections.csv",
        "status": UploadStatus.PREVIEWED,
        "preview": '{"new": 2}',
        "result": None,
        "created_at": NOW,
        "expires_at": NOW + timedelta(hours=1),
    }
    return StagedUpload(**{**values, **fields})


def test_a_kept_file_is_its_members_alone_and_comes_back_byte_for_byte(repos: Repositories) -> None:
    big = random.Random(7).randbytes(1_000_000)  # incompressible: several parts, bytes of any value
    repos.uploads.stage(SAM, staged_upload(), big)
    assert repos.uploads.find(SAM, staged_upload().import_id) == staged_upload()
    assert repos.uploads.file(SAM, staged_upload().import_id) == big
    assert repos.uploads.find(PRIYA, staged_upload().import_id) is None
    assert repos.uploads.file(PRIYA, staged_upload().import_id) is None
    assert repos.uploads.find(SAM, "01jz0000000000000000000001") is None


def test_an_import_is_claimed_once_and_its_file_dropped_when_done(repos: Repositories) -> None:
    import_id = staged_upload().import_id
    repos.uploads.stage(SAM, staged_upload(), b"First Name\r\nAna\r\n")
    later = NOW + timedelta(seconds=5)
    assert repos.uploads.claim(PRIYA, import_id, NOW, NOW) is False  # not hers
    assert repos.uploads.claim(SAM, import_id, NOW, NOW - timedelta(minutes=2)) is True
    assert repos.uploads.claim(SAM, import_id, later, later - timedelta(minutes=2)) is False  # a second one
    found = repos.uploads.find(SAM, import_id)
    assert found is not None
    assert (found.status, found.claimed_at) == (UploadStatus.IMPORTING, NOW)
    # Cut off (the function ran out of time): after a while it may be claimed again
    much_later = NOW + timedelta(minutes=3)
    assert repos.uploads.claim(SAM, import_id, much_later, much_later - timedelta(minutes=2)) is True
    repos.uploads.finish(SAM, import_id, None)  # failed: may be confirmed again
    assert repos.uploads.claim(SAM, import_id, much_later, much_later) is True
    repos.uploads.finish(SAM, import_id, '{"new": 1}')
    found = repos.uploads.find(SAM, import_id)
    assert found is not None
    assert (found.status, found.result) == (UploadStatus.IMPORTED, '{"new": 1}')
    assert repos.uploads.file(SAM, import_id) is None
    assert repos.uploads.claim(SAM, import_id, much_later, much_later) is False


def test_erasing_a_member_deletes_their_kept_files(repos: Repositories) -> None:
    repos.members.add(member(SAM))
    repos.uploads.stage(SAM, staged_upload(), b"x" * 10)
    repos.members.erase(SAM)
    assert repos.uploads.find(SAM, staged_upload().import_id) is None
    assert repos.uploads.file(SAM, staged_upload().import_id) is None


# ---------------------------------------------------------------- phones


def test_a_number_leads_to_the_member_who_claimed_it_last(repos: Repositories) -> None:
    repos.phones.move(SAM, old=None, new="+13125550142")
    assert repos.phones.owner("+13125550142") == PhoneOwner(SAM)
    assert repos.phones.owner(" +13125550142 ") == PhoneOwner(SAM)
    # Priya takes the number over; Sam's later change of number does not release it
    repos.phones.move(PRIYA, old=None, new="+13125550142")
    repos.phones.move(SAM, old="+13125550142", new="+13125550199")
    assert repos.phones.owner("+13125550142") == PhoneOwner(PRIYA)
    assert repos.phones.owner("+13125550199") == PhoneOwner(SAM)
    # Priya drops her number: nobody's any more
    repos.phones.move(PRIYA, old="+13125550142", new=None)
    assert repos.phones.owner("+13125550142") is None


def test_stop_is_kept_on_the_number_whoever_holds_it_until_start(repos: Repositories) -> None:
    repos.phones.move(SAM, old=None, new="+13125550142")
    repos.phones.set_opt_out("+13125550142", opted_out=True, by="inbound-1")
    assert repos.phones.owner("+13125550142") == PhoneOwner(SAM, opted_out=True, opted_out_by="inbound-1")
    # Proving the number again, or another member proving it, does not clear it
    repos.phones.move(SAM, old="+13125550142", new="+13125550142")
    assert repos.phones.move(PRIYA, old=None, new="+13125550142") == SAM
    assert repos.phones.owner("+13125550142") == PhoneOwner(PRIYA, opted_out=True, opted_out_by="inbound-1")
    # Nor does the holder letting it go: the record is the number's
    repos.phones.move(PRIYA, old="+13125550142", new=None)
    assert repos.phones.stop("+13125550142") == Stop("inbound-1")
    # START from the number ends it
    repos.phones.set_opt_out("+13125550142", opted_out=False, by=None)
    assert repos.phones.stop("+13125550142") is None
    # A number no one holds can say STOP too
    repos.phones.set_opt_out("+13125550199", opted_out=True, by="inbound-2")
    assert repos.phones.stop("+13125550199") == Stop("inbound-2")
    assert repos.phones.owner("+13125550199") is None


def test_a_code_check_spends_one_try_at_a_time_and_ends_once(repos: Repositories) -> None:
    now = datetime(2026, 11, 26, 14, tzinfo=UTC)
    check = PhoneCheck.first(SAM, "+13125550142", "123456", now, None)
    assert repos.phones.check(SAM) is None
    repos.phones.put_check(SAM, check)
    assert repos.phones.check(SAM) == check
    assert repos.phones.spend_try(SAM, check)
    assert not repos.phones.spend_try(SAM, check)  # read before that try: refused
    assert repos.phones.check(SAM) == check.spent()
    repos.phones.end_check(SAM, check)
    assert repos.phones.check(SAM) == replace(check, tries_left=0)
    # A second code counts with the first one of the day
    again = PhoneCheck.first(SAM, "+13125550142", "654321", now, repos.phones.check(SAM))
    assert again.codes_today == 2
    # Erasing the member takes it too
    repos.members.erase(SAM)
    assert repos.phones.check(SAM) is None


# ---------------------------------------------------------------- orgs


def test_an_org_and_its_members_page_by_page_in_id_order(repos: Repositories) -> None:
    assert repos.orgs.get("bridges") is None
    bridges = Org("bridges", "Bridges to Work", default_time_zone="America/Chicago", default_cadence_days=60)
    repos.orgs.put(bridges)
    assert repos.orgs.get("bridges") == bridges
    for member_id in ("m-d", "m-a", "m-c", "m-b", "m-e"):
        repos.members.add(member(MemberKey("bridges", member_id)))
    repos.members.add(member(LEE))  # another program's
    first, cursor = repos.orgs.members("bridges", after=None, limit=2)
    assert [m.key.member_id for m in first] == ["m-a", "m-b"]
    assert cursor == "m-b"
    second, cursor = repos.orgs.members("bridges", after=cursor, limit=2)
    assert [m.key.member_id for m in second] == ["m-c", "m-d"]
    last, cursor = repos.orgs.members("bridges", after=cursor, limit=2)
    assert ([m.key.member_id for m in last], cursor) == (["m-e"], None)
    full, cursor = repos.orgs.members("bridges", after="m-c", limit=2)
    assert [m.key.member_id for m in full] == ["m-d", "m-e"]
    if cursor is not None:  # a page that is exactly full may still carry one: it leads to nothing
        assert repos.orgs.members("bridges", after=cursor, limit=2) == ([], None)
    everyone, _ = repos.orgs.members("bridges", after=None, limit=10)
    assert everyone[0] == repos.members.get(MemberKey("bridges", "m-a"))


def test_a_members_and_a_programs_language_are_kept(repos: Repositories) -> None:
    spanish = Org("bridges", "Puentes", default_language=Language.ES)
    repos.orgs.put(spanish)
    assert repos.orgs.get("bridges") == spanish
    repos.members.add(replace(member(SAM), language=Language.ES))
    repos.members.add(member(PRIYA))
    assert repos.members.get(SAM).language is Language.ES  # type: ignore[union-attr]
    assert repos.members.get(PRIYA).language is Language.EN  # type: ignore[union-attr]


def test_an_orgs_weeks_are_read_by_range(repos: Repositories) -> None:
    for number, when in enumerate((NOW - timedelta(weeks=2), NOW - timedelta(weeks=1), NOW), 1):
        repos.contacts.add(SAM, person(f"p{number}"))
        log(repos, SAM, conversation(f"p{number}", when, created_at=when))  # each logged in its week
    found = repos.orgs.weeks("bridges", "2026-W47", "2026-W49")
    assert sorted(found) == ["2026-W47", "2026-W48"]
    assert found["2026-W47"] == OrgWeek("2026-W47", members_active=1, conversations=1, people=1)
    assert repos.orgs.weeks("stmarys", "2026-W01", "2026-W53") == {}


def test_members_on_different_shards_of_the_programs_week_all_count(repos: Repositories) -> None:
    from tracker.adapters.dynamo.keys import org_week_shard

    # Sam and Priya count towards their program's week in different items (DynamoDB's shards)
    assert org_week_shard(SAM.member_id) != org_week_shard(PRIYA.member_id)
    for owner in (SAM, PRIYA):
        repos.members.add(member(owner))
        repos.contacts.add(owner, person("ana"))
        log(repos, owner, conversation("ana", outcomes=(Outcome.JOB_LEAD,)))
    # Priya lowers her goal to what she did: her week is met, and the program's counts it
    priya, seen = repos.members.get(PRIYA), repos.weeks.get(PRIYA, WEEK)
    assert priya is not None
    repos.weeks.save_goal(priya, WeeklyGoal(1, 0, 0), week=WEEK, seen=seen, at=NOW)
    # The report's twelve weeks read back as one program week, both members in it
    assert repos.orgs.weeks("bridges", weeks.shift(WEEK, -11), WEEK) == {
        WEEK: OrgWeek(
            WEEK, members_active=2, members_met=1, conversations=2, people=2, outcomes={Outcome.JOB_LEAD: 2}
        )
    }


def test_a_conversation_logged_after_its_week_ended_everywhere_leaves_the_programs_week_alone(
    repos: Repositories,
) -> None:
    repos.members.add(member(last_active_week="2026-W46"))
    repos.contacts.add(SAM, person("ana"))
    repos.contacts.add(SAM, person("ben"))
    last_week = NOW - timedelta(weeks=1)
    log(repos, SAM, conversation("ana", last_week, 1, created_at=last_week))
    closed = repos.orgs.weeks("bridges", "2026-W47", "2026-W47")
    assert closed["2026-W47"] == OrgWeek(
        "2026-W47", members_active=1, members_counted=1, conversations=1, people=1
    )
    # When Sam logs another conversation of that week today, the week having ended everywhere
    log(repos, SAM, conversation("ben", last_week + timedelta(hours=1), 2, outcomes=(Outcome.JOB_LEAD,)))
    # Then it counts in his own week, and the program's (its report final) does not move
    assert counters(repos.weeks.get(SAM, "2026-W47")) == (2, 2, 0, 0)
    assert repos.orgs.weeks("bridges", "2026-W47", "2026-W47") == closed


# ---------------------------------------------------------------- contacts


def test_instants_are_kept_to_the_second_and_read_back_in_utc(repos: Repositories) -> None:
    from zoneinfo import ZoneInfo

    chicago = datetime(2026, 11, 26, 9, 0, 5, 123456, tzinfo=ZoneInfo("America/Chicago"))
    repos.contacts.add(SAM, person("ana", created_at=chicago, last_contact_at=chicago))
    stored = repos.contacts.get(SAM, "ana")
    assert stored is not None
    assert stored.created_at == datetime(2026, 11, 26, 15, 0, 5, tzinfo=UTC)
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.last_contact_at == stored.created_at


def test_contacts_are_kept_whole_and_read_one_or_many(repos: Repositories) -> None:
    ana = person(
        "ana",
        email="ana@example.org",
        tags=("design", "Chicago"),
        help_ideas=("proof-read her CV",),
        next_step=NextStep("Send the article", date(2026, 12, 1)),
        starred=True,
        snoozed_until=NOW + timedelta(days=3),
    )
    repos.contacts.add(SAM, ana)
    repos.contacts.add(SAM, person("ben"))
    assert repos.contacts.get(SAM, "ana") == ana
    assert repos.contacts.get(SAM, "zoe") is None
    assert repos.contacts.get(PRIYA, "ana") is None  # Priya's partition, not Sam's
    assert repos.contacts.get_many(SAM, ["ben", "zoe", "ana", "ben"]) == {"ana": ana, "ben": person("ben")}
    assert repos.contacts.get_many(SAM, []) == {}


def test_a_contact_is_replaced_only_at_the_revision_read(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("ana"))
    renamed = replace(person("ana"), name="Ana Lima", revision=1)
    repos.contacts.replace(SAM, renamed, expected_revision=0)
    # A second writer that read revision 0 lost the race: nothing of theirs is written
    with pytest.raises(ConcurrentUpdate):
        repos.contacts.replace(SAM, replace(person("ana"), name="Ana L.", revision=1), expected_revision=0)
    assert repos.contacts.get(SAM, "ana") == renamed
    with pytest.raises(ConcurrentUpdate):  # deleted meanwhile: not created again
        repos.contacts.replace(SAM, person("zoe", revision=1), expected_revision=0)
    assert repos.contacts.get(SAM, "zoe") is None


def test_contacts_are_listed_in_id_order_after_a_position(repos: Repositories) -> None:
    for contact_id in ("c3", "c1", "c4", "c2"):
        repos.contacts.add(SAM, person(contact_id))
    repos.contacts.add(PRIYA, person("c0"))
    assert [c.contact_id for c in repos.contacts.iter(SAM, after=None, page_size=2)] == [
        "c1",
        "c2",
        "c3",
        "c4",
    ]
    assert [c.contact_id for c in repos.contacts.iter(SAM, after="c2", page_size=1)] == ["c3", "c4"]
    assert [c.contact_id for c in repos.contacts.iter(SAM, after="c25", page_size=10)] == ["c3", "c4"]
    assert list(repos.contacts.iter(SAM, after="c4", page_size=10)) == []


def test_contacts_are_sorted_by_name_and_by_last_contact_after_a_position(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("c1", name="zoë"))
    repos.contacts.add(SAM, person("c2", name="Émile", last_contact_at=NOW - timedelta(days=3)))
    repos.contacts.add(SAM, person("c3", name="ana", last_contact_at=NOW - timedelta(days=9)))
    repos.contacts.add(SAM, person("c4", name="Ana", archived=True))
    repos.contacts.add(PRIYA, person("c0", name="Aaron"))

    def ids(order: ContactOrder, after: str | None = None) -> list[str]:
        return [c.contact_id for _, c in repos.contacts.iter_sorted(SAM, order, after=after, page_size=2)]

    assert ids(ContactOrder.NAME) == ["c3", "c4", "c2", "c1"]  # case and accents do not matter
    assert ids(ContactOrder.LAST) == ["c2", "c3", "c4", "c1"]  # never logged last (by id, backwards)
    positions = [p for p, _ in repos.contacts.iter_sorted(SAM, ContactOrder.NAME, after=None, page_size=10)]
    assert ids(ContactOrder.NAME, after=positions[1]) == ["c2", "c1"]
    positions = [p for p, _ in repos.contacts.iter_sorted(SAM, ContactOrder.LAST, after=None, page_size=10)]
    assert ids(ContactOrder.LAST, after=positions[0]) == ["c3", "c4", "c1"]
    log(repos, SAM, conversation("c1", NOW - timedelta(hours=1)))  # a quick log moves the order
    assert ids(ContactOrder.LAST)[0] == "c1"
    current = repos.contacts.get(SAM, "c1")
    assert current is not None
    repos.contacts.replace(SAM, replace(current, name="Aaron"), expected_revision=current.revision)
    assert ids(ContactOrder.NAME)[0] == "c1"


def test_a_sorted_contact_is_the_row_its_contact_shows(repos: Repositories) -> None:
    """The sort indexes hold every field of a Network row, and a change of one reaches them."""
    full = person(
        "c1",
        name="Zoë Martín",
        company="Northwind Health",
        role="Design Lead",
        email="zoe@example.org",
        how_we_met="The Monday stand-ups",
        relationship=Relationship.PERSONAL,
        tags=("design", "mentor"),
        starred=True,
        next_step=NextStep("Send the deck", date(2026, 12, 3)),
        snoozed_until=NOW + timedelta(days=100),
        notes="Long notes that no row shows",
        help_ideas=("Proof-read her grant applications",),
    )
    repos.contacts.add(SAM, full)
    repos.contacts.add(SAM, person("c2", archived=True, next_step=NextStep("Call")))
    for order in (ContactOrder.NAME, ContactOrder.LAST):
        rows = {
            row.contact_id: row for _, row in repos.contacts.iter_sorted(SAM, order, after=None, page_size=5)
        }
        assert rows == {
            c: row_of(contact) for c, contact in repos.contacts.get_many(SAM, ["c1", "c2"]).items()
        }
    assert rows["c1"].due_at == NOW + timedelta(days=100)
    assert rows["c2"].due_at is None
    assert rows["c2"].archived
    current = repos.contacts.get(SAM, "c1")
    assert current is not None
    changed = replace(current, starred=False, snoozed_until=None, tags=("design",), revision=1)
    repos.contacts.replace(SAM, changed, expected_revision=0)
    rows = {
        row.contact_id: row
        for _, row in repos.contacts.iter_sorted(SAM, ContactOrder.NAME, after=None, page_size=5)
    }
    assert rows["c1"] == row_of(changed)
    assert rows["c1"].due_at == NOW + timedelta(days=60)


def test_due_contacts_come_most_overdue_first_up_to_the_limit(repos: Repositories) -> None:
    days = timedelta(days=1)
    repos.contacts.add(SAM, person("long", last_contact_at=NOW - 300 * days))
    repos.contacts.add(SAM, person("star", last_contact_at=NOW - 100 * days, starred=True))
    repos.contacts.add(SAM, person("just", last_contact_at=NOW - 90 * days))  # due this very second
    repos.contacts.add(SAM, person("never", last_contact_at=None, created_at=NOW - 5 * days))
    repos.contacts.add(SAM, person("recent"))  # spoken to 30 days ago
    repos.contacts.add(SAM, person("snoozed", last_contact_at=NOW - 300 * days, snoozed_until=NOW + days))
    repos.contacts.add(SAM, person("archived", last_contact_at=NOW - 400 * days, archived=True))
    assert repos.contacts.due(SAM, NOW, 10) == [
        DueCandidate("long", NOW - 210 * days, starred=False),
        DueCandidate("star", NOW - 10 * days, starred=True),
        DueCandidate("never", NOW - 5 * days, starred=False),
        DueCandidate("just", NOW, starred=False),
    ]
    assert [c.contact_id for c in repos.contacts.due(SAM, NOW, 2)] == ["long", "star"]
    assert [c.contact_id for c in repos.contacts.due(SAM, NOW + 2 * days, 10)][-1] == "snoozed"
    assert repos.contacts.due(PRIYA, NOW, 10) == []


def test_next_steps_falling_due_come_earliest_first(repos: Repositories) -> None:
    for contact_id, due in (
        ("late", date(2026, 11, 20)),
        ("today", date(2026, 11, 26)),
        ("soon", date(2026, 12, 2)),
    ):
        repos.contacts.add(SAM, person(contact_id, next_step=NextStep("Call back", due)))
    repos.contacts.add(SAM, person("undated", next_step=NextStep("Someday")))
    repos.contacts.add(SAM, person("none"))
    assert repos.contacts.next_steps_due(SAM, date(2026, 11, 26), 5) == ["late", "today"]
    assert repos.contacts.next_steps_due(SAM, date(2026, 12, 31), 2) == ["late", "today"]
    assert repos.contacts.next_steps_due(SAM, date(2026, 11, 1), 5) == []


def test_deleting_a_contact_takes_their_conversations_with_them(repos: Repositories) -> None:
    for contact_id in ("ana", "ben"):
        repos.contacts.add(SAM, person(contact_id))
        log(repos, SAM, conversation(contact_id, NOW - timedelta(days=2)))
        log(repos, SAM, conversation(contact_id, NOW, number=2))
    assert repos.contacts.delete(SAM, "ana") is True
    assert repos.contacts.get(SAM, "ana") is None
    assert list(repos.conversations.iter(SAM, "ana", after=None, page_size=10)) == []
    assert [c.conversation_id for c in repos.bulk.all_conversations(SAM)] == ["ben-1", "ben-2"]
    assert repos.contacts.delete(SAM, "ana") is False
    assert repos.contacts.delete(PRIYA, "ben") is False
    assert repos.contacts.get(SAM, "ben") is not None


# ---------------------------------------------------------------- conversations


def test_conversations_come_newest_first_with_positions_to_continue_from(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("ana"))
    for number, days_ago in enumerate((20, 10, 0), 1):
        log(repos, SAM, conversation("ana", NOW - timedelta(days=days_ago), number))
    listed = list(repos.conversations.iter(SAM, "ana", after=None, page_size=2))
    assert [c.conversation_id for _, c in listed] == ["ana-3", "ana-2", "ana-1"]
    assert listed[0][0] == "2026-11-26T15:00:00Z#ana-3"
    after_first = list(repos.conversations.iter(SAM, "ana", after=listed[0][0], page_size=2))
    assert after_first == listed[1:]
    assert repos.conversations.get(SAM, "ana", NOW - timedelta(days=10), "ana-2") == listed[1][1]
    assert repos.conversations.get(SAM, "ana", NOW, "ana-2") is None


def test_conversations_between_two_instants_include_the_start_and_not_the_end(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("ana"))
    start, end = weeks.starts_at(WEEK, "UTC"), weeks.ends_at(WEEK, "UTC")
    for number, when in enumerate((start - timedelta(seconds=1), start, end - timedelta(seconds=1), end), 1):
        log(repos, SAM, conversation("ana", when, number))
    assert [c.conversation_id for c in repos.conversations.between(SAM, "ana", start, end)] == [
        "ana-2",
        "ana-3",
    ]


def test_logging_the_latest_conversation_restarts_the_cadence_and_ends_a_snooze(repos: Repositories) -> None:
    repos.contacts.add(
        SAM, person("ana", snoozed_until=NOW + timedelta(days=20), rotation_until=NOW + timedelta(days=5))
    )
    said = conversation("ana", summary="Coffee", next_step=NextStep("Intro to Ben", date(2026, 12, 3)))
    after = log(repos, SAM, said)
    stored = repos.contacts.get(SAM, "ana")
    assert stored == after
    assert stored is not None
    assert (stored.last_contact_at, stored.last_summary, stored.snoozed_until, stored.rotation_until) == (
        NOW,
        "Coffee",
        None,
        None,
    )
    assert (stored.conversation_count, stored.revision, stored.due_at) == (1, 1, NOW + timedelta(days=90))
    assert repos.contacts.next_steps_due(SAM, date(2026, 12, 3), 5) == ["ana"]
    assert repos.conversations.get(SAM, "ana", NOW, "ana-1") == said


def test_a_conversation_logged_late_only_adds_to_the_count(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("ana", last_summary="Lunch"))
    late = conversation("ana", NOW - timedelta(days=40), summary="An old call", next_step=NextStep("Write"))
    log(repos, SAM, late)
    stored = repos.contacts.get(SAM, "ana")
    assert stored is not None
    assert (stored.last_contact_at, stored.last_summary) == (NOW - timedelta(days=30), "Lunch")
    assert (stored.conversation_count, stored.revision, stored.next_step) == (1, 1, NextStep("Write"))


def test_logging_keeps_what_was_edited_meanwhile_and_refuses_what_it_rested_on(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("ana"))
    said = conversation("ana")
    decision = decided(repos, SAM, said)
    # A rename meanwhile is not what logging decided from: kept, and the log goes through
    edited = replace(decision.seen, name="Ana Lima", next_step=NextStep("Send the article"), revision=1)
    repos.contacts.replace(SAM, edited, expected_revision=0)
    decision.record(repos, SAM)
    stored = repos.contacts.get(SAM, "ana")
    assert stored is not None
    assert (stored.name, stored.next_step) == ("Ana Lima", NextStep("Send the article"))
    assert (stored.revision, stored.last_contact_at) == (2, NOW)
    # A new cadence meanwhile is: the log is refused and nothing of it is written
    later = conversation("ana", NOW + timedelta(hours=1), number=2)
    decision = decided(repos, SAM, later)
    repos.contacts.replace(SAM, replace(decision.seen, cadence_days=30, revision=3), expected_revision=2)
    with pytest.raises(ConcurrentUpdate):
        decision.record(repos, SAM)
    assert repos.conversations.get(SAM, "ana", later.when, "ana-2") is None
    assert counters(repos.weeks.get(SAM, WEEK)) == (1, 1, 0, 0)


@pytest.mark.parametrize("meanwhile", ["a later conversation", "archived", "deleted"])
def test_logging_the_latest_conversation_is_refused_when_the_contact_moved_on(
    repos: Repositories, meanwhile: str
) -> None:
    repos.contacts.add(SAM, person("ana"))
    said = conversation("ana", NOW - timedelta(hours=2))
    decision = decided(repos, SAM, said)
    if meanwhile == "a later conversation":
        log(repos, SAM, conversation("ana", NOW, number=2))
    elif meanwhile == "archived":
        repos.contacts.replace(SAM, replace(decision.seen, archived=True, revision=1), expected_revision=0)
    else:
        repos.contacts.delete(SAM, "ana")
    with pytest.raises(ConcurrentUpdate):
        decision.record(repos, SAM)
    assert repos.conversations.get(SAM, "ana", said.when, said.conversation_id) is None


def test_the_same_conversation_is_never_stored_twice(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("ana", last_contact_at=None))
    said = conversation("ana")
    first = decided(repos, SAM, said)
    repos.conversations.record(SAM, said, seen=first.seen, after=first.after, advances=first.advances)
    current = repos.contacts.get(SAM, "ana")
    assert current is not None
    with pytest.raises(ConcurrentUpdate):
        repos.conversations.record(SAM, said, seen=current, after=current, advances=False)
    assert repos.contacts.get(SAM, "ana") == current


def test_logging_state_reads_the_profile_the_contact_and_the_weeks_asked_for(repos: Repositories) -> None:
    assert repos.conversations.logging_state(SAM, "ana", {WEEK}) == (None, None, {})
    sam = repos.members.add(member())
    repos.contacts.add(SAM, person("ana"))
    log(repos, SAM, conversation("ana"))
    profile, contact, found = repos.conversations.logging_state(SAM, "ana", {"2026-W47", WEEK})
    assert profile == replace(sam, last_active_week=WEEK)
    assert contact == repos.contacts.get(SAM, "ana")
    assert list(found) == [WEEK]
    assert found[WEEK] == repos.weeks.get(SAM, WEEK)


# ---------------------------------------------------------------- the week's counters


def test_logging_moves_the_members_week_and_the_programs_week_exactly(repos: Repositories) -> None:
    # Given Sam (goal: 2 people, 1 new, 1 reconnect) and Priya in one program
    repos.members.add(member(SAM, weekly_goal=WeeklyGoal(2, 1, 1)))
    repos.members.add(member(PRIYA))
    repos.contacts.add(SAM, person("newcomer", created_at=NOW - timedelta(days=1), last_contact_at=None))
    repos.contacts.add(SAM, person("dormant", last_contact_at=NOW - timedelta(days=200)))
    repos.contacts.add(PRIYA, person("ana"))
    # When Sam talks to the newcomer twice and the dormant contact once, and Priya once
    log(repos, SAM, conversation("newcomer", NOW - timedelta(hours=3), 1, outcomes=(Outcome.REFERRAL,)))
    log(repos, SAM, conversation("newcomer", NOW - timedelta(hours=2), 2, outcomes=(Outcome.REFERRAL,)))
    assert repos.weeks.get(SAM, WEEK) == WeekProgress(
        WEEK,
        goal=WeeklyGoal(2, 1, 1),
        conversations=2,
        people=1,
        new_people=1,
        outcomes={Outcome.REFERRAL: 2},
        people_ids=frozenset({"newcomer"}),
        new_people_ids=frozenset({"newcomer"}),
    )
    log(repos, SAM, conversation("dormant", NOW - timedelta(hours=1), 1, outcomes=(Outcome.JOB_LEAD,)))
    log(repos, PRIYA, conversation("ana"))
    # Then Sam's week counts each person once and is met; the program's adds both members up
    sams = repos.weeks.get(SAM, WEEK)
    assert sams is not None
    assert (counters(sams), sams.people_ids, sams.met) == (
        (3, 2, 1, 1),
        frozenset({"newcomer", "dormant"}),
        True,
    )
    assert sams.outcomes == {Outcome.REFERRAL: 2, Outcome.JOB_LEAD: 1}
    assert (sams.new_people_ids, sams.reconnect_ids) == (frozenset({"newcomer"}), frozenset({"dormant"}))
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK] == OrgWeek(
        WEEK,
        members_active=2,
        members_met=1,
        conversations=4,
        people=3,
        new_people=1,
        reconnects=1,
        outcomes={Outcome.REFERRAL: 2, Outcome.JOB_LEAD: 1},
    )
    profile = repos.members.get(SAM)
    assert profile is not None
    assert profile.last_active_week == WEEK


def test_a_late_conversation_counts_in_its_own_week_and_leaves_the_last_active_week(
    repos: Repositories,
) -> None:
    repos.members.add(member())
    repos.contacts.add(SAM, person("ana", last_contact_at=NOW - timedelta(days=10)))
    log(repos, SAM, conversation("ana", NOW, 1))
    log(repos, SAM, conversation("ana", NOW - timedelta(days=14), 2))
    assert counters(repos.weeks.get(SAM, "2026-W46")) == (1, 1, 0, 0)
    assert sorted(repos.weeks.history(SAM, "2026-W40", WEEK)) == ["2026-W46", WEEK]
    profile = repos.members.get(SAM)
    assert profile is not None
    assert profile.last_active_week == WEEK


def test_a_tally_decided_from_a_week_read_before_another_conversation_is_refused(repos: Repositories) -> None:
    repos.members.add(member())
    repos.contacts.add(SAM, person("ana"))
    repos.contacts.add(SAM, person("ben"))
    # Given a conversation with Ana decided while the week was still empty
    said = conversation("ana", NOW - timedelta(hours=1))
    stale = decided(repos, SAM, said)
    assert stale.counted.seen is None
    assert stale.counted.first_conversation
    # When a conversation with Ben is recorded first
    log(repos, SAM, conversation("ben"))
    # Then Ana's is refused, writing nothing; decided again, it counts exactly once
    with pytest.raises(ConcurrentUpdate):
        stale.record(repos, SAM)
    assert counters(repos.weeks.get(SAM, WEEK)) == (1, 1, 0, 0)
    assert repos.contacts.get(SAM, "ana") == person("ana")
    log(repos, SAM, said)
    assert counters(repos.weeks.get(SAM, WEEK)) == (2, 2, 0, 0)
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_active == 1


def test_the_first_conversation_of_a_week_already_begun_counts_the_member_active_once(
    repos: Repositories,
) -> None:
    # Given a week the weekly check marked paused: begun, with no conversation yet
    repos.members.add(member())
    repos.weeks.mark_paused(SAM, WEEK, WeeklyGoal())
    for contact_id in ("ana", "ben"):
        repos.contacts.add(SAM, person(contact_id))
    with_ana = conversation("ana")
    stale = decided(repos, SAM, with_ana)
    assert stale.counted.first_conversation
    # When a conversation with Ben is recorded first, Ana's (decided as the first) is refused
    log(repos, SAM, conversation("ben"))
    with pytest.raises(ConcurrentUpdate):
        stale.record(repos, SAM)
    log(repos, SAM, with_ana)
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_active == 1


def test_a_tally_that_believed_the_goal_out_of_reach_is_refused_once_it_is_met_by_it(
    repos: Repositories,
) -> None:
    # Given a goal of 3 people, Ana counted, and a conversation with Ben decided (2: not met yet)
    repos.members.add(member(weekly_goal=WeeklyGoal(3, 0, 0)))
    for contact_id in ("ana", "ben", "cat"):
        repos.contacts.add(SAM, person(contact_id))
    log(repos, SAM, conversation("ana", NOW - timedelta(hours=2)))
    with_ben = conversation("ben")
    stale = decided(repos, SAM, with_ben)
    assert not stale.counted.crosses
    # When Cat is counted first, Ben's conversation would meet the goal: refused, and decided again
    log(repos, SAM, conversation("cat"))
    with pytest.raises(ConcurrentUpdate):
        stale.record(repos, SAM)
    log(repos, SAM, with_ben)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert week.met
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_met == 1


def test_a_tally_that_moves_the_last_active_week_is_refused_once_a_later_week_did(
    repos: Repositories,
) -> None:
    repos.members.add(member())
    for contact_id in ("ana", "ben"):
        repos.contacts.add(SAM, person(contact_id, last_contact_at=NOW - timedelta(days=60)))
    last_week = conversation("ana", NOW - timedelta(days=7))
    stale = decided(repos, SAM, last_week)
    assert stale.counted.advance_active_week
    log(repos, SAM, conversation("ben"))  # this week
    with pytest.raises(ConcurrentUpdate):
        stale.record(repos, SAM)
    log(repos, SAM, last_week)
    profile = repos.members.get(SAM)
    assert profile is not None
    assert profile.last_active_week == WEEK
    assert counters(repos.weeks.get(SAM, "2026-W47")) == (1, 1, 0, 0)


def test_two_tallies_of_one_person_from_one_reading_count_them_once(repos: Repositories) -> None:
    # Given a week under way (Ben), and Ana, spoken to today, not counted in it yet
    repos.members.add(member())
    repos.contacts.add(SAM, person("ben"))
    log(repos, SAM, conversation("ben"))
    repos.contacts.add(SAM, person("ana", last_contact_at=NOW))
    # When two conversations with Ana, logged late, are decided from the same reading
    first = conversation("ana", NOW - timedelta(hours=2), 1)
    second = conversation("ana", NOW - timedelta(hours=1), 2)
    decisions = [decided(repos, SAM, first), decided(repos, SAM, second)]
    assert [d.counted.person for d in decisions] == [True, True]
    decisions[0].record(repos, SAM)
    # Then the second is refused; decided again, Ana is still one person
    with pytest.raises(ConcurrentUpdate):
        decisions[1].record(repos, SAM)
    log(repos, SAM, second)
    assert counters(repos.weeks.get(SAM, WEEK)) == (3, 2, 0, 0)


def test_tallies_that_do_not_depend_on_each_other_both_go_through(repos: Repositories) -> None:
    # Given a week under way, far from its goal (5 people), and two people not yet counted
    repos.members.add(member(weekly_goal=WeeklyGoal(5, 0, 0)))
    for contact_id in ("ana", "ben", "cat"):
        repos.contacts.add(SAM, person(contact_id))
    log(repos, SAM, conversation("ana", NOW - timedelta(hours=3)))
    # When conversations with Ben and Cat are decided from the same reading and recorded in turn
    with_ben, with_cat = conversation("ben"), conversation("cat")
    decisions = [decided(repos, SAM, with_ben), decided(repos, SAM, with_cat)]
    for decision in decisions:
        decision.record(repos, SAM)
    # Then both count: the counters only add up
    assert counters(repos.weeks.get(SAM, WEEK)) == (3, 3, 0, 0)


def test_only_one_of_two_tallies_that_each_meet_the_goal_goes_through(repos: Repositories) -> None:
    repos.members.add(member(weekly_goal=WeeklyGoal(2, 0, 0)))
    for contact_id in ("ana", "ben", "cat"):
        repos.contacts.add(SAM, person(contact_id))
    log(repos, SAM, conversation("ana", NOW - timedelta(hours=3)))
    with_ben, with_cat = conversation("ben"), conversation("cat")
    decisions = [decided(repos, SAM, with_ben), decided(repos, SAM, with_cat)]
    assert decisions[0].counted.crosses
    assert decisions[1].counted.crosses
    decisions[0].record(repos, SAM)
    with pytest.raises(ConcurrentUpdate):
        decisions[1].record(repos, SAM)
    log(repos, SAM, with_cat)  # decided again: it no longer crosses
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_met == 1
    assert counters(repos.weeks.get(SAM, WEEK)) == (3, 3, 0, 0)


def test_a_tally_that_snapshotted_the_goal_is_refused_once_the_goal_changed(repos: Repositories) -> None:
    sam = repos.members.add(member())
    repos.contacts.add(SAM, person("ana"))
    said = conversation("ana")
    decision = decided(repos, SAM, said)
    repos.weeks.save_goal(sam, WeeklyGoal(1, 0, 0), week=WEEK, seen=None, at=NOW)
    with pytest.raises(ConcurrentUpdate):
        decision.record(repos, SAM)
    log(repos, SAM, said)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (week.goal, week.met) == (WeeklyGoal(1, 0, 0), True)


# ---------------------------------------------------------------- goals and paused weeks


def test_a_new_goal_decides_the_week_again_and_the_program_count_follows(repos: Repositories) -> None:
    sam = repos.members.add(member(weekly_goal=WeeklyGoal(3, 0, 0)))
    for contact_id in ("ana", "ben"):
        repos.contacts.add(SAM, person(contact_id))
        log(repos, SAM, conversation(contact_id))

    def met() -> int:
        return repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_met

    assert met() == 0
    # A lighter goal: two people are enough, the week is met
    repos.weeks.save_goal(sam, WeeklyGoal(2, 0, 0), week=WEEK, seen=repos.weeks.get(SAM, WEEK), at=NOW)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (week.goal, week.met, met()) == (WeeklyGoal(2, 0, 0), True, 1)
    profile = repos.members.get(SAM)
    assert profile is not None
    assert profile.weekly_goal == WeeklyGoal(2, 0, 0)
    # A bigger one again: not met any more
    repos.weeks.save_goal(profile, WeeklyGoal(4, 0, 0), week=WEEK, seen=week, at=NOW)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (week.goal, week.met, met()) == (WeeklyGoal(4, 0, 0), False, 0)


def test_a_goal_decided_from_what_changed_since_is_refused(repos: Repositories) -> None:
    sam = repos.members.add(member(weekly_goal=WeeklyGoal(3, 0, 0)))
    for contact_id in ("ana", "ben"):
        repos.contacts.add(SAM, person(contact_id))
    # Read before the week began: the week began meanwhile
    with_ana = conversation("ana")
    log(repos, SAM, with_ana)
    with pytest.raises(ConcurrentUpdate):
        repos.weeks.save_goal(sam, WeeklyGoal(1, 0, 0), week=WEEK, seen=None, at=NOW)
    # Read from an older profile: its goal changed meanwhile
    current = repos.members.get(SAM)
    assert current is not None
    repos.weeks.save_goal(current, WeeklyGoal(4, 0, 0), week=WEEK, seen=repos.weeks.get(SAM, WEEK), at=NOW)
    with pytest.raises(ConcurrentUpdate):
        repos.weeks.save_goal(
            current, WeeklyGoal(5, 0, 0), week=WEEK, seen=repos.weeks.get(SAM, WEEK), at=NOW
        )
    # Read before Ben counted: under the new goal the week would be met now, not as read
    current = repos.members.get(SAM)
    assert current is not None
    before_ben = repos.weeks.get(SAM, WEEK)
    log(repos, SAM, conversation("ben"))
    with pytest.raises(ConcurrentUpdate):
        repos.weeks.save_goal(current, WeeklyGoal(2, 0, 0), week=WEEK, seen=before_ben, at=NOW)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (week.goal, week.met) == (WeeklyGoal(4, 0, 0), False)


def test_a_goal_decided_before_the_week_was_met_is_refused_once_it_is(repos: Repositories) -> None:
    sam = repos.members.add(member(weekly_goal=WeeklyGoal(3, 0, 0)))
    for contact_id in ("ana", "ben", "cat"):
        repos.contacts.add(SAM, person(contact_id))
    log(repos, SAM, conversation("ana"))
    log(repos, SAM, conversation("ben"))
    unmet = repos.weeks.get(SAM, WEEK)
    log(repos, SAM, conversation("cat"))  # the third person: met
    with pytest.raises(ConcurrentUpdate):
        repos.weeks.save_goal(sam, WeeklyGoal(4, 0, 0), week=WEEK, seen=unmet, at=NOW)
    repos.weeks.save_goal(sam, WeeklyGoal(4, 0, 0), week=WEEK, seen=repos.weeks.get(SAM, WEEK), at=NOW)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (week.goal, week.met) == (WeeklyGoal(4, 0, 0), False)
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_met == 0


def test_a_paused_week_is_marked_and_keeps_the_targets_it_had(repos: Repositories) -> None:
    repos.weeks.mark_paused(SAM, "2026-W47", WeeklyGoal(3, 1, 1))
    assert repos.weeks.get(SAM, "2026-W47") == WeekProgress("2026-W47", goal=WeeklyGoal(3, 1, 1), paused=True)
    repos.members.add(member(weekly_goal=WeeklyGoal(2, 0, 0)))
    repos.contacts.add(SAM, person("ana"))
    log(repos, SAM, conversation("ana"))
    repos.weeks.mark_paused(SAM, WEEK, WeeklyGoal(5, 0, 0))
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (week.goal, week.paused, week.conversations) == (WeeklyGoal(2, 0, 0), True, 1)


# ---------------------------------------------------------------- plans


def test_a_weeks_plan_is_kept_once_and_accepted_once(repos: Repositories) -> None:
    plan = Plan("2026-W49", ("ana", "ben"), (PlanKind.RECONNECT, PlanKind.NEXT_STEP), 1, NOW)
    assert repos.weeks.add_plan(SAM, plan, expires_at=0) is True
    assert repos.weeks.add_plan(SAM, replace(plan, contact_ids=("cat",)), expires_at=0) is False
    assert repos.weeks.get_plan(SAM, "2026-W49") == plan
    assert repos.weeks.planned_for(SAM, date(2026, 11, 30)) == ([], None)  # not accepted yet
    days = [date(2026, 11, 30), None]
    assert repos.weeks.accept_plan(SAM, "2026-W49", days, NOW) is True
    assert repos.weeks.accept_plan(SAM, "2026-W49", [date(2026, 12, 1)] * 2, NOW) is False
    assert repos.weeks.get_plan(SAM, "2026-W49") == replace(
        plan, accepted_at=NOW, planned_days=(date(2026, 11, 30), None)
    )
    assert repos.weeks.planned_for(SAM, date(2026, 11, 30)) == (["ana"], NOW)
    assert repos.weeks.planned_for(SAM, date(2026, 12, 1)) == ([], NOW)
    assert repos.weeks.accept_plan(SAM, "2026-W50", [], NOW) is False  # no such plan


def test_a_span_of_weeks_is_read_with_a_weeks_plan(repos: Repositories) -> None:
    plan = Plan("2026-W49", ("ana",), (PlanKind.RECONNECT,), 0, NOW)
    assert repos.weeks.add_plan(SAM, plan, expires_at=0) is True
    repos.weeks.mark_paused(SAM, "2026-W46", WeeklyGoal())
    repos.weeks.mark_paused(SAM, WEEK, WeeklyGoal())
    repos.weeks.mark_paused(SAM, "2026-W44", WeeklyGoal())  # before the span
    stored, found = repos.weeks.history_and_plan(SAM, "2026-W45", WEEK, "2026-W49")
    assert stored == repos.weeks.history(SAM, "2026-W45", WEEK)
    assert sorted(stored) == ["2026-W46", WEEK]
    assert found == plan
    stored, found = repos.weeks.history_and_plan(SAM, "2026-W23", WEEK, "2026-W50")  # 26 weeks
    assert (sorted(stored), found) == (["2026-W44", "2026-W46", WEEK], None)


def test_the_profile_is_read_with_a_weeks_plan(repos: Repositories) -> None:
    assert repos.weeks.member_and_plan(SAM, "2026-W49") == (None, None)
    sam = repos.members.add(member())
    assert repos.weeks.member_and_plan(SAM, "2026-W49") == (sam, None)
    plan = Plan("2026-W49", ("ana",), (PlanKind.RECONNECT,), 0, NOW)
    for week in ("2026-W48", "2026-W49", "2026-W50"):
        repos.weeks.add_plan(SAM, replace(plan, week=week), expires_at=0)
    repos.picks.save_day(SAM, DayPicks(date(2026, 11, 30), ("ana",), (), NOW), expires_at=0)
    assert repos.weeks.member_and_plan(SAM, "2026-W49") == (sam, plan)
    assert repos.weeks.member_and_plan(SAM, "2026-W51") == (sam, None)
    assert repos.weeks.member_and_plan(PRIYA, "2026-W49") == (None, None)


# ---------------------------------------------------------------- the day's picks


def test_the_days_picks_are_kept_once_and_the_days_before_are_read_in_order(repos: Repositories) -> None:
    repos.contacts.add(SAM, person("ana", last_contact_at=NOW - timedelta(days=120)))
    ana = repos.contacts.get(SAM, "ana")
    day = DayPicks(date(2026, 11, 26), ("ana", "ben"), ("cat",), NOW)
    assert repos.picks.save_day(SAM, day, expires_at=0) is True
    assert repos.picks.get_day(SAM, day.local_date) == day
    assert repos.contacts.get(SAM, "ana") == ana  # the people picked are not written
    # Another request choosing at the same time finds the day settled
    assert repos.picks.save_day(SAM, replace(day, pick_ids=("ben",)), expires_at=0) is False
    assert repos.picks.get_day(SAM, day.local_date) == day
    # The days kept, from a first to a last date (both included), oldest first
    for days_before, picked in ((20, "old"), (14, "dee"), (1, "eve")):
        earlier = DayPicks(day.local_date - timedelta(days=days_before), (picked,), (), NOW)
        repos.picks.save_day(SAM, earlier, expires_at=0)
    repos.picks.mark(SAM, day.local_date, "ana", done=True)
    kept = repos.picks.days(SAM, day.local_date - timedelta(days=14), day.local_date)
    assert [d.pick_ids for d in kept] == [("dee",), ("eve",), ("ana", "ben")]
    assert kept[-1].done_ids == {"ana"}
    assert repos.picks.days(SAM, date(2026, 11, 27), date(2026, 12, 10)) == []
    assert repos.picks.days(PRIYA, date(2026, 11, 1), day.local_date) == []


def test_the_profile_the_days_picks_and_the_days_plan_are_read_together(repos: Repositories) -> None:
    day = date(2026, 11, 30)  # a Monday, in week 2026-W49
    assert repos.picks.member_day(SAM, day, day - timedelta(days=14)) == MemberDay(None)
    sam = repos.members.add(member())
    for days_before, picked in ((20, "old"), (14, "dee"), (1, "eve"), (-1, "tomorrow")):
        kept = DayPicks(day - timedelta(days=days_before), (picked,), (), NOW)
        repos.picks.save_day(SAM, kept, expires_at=0)
    this_week = Plan("2026-W49", ("ana", "ben"), (PlanKind.RECONNECT, PlanKind.RECONNECT), 0, NOW)
    for plan in (this_week, replace(this_week, week="2026-W48"), replace(this_week, week="2026-W50")):
        repos.weeks.add_plan(SAM, plan, expires_at=0)
        repos.weeks.accept_plan(SAM, plan.week, [day, day + timedelta(days=1)], NOW)
    # What else the partition holds is not read as any of them
    repos.weeks.mark_paused(SAM, "2026-W49", WeeklyGoal())
    repos.sends.claim(SAM, "daily#2026-11-30#email", "c", now=0, lease=120, keep=600)
    repos.phones.put_check(SAM, PhoneCheck.first(SAM, "+13125550142", "123456", NOW, None))
    read = repos.picks.member_day(SAM, day, day - timedelta(days=14))
    assert read.member == sam
    assert [d.pick_ids for d in read.kept] == [("dee",), ("eve",)]
    assert (read.planned, read.plan_accepted_at) == (("ana",), NOW)
    tuesday = repos.picks.member_day(SAM, day + timedelta(days=1), day - timedelta(days=13))
    assert [d.pick_ids for d in tuesday.kept] == [("eve",), ("tomorrow",)]
    assert tuesday.planned == ("ben",)
    assert repos.picks.member_day(PRIYA, day, day - timedelta(days=14)) == MemberDay(None)


def test_a_pick_is_marked_done_or_snoozed_only_if_it_is_one_of_the_days(repos: Repositories) -> None:
    today = date(2026, 11, 26)
    assert repos.picks.mark(SAM, today, "ana", done=True) is False  # no picks yet
    repos.picks.save_day(SAM, DayPicks(today, ("ana", "ben"), ("cat",), NOW), expires_at=0)
    assert repos.picks.mark(SAM, today, "ana", done=True) is True
    assert repos.picks.mark(SAM, today, "cat", done=True) is True  # a next step
    assert repos.picks.mark(SAM, today, "ben", done=False) is True
    assert repos.picks.mark(SAM, today, "zoe", done=True) is False
    day = repos.picks.get_day(SAM, today)
    assert day is not None
    assert (day.done_ids, day.snoozed_ids) == (frozenset({"ana", "cat"}), frozenset({"ben"}))


def test_a_pick_is_claimed_done_once_and_a_claim_can_be_taken_back(repos: Repositories) -> None:
    today = date(2026, 11, 26)
    assert repos.picks.claim_done(SAM, today, "ana") is False  # no picks yet
    repos.picks.save_day(SAM, DayPicks(today, ("ana", "ben"), ("cat",), NOW), expires_at=0)
    assert repos.picks.claim_done(SAM, today, "ana") is True
    assert repos.picks.claim_done(SAM, today, "ana") is False  # done already: the second caller
    assert repos.picks.claim_done(SAM, today, "cat") is True  # a next step
    assert repos.picks.claim_done(SAM, today, "zoe") is False  # not one of the day's
    repos.picks.release_done(SAM, today, "ana")
    day = repos.picks.get_day(SAM, today)
    assert day is not None
    assert day.done_ids == frozenset({"cat"})
    assert repos.picks.claim_done(SAM, today, "ana") is True


# ---------------------------------------------------------------- sends


def test_a_send_is_claimed_once_until_its_lease_runs_out(repos: Repositories) -> None:
    send, start = "daily#2026-11-26#email", 1_000_000
    claim = repos.sends.claim
    assert claim(SAM, send, "first", now=start, lease=120, keep=600) is SendClaim.CLAIMED
    assert claim(SAM, send, "second", now=start + 1, lease=120, keep=600) is SendClaim.IN_FLIGHT
    assert claim(SAM, send, "second", now=start + 120, lease=120, keep=600) is SendClaim.IN_FLIGHT
    assert claim(PRIYA, send, "hers", now=start, lease=120, keep=600) is SendClaim.CLAIMED  # her own
    # The first holder crashed: once the lease has run out, a retry takes over
    assert claim(SAM, send, "second", now=start + 121, lease=120, keep=600) is SendClaim.CLAIMED
    repos.sends.complete(SAM, send, "first", message_id="late", at=NOW)  # too late: nothing
    assert claim(SAM, send, "third", now=start + 500, lease=120, keep=600) is SendClaim.CLAIMED
    repos.sends.complete(SAM, send, "third", message_id="m-3", at=NOW)
    assert claim(SAM, send, "fourth", now=start + 10_000, lease=120, keep=600) is SendClaim.ALREADY_SENT


def test_the_days_email_is_claimed_with_its_picks_and_sent_once(repos: Repositories) -> None:
    day, send, start = date(2026, 11, 26), "daily#2026-11-26#email", 1_000_000
    claim = repos.sends.claim
    # Kept with the day's picks, the email is claimed in the same write
    held = HeldSend(send, "held", start + 120)
    picks = DayPicks(day, ("ana",), (), NOW)
    assert repos.picks.save_day(SAM, picks, expires_at=0, held=held) is True
    assert repos.picks.save_day(SAM, picks, expires_at=0, held=HeldSend(send, "late", start)) is False
    assert claim(SAM, send, "second", now=start + 1, lease=120, keep=600) is SendClaim.IN_FLIGHT
    assert claim(SAM, "daily#2026-11-26#sms", "text", now=start, lease=120, keep=600) is SendClaim.CLAIMED
    repos.sends.release(SAM, send, "someone else's")
    assert claim(SAM, send, "second", now=start + 1, lease=120, keep=600) is SendClaim.IN_FLIGHT
    repos.sends.complete(SAM, send, "held", message_id="m-1", at=NOW)
    assert claim(SAM, send, "third", now=start + 10_000, lease=120, keep=600) is SendClaim.ALREADY_SENT
    assert repos.picks.get_day(SAM, day) == picks  # the picks are as kept
    # Kept without a claim (GET /picks/today before the hour): claimed later, released, claimed again
    later = replace(picks, local_date=day + timedelta(days=1))
    assert repos.picks.save_day(SAM, later, expires_at=0) is True
    tomorrow = "daily#2026-11-27#email"
    assert claim(SAM, tomorrow, "first", now=start, lease=120, keep=600) is SendClaim.CLAIMED
    assert claim(SAM, tomorrow, "second", now=start + 1, lease=120, keep=600) is SendClaim.IN_FLIGHT
    repos.sends.release(SAM, tomorrow, "first")  # the provider failed
    assert claim(SAM, tomorrow, "second", now=start + 2, lease=120, keep=600) is SendClaim.CLAIMED
    # A holder that crashed: once its lease has run out, a retry takes over; the late one is ignored
    assert claim(SAM, tomorrow, "third", now=start + 200, lease=120, keep=600) is SendClaim.CLAIMED
    repos.sends.complete(SAM, tomorrow, "second", message_id="late", at=NOW)
    assert claim(SAM, tomorrow, "fourth", now=start + 201, lease=120, keep=600) is SendClaim.IN_FLIGHT
    repos.sends.complete(SAM, tomorrow, "third", message_id="m-3", at=NOW)
    assert claim(SAM, tomorrow, "fifth", now=start + 10_000, lease=120, keep=600) is SendClaim.ALREADY_SENT
    assert claim(PRIYA, tomorrow, "hers", now=start, lease=120, keep=600) is SendClaim.CLAIMED  # her own


def test_the_weekly_checks_email_is_claimed_with_the_plan_it_makes(repos: Repositories) -> None:
    send, start = "weekly#2026-W48#email", 1_000_000
    claim = repos.sends.claim
    plan = Plan("2026-W49", ("ana",), (PlanKind.RECONNECT,), 0, NOW)
    assert repos.weeks.add_plan(SAM, plan, expires_at=0, held=HeldSend(send, "held", start + 120)) is True
    assert repos.weeks.get_plan(SAM, "2026-W49") == plan
    assert claim(SAM, send, "second", now=start + 1, lease=120, keep=600) is SendClaim.IN_FLIGHT
    assert claim(SAM, "weekly#2026-W48#sms", "text", now=start, lease=120, keep=600) is SendClaim.CLAIMED
    repos.sends.complete(SAM, send, "held", message_id="m-1", at=NOW)
    assert claim(SAM, send, "third", now=start + 10_000, lease=120, keep=600) is SendClaim.ALREADY_SENT
    assert repos.weeks.accept_plan(SAM, "2026-W49", [date(2026, 11, 30)], NOW) is True  # the plan as ever
    # A plan kept without a claim (the Goals page made it first): the check claims it on the plan
    repos.weeks.add_plan(SAM, replace(plan, week="2026-W50"), expires_at=0)
    later = "weekly#2026-W49#email"
    assert claim(SAM, later, "first", now=start, lease=120, keep=600) is SendClaim.CLAIMED
    repos.sends.release(SAM, later, "first")
    assert claim(SAM, later, "second", now=start, lease=120, keep=600) is SendClaim.CLAIMED
    # No plan at all: the send is its own record, claimed once
    assert claim(SAM, "weekly#2026-W50#email", "a", now=start, lease=120, keep=600) is SendClaim.CLAIMED
    assert claim(SAM, "weekly#2026-W50#email", "b", now=start, lease=120, keep=600) is SendClaim.IN_FLIGHT


def test_people_are_read_with_whether_an_address_is_suppressed(repos: Repositories) -> None:
    for contact_id in ("ana", "ben"):
        repos.contacts.add(SAM, person(contact_id))
    found, suppressed = repos.contacts.get_many_checking(SAM, ["ana", "zoe", "ben"], "sam@example.org")
    assert (sorted(found), suppressed) == (["ana", "ben"], False)
    assert found == repos.contacts.get_many(SAM, ["ana", "ben"])
    repos.sends.suppress("sam@example.org", "bounce", NOW)
    assert repos.contacts.get_many_checking(SAM, [], " SAM@example.org") == ({}, True)
    assert repos.contacts.get_many_checking(PRIYA, ["ana"], "priya@example.org") == ({}, False)


def test_a_released_claim_lets_the_retry_send_and_a_sent_one_stays_sent(repos: Repositories) -> None:
    send = "weekly#2026-W48#sms"
    assert repos.sends.claim(SAM, send, "first", now=0, lease=120, keep=600) is SendClaim.CLAIMED
    repos.sends.release(SAM, send, "someone else's")  # not theirs to release
    assert repos.sends.claim(SAM, send, "second", now=1, lease=120, keep=600) is SendClaim.IN_FLIGHT
    repos.sends.release(SAM, send, "first")  # the provider failed
    assert repos.sends.claim(SAM, send, "second", now=1, lease=120, keep=600) is SendClaim.CLAIMED
    repos.sends.complete(SAM, send, "second", message_id="m-1", at=NOW)
    repos.sends.release(SAM, send, "second")
    assert repos.sends.claim(SAM, send, "third", now=2, lease=120, keep=600) is SendClaim.ALREADY_SENT


def test_the_last_daily_text_keeps_what_it_numbered_and_is_found_only_while_recent(
    repos: Repositories,
) -> None:
    sends = repos.sends

    def sent(
        send: str, at: datetime, texted: tuple[Texted, ...] | None = None, owner: MemberKey = SAM
    ) -> None:
        assert sends.claim(owner, send, "c", now=0, lease=120, keep=10**10) is SendClaim.CLAIMED
        sends.complete(owner, send, "c", message_id="m", at=at, texted=texted)

    assert sends.last_daily_text(SAM, since=NOW - timedelta(hours=36)) is None
    wednesday = (Texted(1, "ana"), Texted(2, "ben", TextedKind.NEXT_STEP))
    sent("daily#2026-11-25#sms", NOW - timedelta(days=1), wednesday)
    sent("daily#2026-11-25#email", NOW - timedelta(days=1))
    sent("weekly#2026-W48#sms", NOW)  # not a daily text
    found = sends.last_daily_text(SAM, since=NOW - timedelta(hours=36))
    assert found == SentText(date(2026, 11, 25), NOW - timedelta(days=1), wednesday)
    assert sends.last_daily_text(SAM, since=NOW - timedelta(hours=12)) is None  # too old
    assert sends.last_daily_text(PRIYA, since=NOW - timedelta(hours=36)) is None
    sent("daily#2026-11-26#email", NOW)
    sent("daily#2026-11-26#sms", NOW, ())
    assert sends.last_daily_text(SAM, since=NOW - timedelta(hours=36)) == SentText(
        date(2026, 11, 26), NOW, ()
    )
    # The text sent last counts, whatever day it was for (the local stack's tick at any date)
    sent("daily#2026-11-26#sms", NOW, (), owner=PRIYA)
    sent("daily#2026-11-20#sms", NOW + timedelta(hours=1), wednesday, owner=PRIYA)
    assert sends.last_daily_text(PRIYA, since=NOW) == SentText(
        date(2026, 11, 20), NOW + timedelta(hours=1), wednesday
    )
    # Friday's text is claimed but unrecorded: it may have gone out, so no text is told for sure
    assert sends.claim(SAM, "daily#2026-11-27#sms", "c", now=0, lease=120, keep=10**10) is SendClaim.CLAIMED
    assert sends.last_daily_text(SAM, since=NOW - timedelta(hours=36)) is None


def test_suppressed_addresses_are_known_whatever_their_case_and_spaces(repos: Repositories) -> None:
    assert repos.sends.is_suppressed("sam@example.org") is False
    repos.sends.suppress(" Sam@Example.org", "bounce", NOW)
    assert repos.sends.is_suppressed("sam@example.org") is True
    assert repos.sends.is_suppressed("SAM@EXAMPLE.ORG ") is True
    assert repos.sends.is_suppressed("priya@example.org") is False


# ---------------------------------------------------------------- quick-log records


def test_an_undo_id_is_claimed_once_and_released_only_while_under_way(repos: Repositories) -> None:
    assert repos.quicklog.claim_undo(SAM, "u1", expires_at=0) is True
    assert repos.quicklog.claim_undo(SAM, "u1", expires_at=0) is False
    assert repos.quicklog.get_undo(SAM, "u1") is None  # still under way
    repos.quicklog.release_undo(SAM, "u1")
    assert repos.quicklog.claim_undo(SAM, "u1", expires_at=0) is True
    record = UndoRecord("u1", QuickAction.SNOOZE, "ana", after_revision=3, before=person("ana", revision=2))
    repos.quicklog.save_undo(SAM, record, expires_at=0)
    repos.quicklog.release_undo(SAM, "u1")  # finished: stays
    assert repos.quicklog.get_undo(SAM, "u1") == record
    assert repos.quicklog.get_undo(SAM, "u2") is None
    assert repos.quicklog.get_undo(PRIYA, "u1") is None


def reached_out(
    repos: Repositories, today: date, goal: WeeklyGoal | None = None, **profile: Any
) -> tuple[UndoRecord, Contact]:
    """Sam reached Ana, today's pick, through a quick-log link: what its undo record keeps."""
    repos.members.add(member(weekly_goal=goal, **profile))
    before = person("ana", last_contact_at=NOW - timedelta(days=120))
    repos.contacts.add(SAM, before)
    repos.picks.save_day(SAM, DayPicks(today, ("ana",), (), NOW), expires_at=0)
    said = conversation("ana", outcomes=(Outcome.ADVICE,))
    after = log(repos, SAM, said)
    repos.picks.mark(SAM, today, "ana", done=True)
    record = UndoRecord(
        "u1", QuickAction.REACHED_OUT, "ana", after.revision, before, said.conversation_id, said.when, today
    )
    repos.quicklog.save_undo(SAM, record, expires_at=0)
    return record, before


def undoing(repos: Repositories, record: UndoRecord, before: Contact | None) -> WeekUntally:
    assert record.conversation_id
    assert record.conversation_when
    said = repos.conversations.get(SAM, "ana", record.conversation_when, record.conversation_id)
    seen = repos.weeks.get(SAM, WEEK)
    profile = repos.members.get(SAM)
    assert said is not None
    assert seen is not None
    assert profile is not None
    return untally(profile, before, said, seen, other_that_week=False)


def test_undo_puts_everything_back_at_once_and_only_once(repos: Repositories) -> None:
    today = date(2026, 11, 26)
    record, before = reached_out(repos, today)
    taken_back = undoing(repos, record, before)
    assert repos.quicklog.apply_undo(SAM, record, taken_back) is True
    assert repos.contacts.get(SAM, "ana") == replace(before, revision=record.after_revision + 1)
    assert list(repos.conversations.iter(SAM, "ana", after=None, page_size=10)) == []
    day = repos.picks.get_day(SAM, today)
    assert day is not None
    assert day.done_ids == frozenset()
    assert repos.weeks.get(SAM, WEEK) == WeekProgress(WEEK, goal=WeeklyGoal(), met=False)
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK] == OrgWeek(WEEK)
    assert repos.quicklog.get_undo(SAM, "u1") is None
    assert repos.quicklog.apply_undo(SAM, record, None) is False  # spent


def test_undoing_the_conversation_that_met_the_goal_unmeets_the_week(repos: Repositories) -> None:
    record, before = reached_out(repos, date(2026, 11, 26), goal=WeeklyGoal(1, 0, 1))
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_met == 1
    assert repos.quicklog.apply_undo(SAM, record, undoing(repos, record, before)) is True
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (week.met, counters(week)) == (False, (0, 0, 0, 0))
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK] == OrgWeek(WEEK)


def test_undoing_a_counted_members_only_conversation_takes_them_out_of_the_group(
    repos: Repositories,
) -> None:
    # Given Sam, active two weeks ago too: his first conversation of the week counts him
    record, before = reached_out(repos, date(2026, 11, 26), last_active_week="2026-W46")
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK].members_counted == 1
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert week.counted
    # When it is undone, he is counted out again (logging and undoing cannot inflate the group)
    assert repos.quicklog.apply_undo(SAM, record, undoing(repos, record, before)) is True
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK] == OrgWeek(WEEK)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert not week.counted


def test_only_signed_in_members_active_in_another_week_count_towards_the_group(repos: Repositories) -> None:
    newcomer, invited, regular, returning = (MemberKey("bridges", f"m-{n}") for n in range(4))
    repos.members.add(member(newcomer))  # first week here
    repos.members.add(member(invited, invited=True, last_active_week="2026-W46"))  # never signed in
    repos.members.add(member(regular, last_active_week="2026-W47"))
    repos.members.add(member(returning, last_active_week="2026-W49"))  # logs late into week 48
    for key in (newcomer, invited, regular, returning):
        repos.contacts.add(key, person("ana"))
        log(repos, key, conversation("ana", NOW - timedelta(hours=1), 1))
        log(repos, key, conversation("ana", NOW, 2))  # a second one in the week counts no one again
    program = repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK]
    assert (program.members_active, program.members_counted) == (4, 2)
    marked = [repos.weeks.get(key, WEEK) for key in (newcomer, invited, regular, returning)]
    assert [week.counted if week else None for week in marked] == [False, False, True, True]


def test_undo_changes_nothing_once_the_contact_or_the_week_moved_on(repos: Repositories) -> None:
    today = date(2026, 11, 26)
    record, before = reached_out(repos, today)
    stale = undoing(repos, record, before)
    # Another conversation that week, with someone else: the week moved, not the contact
    repos.contacts.add(SAM, person("ben"))
    log(repos, SAM, conversation("ben"))
    week = repos.weeks.get(SAM, WEEK)
    assert repos.quicklog.apply_undo(SAM, record, stale) is False
    assert repos.weeks.get(SAM, WEEK) == week
    assert repos.quicklog.get_undo(SAM, "u1") == record
    # Ana edited since: refused for good, nothing written
    ana = repos.contacts.get(SAM, "ana")
    assert ana is not None
    edited = replace(ana, notes="Moved to Denver", revision=ana.revision + 1)
    repos.contacts.replace(SAM, edited, expected_revision=ana.revision)
    assert repos.quicklog.apply_undo(SAM, record, undoing(repos, record, before)) is False
    assert repos.contacts.get(SAM, "ana") == edited
    assert repos.conversations.get(SAM, "ana", NOW, "ana-1") is not None
    day = repos.picks.get_day(SAM, today)
    assert day is not None
    assert day.done_ids == {"ana"}


def test_undo_changes_nothing_if_the_day_it_unmarks_has_no_picks(repos: Repositories) -> None:
    record, before = reached_out(repos, date(2026, 11, 26))
    elsewhere = replace(record, local_date=date(2026, 11, 19))
    repos.quicklog.save_undo(SAM, elsewhere, expires_at=0)
    assert repos.quicklog.apply_undo(SAM, elsewhere, undoing(repos, record, before)) is False
    assert repos.contacts.get(SAM, "ana") != before
    assert counters(repos.weeks.get(SAM, WEEK)) == (1, 1, 0, 1)


def test_undoing_the_log_that_added_a_contact_removes_them(repos: Repositories) -> None:
    repos.members.add(member())
    added = person("ana", last_contact_at=None, created_at=NOW)
    repos.contacts.add(SAM, added)
    said = conversation("ana")
    after = log(repos, SAM, said)
    record = UndoRecord("u9", QuickAction.LOG, "ana", after.revision, None, said.conversation_id, said.when)
    repos.quicklog.save_undo(SAM, record, expires_at=0)
    assert repos.quicklog.apply_undo(SAM, record, undoing(repos, record, None)) is True
    assert repos.contacts.get(SAM, "ana") is None
    assert list(repos.bulk.all_conversations(SAM)) == []
    assert counters(repos.weeks.get(SAM, WEEK)) == (0, 0, 0, 0)


def test_a_link_writes_up_to_its_limit_a_day_counted_per_link_day_and_member(repos: Repositories) -> None:
    today, tomorrow = date(2026, 11, 26), date(2026, 11, 27)
    assert [repos.quicklog.use_link(SAM, "l1", today, limit=3, expires_at=0) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert repos.quicklog.use_link(SAM, "l1", today, limit=3, expires_at=0) is False  # stays refused
    assert repos.quicklog.use_link(SAM, "l2", today, limit=3, expires_at=0) is True  # another link
    assert repos.quicklog.use_link(SAM, "l1", tomorrow, limit=3, expires_at=0) is True  # another day
    assert repos.quicklog.use_link(PRIYA, "l1", today, limit=3, expires_at=0) is True  # another member


def test_the_personal_link_version_is_made_once_and_moves_on_when_rotated(repos: Repositories) -> None:
    assert repos.quicklog.form_link_version(SAM) is None
    assert repos.quicklog.ensure_form_link_version(SAM, 41) == 41
    assert repos.quicklog.ensure_form_link_version(SAM, 99) == 41
    assert repos.quicklog.ensure_form_link_version(SAM, 99, rotate=True) == 42
    assert repos.quicklog.form_link_version(SAM) == 42
    assert repos.quicklog.ensure_form_link_version(PRIYA, 5, rotate=True) == 6


# ---------------------------------------------------------------- the whole network


def test_the_whole_network_is_read_and_written_at_once(repos: Repositories) -> None:
    contacts = [person(contact_id) for contact_id in ("c2", "c1", "c3")]
    said = [
        conversation("c2", NOW - timedelta(days=3), 1),
        conversation("c1", NOW, 2),
        conversation("c1", NOW - timedelta(days=5), 3),
    ]
    repos.bulk.add_all(SAM, contacts, said)
    assert [c.contact_id for c in repos.bulk.all_contacts(SAM)] == ["c1", "c2", "c3"]
    assert [c.conversation_id for c in repos.bulk.all_conversations(SAM)] == ["c1-3", "c1-2", "c2-1"]
    # An import read c1 and c2; c2 was edited meanwhile: only c1's change is written
    c1, c2 = repos.contacts.get(SAM, "c1"), repos.contacts.get(SAM, "c2")
    assert c1 is not None
    assert c2 is not None
    repos.contacts.replace(SAM, replace(c2, notes="edited", revision=1), expected_revision=0)
    lost = repos.bulk.replace_all(
        SAM,
        [(c1, replace(c1, company="Acme", revision=1)), (c2, replace(c2, company="Initech", revision=1))],
    )
    assert lost == [replace(c2, company="Initech", revision=1)]
    assert repos.contacts.get(SAM, "c1") == replace(c1, company="Acme", revision=1)
    assert repos.contacts.get(SAM, "c2") == replace(c2, notes="edited", revision=1)
    assert repos.bulk.replace_all(SAM, []) == []


# ---------------------------------------------------------------- new people, corrected


def newcomer_counted(repos: Repositories) -> Contact:
    """Sam (goal: 1 person, 1 new) added Nell yesterday and spoke to her today: a new person."""
    repos.members.add(member(weekly_goal=WeeklyGoal(1, 1, 0)))
    repos.contacts.add(SAM, person("nell", created_at=NOW - timedelta(days=1), last_contact_at=None))
    return log(repos, SAM, conversation("nell"))


def said_met(repos: Repositories, contact: Contact, met: Met) -> Contact:
    """The member's PATCH of `met`, as the contact service writes it."""
    changed = replace(contact, met=met, revision=contact.revision + 1)
    repos.contacts.replace(SAM, changed, expected_revision=contact.revision)
    return changed


def test_a_recount_moves_a_person_out_of_the_new_people_once(repos: Repositories) -> None:
    # Given Nell, counted as a new person, and the member now saying they go back
    logged = newcomer_counted(repos)
    seen = repos.weeks.get(SAM, WEEK)
    assert seen is not None
    assert (seen.new_people_ids, seen.known_before_ids, seen.met) == (frozenset({"nell"}), frozenset(), True)
    nell = said_met(repos, logged, Met.BEFORE)
    change = recount(nell, seen, now=NOW)
    assert change is not None
    # When the correction is written twice from one reading (a retry)
    repos.weeks.recount(SAM, change)
    with pytest.raises(ConcurrentUpdate):
        repos.weeks.recount(SAM, change)
    # Then she moved once: one new person fewer, the goal missed again, for Sam and the program
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (counters(week), week.new_people_ids, week.known_before_ids, week.met) == (
        (1, 1, 0, 0),
        frozenset(),
        frozenset({"nell"}),
        False,
    )
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK] == OrgWeek(
        WEEK, members_active=1, members_met=0, conversations=1, people=1, new_people=0
    )
    assert recount(nell, week, now=NOW) is None  # read again: nothing left to move


def test_a_recount_decided_from_a_contact_changed_since_or_a_week_that_moved_is_refused(
    repos: Repositories,
) -> None:
    logged = newcomer_counted(repos)
    nell = said_met(repos, logged, Met.BEFORE)
    seen = repos.weeks.get(SAM, WEEK)
    assert seen is not None
    stale = recount(nell, seen, now=NOW)
    assert stale is not None
    # The contact changed again ("we just met" after all): the correction decided before is refused
    again = said_met(repos, nell, Met.RECENTLY)
    with pytest.raises(ConcurrentUpdate):
        repos.weeks.recount(SAM, stale)
    assert recount(again, seen, now=NOW) is None
    # The week moved (another person): a correction decided before it is refused too
    moved = recount(said_met(repos, again, Met.BEFORE), seen, now=NOW)
    assert moved is not None
    repos.contacts.add(SAM, person("ana"))
    log(repos, SAM, conversation("ana"))
    with pytest.raises(ConcurrentUpdate):
        repos.weeks.recount(SAM, moved)
    assert counters(repos.weeks.get(SAM, WEEK)) == (2, 2, 1, 0)


def test_a_recount_brings_a_person_back_and_meets_the_goal_but_leaves_a_closed_program_week(
    repos: Repositories,
) -> None:
    logged = newcomer_counted(repos)
    nell = said_met(repos, logged, Met.BEFORE)
    seen = repos.weeks.get(SAM, WEEK)
    assert seen is not None
    change = recount(nell, seen, now=NOW)
    assert change is not None
    repos.weeks.recount(SAM, change)
    # Weeks later (the program's report of the week is final), "we just met" after all
    later = NOW + timedelta(days=14)
    nell = said_met(repos, nell, Met.RECENTLY)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    back = recount(nell, week, now=later)
    assert back is not None
    assert (back.new_person, back.crosses, back.program_closed) == (True, True, True)
    repos.weeks.recount(SAM, back)
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (counters(week), week.new_people_ids, week.met) == ((1, 1, 1, 0), frozenset({"nell"}), True)
    program = repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK]
    assert (program.new_people, program.members_met) == (0, 0)


def test_an_undo_decided_before_a_recount_is_refused_and_one_decided_after_takes_back_what_is(
    repos: Repositories,
) -> None:
    logged = newcomer_counted(repos)
    before = person("nell", created_at=NOW - timedelta(days=1), last_contact_at=None)
    said = conversation("nell")
    record = UndoRecord(
        "u1", QuickAction.LOG, "nell", logged.revision, before, said.conversation_id, said.when
    )
    repos.quicklog.save_undo(SAM, record, expires_at=0)
    profile = repos.members.get(SAM)
    seen = repos.weeks.get(SAM, WEEK)
    assert profile is not None
    assert seen is not None
    stale = untally(profile, before, said, seen, other_that_week=False)
    assert stale.new_person
    # A correction moves Nell out of the new people (the contact's own write left aside here)
    change = recount(replace(logged, met=Met.BEFORE), seen, now=NOW)
    assert change is not None
    repos.weeks.recount(SAM, change)
    assert repos.quicklog.apply_undo(SAM, record, stale) is False
    moved = repos.weeks.get(SAM, WEEK)
    assert moved is not None
    fresh = untally(profile, before, said, moved, other_that_week=False)
    assert (fresh.person, fresh.new_person) == (True, False)
    assert repos.quicklog.apply_undo(SAM, record, fresh) is True
    assert repos.weeks.get(SAM, WEEK) == WeekProgress(WEEK, goal=WeeklyGoal(1, 1, 0))
    assert repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK] == OrgWeek(WEEK)


# ---------------------------------------------------------------- correcting conversations


def sam_with_two_conversations(repos: Repositories) -> None:
    """Sam (goal 2/1/1) talked to a newcomer on Monday and on Thursday, with a referral each time."""
    repos.members.add(member(SAM, weekly_goal=WeeklyGoal(2, 1, 1)))
    repos.contacts.add(SAM, person("newcomer", created_at=NOW - timedelta(days=3), last_contact_at=None))
    monday = NOW - timedelta(days=3)
    log(repos, SAM, conversation("newcomer", monday, 1, summary="Coffee", outcomes=(Outcome.REFERRAL,)))
    log(repos, SAM, conversation("newcomer", NOW, 2, summary="Call", outcomes=(Outcome.REFERRAL,)))


def test_a_contact_is_read_then_all_its_conversations_newest_first(repos: Repositories) -> None:
    sam_with_two_conversations(repos)
    seen, history = repos.conversations.correction_state(SAM, "newcomer")
    assert seen is not None
    assert seen.conversation_count == 2
    assert [c.conversation_id for c in history] == ["newcomer-2", "newcomer-1"]
    assert repos.conversations.correction_state(SAM, "nobody") == (None, [])


def test_deleting_the_latest_conversation_brings_back_the_one_before_and_its_week_without_it(
    repos: Repositories,
) -> None:
    sam_with_two_conversations(repos)
    # When the Thursday call is deleted
    repos.conversations.correct(SAM, correction(repos, SAM, "newcomer", "newcomer-2", None, now=NOW))
    # Then Monday's coffee is the last contact again, and the week counts one conversation
    contact = repos.contacts.get(SAM, "newcomer")
    assert contact is not None
    assert (contact.last_contact_at, contact.last_summary, contact.conversation_count) == (
        NOW - timedelta(days=3),
        "Coffee",
        1,
    )
    assert repos.conversations.get(SAM, "newcomer", NOW, "newcomer-2") is None
    week = repos.weeks.get(SAM, WEEK)
    assert counters(week) == (1, 1, 1, 0)
    assert week is not None
    assert week.outcomes == {Outcome.REFERRAL: 1}
    assert counters(repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK]) == (1, 1, 1, 0)
    # And deleting the other one takes the person, as new, out of the week and the program's
    repos.conversations.correct(SAM, correction(repos, SAM, "newcomer", "newcomer-1", None, now=NOW))
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert (counters(week), week.people_ids, week.new_people_ids, week.outcomes) == (
        (0, 0, 0, 0),
        frozenset(),
        frozenset(),
        {},
    )
    program = repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK]
    assert (counters(program), program.members_active) == ((0, 0, 0, 0), 0)
    contact = repos.contacts.get(SAM, "newcomer")
    assert contact is not None
    assert (contact.last_contact_at, contact.conversation_count, contact.due_at) == (
        None,
        0,
        contact.created_at,
    )


def test_a_conversation_moved_to_another_week_counts_there_and_no_longer_in_its_old_week(
    repos: Repositories,
) -> None:
    sam_with_two_conversations(repos)
    last_week = NOW - timedelta(days=7)
    changes = ConversationChanges(when=last_week, outcomes=(Outcome.ADVICE,))
    repos.conversations.correct(SAM, correction(repos, SAM, "newcomer", "newcomer-1", changes, now=NOW))
    assert counters(repos.weeks.get(SAM, WEEK)) == (1, 1, 1, 0)
    earlier = repos.weeks.get(SAM, "2026-W47")
    assert counters(earlier) == (1, 1, 0, 0)  # not new any more: added after it (created this week)
    assert earlier is not None
    assert earlier.outcomes == {Outcome.ADVICE: 1}
    assert repos.conversations.get(SAM, "newcomer", last_week, "newcomer-1") is not None
    assert repos.conversations.get(SAM, "newcomer", NOW - timedelta(days=3), "newcomer-1") is None


def test_other_outcomes_in_the_same_week_move_the_outcome_counts_only(repos: Repositories) -> None:
    sam_with_two_conversations(repos)
    changes = ConversationChanges(outcomes=(Outcome.JOB_LEAD, Outcome.ADVICE), summary="A long call")
    repos.conversations.correct(SAM, correction(repos, SAM, "newcomer", "newcomer-2", changes, now=NOW))
    week = repos.weeks.get(SAM, WEEK)
    assert week is not None
    assert counters(week) == (2, 1, 1, 0)
    assert week.outcomes == {Outcome.REFERRAL: 1, Outcome.JOB_LEAD: 1, Outcome.ADVICE: 1}
    program = repos.orgs.weeks("bridges", WEEK, WEEK)[WEEK]
    assert program.outcomes == {Outcome.REFERRAL: 1, Outcome.JOB_LEAD: 1, Outcome.ADVICE: 1}
    contact = repos.contacts.get(SAM, "newcomer")
    assert contact is not None
    assert contact.last_summary == "A long call"


def test_a_correction_decided_before_another_write_to_the_contact_is_refused(repos: Repositories) -> None:
    sam_with_two_conversations(repos)
    first = correction(repos, SAM, "newcomer", "newcomer-2", None, now=NOW)
    second = correction(repos, SAM, "newcomer", "newcomer-2", None, now=NOW)
    repos.conversations.correct(SAM, first)
    # The same deletion decided from the same reading: refused, nothing taken twice
    with pytest.raises(ConcurrentUpdate):
        repos.conversations.correct(SAM, second)
    stale = correction(repos, SAM, "newcomer", "newcomer-1", None, now=NOW)
    log(repos, SAM, conversation("newcomer", NOW - timedelta(days=1), 3))
    with pytest.raises(ConcurrentUpdate):
        repos.conversations.correct(SAM, stale)
    assert counters(repos.weeks.get(SAM, WEEK)) == (2, 1, 1, 0)
    contact = repos.contacts.get(SAM, "newcomer")
    assert contact is not None
    assert contact.conversation_count == 2


def test_an_imported_conversation_counted_in_no_week_leaves_the_weeks_alone(repos: Repositories) -> None:
    sam_with_two_conversations(repos)
    imported = conversation("newcomer", NOW - timedelta(days=1), 9, counted=False)
    repos.bulk.add_all(SAM, [], [imported])
    moved = ConversationChanges(when=NOW - timedelta(days=20))
    repos.conversations.correct(SAM, correction(repos, SAM, "newcomer", "newcomer-9", moved, now=NOW))
    stored = repos.conversations.get(SAM, "newcomer", NOW - timedelta(days=20), "newcomer-9")
    assert stored is not None
    assert stored.counted is False
    repos.conversations.correct(SAM, correction(repos, SAM, "newcomer", "newcomer-9", None, now=NOW))
    assert counters(repos.weeks.get(SAM, WEEK)) == (2, 1, 1, 0)
    assert repos.weeks.get(SAM, "2026-W45") is None
