"""The Jinja2 environment our emails and pages are rendered with (templates/).

Built on the first render, not on import: importing Jinja2 takes tens of milliseconds, which a
cold start should pay only if it renders something (tests/unit/test_import_budget.py checks
that no handler imports it).

`.html` templates are autoescaped; `.txt` ones (the plain-text part of an email) are not, so a
contact called "Ben & Co" reads as typed there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().with_name("templates")


@cache
def environment() -> Environment:
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

    return jinja2.Environment(
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


def render(template: str, /, **context: object) -> str:
    return environment().get_template(template).render(context)
