"""Drafts in Spanish (issue 17): a panel of varied contacts with Spanish notes checked by the
rules of the English panel (three moves in order, no bracketed raw notes, no opener twice in
one member's day, each channel within its limit, two SMS parts at most once accents make the
text UCS-2, no surname in the text message, no "None", readable Spanish), the help idea turned
towards the contact in tú, and English output unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice

import pytest
import textstat
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tracker.api.schemas.contacts import ContactCreate
from tracker.domain import Contact, Member, MemberKey, NextStep
from tracker.domain.links import LinkSigner
from tracker.domain.model import Language
from tracker.domain.picks import DailyPicks, PickStatus, ReconnectPick
from tracker.domain.sms import MAX_SEGMENTS, sms_segments
from tracker.rendering.drafts import (
    EMAIL_WORDS,
    LINKEDIN_CHARS,
    SMS_CHARS,
    day_drafts,
    draft_opener,
    todays_drafts,
)
from tracker.rendering.emails import daily_email
from tracker.rendering.wording_es import SPANISH
from tracker.rendering.wording_sets import DEFAULT, problems

NOW = datetime(2026, 11, 26, 14, tzinfo=UTC)
NAMES = (
    "Ana Lima",
    "José Álvarez García",
    "María José Fernández",
    "Zoë Müller",
    "Nguyễn Thị Lan",
    "Dra. Beatriz Ruiz",
    "Siobhán O'Brien",
    "Guadalupe",
    "Mei-Ling Chen",
    "Ahmed Al-Farsi",
    "Kwame",
    "Ñusta Quispe Mamani",
)
MEMORIES = (
    None,
    "Las noches de trivia en el bar de la esquina",
    None,
    "nuestro karaoke desastroso en el retiro de la empresa",
    None,
    "Subimos al Pico de Orizaba bajo la lluvia",
    None,
    "Cocinamos tamales para la fiesta del barrio",
)
SUMMARIES = (
    None,
    "Café cerca de su oficina. Se va a mudar al equipo de datos.",
    "Me contó de su nuevo trabajo en el ayuntamiento y de sus planes para tomarse un año sabático el año "
    "que viene, que sonaban increíbles, y hablamos muchísimo de bicicletas, libros y las mejores panaderías.",
    "almuerzo",
    "Nos pusimos al día durante el almuerzo; va a empezar un trabajo nuevo en el ayuntamiento "
    "el mes que viene.",
    "Me enviará las diapositivas de su charla en la conferencia de diseño.",
    "Una videollamada rápida; está buscando trabajo en una ONG.",
    "Tomamos algo después del trabajo y nos reímos mucho.",
    "Coffee near her office. She is moving to the data team.",
)
MET = (
    None,
    "Nos sentábamos juntos en las reuniones de los lunes",
    "Nos conocimos en el meetup de Berlín, 2019",
    "Era mi jefa en Acme",
    "Presentación de Jo (por LinkedIn)",
    "Trabajamos juntos en la app del hospital",
    "Antiguo compañero de mi primer trabajo; compartíamos el turno de la mañana",
    "Nos presentó Jo en su boda",
    "Excompañera de piso en Madrid",
    "Fuimos voluntarios en el banco de alimentos",
)
IDEAS = (
    (),
    ("Revisar su CV",),
    ("Presentarle a Jo, del ayuntamiento",),
    ("presentándola a mi antiguo equipo",),
    ("Para revisar su portafolio",),
    ("Su revisión de portafolio",),
    ("Una intro en LinkedIn con mi antiguo jefe",),
    (
        "Enviarle el artículo sobre el trabajo remoto y la semana de cuatro días del que hablamos "
        "la primavera pasada",
    ),
    ("Ayudarla a preparar sus entrevistas",),
    ("Le puedo presentar a mi prima, que trabaja en recursos humanos",),
)
FOCUS = (
    None,
    "volver a trabajar en enfermería",
    "Puestos de diseño de producto en salud",
    "Buscando trabajo de medio tiempo en datos",
    "Quiero cambiar de carrera hacia la programación",
    "Un regreso a la enseñanza",
)


def _panel() -> list[tuple[Member, Contact]]:
    panel = []
    rows = islice(
        zip(cycle(NAMES), cycle(MEMORIES), cycle(SUMMARIES), cycle(MET), cycle(IDEAS), cycle(FOCUS)), 36
    )
    for n, (name, memory, summary, met, ideas, focus) in enumerate(rows):
        member = Member(
            key=MemberKey("puentes", f"m-{n // 3}"),
            email="lucia@example.org",
            created_at=NOW,
            updated_at=NOW,
            current_focus=focus,
        )
        contact = Contact(
            contact_id=f"c-{n}",
            name=name,
            shared_memory=memory,
            last_summary=summary,
            how_we_met=met,
            help_ideas=ideas,
            last_contact_at=NOW - timedelta(days=25 * n) if n % 4 else None,
            next_step=NextStep("Enviarle mi CV actualizado") if n % 5 == 0 else None,
            created_at=NOW,
            updated_at=NOW,
        )
        panel.append((member, contact))
    return panel


PANEL = _panel()


def _sms_within_two_parts(text: str) -> bool:
    """≤ 160 characters; ≤ 134 UTF-16 units (two parts of 67) once a non-GSM-7 character makes it UCS-2."""
    return len(text) <= SMS_CHARS and sms_segments(text) <= MAX_SEGMENTS


def _clean(text: str) -> None:
    assert text
    assert text == text.strip()
    assert "None" not in text
    assert "{" not in text
    assert "  " not in text
    assert not re.search(r"[,;:] *[.?!]|\s[,.;:!?]|\(\)|\.\.(?!\.)|\bde el\b|\ba el\b", text), text
    assert text[-1] in ".?!", text
    assert text.count("¿") == text.count("?"), text  # every question opens as Spanish opens it


@contextmanager
def _spanish() -> Iterator[None]:
    textstat.set_lang("es")
    try:
        yield
    finally:
        textstat.set_lang("en_US")


def _reading_ease(text: str) -> float:
    """Fernández Huerta's reading ease (Flesch's for Spanish): 60-70 is plain, above is easy."""
    with _spanish():
        return float(textstat.fernandez_huerta(text))


def _surname(contact: Contact) -> str | None:
    words = [w for w in contact.name.split() if not w.endswith(".")]
    return words[-1] if len(words) > 1 else None


def test_the_panel_is_large_and_varied() -> None:
    assert len(PANEL) >= 30
    assert len({c.name for _, c in PANEL}) == len(NAMES)
    assert len({c.help_ideas for _, c in PANEL}) == len(IDEAS)


@pytest.mark.parametrize(("member", "contact"), PANEL, ids=[c.contact_id for _, c in PANEL])
def test_every_spanish_panel_draft_follows_the_rules(member: Member, contact: Contact) -> None:
    draft = draft_opener(member, contact, NOW, language="es")
    assert draft.lapse.startswith("¡Hola")
    assert draft.why_now
    assert draft.offer
    assert draft.text.index(draft.lapse) < draft.text.index(draft.why_now) < draft.text.index(draft.offer)
    notes = [contact.shared_memory, contact.last_summary, contact.how_we_met, *contact.help_ideas]
    for text in (draft.text, draft.linkedin, draft.sms):
        _clean(text)
        for note in filter(None, notes):
            assert f"({note[:12]}" not in text, text
            assert f"({note[:1].lower()}{note[1:12]}" not in text, text
        assert not re.search(r"\b(su|sus|ayudarla|ayudarle|presentarle|presentarla)\b", text), text
    assert len(draft.text.split()) <= EMAIL_WORDS
    assert len(draft.linkedin) <= LINKEDIN_CHARS
    assert _sms_within_two_parts(draft.sms), draft.sms
    surname = _surname(contact)
    if surname:
        assert surname not in draft.sms.split("!")[0]
    assert _reading_ease(draft.text) >= 60, draft.text


def _opening(lapse: str) -> tuple[str, ...]:
    return tuple(re.sub(r"^¡Hola(?:, [^!]+)?! ", "", lapse).split()[:3])


def test_no_opener_repeats_within_one_members_spanish_day() -> None:
    by_member: dict[MemberKey, list[Contact]] = {}
    for member, contact in PANEL:
        by_member.setdefault(member.key, []).append(contact)
    for key, contacts in by_member.items():
        member = next(m for m, _ in PANEL if m.key == key)
        drafts = day_drafts(member, contacts, NOW, language="es")
        assert len({_opening(d.lapse) for d in drafts}) == len(drafts)
        assert all(d.lapse.startswith("¡Hola") for d in drafts)


def _one(**fields: object) -> Contact:
    base = Contact(contact_id="c-ana", name="Ana Lima", help_ideas=(), created_at=NOW, updated_at=NOW)
    return replace(base, **fields)  # type: ignore[arg-type]


MEMBER = Member(key=MemberKey("puentes", "m-1"), email="lucia@example.org", created_at=NOW, updated_at=NOW)


@pytest.mark.parametrize(
    ("idea", "offered"),
    [
        ("Revisar su CV", "revisar tu CV"),
        ("Ayudarla a preparar sus entrevistas", "ayudarte a preparar tus entrevistas"),
        ("Ayudarle con su mudanza", "ayudarte con tu mudanza"),
        ("Presentarlo a mi antigua jefa", "presentarte a mi antigua jefa"),
        ("Enviárselo por correo", "enviártelo por correo"),
        ("Le puedo presentar a mi prima", "presentarte a mi prima"),
        ("Su revisión de portafolio", "(ayudarte|te ayudo) con tu revisión de portafolio"),
        (
            "Una intro en LinkedIn con mi antiguo jefe",
            "(ayudarte|te ayudo) con una intro en LinkedIn con mi antiguo jefe",
        ),
        ("presentándola a mi antiguo equipo", "ayudarte presentándote a mi antiguo equipo"),
        ("Tomar un café con ella", "tomar un café contigo"),
        ("Presentarle a Jo y su equipo", "presentarte a Jo y su equipo"),  # Jo's team
        ("Consejos para su entrevista", "(ayudarte|te ayudo) con consejos para tu entrevista"),
    ],
)
def test_a_spanish_help_idea_is_turned_towards_the_contact(idea: str, offered: str) -> None:
    draft = draft_opener(MEMBER, _one(help_ideas=(idea,)), NOW, language="es")
    assert re.search(offered, draft.offer), draft.offer


def test_with_nothing_sensible_to_offer_the_spanish_draft_asks_how_to_help() -> None:
    offers = {draft_opener(MEMBER, _one(contact_id=f"c-{n}"), NOW, language="es").offer for n in range(30)}
    assert "¿Hay algo en lo que pueda ayudarte? Con gusto te devuelvo el favor." in offers
    assert all(offer.startswith("¿") for offer in offers)


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (20, "unas semanas"),
        (95, "3 meses"),
        (40 * 7, "9 meses"),
        (354, "11 meses"),
        (400, "más de un año"),
        (800, "unos 2 años"),
    ],
)
def test_the_time_since_reads_in_spanish(days: int, said: str) -> None:
    drafts = day_drafts(
        MEMBER,
        [_one(contact_id=f"c-{n}", last_contact_at=NOW - timedelta(days=days)) for n in range(6)],
        NOW,
        language="es",
    )
    for draft in drafts:
        assert f" {said} " in draft.lapse or f" {said}." in draft.lapse, draft.lapse
    assert any(f"Hace {said} que no hablamos" in d.lapse or f"hace {said}" in d.lapse for d in drafts)


@pytest.mark.parametrize(
    ("focus", "said"),
    [
        ("volver a trabajar en enfermería", "estoy buscando volver a trabajar en enfermería"),
        ("Buscando trabajo de medio tiempo", "estoy buscando trabajo de medio tiempo"),
        ("Puestos de diseño en salud", "estoy buscando puestos de diseño en salud"),
        ("Quiero volver a la docencia", "quiero volver a la docencia"),
        ("Lista para volver a trabajar", "estoy lista para volver a trabajar"),
        ("Un regreso a la enseñanza", "me estoy enfocando en un regreso a la enseñanza"),
        ("Encontrar un empleo en logística", "quiero encontrar un empleo en logística"),
    ],
)
def test_the_members_focus_becomes_a_spanish_clause(focus: str, said: str) -> None:
    draft = draft_opener(replace(MEMBER, current_focus=focus), _one(), NOW, language="es")
    assert f" {said}, y " in draft.why_now, draft.why_now


def test_the_pleasantry_and_follow_up_come_from_spanish_notes() -> None:
    cases = {
        _one(
            shared_memory="Cantamos karaoke en la fiesta de fin de año"
        ): "cuando cantamos karaoke en la fiesta",
        _one(last_summary="Café cerca de su oficina"): "nuestro café cerca de tu oficina",
        _one(last_summary="Una llamada larga"): "nuestra llamada larga",
        _one(how_we_met="Era mi jefa en Acme"): "cuando eras mi jefa en Acme",
        _one(how_we_met="La conocí en la iglesia"): "cuando te conocí en la iglesia",
        _one(
            how_we_met="Compañeras de clase en el colegio"
        ): "cuando éramos compañeras de clase en el colegio",
        _one(how_we_met="Nos presentó mi prima en su boda"): "cuando nos presentó mi prima en su boda",
        _one(last_summary="Una cena con su familia"): "nuestra cena con tu familia",
        _one(
            last_summary="Le escribí para felicitarla por su ascenso"
        ): "cuando te escribí para felicitarte por tu",
        _one(
            how_we_met="Nos conocimos en el meetup de Berlín"
        ): "cuando nos conocimos en el meetup de Berlín",
        _one(last_summary="Almuerzo. Se va a mudar al equipo de datos el mes que viene."): (
            "llegaste a mudarte al equipo de datos?"
        ),
        _one(
            last_summary="Me contó que está buscando trabajo en una ONG."
        ): "sigues buscando trabajo en una ONG?",
        _one(
            last_summary="Me enviará las diapositivas de su charla."
        ): "llegaste a enviarme las diapositivas de tu charla?",
    }
    for contact, said in cases.items():
        assert said.lower() in draft_opener(MEMBER, contact, NOW, language="es").text.lower()


def test_english_notes_are_left_out_of_a_spanish_draft() -> None:
    contact = _one(
        last_summary="Coffee near her office. She is moving to the data team.",
        how_we_met="Nos conocimos en el meetup de Berlín",
        help_ideas=("Proof-read her CV",),
    )
    draft = draft_opener(
        replace(MEMBER, current_focus="getting back into UX research"), contact, NOW, language="es"
    )
    assert "cuando nos conocimos en el meetup de Berlín" in draft.lapse  # the next note it knows
    for text in (draft.text, draft.linkedin, draft.sms):
        assert not re.search(r"\b(coffee|her|she|proof-read|getting)\b", text, re.IGNORECASE), text
    assert draft.offer.startswith("¿")  # no offer it can say: it asks how to help


def test_a_long_spanish_text_message_stays_within_two_ucs2_parts() -> None:
    member = replace(
        MEMBER, current_focus="Buscando trabajo de medio tiempo en análisis de datos para organizaciones"
    )
    contact = _one(
        name="María José Fernández",
        help_ideas=("Presentarle a la directora de análisis de mi antigua empresa",),
    )
    draft = draft_opener(member, contact, NOW, language="es")
    # Accents make it UCS-2: past 70 characters it takes two parts, where GSM-7 would take one
    assert len(draft.sms) > 70, draft.sms
    assert sms_segments(draft.sms) == MAX_SEGMENTS, draft.sms
    assert draft.sms.startswith("¡Hola, María!")
    assert "Fernández" not in draft.sms


def test_todays_drafts_are_in_the_members_language() -> None:
    member = replace(MEMBER, key=MemberKey("stmarys", "m-es"), language=Language.ES)
    day = DailyPicks(
        member=member,
        local_date=NOW.date(),
        picks=[ReconnectPick(contact=_one(), status=PickStatus.PENDING)],
        next_steps=[],
    )
    drafts = todays_drafts(day, NOW)
    assert drafts["c-ana"].lapse.startswith("¡Hola, Ana!")  # not the program's English wording
    english = replace(day, member=replace(member, language=Language.EN))
    assert todays_drafts(english, NOW)["c-ana"].lapse.startswith("Hi Ana,")


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=2000)
_SPANISH_NOTE = st.sampled_from([*filter(None, SUMMARIES), *filter(None, MET), *filter(None, MEMORIES)])
_NOTE = st.none() | _TEXT | _SPANISH_NOTE | st.builds("{} {}".format, _SPANISH_NOTE, _TEXT)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200),
    how_we_met=_NOTE,
    shared_memory=_NOTE,
    ideas=st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300)
        | st.sampled_from([idea for ideas in IDEAS for idea in ideas]),
        max_size=20,
    ),
    summary=_NOTE | st.builds("Almuerzo. Se va a mudar {}. Me contó que está {}".format, _TEXT, _TEXT),
    focus=st.none() | _TEXT | st.sampled_from([f for f in FOCUS if f]),
    step=st.none() | st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=500),
    days=st.none() | st.integers(min_value=0, max_value=20_000),
)
def test_any_contact_the_api_accepts_drafts_in_spanish_within_every_channels_limit(
    name: str,
    how_we_met: str | None,
    shared_memory: str | None,
    ideas: list[str],
    summary: str | None,
    focus: str | None,
    step: str | None,
    days: int | None,
) -> None:
    try:
        accepted = ContactCreate.model_validate(
            {"name": name, "how_we_met": how_we_met, "shared_memory": shared_memory, "help_ideas": ideas}
        ).command()
    except ValidationError:
        assume(False)
        return
    contact = Contact(
        contact_id="c-any",
        created_at=NOW,
        updated_at=NOW,
        last_summary=summary,
        next_step=NextStep(step) if step else None,
        last_contact_at=NOW - timedelta(days=days) if days is not None else None,
        **{k: getattr(accepted, k) for k in ("name", "how_we_met", "shared_memory", "help_ideas")},
    )
    draft = draft_opener(replace(MEMBER, current_focus=focus), contact, NOW, language="es")
    assert len(draft.text.split()) <= EMAIL_WORDS
    assert len(draft.linkedin) <= LINKEDIN_CHARS
    assert _sms_within_two_parts(draft.sms), draft.sms
    assert "None" not in draft.text + draft.linkedin + draft.sms or "None" in repr(contact) + str(focus)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("field", ["last_summary", "shared_memory", "how_we_met"])
def test_a_note_with_no_words_is_left_out_even_when_health_may_be_mentioned(
    language: str, field: str
) -> None:
    member = replace(MEMBER, drafts_may_mention_health=True)
    draft = draft_opener(member, _one(**{field: ". -"}), NOW, language=language)
    empty = draft_opener(member, _one(), NOW, language=language)
    assert draft.text == empty.text  # said as if there were no note, not "…: ."


def test_the_spanish_wording_keeps_the_rules_of_a_wording_set() -> None:
    assert problems(asdict(SPANISH)) == {}
    assert asdict(SPANISH).keys() == asdict(DEFAULT).keys()


def test_a_spanish_members_daily_email_carries_the_spanish_draft() -> None:
    contact = _one(shared_memory="Las noches de trivia en el bar", help_ideas=("Revisar su CV",))
    member = replace(MEMBER, language=Language.ES, current_focus="volver a trabajar en enfermería")
    day = DailyPicks(
        member=member,
        local_date=NOW.date(),
        picks=[ReconnectPick(contact=contact, status=PickStatus.PENDING)],
        next_steps=[],
    )
    email = daily_email(day, LinkSigner(b"s" * 48, "https://tracker.example.org"), NOW)
    draft = todays_drafts(day, NOW)["c-ana"]
    assert draft.text in email.text
    assert "estoy buscando volver a trabajar en enfermería" in email.text
    assert "revisar tu CV" in email.text
    assert "Hi Ana" not in email.text
