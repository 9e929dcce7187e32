"""The web app and the signed-link pages in Spanish (issue 17), as a browser drives them over the
public functions: before anyone signs in, the browser's Accept-Language (or the page's switch)
chooses the language; once signed in, the member's own `language`; a signed link's pages, the
language of the member it is for. `lang` says which on every page; dates are Babel's."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from tests.conftest import ApiClient
from tests.integration import test_web_app as web
from tests.integration.test_web_app import Answer, Browser, signed_in
from tests.public_pages import forms_in
from tracker.domain.clock import FixedClock
from tracker.rendering.i18n import speaker

# The web app's fixtures: Bridges, its admin, and Sam with one contact (a pick today).
mailed_invitations, program, sam = web.mailed_invitations, web.program, web.sam

SPANISH_BROWSER = "es-MX,es;q=0.9,en;q=0.5"
ENGLISH_BROWSER = "en-US,en;q=0.9,es;q=0.8"


def lang(page: Answer) -> str:
    found = re.search(r'<html lang="([^"]+)"', page.body)
    assert found, page.body[:200]
    return found.group(1)


def spanish(sam: ApiClient) -> Browser:
    """Sam, who reads Spanish (PATCH /me, as the Settings page saves it), signed in."""
    assert sam.patch("/me", {"language": "es"}).status == 200
    return signed_in(sam)


def test_sign_in_is_in_the_language_the_browser_asks_for_with_a_switch(sam: ApiClient) -> None:
    # Given a browser that prefers Spanish
    page = Browser().request("GET", "/app/sign-in", **{"accept-language": SPANISH_BROWSER})
    # Then the sign-in page is in Spanish, and offers English
    assert page.status == 200
    assert lang(page) == "es"
    assert "<h1>Iniciar sesión</h1>" in page.body
    assert "Correo electrónico" in page.text
    assert "¿Olvidaste tu contraseña?" in page.text
    assert re.search(
        r'<a href="/app/sign-in\?lang=en" lang="en" hreflang="en">Read in English</a>', page.body
    )
    # And a browser that prefers English (Spanish second), or says nothing, gets English
    for header in ({"accept-language": ENGLISH_BROWSER}, {}):
        english = Browser().request("GET", "/app/sign-in", **header)
        assert lang(english) == "en"
        assert "<h1>Sign in</h1>" in english.body
        assert "Leer en español" in english.text
    # And the switch gives Spanish to an English browser, the forgotten-password page too
    switched = Browser().request("GET", "/app/sign-in?lang=es", **{"accept-language": ENGLISH_BROWSER})
    assert lang(switched) == "es"
    assert "Iniciar sesión" in switched.text
    forgot = Browser().request("GET", "/app/forgot-password", **{"accept-language": SPANISH_BROWSER})
    assert lang(forgot) == "es"
    assert "Envíame un código" in forgot.text


def test_a_wrong_password_and_an_empty_field_are_said_in_spanish(sam: ApiClient) -> None:
    browser = Browser()
    page = browser.request("GET", "/app/sign-in", **{"accept-language": SPANISH_BROWSER})
    (form,) = forms_in(page.body)
    assert form.action == "/app/sign-in?lang=es"  # the post stays in the language shown
    wrong = browser.request("POST", form.action, form.data(email="sam@example.org", password="not-his-1"))
    assert wrong.status == 401
    assert lang(wrong) == "es"
    assert "Ese correo y esa contraseña no corresponden a ninguna cuenta" in wrong.text
    (form,) = forms_in(wrong.body)
    empty = browser.request("POST", form.action, form.data(email="", password=""))
    assert empty.status == 422
    assert '<p class="error" id="password-error">Escribe tu contraseña.</p>' in empty.body
    assert '<a href="#email">Escribe tu correo electrónico.</a>' in empty.body


def test_a_spanish_members_pages_are_in_spanish_with_spanish_dates(sam: ApiClient, clock: FixedClock) -> None:
    # Given Sam reads Spanish, and a browser that asks for English
    browser = spanish(sam)
    zone = sam.get("/me").body["time_zone"]
    today = browser.request("GET", "/app", **{"accept-language": ENGLISH_BROWSER})
    # Then Today is in his language, whatever the browser says, with the date as Babel writes it
    assert today.status == 200
    assert lang(today) == "es"
    assert "<h1>Hoy</h1>" in today.body
    local_today = clock.now().astimezone(ZoneInfo(zone)).date()
    assert speaker("es", zone).day_label(local_today) in today.text  # e.g. "vie 4 dic"
    assert re.search(r"\b(lun|mar|mié|jue|vie|sáb|dom) \d{1,2} [a-z]{3}\b", today.text)
    assert "Un mensaje para Ana, para copiar" in today.text
    assert "Ya le escribí a Ana Lima" in today.text
    nav = re.search(r'<nav aria-label="Principal">.*?</nav>', today.body, re.DOTALL)
    assert nav
    for label in ("Hoy", "Red", "Metas", "Configuración"):
        assert f">{label}</a>" in nav.group(0)
    assert ">Cerrar sesión</button>" in today.body
    # And Network, the contact, Goals and Settings too
    network = browser.get("/app/network")
    assert lang(network) == "es"
    assert "Último contacto" in network.text
    assert "1 persona" in network.text
    contact_id = re.search(r'<th scope="row"><a href="/app/contacts/([^"/]+)"', network.body)
    assert contact_id
    contact = browser.get(f"/app/contacts/{contact_id.group(1)}")
    assert lang(contact) == "es"
    assert "Registrar una conversación" in contact.text
    assert "Aún no hay ninguna conversación registrada" in contact.text
    goals = browser.get("/app/goals")
    assert lang(goals) == "es"
    assert "<h1>Metas</h1>" in goals.body
    assert "Las últimas 12 semanas" in goals.text
    # (and the next request, by someone not signed in, is not in Sam's language)
    assert lang(Browser().get("/app/sign-in")) == "en"
    settings = browser.get("/app/settings")
    assert lang(settings) == "es"
    assert "<h1>Configuración</h1>" in settings.body
    assert f">{speaker('es', zone).hour(9)}</option>" in settings.body  # "9:00 a.m." (es_US)
    assert "Lunes" in settings.text  # the weekly check's days


def test_a_mistake_on_a_spanish_form_is_said_in_spanish_beside_its_field(
    sam: ApiClient, clock: FixedClock
) -> None:
    browser = spanish(sam)
    page = browser.get("/app/contacts/new")
    assert "<h1>Añadir un contacto</h1>" in page.body
    yesterday = (clock.now().date() - timedelta(days=2)).isoformat()
    answer = browser.submit(
        page, "Añadir contacto", name="Bea Ruiz", next_step="Enviarle mi CV", next_step_due=yesterday
    )
    assert answer.status == 422
    assert lang(answer) == "es"
    assert '<p class="error" id="next_step_due-error">Elige hoy o una fecha posterior.</p>' in answer.body
    assert re.search(r'id="next_step_due"[^>]*aria-describedby="[^"]*next_step_due-error', answer.body)
    assert "Revisa esto, por favor" in answer.text  # the summary above the form
    # And an English member gets the same mistake in English
    assert sam.patch("/me", {"language": "en"}).status == 200
    english = browser.submit(
        browser.get("/app/contacts/new"),
        "Add contact",
        name="Bea Ruiz",
        next_step="Send my CV",
        next_step_due=yesterday,
    )
    assert "Choose today or a later date." in english.text
    assert lang(english) == "en"


def test_choosing_spanish_in_settings_saves_the_language_and_the_pages_follow(sam: ApiClient) -> None:
    browser = signed_in(sam)
    page = browser.get("/app/settings")
    assert '<option value="es" lang="es">Español</option>' in page.body
    form = next(f for f in forms_in(page.body) if f.fields.get("section") == ["profile"])
    assert form.fields["language"] == ["en"]
    saved = browser.request("POST", form.action, form.data(language="es"))
    assert saved.status == 303
    assert sam.get("/me").body["language"] == "es"  # the same field as PATCH /me's
    after = browser.get(saved.location)
    assert lang(after) == "es"
    assert "Guardado: tu perfil." in after.text
    # A language that is not offered is refused beside the field, and nothing changes
    form = next(f for f in forms_in(after.body) if f.fields.get("section") == ["profile"])
    refused = browser.request("POST", form.action, form.data(language="fr"))
    assert refused.status == 422
    assert '<p class="error" id="language-error">Elige uno de los idiomas de la lista.</p>' in refused.body
    assert sam.get("/me").body["language"] == "es"


def test_the_quick_log_form_behind_a_spanish_members_link_is_in_spanish(
    sam: ApiClient, clock: FixedClock
) -> None:
    assert sam.patch("/me", {"language": "es"}).status == 200
    link = sam.get("/me/form-link").body["url"]
    browser = Browser()
    # An English browser opens it: the page is in the language of the member the link is for
    page = browser.request("GET", link, **{"accept-language": ENGLISH_BROWSER})
    assert page.status == 200
    assert lang(page) == "es"
    assert "<h1>Registrar una conversación</h1>" in page.body
    assert "¿Con quién hablaste?" in page.text
    assert "Llamada" in page.text
    assert "Nos acabamos de conocer" in page.text
    form = next(f for f in forms_in(page.body) if any("Guardar conversación" in b for b in f.buttons))
    tomorrow = (clock.now().date() + timedelta(days=2)).isoformat()
    answer = browser.request("POST", "/" + form.action, form.data(contact="", when=tomorrow))  # action="log"
    assert answer.status == 422
    assert lang(answer) == "es"
    assert (
        '<p class="error" id="contact-error">Escribe el nombre de la persona con quien hablaste.</p>'
        in answer.body
    )
    assert "Esa fecha está en el futuro" in answer.text
    assert "Revisa 2 cosas, por favor" in answer.text
    # A link that does not work, before any member is known: the browser's language
    broken = Browser().request("GET", "/log?t=nonsense", **{"accept-language": SPANISH_BROWSER})
    assert lang(broken) == "es"
    assert "Este enlace no funciona" in broken.text


def test_the_services_refusals_are_said_in_spanish_on_the_settings_page(sam: ApiClient) -> None:
    from tests.conftest import sent_sms
    from tests.integration.test_web_settings import post, section

    browser = spanish(sam)
    done = post(browser, "phone", phone="+1 312 555 0142")
    page = browser.get(done.location)
    (code,) = re.findall(r"(\d{6})", [t for to, t in sent_sms() if to == "+13125550142"][-1])
    wrong = browser.request(
        "POST", "/app/settings", {**section(page, "verify"), "code": ["000000" if code != "000000" else "1"]}
    )
    assert wrong.status == 422
    assert "Ese no es el código que te enviamos; te quedan 4 intentos" in wrong.text
    assert "That is not the code" not in wrong.text
    too_soon = browser.request("POST", "/app/settings", section(page, "code"))
    assert too_soon.status == 429
    assert "Acabamos de enviarte un código; pide otro después de las " in too_soon.text
    assert lang(too_soon) == "es"
