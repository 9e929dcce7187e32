"""A program's wording set on the web app (/app/program/wording, issue 15), as an admin's browser
drives it over the web function: a saved set reaches the program's members' drafts (GET
/picks/today and the Today page) and no other program's, within the cache's few minutes; a
phrasing with an unsafe placeholder is refused beside its box and nothing is saved; Preview
shows the sample contacts' drafts without saving; members who are not admins get a 403."""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from typing import Any

import pytest

from local.provision import Stack
from tests.conftest import ApiClient
from tests.integration.test_program import orgs
from tests.integration.test_reminders import dynamodb_calls
from tests.integration.test_web_app import Answer, Browser, account, mailed_invitations
from tests.integration.test_web_program import dana, signed_in_as
from tests.public_pages import forms_in
from tracker.domain import Identity
from tracker.domain.clock import FixedClock
from tracker.domain.wording import WordingSet
from tracker.rendering.program_wording import FRESH_FOR

WORDING = "/app/program/wording"
WHY = "I'm catching up with the people who made my old job fun, and you came to mind."
ASK = "No rush at all: how are you doing these days?"

__all__ = ["dana", "mailed_invitations", "orgs"]  # fixtures, used by name


def member_with_a_pick(client: ApiClient) -> ApiClient:
    reply = client.post("/contacts", {"name": "Ana Lima", "how_we_met": "Old football team"})
    assert reply.status == 201, reply.body
    return client


@pytest.fixture
def sam(aws: Stack, orgs: None) -> ApiClient:
    """A member of Bridges (Dana's program) with no current focus and a contact to reconnect with."""
    return member_with_a_pick(ApiClient(account(aws, "sam@example.org")))


@pytest.fixture
def lee(orgs: None) -> ApiClient:
    """A member of St Mary's, another program."""
    return member_with_a_pick(
        ApiClient(Identity("stmarys", "dddddddd-0000-4000-8000-00000000000d", "lee@x.org"))
    )


def todays_draft(member: ApiClient) -> dict[str, Any]:
    reply = member.get("/picks/today")
    assert reply.status == 200, reply.body
    (pick,) = reply.body["picks"]
    return dict(pick["draft"])


def send(browser: Browser, button: str, **boxes: str) -> Answer:
    page = browser.get(WORDING)
    assert page.status == 200, page.text
    (form,) = [f for f in forms_in(page.body) if f.action == WORDING]
    return browser.request("POST", WORDING, {**form.data(**boxes), "action": [button]})


def test_a_saved_set_reaches_the_programs_drafts_and_no_other_programs(
    dana: Browser, sam: ApiClient, lee: ApiClient
) -> None:
    before = todays_draft(sam)
    assert WHY not in before["text"]
    saved = send(
        dana, "save", WHY_GENERAL=WHY, OFFER_ASK=f"{ASK}\n\n  Is there   anything I could do for you?  "
    )
    assert (saved.status, saved.location) == (303, f"{WORDING}?saved=1"), saved.text
    page = dana.get(saved.location)
    assert "Saved." in page.text
    assert f"{ASK}\nIs there anything I could do for you?</textarea>" in page.body.replace("&#x27;", "'")
    assert "Why now" in page.text
    assert "(your program's wording)" in page.text
    draft = todays_draft(sam)
    assert draft["why_now"] == WHY
    assert draft["offer"] in (ASK, "Is there anything I could do for you?")
    today = signed_in_as("sam@example.org").get("/app")
    assert WHY in today.body.replace("&#x27;", "'")
    assert WHY not in todays_draft(lee)["text"]  # St Mary's keeps its own wording (the default)


def test_a_phrasings_markup_is_shown_as_text_wherever_it_lands(dana: Browser, sam: ApiClient) -> None:
    marked = "Fancy a <b>coffee</b> & a chat?"
    assert send(dana, "save", OFFER_ASK=marked).status == 303
    assert todays_draft(sam)["offer"] == marked  # the API's JSON carries the text as written
    for page in (dana.get(WORDING), signed_in_as("sam@example.org").get("/app")):
        assert "<b>coffee</b>" not in page.body
        assert "Fancy a &lt;b&gt;coffee&lt;/b&gt; &amp; a chat?" in page.body
    preview = send(dana, "preview")
    assert "<b>coffee</b>" not in preview.body
    assert "&lt;b&gt;coffee&lt;/b&gt;" in preview.body


def test_a_set_saved_in_another_environment_reaches_drafts_within_the_caches_minutes(
    dana: Browser, sam: ApiClient, clock: FixedClock
) -> None:
    from tracker.runtime import dynamo_repositories

    assert todays_draft(sam)["why_now"] != WHY  # this environment now keeps Bridges' wording
    dynamo_repositories().wordings.put(WordingSet("bridges", "en", {"WHY_GENERAL": (WHY,)}, clock.now()))
    assert todays_draft(sam)["why_now"] != WHY
    clock.at += FRESH_FOR
    assert todays_draft(sam)["why_now"] == WHY


@pytest.mark.parametrize(
    ("box", "typed", "said"),
    [
        ("OFFER_DO", "I could {idea.__class__}.", '"{idea.__class__}" is not a placeholder'),
        ("WHY_GENERAL", "I wanted to say {0}.", '"{0}" is not a placeholder'),
        ("FOLLOW_WILL", "Did you {do!r}?", '"{do!r}" is not a placeholder'),
        ("OFFER_ASK", "How is {contact.name}?", "{contact.name}"),
        (
            "OFFER_WITH",
            "I could help with {idea}.\nAnd {name!r}.",
            'Phrasing 2: "{name!r}" is not a placeholder',
        ),
    ],
)
def test_an_unsafe_placeholder_is_refused_beside_its_box_and_nothing_is_saved(
    dana: Browser, sam: ApiClient, box: str, typed: str, said: str
) -> None:
    from tracker.runtime import dynamo_repositories

    answer = send(dana, "save", **{"HOOK_DO": "I still mean to {step}, honestly.", box: typed})
    assert answer.status == 422, answer.text
    error = unescape(answer.body.split(f'id="{box}-error">', 1)[1].split("</p>", 1)[0])
    assert said in error
    assert "Please check this" in answer.text  # the summary, linking to the box
    assert f'href="#{box}"' in answer.body
    assert f'aria-describedby="{box}-hint {box}-error" aria-invalid="true"' in answer.body
    assert dynamo_repositories().wordings.get("bridges", "en") is None
    assert todays_draft(sam)["why_now"] != WHY


def test_preview_shows_the_sample_drafts_in_every_channel_and_saves_nothing(dana: Browser) -> None:
    from tracker.runtime import dynamo_repositories

    answer = send(dana, "preview", WHY_GENERAL=WHY)
    assert answer.status == 200, answer.text
    shown = answer.body.replace("&#x27;", "'")
    assert "Preview on sample contacts" in answer.text
    assert shown.count(WHY) >= 7  # every sample of the member with no focus yet
    assert answer.text.count("Text message") == 14
    assert f">{WHY}</textarea>" in shown  # the box keeps what was typed
    assert dynamo_repositories().wordings.get("bridges", "en") is None


def test_back_to_the_default_wording_shows_the_default_in_that_box(dana: Browser) -> None:
    from tracker.runtime import dynamo_repositories

    assert send(dana, "save", WHY_GENERAL=WHY).status == 303
    page = dana.get(WORDING)
    (form,) = [f for f in forms_in(page.body) if f.action == WORDING]
    answer = dana.request("POST", WORDING, {**form.data(), "reset": ["WHY_GENERAL"]})
    assert answer.status == 200, answer.text
    assert "shows the default wording again: Save to keep it" in answer.text
    assert WHY not in answer.body.replace("&#x27;", "'").split("Preview on sample contacts")[0]
    kept = dynamo_repositories().wordings.get("bridges", "en")
    assert kept is not None
    assert kept.phrasings == {"WHY_GENERAL": (WHY,)}  # until saved
    (form,) = [f for f in forms_in(answer.body) if f.action == WORDING]
    assert dana.request("POST", WORDING, {**form.data(), "action": ["save"]}).status == 303
    assert dynamo_repositories().wordings.get("bridges", "en") is None  # nothing of its own left


def test_a_member_who_is_not_an_admin_gets_403_and_changes_nothing(sam: ApiClient, dana: Browser) -> None:
    from tracker.runtime import dynamo_repositories

    browser = signed_in_as("sam@example.org")
    page = browser.get(WORDING)
    assert page.status == 403
    assert "Wording" not in browser.get("/app").text  # no nav link to the program pages
    admin_page = dana.get(WORDING)
    (form,) = [f for f in forms_in(admin_page.body) if f.action == WORDING]
    fields = {**form.data(WHY_GENERAL=WHY), "action": ["save"]}
    fields["csrf"] = next(
        f.data()["csrf"][0] for f in forms_in(browser.get("/app").body) if "csrf" in f.fields
    )
    assert browser.request("POST", WORDING, fields).status == 403
    assert dynamo_repositories().wordings.get("bridges", "en") is None


def test_the_page_reads_the_session_and_the_set_and_saving_writes_one_item(dana: Browser) -> None:
    assert dana.get(WORDING).status == 200
    with dynamodb_calls() as calls:
        page = dana.get(WORDING)
    assert page.status == 200
    assert [name for name, _ in calls] == ["BatchGetItem", "GetItem"], calls  # the session, the set
    with dynamodb_calls() as calls:
        assert send(dana, "save", WHY_GENERAL=WHY).status == 303
    assert [name for name, _ in calls][-1] == "PutItem", calls


def test_the_program_pages_link_to_the_wording(dana: Browser) -> None:
    for path in ("/app/program", "/app/program/members", "/app/program/settings", WORDING):
        assert f'<a href="{WORDING}"' in dana.get(path).body
    assert timedelta(minutes=5) == FRESH_FOR  # as the page and the README say


def test_an_admin_who_reads_spanish_sees_the_page_and_its_errors_in_spanish(dana: Browser) -> None:
    """Issue 17: the page around the boxes is in the admin's language, and what is wrong with a
    phrasing is said in it beside the box; the sample drafts stay the (English) wording set's."""
    settings = dana.get("/app/settings")
    form = next(f for f in forms_in(settings.body) if f.fields.get("section") == ["profile"])
    assert dana.request("POST", form.action, form.data(language="es")).status == 303
    page = dana.get(WORDING)
    assert '<html lang="es"' in page.body
    shown = unescape(page.body)
    assert "<h1>Redacción del programa</h1>" in shown
    assert "Por qué ahora" in shown
    assert "Guardar la redacción" in shown
    answer = send(dana, "save", OFFER_WITH="I could help with {idea}.\nAnd {name!r}.")
    assert answer.status == 422, answer.text
    error = unescape(answer.body.split('id="OFFER_WITH-error">', 1)[1].split("</p>", 1)[0])
    assert error == (
        "Frase 2: «{name!r}» no es un marcador: un marcador es un nombre entre llaves, como {idea}."
    )
    long_ones = {
        "WHY_FOCUS": "So " * 40 + "{focus}.",
        "WHY_GENERAL": "Oh " + "so " * 42 + "glad.",
        "OFFER_ASK": "Oh " + "so " * 42 + "keen.",
    }
    wordy = send(dana, "preview", **long_ones)  # each phrasing is fine; the drafts are not
    assert wordy.status == 422, wordy.text
    errors = [unescape(part.split("</p>", 1)[0]) for part in wordy.body.split('-error">')[1:]]
    assert errors
    assert all("demasiado largo (un correo tiene como máximo 90 palabras" in error for error in errors)
    preview = send(dana, "preview", WHY_GENERAL=WHY)
    assert "Vista previa con contactos de ejemplo" in preview.text
    assert WHY in preview.body.replace("&#x27;", "'")  # the drafts are the wording set's English
