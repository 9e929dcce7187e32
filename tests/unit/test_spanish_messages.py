"""A member who reads Spanish: the daily email and text, the weekly check, and text replies in
Spanish, answered in Spanish; the text still fits two parts though accents make it UCS-2."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes.services import MemoryServices
from tests.unit.test_services_replies import CHICAGO, PHONE, due, reached_out, send_reminder, statuses, text
from tests.unit.test_weekly_messages import SIGNER, check
from tracker.domain.contacts import ContactChanges, NewContact
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Identity, Language, Member, NextStep, ReminderChannel
from tracker.domain.picks import PickStatus
from tracker.domain.sms import Answer, sms_segments
from tracker.rendering.emails import weekly_email
from tracker.rendering.sms import weekly_sms


@pytest.fixture
def spanish(app: MemoryServices, sam: Identity) -> Member:
    """Sam reads Spanish and gets picks by email and text, at 08:00 in Chicago."""
    app.members.update(
        sam,
        ProfileChanges(
            display_name="Samuel Ortiz",
            language=Language.ES,
            time_zone="America/Chicago",
            reminder_hour=8,
            phone=PHONE,
            reminder_channels=(ReminderChannel.EMAIL, ReminderChannel.SMS),
            picks_per_day=3,
        ),
    )
    return app.prove_phone(sam)


def test_the_daily_email_and_text_are_in_spanish(app: MemoryServices, sam: Identity, spanish: Member) -> None:
    # Given three people due, and a next step with Ana due tomorrow
    ana, _, _ = due(app, sam, "Ana Lima", "Íñigo Martínez", "Chloé Dubois")
    tomorrow = app.clock.now().astimezone(CHICAGO).date() + timedelta(days=1)
    app.contacts.update(
        sam.member, ana.contact_id, ContactChanges(next_step=NextStep("Enviarle mi CV", tomorrow))
    )
    # When the day's reminder goes
    send_reminder(app, spanish)
    # Then the email is Spanish: subject, text part and HTML part
    (mail,) = app.mailer.to("sam@example.org")
    assert mail.subject == "Para reconectar hoy: 3 personas"
    assert mail.text.startswith("Buenos días, Samuel.\n")
    assert "Tus contactos para reconectar hoy: personas con las que no hablas desde hace tiempo." in mail.text
    assert "1. Ana Lima" in mail.text
    assert "Próximo paso: Enviarle mi CV (para el vie 27 nov)" in mail.text
    assert "Un mensaje que podrías enviar:" in mail.text
    assert "Ya le escribí: https://" in mail.text
    assert "Registrar una conversación: https://" in mail.text
    assert "Recibes este correo a las 8:00 a.m. (America/Chicago)" in mail.text
    assert "Dejar de recibir recordatorios por correo: https://" in mail.text
    assert "Good morning" not in mail.text
    assert "Unsubscribe" not in mail.text
    assert "Buenos días, Samuel." in mail.html
    assert ">Ya le escribí</a>" in mail.html
    assert ">Posponer 30 días</a>" in mail.html
    assert "Última conversación:" in mail.html
    assert "(hace " in mail.html
    assert ">Dejar de recibir recordatorios por correo</a>" in mail.html
    # And the text is Spanish, names first names only, and fits two parts counted as UCS-2: Í is
    # not in GSM-7, so two parts hold 134 characters (not 306), and the third name no longer fits
    sms = app.texter.to(PHONE)[-1]
    assert sms == (
        "Networking Tracker: 3 personas para reconectar hoy: 1 Ana, 2 Íñigo. "
        "Responde LISTO 1 al escribirle, POSPONER 1 para saltar o AYUDA."
    )
    assert sms_segments(sms) == 2


def test_a_spanish_reply_round_trip(app: MemoryServices, sam: Identity, spanish: Member) -> None:
    due(app, sam, "Ana Lima", "Ben Okafor", "Chloé Dubois")
    send_reminder(app, spanish)
    # LISTO 1 logs a conversation with Ana and says so in Spanish
    assert text(app, "LISTO 1", "in-1") == (
        Answer.DONE,
        ["Networking Tracker: anotado: contactaste a Ana. ¡Bien hecho!"],
    )
    assert reached_out(app, sam) == ["Ana Lima"]
    # POSPONER 2 snoozes Ben; hecho with an accent-free, lower-case word still counts
    assert text(app, "posponer 2", "in-2") == (
        Answer.SNOOZED,
        ["Networking Tracker: pospusimos a Ben 30 días."],
    )
    assert text(app, "Hecho 3", "in-3")[0] is Answer.DONE
    assert statuses(app, spanish) == [PickStatus.DONE, PickStatus.SNOOZED, PickStatus.DONE]
    # An English word gets a Spanish answer too: the member's language decides
    answer, (help_reply,) = text(app, "HELP", "in-4")
    assert answer is Answer.HELP
    assert help_reply.startswith("Networking Tracker: responde LISTO 1")
    # PARAR stops texts, answered in Spanish, and nothing more is texted
    answer, (stopped,) = text(app, "PARAR", "in-5")
    assert answer is Answer.STOPPED
    assert (
        stopped
        == "Networking Tracker: no recibirás más mensajes nuestros. Responde INICIAR para reactivarlos."
    )
    assert app.members.profile(sam).reminder_channels == (ReminderChannel.EMAIL,)
    assert text(app, "LISTO 1", "in-6") == (Answer.SILENT, [])
    texts_before = len(app.texter.to(PHONE))
    app.contacts.create(sam, NewContact(name="Dana Cruz"))  # someone due tomorrow
    app.clock.advance(days=1)
    send_reminder(app, app.members.profile(sam))
    assert len(app.texter.to(PHONE)) == texts_before  # the next day's reminder: email only
    assert len(app.mailer.to("sam@example.org")) == 2


@pytest.mark.parametrize("word", ["ALTO", "baja", "Cancelar"])
def test_every_spanish_opt_out_word_stops_texts(
    app: MemoryServices, sam: Identity, spanish: Member, word: str
) -> None:
    due(app, sam, "Ana Lima")
    send_reminder(app, spanish)
    assert text(app, word, "in-1")[0] is Answer.STOPPED
    assert app.members.profile(sam).reminder_channels == (ReminderChannel.EMAIL,)


def test_a_spanish_stop_from_a_number_we_do_not_know_is_answered_in_spanish(app: MemoryServices) -> None:
    answer, (reply,) = text(app, "parar", "in-1", "+13125550199")
    assert answer is Answer.STOPPED
    assert "INICIAR" in reply


def test_the_weekly_email_and_text_are_in_spanish() -> None:
    weekly = check("Ana Lima", people=3, met=True)
    spanish = replace(weekly, member=replace(weekly.member, language=Language.ES, display_name="Sam"))
    now = datetime(2026, 11, 27, 22, tzinfo=UTC)  # 16:00 in Chicago
    mail = weekly_email(spanish, SIGNER, now)
    assert mail.subject == "Tu semana: metas cumplidas, y tu plan para 30 nov - 6 dic"
    assert mail.text.startswith("Buenas tardes, Sam.\n")
    assert "Tu semana (23-29 nov):" in mail.text
    assert "- Personas con las que estuviste en contacto: 3 de 3 ✓" in mail.text
    assert "Estuviste en contacto con: Ana Lima y 2 personas más." in mail.text
    assert "Cumpliste tus metas esta semana. Bien hecho." in mail.text
    assert "Plan de la próxima semana (30 nov - 6 dic):" in mail.text
    assert "Además, 1 persona nueva por conocer" in mail.text
    assert "Acepta este plan (la próxima semana serán tus contactos del día): https://" in mail.text
    assert "Recibes este correo cada viernes a las 4:00 p.m. (America/Chicago)." in mail.text
    assert ">Acepta este plan</a> y la próxima semana serán tus contactos del día." in mail.html
    assert "Tu semana (23-29 nov)" in mail.html
    sms = weekly_sms(spanish)
    assert sms.startswith("Networking Tracker: esta semana 3 de 3 personas, 0 de 1 nuevas")
    assert "Metas cumplidas. ¡Bien hecho!" in sms
    assert sms_segments(sms) <= 2
    # In Spain, the same email writes Spain's clock
    madrid = replace(spanish, member=replace(spanish.member, time_zone="Europe/Madrid"))
    assert "cada viernes a las 16:00 (Europe/Madrid)." in weekly_email(madrid, SIGNER, now).text


def test_the_address_confirmation_and_the_lost_number_notice_are_in_spanish() -> None:
    from tracker.domain.model import MemberKey
    from tracker.rendering.emails import confirm_email, phone_taken_email

    now = datetime(2026, 11, 26, 14, tzinfo=UTC)
    lucia = Member(MemberKey("bridges", "m-1"), "lucia@example.org", now, now, language=Language.ES)
    mail = confirm_email(lucia, "nueva@example.org", "https://tracker.example.org/c?t=1", SIGNER, now)
    assert mail.subject == "Confirma tu nueva dirección de correo"
    assert (
        "Abre este enlace\npara confirmarla (vale un día):\n\nhttps://tracker.example.org/c?t=1\n\n"
        in mail.text
    )
    assert '<a href="https://tracker.example.org/c?t=1">Confirma esta dirección</a>' in mail.html
    notice = phone_taken_email(lucia, "+13125550142", SIGNER, now)
    assert notice.subject == "Ya no enviamos mensajes a tu número de teléfono"
    assert "(terminado en 42)" in notice.text


def test_the_note_on_health_left_out_of_drafts_is_in_spanish_and_points_to_settings(
    app: MemoryServices, sam: Identity, spanish: Member
) -> None:
    # Given a Spanish member whose focus mentions their treatment
    app.members.update(
        sam, ProfileChanges(current_focus="volver a trabajar en diseño mientras termino el tratamiento")
    )
    due(app, sam, "Ana Lima")
    # When the day's reminder goes
    send_reminder(app, app.members.profile(sam))
    (mail,) = app.mailer.to("sam@example.org")
    # Then the note says, in Spanish, what was left out and where to choose otherwise
    assert "Una nota sobre estos borradores: dejan fuera lo que tus notas dicen sobre salud" in mail.text
    assert '("tratamiento")' in mail.text
    assert "/app/settings#drafts_may_mention_health Solo te lo diremos esta vez." in mail.text
    assert "A note about these drafts" not in mail.text
    assert "PATCH /me" not in mail.text
