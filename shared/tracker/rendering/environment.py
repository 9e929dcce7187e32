"""The Jinja2 environment our emails and pages are rendered with (templates/).

Built on the first render, not on import: importing Jinja2 takes tens of milliseconds, which a
cold start should pay only if it renders something (tests/unit/test_import_budget.py checks
that no handler imports it).

`.html` templates are autoescaped; `.txt` ones (the plain-text part of an email) are not, so a
contact called "Ben & Co" reads as typed there.

One environment per language, each with its catalog installed (jinja2.ext.i18n, new-style
gettext: `{{ _("Hello %(name)s", name=name) }}`, autoescaped like any other value), built once
and never changed after: safe to share between threads.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.rendering.i18n import DEFAULT_LANGUAGE, translations

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().with_name("templates")


@cache
def environment(language: str = DEFAULT_LANGUAGE) -> Environment:
    import html

    import jinja2
    from markupsafe import Markup

    @jinja2.pass_eval_context
    def entities(context: jinja2.nodes.EvalContext, value: object) -> object:
        """Escape each value as our pages and emails always have, in the standard library's
        spelling (`&quot;`, `&#x27;`; MarkupSafe's `&#34;`, `&#39;` mean the same). Autoescape
        leaves the result alone, and still escapes anything that does not come through here."""
        if context.autoescape and not hasattr(value, "__html__"):
            return Markup(html.escape(str(value), quote=True))  # noqa: S704 - escaped here
        return value

    built = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html",), disabled_extensions=("txt",), default=True
        ),
        undefined=jinja2.StrictUndefined,
        finalize=entities,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates ship in the layer and never change under a running function
    )
    built.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return built


def render(template: str, language: str = DEFAULT_LANGUAGE, /, **context: object) -> str:
    """The template in `language` (one of i18n.LANGUAGES)."""
    return environment(language).get_template(template).render(context)
