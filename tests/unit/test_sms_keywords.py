"""What a text reply asks for, however it is typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.sms import MAX_SEGMENTS, InboundSms, Keyword, SmsCommand, parse_reply, sms_segments
from tracker.rendering.i18n import speaker
from tracker.rendering.sms import (
    already_on,
    help_text,
    help_while_stopped,
    no_recent_text,
    not_understood,
    started,
    started_outside_hours,
    stopped,
    unknown_number_help,
    unknown_number_started,
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
    answers = [help_text(), not_understood(), stopped(), already_on(), unknown_number_help()]
    answers += [started(8), started_outside_hours(7)]
    for answer in answers:
        assert sms_segments(answer) <= MAX_SEGMENTS, answer
    assert sms_segments(help_text()) == 1


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("LISTO 1", SmsCommand(DONE, 1, spanish=True)),
        ("hecho 2", SmsCommand(DONE, 2, spanish=True)),
        ("Listo", SmsCommand(DONE, None, spanish=True)),
        ("posponer 2", SmsCommand(SNOOZE, 2, spanish=True)),
        ("Pospóner #3.", SmsCommand(SNOOZE, 3, spanish=True)),
        ("AYUDA", SmsCommand(Keyword.HELP, spanish=True)),
        ("parar", SmsCommand(Keyword.STOP, spanish=True)),
        ("Alto", SmsCommand(Keyword.STOP, spanish=True)),
        ("BAJA", SmsCommand(Keyword.STOP, spanish=True)),
        ("cancelar", SmsCommand(Keyword.STOP, spanish=True)),
        ("¡Parar ya!", SmsCommand(Keyword.STOP, spanish=True)),
        ("parar los mensajes por favor", SmsCommand(Keyword.STOP, spanish=True)),
        ("Sí", SmsCommand(Keyword.START, spanish=True)),
        ("iniciar", SmsCommand(Keyword.START, spanish=True)),
        ("STOP", SmsCommand(Keyword.STOP)),  # the English words stay beside them
        ("hecho uno", SmsCommand(Keyword.UNKNOWN)),
    ],
)
def test_spanish_replies_whatever_the_case_and_accents(text: str, command: SmsCommand) -> None:
    assert parse_reply(text) == command


def test_spanish_fixed_answers_fit_two_texts_counted_as_ucs2() -> None:
    for zone in ("America/Chicago", "Europe/Madrid"):
        words = speaker("es", zone)
        answers = [
            help_text(words),
            help_while_stopped(words),
            not_understood(words),
            stopped(words),
            already_on(words),
            unknown_number_help(words),
            unknown_number_started(words),
            started(8, words),
            started_outside_hours(7, words),
            no_recent_text(by_email=False, hour=9, words=words),
            no_recent_text(by_email=True, hour=9, words=words),
        ]
        for answer in answers:
            assert sms_segments(answer) <= MAX_SEGMENTS, answer
    assert "INICIAR" in stopped(speaker("es"))  # the Spanish word to turn them back on


def test_an_accented_letter_makes_a_text_ucs2() -> None:
    assert sms_segments("a" * 160) == 1  # GSM-7: 160 in one part
    assert sms_segments("é" + "a" * 159) == 1  # é is in GSM-7
    assert sms_segments("á" + "a" * 69) == 1  # á is not: UCS-2, 70 in one part
    assert sms_segments("á" + "a" * 70) == 2  # then 67 a part
    assert sms_segments("á" + "a" * 133) == 2
    assert sms_segments("á" + "a" * 134) == 3


def test_the_two_way_sms_payload() -> None:
    message = (
        '{"originationNumber":"+1 312 555 0142","destinationNumber":"+18005550100",'
        '"messageKeyword":"KEYWORD","messageBody":"done 1","inboundMessageId":"abc-1"}'
    )
    assert InboundSms.from_notification(message) == InboundSms("+13125550142", "done 1", "abc-1")
    assert InboundSms.from_notification("not json") is None
    assert InboundSms.from_notification('{"messageBody": "hi"}') is None
    assert InboundSms.from_notification('{"originationNumber": "nonsense", "messageBody": "hi"}') is None
