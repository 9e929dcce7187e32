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

WORDING = "/app/program/wording"
FIELD_LIMIT = 1_200  # characters a move's box takes (6 phrasings of at most 140 characters, and room)

# The moves as admins know them, in the order of a draft: (part, [(move, what it is)]).
PARTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Opening: acknowledging the silence",
        (
            ("LAPSE_SINCE", "When you know how long it has been"),
            ("LAPSE_UNDATED", "When the date of the last conversation is not known"),
        ),
    ),
    (
        "Pleasantry: something you remember",
        (
            ("MEMORY", "From a shared memory"),
            ("LAST_TALK", "From the last conversation"),
            ("LAST_TALK_SHORT", "From the last conversation, named in a few words"),
            ("LAST_TALK_WHEN", "From something you did together last time"),
            ("MET_ROLE", "From who they were to you"),
            ("MET_WHEN", "From how you met, as something you did"),
            ("MET_NOTE", "From a note on how you met"),
            ("NO_MEMORY", "When there is nothing to recall"),
        ),
    ),
    (
        "Why now",
        (
            ("WHY_FOCUS", "From the member's current focus"),
            ("WHY_GENERAL", "When the member has not said their focus yet"),
        ),
    ),
    (
        "Offer: something in return",
        (
            ("OFFER_DO", "A help idea that is something to do"),
            ("OFFER_WITH", "A help idea that is something to help with"),
            ("OFFER_ASK", "When there is no help idea: asking how to help"),
        ),
    ),
    (
        "Follow-up",
        (
            ("HOOK_DO", "From an open next step to do"),
            ("HOOK_NOTE", "From an open next step written as a note"),
            ("FOLLOW_DOING", "From what they were about to do, last time"),
            ("FOLLOW_WILL", "From what they said they would do, last time"),
        ),
    ),
)
PLACEHOLDER_WORDS = {
    "hello": '{hello} is the greeting with the name they go by, like "Hi Ana,"',
    "since": '{since} is how long since you last spoke, like "5 months"',
    "memory": '{memory} is the shared memory, like "the pub quiz nights at the Crown"',
    "summary": '{summary} is the last conversation, like "coffee near your office"',
    "role": '{role} is who they were to you, like "colleague from my first job"',
    "met": '{met} is how you met, like "we sat together at the stand-ups"',
    "focus": "{focus} is the member's current focus, like \"I'm looking into design roles\"",
    "idea": '{idea} is the help idea, turned towards them, like "proof-read your CV"',
    "step": '{step} is the open next step, like "send my updated CV"',
    "doing": '{doing} is what they were about to do, like "moving to the data team"',
    "do": '{do} is what they said they would do, like "ask about the part-time role"',
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
        return "No placeholders: write the sentence as it should read."
    names = " and ".join(f"{{{name}}}" for name in sorted(allowed))
    said = "; ".join(PLACEHOLDER_WORDS[name] for name in sorted(allowed))
    first = " Start each with {hello}." if opening else ""
    return f"Use {names} in each phrasing, and no other placeholder: {said}.{first}"


def sentence(problem: str) -> str:
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
            heading,
            [
                MoveField(
                    Field(move, values.get(move, ""), errors.get(move), FIELD_LIMIT),
                    label,
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
        title="Program wording",
        csrf=csrf,
        parts=page_parts,
        problems=problems,
        preview=preview,
        notice=notice,
        wording_path=WORDING,
    )
