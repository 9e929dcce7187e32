"""The program's wording page (/app/program/wording), for its admins: the set's phrasings move by
move, Preview (the sample contacts' drafts, nothing saved), Save (only if nothing is wrong) and
"Back to the default wording" for a move (shown, then saved with Save).

As the other program pages (tracker/web/app_program.py): the session's groups must carry
`admins` (a 403 page otherwise, before the form is read), and the program is only ever the
session's. The text is the program's and ends up in emails: wording_sets.problems lets only
each move's own placeholders through, and every page and email escapes it where it lands.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain.quicklog import FormData
from tracker.rendering import app_wording
from tracker.rendering.reader import N_, gettext
from tracker.rendering.wording_preview import samples
from tracker.rendering.wording_sets import MOVES, PLACEHOLDERS
from tracker.runtime import services
from tracker.services.sessions import Resumed
from tracker.services.wording import DEFAULT_PHRASINGS
from tracker.web.frame import admin_page, admin_post, csrf_of, query_value, redirect, respond

router = APIGatewayHttpRouter()

WORDING = app_wording.WORDING
PAGES = frozenset({WORDING})
SAVED = N_("Saved. Your members' drafts use this wording within 5 minutes.")

Phrasings = dict[str, tuple[str, ...]]


@router.get(WORDING, include_in_schema=False)
def wording_page() -> Response[str]:
    return admin_page(WORDING, lambda seen: _shown(seen.resumed))


def _shown(resumed: Resumed) -> Response[str]:
    own = services().wording.own(resumed.identity)
    phrasings = {move: own.get(move) or DEFAULT_PHRASINGS[move] for move in MOVES}
    notice = gettext(SAVED) if query_value("saved") == "1" else None
    owned = {move: move in own for move in MOVES}
    return _page(resumed, _lines(phrasings), {}, owned, notice=notice)


@router.post(WORDING, include_in_schema=False)
def change_wording() -> Response[str]:
    return admin_post(WORDING, lambda seen: _changed(seen.resumed, seen.form))


def _changed(resumed: Resumed, form: FormData) -> Response[str]:
    app = services()
    typed = {move: form.first(move)[: app_wording.FIELD_LIMIT] for move in MOVES}
    reset = form.first("reset")
    notice = None
    if reset in DEFAULT_PHRASINGS:
        typed[reset] = "\n".join(DEFAULT_PHRASINGS[reset])
        label = next(label for _, moves in app_wording.PARTS for move, label in moves if move == reset)
        notice = gettext("“{label}” shows the default wording again: Save to keep it.").format(
            label=gettext(label)
        )
    phrasings = {move: _phrasings(text) or DEFAULT_PHRASINGS[move] for move, text in typed.items()}
    own = {move: phrasings[move] != DEFAULT_PHRASINGS[move] for move in MOVES}
    if form.first("action") == "save" and not reset:
        found = app.wording.save(resumed.identity, phrasings)
        if not found:
            return redirect(f"{WORDING}?saved=1")
    else:
        found = app.wording.problems(resumed.identity, phrasings)
    if found:
        return _page(resumed, typed, _errors(found, own), own, status_code=422)
    cases = [_case(member.current_focus, contact.name) for member, contact in samples(app.clock.now())]
    drafts = app_wording.samples_drafts(cases, app.wording.preview(resumed.identity, phrasings))
    return _page(resumed, typed, {}, own, preview=drafts, notice=notice)


def _phrasings(text: str) -> tuple[str, ...]:
    """A box's phrasings: one a line, spaces tidied, blank lines left out."""
    return tuple(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _lines(phrasings: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {move: "\n".join(options) for move, options in phrasings.items()}


def _errors(found: Mapping[str, str], own: Mapping[str, bool]) -> dict[str, str]:
    errors = {move: app_wording.sentence(problem) for move, problem in found.items() if move in PLACEHOLDERS}
    if "" in found:  # the set as a whole: said beside the first of the program's own moves
        first = next((move for move in MOVES if own.get(move)), MOVES[0])
        errors.setdefault(first, app_wording.sentence(found[""]))
    return errors


def _case(focus: str | None, name: str) -> str:
    if focus:
        return gettext("{name}, for a member with a current focus").format(name=name)
    return gettext("{name}, for a member with no current focus yet").format(name=name)


def _page(
    resumed: Resumed,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    own: Mapping[str, bool],
    *,
    preview: list[app_wording.SampleDraft] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response[str]:
    page_parts = app_wording.parts(values, errors, own, PLACEHOLDERS)
    return respond(app_wording.wording_page(csrf_of(resumed), page_parts, preview, notice, status_code))
