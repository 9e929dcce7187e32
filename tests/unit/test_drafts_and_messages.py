"""What members read: drafted openers, the daily email (escaped), the daily SMS (short, vague)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from local.seed import HOW_MET
from local.seed import SUMMARIES as DEMO_SUMMARIES
from tracker.domain import Contact, Member, MemberKey, NextStep
from tracker.domain.links import LinkSigner
from tracker.domain.picks import DailyPicks, DueCandidate, PickStatus, ReconnectPick, choose
from tracker.domain.sms import sms_segments
from tracker.rendering.drafts import day_drafts, draft_opener
from tracker.rendering.emails import daily_email
from tracker.rendering.labels import due_label, time_since
from tracker.rendering.sms import daily_sms
from tracker.rendering.wording import LAPSE_UNDATED, NO_MEMORY, OFFER_ASK, WHY_GENERAL

NOW = datetime(2026, 11, 26, 14, tzinfo=UTC)
SAM = Member(
    key=MemberKey("bridges", "m-1"),
    email="sam@example.org",
    display_name="Sam Rivera",
    time_zone="America/Chicago",
    created_at=NOW,
    updated_at=NOW,
    current_focus="Product design roles in healthcare",
)
ANA = Contact(
    contact_id="c-ana",
    name="Ana Lima",
    company="Northwind Health",
    role="Design Lead",
    how_we_met="We sat together at the Monday stand-ups and always talked football",
    last_contact_at=NOW - timedelta(days=150),
    last_summary="Coffee near her office. She is moving to the data team.",
    help_ideas=("Proof-read her grant applications",),
    created_at=NOW,
    updated_at=NOW,
)
SIGNER = LinkSigner(b"s" * 48, "https://tracker.example.org")


def test_a_draft_acknowledges_the_lapse_says_why_now_and_offers_help() -> None:
    draft = draft_opener(SAM, ANA, NOW)
    assert draft.lapse.startswith("Hi Ana, ")
    assert "5 months" in draft.lapse
    # the last conversation comes before how you met, as a sentence, never a bracketed note
    assert "our coffee near your office last time." in draft.lapse
    assert "(" not in draft.text
    assert ":" not in draft.lapse
    assert "stand-ups" not in draft.text
    assert "I'm looking into product design roles in healthcare, and" in draft.why_now
    assert "proof-read your grant applications" in draft.offer
    # what the last conversation said was coming is the follow-up
    assert draft.hook.lower().endswith("did you end up moving to the data team?")
    assert draft.text == f"{draft.lapse} {draft.why_now} {draft.offer} {draft.hook}"
    assert draft_opener(SAM, ANA, NOW) == draft  # the same pick shows the same draft everywhere


def test_a_shared_memory_comes_first_and_the_next_step_is_a_follow_up() -> None:
    ana = replace(ANA, shared_memory="The pub quiz nights at the Crown", next_step=NextStep("Meet for lunch"))
    draft = draft_opener(SAM, ana, NOW)
    assert "the pub quiz nights at the Crown." in draft.lapse
    assert "coffee" not in draft.lapse
    assert "meet for lunch" in draft.hook
    assert draft.text.endswith(draft.hook)


def test_drafts_fall_back_gracefully_on_missing_notes() -> None:
    bare = Contact(contact_id="c", name="Ben", created_at=NOW, updated_at=NOW)
    member = replace(SAM, current_focus=None)
    draft = draft_opener(member, bare, NOW)
    assert draft.lapse.startswith("Hi Ben, ")
    assert draft.lapse.split(", ", 1)[1] in {
        " ".join((lapse.split(" ", 1)[1], pleasant)) for lapse in LAPSE_UNDATED for pleasant in NO_MEMORY
    }
    assert draft.why_now in WHY_GENERAL
    assert draft.offer in OFFER_ASK
    from_notes = draft_opener(member, replace(bare, last_summary="Lunch at the market. Great tacos."), NOW)
    assert "our lunch at the market last time" in from_notes.lapse.lower()
    assert "(" not in from_notes.lapse


def test_drafts_in_one_members_day_never_open_the_same_way() -> None:
    contacts = [replace(ANA, contact_id=f"c-{n}") for n in range(6)]
    openings = [draft.lapse.split(", ", 1)[1].split(" ")[:3] for draft in day_drafts(SAM, contacts, NOW)]
    assert len({tuple(words) for words in openings}) == 6


@pytest.mark.parametrize(
    ("idea", "offer"),
    [
        ("Proof-read her grant applications", "proof-read your grant applications"),
        ("Introduce her to Jo at the council", "introduce you to Jo at the council"),
        ("Pass on openings that fit her", "pass on openings that fit you"),
        ("Send him the article", "send you the article"),
        ("Send her my notes on the course", "send you my notes on the course"),
        ("Show her what we built", "show you what we built"),
        ("Share their deck with my team", "share your deck with my team"),
        ("LinkedIn intro to my old boss", "help with LinkedIn intro to my old boss"),
        ("Introducing her to my old team", "help by introducing you to my old team"),
        ("To review her portfolio", "review your portfolio"),
        ("Her portfolio review", "help with your portfolio review"),
    ],
)
def test_help_ideas_are_turned_towards_the_person(idea: str, offer: str) -> None:
    for n in range(6):  # whichever offer phrasing the pair draws
        draft = draft_opener(SAM, replace(ANA, contact_id=f"c-{n}", help_ideas=(idea,)), NOW)
        assert (
            f"I could {offer}" in draft.offer
            or f"I'd be happy to {offer}." in draft.offer
            or (f"return the favour and {offer}" in draft.offer)
        )


@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        (20, "a few weeks"),
        (100, "3 months"),
        (354, "11 months"),
        (400, "over a year"),
        (800, "about 2 years"),
    ],
)
def test_the_lapse_is_said_in_words(days: int, phrase: str) -> None:
    assert time_since(NOW - timedelta(days=days), NOW) == phrase


def test_picks_put_starred_people_first_then_the_most_overdue() -> None:
    candidates = [
        DueCandidate("old", NOW - timedelta(days=300), starred=False),
        DueCandidate("star", NOW - timedelta(days=10), starred=True),
        DueCandidate("older", NOW - timedelta(days=500), starred=False),
    ]
    assert choose(candidates, 2) == ["star", "older"]
    assert choose(candidates, 5) == ["star", "older", "old"]


def day_of(*contacts: Contact, steps: tuple[Contact, ...] = ()) -> DailyPicks:
    return DailyPicks(
        SAM, date(2026, 11, 26), [ReconnectPick(c, PickStatus.PENDING) for c in contacts], list(steps)
    )


HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def test_every_member_string_is_escaped_in_the_email() -> None:
    evil = replace(
        ANA,
        name=HOSTILE,
        company=HOSTILE,
        role=HOSTILE,
        how_we_met=HOSTILE,
        last_summary=HOSTILE,
        help_ideas=(HOSTILE,),
        next_step=NextStep(HOSTILE, date(2026, 11, 20)),
    )
    member = replace(SAM, display_name=HOSTILE, current_focus=HOSTILE)
    email = daily_email(replace(day_of(evil, steps=(evil,)), member=member), SIGNER, NOW)
    assert "<script>" not in email.html
    assert "<b>bold</b>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert HOSTILE not in email.subject
    assert "<script>" in email.text  # the plain-text part is not HTML: it shows what was typed


def test_the_email_carries_picks_drafts_links_and_the_unsubscribe_link() -> None:
    with_step = replace(
        ANA, contact_id="c-ben", name="Ben Okafor", next_step=NextStep("Send CV", date(2026, 11, 25))
    )
    email = daily_email(day_of(ANA, steps=(with_step,)), SIGNER, NOW)
    assert email.to == "sam@example.org"
    assert email.subject == "Today's reconnect pick: 1 person"
    assert "Good morning, Sam." in email.text
    assert "Ana Lima (Design Lead, Northwind Health)" in email.text
    assert draft_opener(SAM, ANA, NOW).text in email.text
    assert "Ben Okafor: Send CV (overdue since Wed 25 Nov)" in email.text
    for label in ("I reached out", "Snooze 30 days", "Log a conversation"):
        assert re.search(rf">{label}</a>", email.html)
    assert email.unsubscribe_url.startswith("https://tracker.example.org/unsubscribe?t=")
    assert email.unsubscribe_url in email.text


def test_the_sms_names_first_names_only_and_never_notes() -> None:
    text = daily_sms(day_of(ANA, replace(ANA, contact_id="c2", name="Ben Okafor")))
    assert text.startswith("Networking Tracker: 2 people to reconnect with today: 1 Ana, 2 Ben.")
    assert "Lima" not in text
    assert "Okafor" not in text
    assert "Coffee" not in text
    assert "DONE 1" in text


def test_a_text_with_only_next_steps_gives_no_pick_instructions() -> None:
    # It said "Reply DONE 1 once you've reached out, SNOOZE to skip" with no pick 1 to reply to
    text = daily_sms(day_of(steps=(ANA,)))
    assert text == "Networking Tracker: 1 next step due. Reply HELP for help."
    assert "DONE" not in daily_sms(day_of(steps=(ANA, replace(ANA, contact_id="c2"))))
    assert "Reply DONE 1 once you've reached out" in daily_sms(day_of(ANA, steps=(ANA,)))


@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=60).filter(str.strip), min_size=1, max_size=3))
def test_the_sms_never_takes_more_than_two_parts(names: list[str]) -> None:
    contacts = [replace(ANA, contact_id=f"c{n}", name=name) for n, name in enumerate(names)]
    text = daily_sms(day_of(*contacts))
    assert sms_segments(text) <= 2
    assert text.startswith("Networking Tracker:")


def test_segments_follow_gsm_and_unicode_rules() -> None:
    assert sms_segments("a" * 160) == 1
    assert sms_segments("a" * 161) == 2
    assert sms_segments("€" * 80) == 1  # extended GSM characters count twice
    assert sms_segments("é" * 160) == 1  # in the GSM alphabet
    assert sms_segments("ł" * 70) == 1  # not in it: UCS-2, 70 per part
    assert sms_segments("ł" * 71) == 2


def test_a_due_date_reads_the_same_everywhere_with_its_year_and_overdue_when_past() -> None:
    # The probe: a step due 2020-01-01 showed as "due Wed 1 Jan" (no year, and long overdue)
    today = date(2026, 11, 26)
    assert due_label(date(2020, 1, 1), today) == "overdue since Wed 1 Jan 2020"
    assert due_label(date(2026, 11, 25), today) == "overdue since Wed 25 Nov"
    assert due_label(today, today) == "due today"
    assert due_label(date(2026, 12, 2), today) == "due Wed 2 Dec"
    assert due_label(date(2027, 1, 4), today) == "due Mon 4 Jan 2027"


def test_how_you_met_keeps_other_peoples_pronouns_and_a_short_last_talk_reads_as_a_sentence() -> None:
    cousin = replace(ANA, last_summary=None, how_we_met="Introduced by my cousin at her wedding")
    assert "when we were introduced by my cousin at her wedding." in draft_opener(SAM, cousin, NOW).lapse
    call = replace(ANA, last_summary="Quick call")
    lapse = draft_opener(SAM, call, NOW).lapse
    assert "our quick call last time" in lapse.lower()
    assert ": quick call." not in lapse


@pytest.mark.parametrize(
    ("summary", "remembered"),
    [
        (
            "Emailed to congratulate her on the promotion; she replied with two people I should meet",
            "when i emailed to congratulate you on the promotion.",
        ),
        (
            "Coffee near her office; she is moving to the data team and offered to introduce me",
            "our coffee near your office last time",
        ),
    ],
)
def test_a_last_talk_of_several_notes_is_remembered_by_its_first_not_read_back(
    summary: str, remembered: str
) -> None:
    draft = draft_opener(SAM, replace(ANA, last_summary=summary, how_we_met=None), NOW)
    assert remembered in draft.lapse.lower()
    assert ";" not in draft.text
    assert "replied" not in draft.text
    assert "data team" not in draft.lapse  # at most a follow-up question at the end


def test_a_focus_cut_short_for_a_text_ends_at_a_comma_not_on_a_dangling_word() -> None:
    sam = replace(
        SAM, current_focus="a return to product design roles, ideally in healthcare or public services"
    )
    draft = draft_opener(sam, ANA, NOW)
    assert "product design roles, and you came to mind" in draft.sms
    assert ", ideally," not in draft.sms
    assert len(draft.sms) <= 160


def test_what_the_last_conversation_said_was_coming_becomes_a_follow_up_question() -> None:
    moving = replace(
        ANA, last_summary="Coffee near her office. She is moving to the data team and offered to help."
    )
    assert draft_opener(SAM, moving, NOW).hook.lower().endswith("did you end up moving to the data team?")
    asking = replace(
        ANA, last_summary="Phone call about the opening; he'll ask whether it can be three days a week."
    )
    draft = draft_opener(SAM, asking, NOW)
    assert draft.hook.lower().endswith("did you get to ask whether it can be three days a week?")
    assert "our phone call about the opening last time" in draft.lapse.lower()
    starting = replace(ANA, last_summary="Lunch; he is starting a new job at the council next month.")
    assert draft_opener(SAM, starting, NOW).hook.lower().endswith("end up starting a new job at the council?")
    # the open next step comes first, and the member's own to-do never reads "we said we'd"
    mine = draft_opener(SAM, replace(asking, next_step=NextStep("Send my updated CV")), NOW)
    assert "meant to send my updated CV" in mine.hook or "still mean to send my updated CV" in mine.hook
    assert "we'd" not in mine.hook
    # nothing coming, no follow-up; a health clause is never asked about
    assert draft_opener(SAM, replace(ANA, last_summary="Lunch. Great tacos."), NOW).hook == ""
    treated = replace(ANA, last_summary="Lunch. She is starting chemo next week.")
    assert draft_opener(SAM, treated, NOW).hook == ""


@pytest.mark.parametrize(
    ("met", "sentence"),
    [
        (
            "Old colleague from my first job; we shared the early shift",
            "when you were my colleague from my first job.",
        ),
        ("University flatmate; we cooked terrible curries together", "when you were my university flatmate."),
        ("Former manager who hired me in 2015", "when you were my manager who hired me in 2015."),
        ("Introduced by my cousin at her wedding", "when we were introduced by my cousin at her wedding."),
        ("Chatted at the design meetup about accessible forms", "when we chatted at the design meetup about"),
    ],
)
def test_how_you_met_becomes_a_sentence_not_a_note_after_a_colon(met: str, sentence: str) -> None:
    lapse = draft_opener(SAM, replace(ANA, last_summary=None, how_we_met=met), NOW).lapse
    assert sentence in lapse
    assert ":" not in lapse


def test_a_note_of_how_you_met_read_back_keeps_the_names_capital() -> None:
    lapse = draft_opener(SAM, replace(ANA, last_summary=None, how_we_met="Berlin meetup, 2019"), NOW).lapse
    assert "how we met: Berlin meetup, 2019." in lapse


def test_the_demo_notes_all_read_as_sentences() -> None:
    """Every how-we-met and last conversation of the demo data is a sentence of the draft: never
    read back after a colon or in brackets."""
    for met, _ in HOW_MET:
        lapse = draft_opener(SAM, replace(ANA, last_summary=None, how_we_met=met), NOW).lapse
        assert not set(":()") & set(lapse), lapse
    for summary in DEMO_SUMMARIES:
        lapse = draft_opener(SAM, replace(ANA, last_summary=summary, how_we_met=None), NOW).lapse
        assert not set(":()") & set(lapse), lapse
