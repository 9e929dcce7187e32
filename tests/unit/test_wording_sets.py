"""A program's own wording set (issue 15): its phrasings replace the default ones move by move,
only safe placeholders are accepted, and a set is previewed on sample contacts within every
channel's limit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from local.seed import STMARYS_WORDING
from tests.unit.test_draft_panel import _reading_ease
from tracker.domain import Contact, Member, MemberKey
from tracker.domain.clock import FixedClock
from tracker.domain.links import LinkSigner
from tracker.domain.picks import DailyPicks, PickStatus, ReconnectPick
from tracker.domain.wording import WordingSet
from tracker.rendering.drafts import day_drafts, draft_opener, todays_drafts
from tracker.rendering.emails import daily_email
from tracker.rendering.program_wording import FRESH_FOR, ProgramWordings, use_source, wording_for
from tracker.rendering.wording_preview import preview, preview_problems, samples
from tracker.rendering.wording_sets import DEFAULT, problems, program_wording

NOW = datetime(2026, 11, 26, 14, tzinfo=UTC)
MEMBER = Member(key=MemberKey("stmarys", "m-1"), email="priya@example.org", created_at=NOW, updated_at=NOW)
ANA = Contact(
    contact_id="c-ana",
    name="Ana Lima",
    help_ideas=(),
    last_contact_at=NOW - timedelta(days=150),
    created_at=NOW,
    updated_at=NOW,
)
SURVIVORSHIP = {
    "WHY_GENERAL": ("I'm easing back into work at my own pace, and I'd love to hear how you are.",),
    "OFFER_ASK": ("No need to reply quickly. Is there anything I could do for you?",),
    "LAPSE_SINCE": (
        "{hello} it's been {since}, and I've thought of you often.",
        "{hello} {since} have flown by since we last spoke.",
        "{hello} I know it's been {since}, and I wanted to say hello.",
    ),
}


def test_a_programs_phrasings_replace_the_defaults_move_by_move() -> None:
    words = program_wording(SURVIVORSHIP)
    draft = draft_opener(MEMBER, ANA, NOW, words=words)
    assert draft.why_now == SURVIVORSHIP["WHY_GENERAL"][0]
    assert draft.offer == SURVIVORSHIP["OFFER_ASK"][0]
    assert draft.lapse.split(". ")[0] + "." in {
        p.format(hello="Hi Ana,", since="5 months") for p in SURVIVORSHIP["LAPSE_SINCE"]
    }
    assert draft.lapse.endswith(
        draft_opener(MEMBER, ANA, NOW).lapse.split(". ", 1)[1]
    )  # the default pleasantry
    assert draft_opener(MEMBER, ANA, NOW, words=words) == draft  # the same everywhere
    # a day's drafts still open three different ways
    day = day_drafts(MEMBER, [replace(ANA, contact_id=f"c-{n}") for n in range(3)], NOW, words)
    assert len({tuple(d.lapse.split(", ", 1)[1].split()[:3]) for d in day}) == 3


def test_the_default_wording_is_a_valid_set_and_previews_within_every_limit() -> None:
    assert problems(asdict(DEFAULT)) == {}
    drafts = preview(DEFAULT, NOW)
    assert len(drafts) == len(samples(NOW)) >= 12
    assert preview_problems(drafts) == []
    assert preview_problems(preview(program_wording(SURVIVORSHIP), NOW)) == []


@pytest.mark.parametrize(
    ("phrasings", "said"),
    [
        ({"OFFER_DO": ("I could {idea.__class__}.",)}, "is not a placeholder"),
        ({"OFFER_DO": ("I could {idea!r}.",)}, "is not a placeholder"),
        ({"OFFER_DO": ("I could {idea:>500}.",)}, "is not a placeholder"),
        ({"OFFER_DO": ("I could {0}.",)}, "is not a placeholder"),
        (
            {"OFFER_DO": ("I could {idea} for {contact}.",)},
            "{contact} is not one of this move's placeholders",
        ),
        ({"OFFER_DO": ("I could help {idea.",)}, "not part of a {placeholder}"),
        ({"OFFER_DO": ("I could help.",)}, "{idea} is missing"),
        (
            {"WHY_GENERAL": ("Hi {hello}, I thought of you.",)},
            "not one of this move's placeholders (no placeholders)",
        ),
        ({"LAPSE_UNDATED": ("Long time! {hello}", "{hello} hi.", "{hello} hello.")}, "ends without"),
        (
            {"LAPSE_UNDATED": ("It's been ages {hello}.", "{hello} hi.", "{hello} hello.")},
            "starts with {hello}",
        ),
        ({"LAPSE_UNDATED": ("{hello} hi.",)}, "between 3 and 6"),
        ({"OFFER_ASK": ()}, "one or more"),
        ({"OFFER_ASK": "How can I help?"}, "one or more"),
        ({"OFFER_ASK": ("How can I help?", "How can I help?")}, "given twice"),
        ({"OFFER_ASK": ("How can\nI help?",)}, "line break"),
        ({"OFFER_ASK": ("How " + "very " * 40 + "can I help?",)}, "longer than 140"),
        ({"SIGN_OFF": ("Best wishes.",)}, "not a move of a draft"),
    ],
)
def test_a_wording_set_takes_safe_placeholders_only(phrasings: dict[str, tuple[str, ...]], said: str) -> None:
    found = problems(phrasings)
    assert said in next(iter(found.values())), found
    with pytest.raises(ValueError, match="problems"):
        program_wording(phrasings)


def test_a_set_whose_drafts_would_not_fit_an_email_is_refused_by_its_preview() -> None:
    wordy = {
        "WHY_FOCUS": ("So " * 40 + "{focus}.",),
        "WHY_GENERAL": ("Oh " + "so " * 42 + "glad.",),
        "OFFER_ASK": ("Oh " + "so " * 42 + "keen.",),
    }
    assert problems(wordy) == {}  # each phrasing on its own is fine
    found = preview_problems(preview(program_wording(wordy), NOW))
    assert found
    assert "longer than 90 words" in found[0]


def test_the_demo_programs_own_set_is_valid_previews_within_limits_and_reads_easily() -> None:
    assert problems(STMARYS_WORDING) == {}
    drafts = preview(program_wording(STMARYS_WORDING), NOW)
    assert preview_problems(drafts) == []
    for draft in drafts:
        assert _reading_ease(draft.text) >= 60, draft.text


@pytest.fixture
def stored() -> Iterator[dict[str, WordingSet]]:
    """Programs' stored sets, as drafts read them (through a fresh cache), by org id."""
    sets: dict[str, WordingSet] = {"stmarys": WordingSet("stmarys", "en", STMARYS_WORDING)}
    use_source(lambda org_id, language: sets.get(org_id), FixedClock())
    yield sets
    use_source(lambda org_id, language: None, FixedClock())


def test_a_members_drafts_are_in_their_programs_voice_in_the_email_and_the_api_alike(
    stored: dict[str, WordingSet],
) -> None:
    for org_id, own in (("stmarys", True), ("bridges", False)):
        member = replace(MEMBER, key=MemberKey(org_id, "m-1"))
        day = DailyPicks(member, date(2026, 11, 26), [ReconnectPick(ANA, PickStatus.PENDING)], [])
        draft = todays_drafts(day, NOW)[ANA.contact_id]  # what GET /picks/today and the Today page show
        assert (draft.why_now in STMARYS_WORDING["WHY_GENERAL"]) is own
        assert (draft.offer in STMARYS_WORDING["OFFER_ASK"]) is own
        email = daily_email(day, LinkSigner(b"s" * 48, "https://tracker.example.org"), NOW)
        assert draft.why_now in email.text


def test_a_programs_set_is_read_once_per_few_minutes_not_once_per_member() -> None:
    reads: list[str] = []
    sets = {"stmarys": WordingSet("stmarys", "en", STMARYS_WORDING)}

    def source(org_id: str, language: str) -> WordingSet | None:
        reads.append(org_id)
        return sets.get(org_id)

    clock = FixedClock(NOW)
    wordings = ProgramWordings(source, clock)
    for _ in range(500):  # a daily job's members of two programs
        assert STMARYS_WORDING["OFFER_ASK"] == wordings("stmarys").OFFER_ASK
        assert wordings("bridges") == DEFAULT  # a program without a set is remembered too
    assert sorted(reads) == ["bridges", "stmarys"]
    sets["stmarys"] = WordingSet("stmarys", "en", {"OFFER_ASK": ("How are you these days?",)})
    clock.at += FRESH_FOR - timedelta(seconds=1)
    assert STMARYS_WORDING["OFFER_ASK"] == wordings("stmarys").OFFER_ASK  # still the copy kept
    clock.at += timedelta(seconds=1)
    assert wordings("stmarys").OFFER_ASK == ("How are you these days?",)  # within FRESH_FOR
    sets["stmarys"] = WordingSet("stmarys", "en", {"OFFER_ASK": ("Hello again?",)})
    wordings.forget("stmarys")  # saved in this environment: at once
    assert wordings("stmarys").OFFER_ASK == ("Hello again?",)
    assert len(reads) == 4


def test_a_set_that_cannot_be_read_leaves_drafts_in_the_last_wording_known() -> None:
    clock = FixedClock(NOW)
    answers: list[WordingSet | None] = [WordingSet("stmarys", "en", STMARYS_WORDING)]

    def source(org_id: str, language: str) -> WordingSet | None:
        if not answers:
            raise TimeoutError("throttled")
        return answers.pop()

    wordings = ProgramWordings(source, clock)
    assert STMARYS_WORDING["OFFER_ASK"] == wordings("stmarys").OFFER_ASK
    clock.at += FRESH_FOR
    assert STMARYS_WORDING["OFFER_ASK"] == wordings("stmarys").OFFER_ASK
    assert wordings("bridges") == DEFAULT
    assert wording_for("nowhere") == DEFAULT
