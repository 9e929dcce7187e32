"""Programs' own wording sets, by org id: phrasings in the program's voice for some moves of a
draft (rendering/wording_sets.py says what a set may hold; every set here is checked by
tests/unit/test_wording_sets.py and previewed on sample contacts there). A member's drafts are
in their program's set, in the email, `GET /picks/today` and the Today page alike.

To preview a set: `python -m tracker.rendering.wording_preview stmarys`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from tracker.rendering.wording_sets import DEFAULT, Wording, problems, program_wording

PROGRAMS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    # St Mary's Survivorship Programme: people back from treatment owe no one an explanation of
    # the silence, and a reply is never urgent.
    "stmarys": {
        "LAPSE_SINCE": (
            "{hello} it's been {since}, and I've been thinking of you.",
            "{hello} I know it's been {since} since we last spoke.",
            "{hello} how lovely to write to you after {since}.",
        ),
        "LAPSE_UNDATED": (
            "{hello} it's been a while, and I've been thinking of you.",
            "{hello} I know it's been a long time since we last spoke.",
            "{hello} how lovely to write to you again.",
        ),
        "WHY_GENERAL": (
            "I've had some time away, and I'm getting back in touch with people I've missed.",
            "I'm slowly catching up with people who matter to me, and you were one of the first.",
        ),
        "OFFER_ASK": (
            "No need to reply quickly, but I'd love to hear how you are.",
            "Is there anything I could do for you? I'd be glad to.",
        ),
    },
}


@cache
def wording_for(org_id: str) -> Wording:
    """The wording of a program's drafts: its own set, else (or if the set had problems) the
    default one."""
    phrasings = PROGRAMS.get(org_id)
    if not phrasings or problems(phrasings):
        return DEFAULT
    return program_wording(phrasings)
