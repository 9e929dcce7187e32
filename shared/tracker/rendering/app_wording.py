"""The web app's page for a program's wording set (/app/program/wording), for its admins: each
move's phrasings in a box (one per line) with the placeholders it allows said plainly, a preview
of the sample contacts' drafts (email, LinkedIn, text) before saving, and what is wrong said
beside the move's box (rendering/wording_sets.py's own words) with a summary above."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tracker.rendering.app_pages import Chrome, Field, Page, render_page
from tracker.rendering.app_program import REPORT
from tracker.rendering.drafts import Draft
from tracker.rendering.reader import N_, gettext
from tracker.rendering.wording_sets import Problem

WORDING = "/app/program/wording"
FIELD_LIMIT = 1_200  # characters a move's box takes (6 phrasings of at most 140 characters, and room)

# The moves as admins know them, in the order of a draft: (part, [(move, what it is)]).
PARTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        N_("Opening: acknowledging the silence"),
        (
            ("LAPSE_SINCE", N_("When you know how long it has been")),
            ("LAPSE_UNDATED", N_("When the date of the last conversation is not known")),
        ),
    ),
    (
        N_("Pleasantry: something you remember"),
        (
            ("MEMORY", N_("From a shared memory")),
            ("LAST_TALK", N_("From the last conversation")),
            ("LAST_TALK_SHORT", N_("From the last conversation, named in a few words")),
            ("LAST_TALK_WHEN", N_("From something you did together last time")),
            ("MET_ROLE", N_("From who they were to you")),
            ("MET_WHEN", N_("From how you met, as something you did")),
            ("MET_NOTE", N_("From a note on how you met")),
            ("NO_MEMORY", N_("When there is nothing to recall")),
        ),
    ),
    (
        N_("Why now"),
        (
            ("WHY_FOCUS", N_("From the member's current focus")),
            ("WHY_GENERAL", N_("When the member has not said their focus yet")),
        ),
    ),
    (
        N_("Offer: something in return"),
        (
            ("OFFER_DO", N_("A help idea that is something to do")),
            ("OFFER_WITH", N_("A help idea that is something to help with")),
            ("OFFER_ASK", N_("When there is no help idea: asking how to help")),
        ),
    ),
    (
        N_("Follow-up"),
        (
            ("HOOK_DO", N_("From an open next step to do")),
            ("HOOK_NOTE", N_("From an open next step written as a note")),
            ("FOLLOW_DOING", N_("From what they were about to do, last time")),
            ("FOLLOW_WILL", N_("From what they said they would do, last time")),
        ),
    ),
)
PLACEHOLDER_WORDS = {
    "hello": N_('{hello} is the greeting with the name they go by, like "Hi Ana,"'),
    "since": N_('{since} is how long since you last spoke, like "5 months"'),
    "memory": N_('{memory} is the shared memory, like "the pub quiz nights at the Crown"'),
    "summary": N_('{summary} is the last conversation, like "coffee near your office"'),
    "role": N_('{role} is who they were to you, like "colleague from my first job"'),
    "met": N_('{met} is how you met, like "we sat together at the stand-ups"'),
    "focus": N_("{focus} is the member's current focus, like \"I'm looking into design roles\""),
    "idea": N_('{idea} is the help idea, turned towards them, like "proof-read your CV"'),
    "step": N_('{step} is the open next step, like "send my updated CV"'),
    "doing": N_('{doing} is what they were about to do, like "moving to the data team"'),
    "do": N_('{do} is what they said they would do, like "ask about the part-time role"'),
}


@dataclass(frozen=True)
class MoveField:
    field: Field  # named by the move; its value is the phrasings, one per line
    label: str
    placeholders: str  # the placeholders the move allows, said plainly
    own: bool  # the program's own phrasings, not the default ones


@dataclass(frozen=True)
class Part:
    heading: str
    moves: list[MoveField]


@dataclass(frozen=True)
class SampleDraft:
    who: str  # the sample contact, and what makes the case
    email: str
    linkedin: str
    sms: str


def placeholders_said(allowed: frozenset[str], opening: bool) -> str:
    if not allowed:
        return gettext("No placeholders: write the sentence as it should read.")
    names = gettext(" and ").join(f"{{{name}}}" for name in sorted(allowed))
    said = "; ".join(gettext(PLACEHOLDER_WORDS[name]) for name in sorted(allowed))
    first = " " + gettext("Start each with {hello}.") if opening else ""
    return (
        gettext("Use {names} in each phrasing, and no other placeholder: {said}.").format(
            names=names, said=said
        )
        + first
    )


def said(problem: str) -> str:
    """What is wrong with a set, in the reader's language: a wording_sets.Problem by its catalog
    message, its places filled after (said themselves when they are problems too)."""
    if not isinstance(problem, Problem):
        return gettext(problem)
    if not problem.values:
        return gettext(problem.template)
    values = {
        name: said(value) if isinstance(value, Problem) else value for name, value in problem.values.items()
    }
    return gettext(problem.template).format(**values)


def sentence(problem: str) -> str:
    problem = said(problem)
    problem = problem[:1].upper() + problem[1:]
    return problem if problem.endswith((".", "?", "!")) else problem + "."


def parts(
    values: Mapping[str, str],
    errors: Mapping[str, str],
    own: Mapping[str, bool],
    allowed: Mapping[str, frozenset[str]],
) -> list[Part]:
    return [
        Part(
            gettext(heading),
            [
                MoveField(
                    Field(move, values.get(move, ""), errors.get(move), FIELD_LIMIT),
                    gettext(label),
                    placeholders_said(allowed[move], move.startswith("LAPSE")),
                    own.get(move, False),
                )
                for move, label in moves
            ],
        )
        for heading, moves in PARTS
    ]


def samples_drafts(cases: Sequence[str], drafts: Sequence[Draft]) -> list[SampleDraft]:
    return [
        SampleDraft(case, draft.text, draft.linkedin, draft.sms)
        for case, draft in zip(cases, drafts, strict=True)
    ]


def wording_page(
    csrf: str,
    page_parts: list[Part],
    preview: list[SampleDraft] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Page:
    problems = [move.field for part in page_parts for move in part.moves if move.field.error]
    return render_page(
        "program_wording",
        status_code,
        Chrome(csrf, REPORT),
        title=gettext("Program wording"),
        csrf=csrf,
        parts=page_parts,
        problems=problems,
        preview=preview,
        notice=notice,
        wording_path=WORDING,
    )
