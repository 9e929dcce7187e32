"""Which language a page is written in before anyone signs in: the browser's Accept-Language
(its first preference among ours, q-values honoured), or the page's switch (?lang=)."""

from __future__ import annotations

import pytest

from tracker.rendering.reader import browser_language


@pytest.mark.parametrize(
    ("header", "chosen", "language"),
    [
        ("es-MX,es;q=0.9,en;q=0.5", "", "es"),
        ("es", "", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "", "en"),
        ("en;q=0.2, es;q=0.9", "", "es"),  # the order of the header is not the preference
        ("fr-CA,fr;q=0.9,es;q=0.5", "", "es"),  # French is not offered: the next one that is
        ("fr-CA,de", "", "en"),
        ("es;q=0", "", "en"),  # q=0: not acceptable
        ("*", "", "en"),
        ("", "", "en"),
        ("es;q=nonsense, en", "", "en"),
        ("en-US", "es", "es"),  # the page's switch wins
        ("es-MX", "en", "en"),
        ("es-MX", "fr", "es"),  # a switch to a language we do not have is ignored
    ],
)
def test_the_browser_language_is_its_first_preference_among_ours(
    header: str, chosen: str, language: str
) -> None:
    assert browser_language(header, chosen) == language
