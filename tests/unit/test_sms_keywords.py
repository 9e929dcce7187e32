"""What a text reply asks for, however it is typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.sms import MAX_SEGMENTS, InboundSms, Keyword, SmsCommand, parse_reply, sms_segments
from tracker.rendering.sms import (
    ALREADY_ON,
    HELP_TEXT,
    NOT_UNDERSTOOD,
    STARTED,
    STARTED_OUTSIDE_HOURS,
    STOPPED,
    UNKNOWN_NUMBER_HELP,
)

DONE, SNOOZE = Keyword.DONE, Keyword.SNOOZE


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("DONE 1", SmsCommand(DONE, 1)),
        ("done 1", SmsCommand(DONE, 1)),
        ("  Done   2  ", SmsCommand(DONE, 2)),
        ("DONE2", SmsCommand(DONE, 2)),
        ("done #3", SmsCommand(DONE, 3)),
        ("Done 1.", SmsCommand(DONE, 1)),
        ("1", SmsCommand(DONE, 1)),
        (" 2 ", SmsCommand(DONE, 2)),
        ("#3", SmsCommand(DONE, 3)),
        ("DONE", SmsCommand(DONE)),
        ("SNOOZE 2", SmsCommand(SNOOZE, 2)),
        ("snooze\t3", SmsCommand(SNOOZE, 3)),
        ("Snooze", SmsCommand(SNOOZE)),
        ("HELP", SmsCommand(Keyword.HELP)),
        ("help!", SmsCommand(Keyword.HELP)),
        ("?", SmsCommand(Keyword.HELP)),
        ("STOP", SmsCommand(Keyword.STOP)),
        ("stop.", SmsCommand(Keyword.STOP)),
        ("Unsubscribe", SmsCommand(Keyword.STOP)),
        ("opt out", SmsCommand(Keyword.STOP)),
        # The carriers' (CTIA) opt-out words and short phrases, in any case
        ("STOPALL", SmsCommand(Keyword.STOP)),
        ("Revoke", SmsCommand(Keyword.STOP)),
        ("optout", SmsCommand(Keyword.STOP)),
        ("end", SmsCommand(Keyword.STOP)),
        ("quit", SmsCommand(Keyword.STOP)),
        ("cancel", SmsCommand(Keyword.STOP)),
        ("stop all", SmsCommand(Keyword.STOP)),
        ("Please stop", SmsCommand(Keyword.STOP)),
        ("stop it", SmsCommand(Keyword.STOP)),
        ("STOP TEXTING ME PLEASE", SmsCommand(Keyword.STOP)),
        ("info", SmsCommand(Keyword.HELP)),
        ("START", SmsCommand(Keyword.START)),
        ("unstop", SmsCommand(Keyword.START)),
        ("yes", SmsCommand(Keyword.START)),
        ("\uff24\uff2f\uff2e\uff25\u3000\uff11", SmsCommand(DONE, 1)),  # full-width, as some keyboards type
    ],
)
def test_keywords_and_numbers(text: str, command: SmsCommand) -> None:
    assert parse_reply(text) == command


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "thanks!",
        "done it",
        "DONE 0",
        "0",
        "DONE 1000",
        "1 2",
        "DONE -1",
        "DONE 1 2",
        "stop 1",  # neither an opt-out nor a pick
        "the end of the week works",
    ],
)
def test_anything_else_is_not_understood(text: str) -> None:
    assert parse_reply(text) == SmsCommand(Keyword.UNKNOWN)


def _scramble(word: str, cases: list[bool]) -> str:
    return "".join(
        c.upper() if up else c.lower() for c, up in zip(word, cases + [False] * len(word), strict=False)
    )


spaces = st.text(alphabet=" \t\n\u00a0", max_size=4)


@given(
    verb=st.sampled_from(["DONE", "SNOOZE"]),
    number=st.integers(min_value=1, max_value=99),
    cases=st.lists(st.booleans(), max_size=6),
    before=spaces,
    between=spaces,
    after=spaces,
)
def test_case_and_spacing_never_matter(
    verb: str, number: int, cases: list[bool], before: str, between: str, after: str
) -> None:
    typed = f"{before}{_scramble(verb, cases)}{between}{number}{after}"
    assert parse_reply(typed) == SmsCommand(Keyword(verb.lower()), number)


@given(word=st.sampled_from(["STOP", "START", "HELP"]), cases=st.lists(st.booleans(), max_size=5), pad=spaces)
def test_control_words_in_any_case(word: str, cases: list[bool], pad: str) -> None:
    assert parse_reply(f"{pad}{_scramble(word, cases)}{pad}").keyword is Keyword(word.lower())


@given(st.text(max_size=200))
def test_any_text_gets_an_answer_and_never_an_error(text: str) -> None:
    assert parse_reply(text).keyword in set(Keyword)


def test_fixed_answers_fit_in_one_text() -> None:
    answers = [HELP_TEXT, NOT_UNDERSTOOD, STOPPED, ALREADY_ON, UNKNOWN_NUMBER_HELP]
    answers += [STARTED.format(hour=8), STARTED_OUTSIDE_HOURS.format(hour=7)]
    for answer in answers:
        assert sms_segments(answer) <= MAX_SEGMENTS, answer
    assert sms_segments(HELP_TEXT) == 1


def test_the_two_way_sms_payload() -> None:
    message = (
        '{"originationNumber":"+1 312 555 0142","destinationNumber":"+18005550100",'
        '"messageKeyword":"KEYWORD","messageBody":"done 1","inboundMessageId":"abc-1"}'
    )
    assert InboundSms.from_notification(message) == InboundSms("+13125550142", "done 1", "abc-1")
    assert InboundSms.from_notification("not json") is None
    assert InboundSms.from_notification('{"messageBody": "hi"}') is None
    assert InboundSms.from_notification('{"originationNumber": "nonsense", "messageBody": "hi"}') is None
