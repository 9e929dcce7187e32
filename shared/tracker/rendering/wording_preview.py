"""A program's wording set previewed on sample contacts (each move's shapes: a shared memory,
a last talk, how you met, none of them; help ideas to do, to help with, none; a next step and a
follow-up; a member with a focus and one without), and refused when a draft of it would not fit
a channel.

`python -m tracker.rendering.wording_preview [SET.json]` prints a set ({"MOVE": ["phrasing", ...]},
the default wording without one) on them; admins see the same on /app/program/wording."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracker.domain.model import Contact, Member, MemberKey, NextStep
from tracker.rendering.drafts import EMAIL_WORDS, LINKEDIN_CHARS, SMS_CHARS, Draft, draft_opener
from tracker.rendering.reader import N_
from tracker.rendering.wording_sets import DEFAULT, Problem, Wording, problems, program_wording

_SAMPLES = (
    ("Ana Lima", "The pub quiz nights at the Crown", None, None, ("Proof-read her CV",), None),
    ("Ben Okafor", None, "Coffee near his office. He is moving to the data team.", None, (), None),
    (
        "Chloé Dubois",
        None,
        "Caught up over lunch",
        "Old colleague from my first job",
        ("Her portfolio",),
        None,
    ),
    ("Dmitri Ivanov", None, None, "Introduced by my cousin at her wedding", (), "Send my updated CV"),
    ("Efua Mensah", None, None, "Berlin meetup, 2019", ("introducing her to Jo",), None),
    ("Fatima Haddad", None, "Quick call. She'll ask about the part-time role.", None, (), None),
    ("George Clarke", None, None, None, ("To review his portfolio",), "Meet for lunch"),
)
_FOCUSES = ("a return to product design roles, ideally in healthcare or public services", None)


def samples(now: datetime) -> list[tuple[Member, Contact]]:
    """The sample members and contacts a wording set is previewed on."""
    pairs = []
    for at, focus in enumerate(_FOCUSES):
        member = Member(
            key=MemberKey("preview", f"member-{at}"),
            email=None,
            created_at=now,
            updated_at=now,
            current_focus=focus,
        )
        for n, (name, memory, summary, met, ideas, step) in enumerate(_SAMPLES):
            contact = Contact(
                contact_id=f"sample-{n}",
                name=name,
                shared_memory=memory,
                last_summary=summary,
                how_we_met=met,
                help_ideas=ideas,
                next_step=NextStep(step) if step else None,
                last_contact_at=now - timedelta(days=40 * (n + 1)) if n % 3 else None,
                created_at=now,
                updated_at=now,
            )
            pairs.append((member, contact))
    return pairs


def preview(words: Wording, now: datetime) -> list[Draft]:
    """The drafts of the sample contacts in a wording set."""
    return [draft_opener(member, contact, now, words=words) for member, contact in samples(now)]


def preview_problems(drafts: list[Draft]) -> list[str]:
    """Why a previewed set cannot be used: a draft longer than its channel allows."""
    found = []
    for draft in drafts:
        if len(draft.text.split()) > EMAIL_WORDS:
            found.append(f"an email draft is longer than {EMAIL_WORDS} words: {draft.text}")
        if len(draft.linkedin) > LINKEDIN_CHARS or len(draft.sms) > SMS_CHARS:
            found.append(f"a shorter draft is too long: {draft.linkedin}")
    return found


_LIMITS = Problem(
    N_("an email has at most {words} words, LinkedIn {linkedin} characters, a text {sms}"),
    words=EMAIL_WORDS,
    linkedin=LINKEDIN_CHARS,
    sms=SMS_CHARS,
)


def limit_problems(phrasings: Mapping[str, Sequence[str]], now: datetime) -> dict[str, str]:
    """Which moves of a set (each without `problems`) make a sample's draft too long for a
    channel, in words an admin can act on; "" names the set as a whole when only together its
    moves are too long."""
    found: dict[str, str] = {}
    for move, options in phrasings.items():
        if preview_problems(preview(program_wording({move: options}), now)):
            found[move] = Problem(
                N_("a draft with these phrasings is too long ({limits}): make them shorter"), limits=_LIMITS
            )
    if not found and preview_problems(preview(program_wording(phrasings), now)):
        found[""] = Problem(
            N_("together, these phrasings make a draft too long ({limits}): make some shorter"),
            limits=_LIMITS,
        )
    return found


def main(path: str | None) -> None:
    """Print a set's problems, or its drafts of the sample contacts."""
    phrasings = json.loads(Path(path).read_text(encoding="utf-8")) if path else {}
    found = problems(phrasings) or limit_problems(phrasings, datetime.now(UTC))
    for move, problem in found.items():
        print(f"{move or 'the set'}: {problem}")
    words = DEFAULT if found else program_wording(phrasings)
    for draft in preview(words, datetime.now(UTC)):
        print(f"- {draft.text}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
