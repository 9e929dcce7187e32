"""The languages machinery: catalogs current with the code (make lint), and dates per locale."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from babel.messages.catalog import Catalog

from tools import catalogs
from tracker.rendering.environment import render
from tracker.rendering.i18n import speaker

ROOT = Path(__file__).resolve().parents[2]


def _sources(tmp_path: Path, code: str) -> Path:
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    package = tmp_path / "shared" / "tracker"
    package.mkdir(parents=True)
    (package / "words.py").write_text(code)
    return tmp_path


def test_a_catalog_missing_a_new_message_fails_the_check(tmp_path: Path) -> None:
    # Given code that says a message the Spanish catalog does not have
    template = catalogs.extract(_sources(tmp_path, 'def f(s):\n    return s.gettext("Good morning")\n'))
    spanish = Catalog(locale="es")
    spanish.add("Good evening", "Buenas noches")

    # Then the check names both: the new message and the one no code says any more
    found = catalogs.problems(template, spanish, "es")
    assert "es: not in the catalog: 'Good morning'" in found
    assert "es: no longer in the code: 'Good evening'" in found


def test_an_untranslated_or_fuzzy_spanish_message_fails_the_check(tmp_path: Path) -> None:
    template = catalogs.extract(
        _sources(tmp_path, 'def f(s):\n    return s.gettext("Good morning"), s.gettext("Well done")\n')
    )
    spanish = Catalog(locale="es")
    spanish.add("Good morning", "")
    spanish.add("Well done", "Bien hecho", flags=["fuzzy"])
    assert catalogs.problems(template, spanish, "es") == [
        "es: not translated: 'Good morning'",
        "es: fuzzy, check and clear the flag: 'Well done'",
    ]
    # English msgids are the text: an English catalog needs no translations
    english = Catalog(locale="en")
    english.add("Good morning", "")
    english.add("Well done", "")
    assert catalogs.problems(template, english, "en") == []

    # A translation naming a placeholder the code does not fill would fail as it is sent
    spanish = Catalog(locale="es")
    spanish.add("Good morning", "Buenos días, {nombre}")
    spanish.add("Well done", "Bien hecho")
    assert catalogs.problems(template, spanish, "es") == [
        "es: placeholders not in the original: ['nombre'] in 'Good morning'"
    ]

    # And once translated, Spanish passes
    spanish = Catalog(locale="es")
    spanish.add("Good morning", "Buenos días")
    spanish.add("Well done", "Bien hecho")
    assert catalogs.problems(template, spanish, "es") == []


def test_the_repository_catalogs_are_current() -> None:
    assert catalogs.check() == []


def test_dates_weekdays_and_hours_read_as_the_members_locale() -> None:
    wednesday = date(2026, 12, 2)
    english, us, spain = (
        speaker("en", "America/New_York"),
        speaker("es", "America/Chicago"),
        speaker("es", "Europe/Madrid"),
    )
    assert (english.locale, us.locale, spain.locale) == ("en_US", "es_US", "es_ES")
    assert speaker("es", "Atlantic/Canary").locale == "es_ES"
    assert english.day_label(wednesday) == "Wed 2 Dec"  # English as it always read
    assert english.date_label(wednesday) == "2 Dec 2026"
    assert english.hour(9) == "09:00"
    assert us.day_label(wednesday) == "mié 2 dic"
    assert us.date_label(wednesday) == "2 dic 2026"
    assert us.weekday(4) == spain.weekday(4) == "viernes"
    assert us.hour(18) == "6:00 p.m."  # the United States' Spanish writes a 12-hour clock
    assert spain.hour(18) == "18:00"


def test_templates_render_in_the_language_asked_for(tmp_path: Path) -> None:
    # The environment carries jinja2.ext.i18n: a template's _() goes through the language's catalog
    from tracker.rendering.environment import environment

    english, spanish = environment("en"), environment("es")
    assert english is environment("en")  # one environment per language, built once
    assert english is not spanish
    assert "gettext" in spanish.globals
    assert render("emails/layout.txt", greeting="Hi", footer="f", unsubscribe="u").startswith("Hi")
