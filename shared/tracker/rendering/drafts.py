"""Drafted openers for reconnect picks, built only from the member's own notes.

Three parts, as career advisers suggest after a long silence: acknowledge the lapse with a
pleasantry (how you met, or your last conversation), say why you are reaching out now (your
current focus), and offer something in return (your help ideas for this person).

A draft greets the person by the name they go by (tracker.domain.names), and says nothing about
health or treatment unless the member said it may (tracker.domain.health): a clause that does
is left out, and the draft says which words it left out so that the member can be told.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tracker.domain.health import Screened, screened
from tracker.domain.model import Contact, Member
from tracker.domain.names import greeting_name
from tracker.domain.picks import DailyPicks, PickStatus
from tracker.rendering import recall
from tracker.rendering.focus import focus_clause
from tracker.rendering.labels import time_since
from tracker.rendering.program_wording import wording_for
from tracker.rendering.wording_sets import DEFAULT, Wording

ASK_TIP = (
    "When you talk, ask how you can help them: people appreciate an unexpected message "
    "more than we tend to expect."
)

# Help ideas are notes about the contact ("proof-read her CV"); in a message to them the
# pronouns become "you"/"your".
_SECOND_PERSON = {
    "her": "your",
    "his": "your",
    "their": "your",
    "him": "you",
    "them": "you",
    "she": "you",
    "he": "you",
    "they": "you",
    "hers": "yours",
    "theirs": "yours",
}
_PRONOUN = re.compile(r"\b(" + "|".join(_SECOND_PERSON) + r")\b", re.IGNORECASE)


_ING_NOT_DOING = frozenset({"morning", "evening", "nothing", "something", "anything", "wedding"})
_NOUN_START = frozenset({"your", "a", "an", "the", "some", "any", "my", "our", "their", "his", "her"})
_DANGLING = frozenset(
    {"and", "or", "the", "a", "an", "to", "of", "with", "for", "in", "at", "on", "by", "from", "your", "my"}
)
EMAIL_WORDS = 90
LINKEDIN_CHARS = 300
SMS_CHARS = 160


@dataclass(frozen=True)
class Draft:
    lapse: str  # acknowledging the lapse, with a pleasantry
    why_now: str
    offer: str
    left_out: tuple[str, ...] = ()  # health words whose clauses the draft does not say
    hook: str = ""  # a follow-up from the open next step, when there is one
    linkedin: str = ""  # the same draft within LINKEDIN_CHARS characters
    sms: str = ""  # the same draft within SMS_CHARS characters, given name only

    @property
    def text(self) -> str:
        """The email draft (at most EMAIL_WORDS words)."""
        return " ".join(part for part in (self.lapse, self.why_now, self.offer, self.hook) if part)


def _clause(text: str, limit: int = 140, *, lower: bool = False) -> str:
    """A note as a clause inside a sentence: its first sentence, no full stop, not too long
    (cut at a word, never ending on "and" or a comma).

    With `lower`, a Title-case first word loses its capital ("Proof-read" -> "proof-read"),
    while names and acronyms ("LinkedIn", "UX") keep theirs.
    """
    text = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".!?,;:- ")
    if len(first) > limit:
        words = first[: limit + 1].split(" ")[:-1] or [first[:limit]]
        while len(words) > 1 and words[-1].lower().strip(",;:-") in _DANGLING:
            words.pop()
        first = " ".join(words)
        if "," in first:  # "design roles, ideally in…" cut short reads "design roles", not "…, ideally"
            first = first.rsplit(",", 1)[0]
        first = first.rstrip(".!?,;:- ")
    word = first.split(" ", 1)[0]
    if lower and word[:1].isupper() and word[1:] == word[1:].lower():
        first = first[:1].lower() + first[1:]
    return first


# "her" is "your" before a noun ("her CV") and "you" otherwise ("introduce her to Jo").
_AFTER_OBJECT = re.compile(
    r"\s+(to|with|for|about|at|on|in|into|up|out|over|through|the|a|an|and|or|if|when|know|my|our"
    r"|some|this|that|these|those|what|how|back)\b|\s*$|\s*[,.;!?)]"
)


def _addressed(text: str) -> str:
    def swap(found: re.Match[str]) -> str:
        word = found.group(0)
        replacement = _SECOND_PERSON[word.lower()]
        if word.lower() == "her" and _AFTER_OBJECT.match(text, found.end()):
            replacement = "you"
        return replacement.capitalize() if word[0].isupper() else replacement

    text = _PRONOUN.sub(swap, text)
    # "you is moving" / "you has" read wrong once "she"/"he" became "you"
    return re.sub(r"\b(you|You) (is|was|has|does)\b", lambda m: f"{m[1]} " + _YOU_VERB[m[2]], text)


_YOU_VERB = {"is": "are", "was": "were", "has": "have", "does": "do"}


class _Notes:
    """The member's notes as a draft may use them: with the clauses about health left out
    (unless the member said drafts may mention it), remembering which words went."""

    def __init__(self, member: Member) -> None:
        self._keep_all = member.drafts_may_mention_health is True
        self.left_out: dict[str, None] = {}

    def __call__(self, text: str | None) -> str | None:
        if not text or self._keep_all:
            return text
        # The clause the draft quotes is screened, not the whole note.
        found: Screened = screened(_clause(text, 10_000))
        self.left_out.update(dict.fromkeys(found.words))
        return found.kept


def _seed(member: Member, contact: Contact) -> bytes:
    """A stable hash of member + contact: the same draft in the email, the API and the web app."""
    key = f"{member.key.org_id}/{member.key.member_id}/{contact.contact_id}"
    return hashlib.sha256(key.encode()).digest()


def _pick(options: tuple[str, ...], seed: bytes, move: int) -> str:
    return options[seed[move] % len(options)]


def _offer_idea(idea: str) -> tuple[str, bool]:
    """A help idea turned towards the person, and whether it is something to do (a verb
    phrase) rather than a thing to help with."""
    idea = _addressed(idea)
    words = idea.split(" ")
    head = words[0].lower()
    if head == "to" and len(words) > 1:
        return " ".join(words[1:]), True  # "to review your CV"
    if head.endswith("ing") and len(head) > 4 and head not in _ING_NOT_DOING:
        return f"help by {idea}", True  # "introducing you to Jo"
    first = words[0]
    if head in _NOUN_START or (first[1:] != first[1:].lower() and "-" not in first):
        return idea, False  # "your portfolio review", "LinkedIn intro to…"
    return idea, True  # "proof-read your CV"


def _met_clause(met: str) -> tuple[str, bool]:
    """How you met as a clause after "when" ("we met at…"), or as a plain note."""
    words = met.split(" ")
    head = words[0].lower()
    if head in {"we", "we'd", "we've"}:
        return "we" + met[2:], True
    if head in {"met", "worked", "studied", "sat", "played", "volunteered", "shared"}:
        return f"we {met[:1].lower()}{met[1:]}", True
    if head in {"she", "he", "they"} and len(words) > 1:
        return _addressed(met[:1].lower() + met[1:]), True
    # A plain note keeps its pronouns ("her" may be someone else: "my cousin at her wedding") and
    # its capital after the colon: it may be a name ("how we met: Berlin meetup, 2019").
    return met, False


def _greeting(contact: Contact, *, given_only: bool = False) -> str:
    name = greeting_name(contact)
    if name and given_only:
        first = name.split(" ")[0]
        surname = contact.name.split()[-1] if len(contact.name.split()) > 1 else None
        name = None if first.endswith(".") or first == surname else first
    return f"Hi {name}," if name else "Hi there,"


def _words(text: str) -> int:
    return len(text.split())


def draft_opener(
    member: Member, contact: Contact, now: datetime, *, opener: int | None = None, words: Wording = DEFAULT
) -> Draft:
    """The draft for one pick, in `words` (a program's wording set, else the default).
    `opener` chooses the opening phrasing (day_drafts keeps them apart within one member's
    day); by default it comes from the stable hash."""
    usable = _Notes(member)
    seed = _seed(member, contact)
    hello = _greeting(contact)
    since = time_since(contact.last_contact_at, now) if contact.last_contact_at else None
    openings = words.LAPSE_SINCE if since else words.LAPSE_UNDATED
    opening_at = seed[0] if opener is None else opener
    opening = openings[opening_at % len(openings)]

    memory = usable(contact.shared_memory)
    how_we_met, last_summary = usable(contact.how_we_met), usable(_first_part(contact.last_summary))
    follow = _follow_up(contact.last_summary, usable)
    if follow and last_summary and recall.follow_up(last_summary, _addressed):
        last_summary = None  # its first note is the follow-up: the pleasantry recalls another
    focus = _clause(usable(member.current_focus) or "", 120)
    ideas = [kept for kept in map(usable, contact.help_ideas) if kept]
    step = usable(contact.next_step.text) if contact.next_step else None

    def compose(
        limit: int, with_pleasantry: bool = True, with_hook: bool = True
    ) -> tuple[str, str, str, str]:
        lapse = opening.format(hello=hello, since=since)
        if with_pleasantry:
            lapse += " " + _pleasantry(words, memory, last_summary, how_we_met, seed, limit)
        if focus.strip(" .,;:!?…"):
            why = _pick(words.WHY_FOCUS, seed, 5).format(focus=focus_clause(_clause(focus, limit)))
        else:
            why = _pick(words.WHY_GENERAL, seed, 5)
        if ideas:
            idea, doing = _offer_idea(_clause(ideas[0], limit, lower=True))
            offer = _pick(words.OFFER_DO if doing else words.OFFER_WITH, seed, 6).format(idea=idea)
        else:
            offer = _pick(words.OFFER_ASK, seed, 6)
        hook = ""
        if with_hook and step:
            hook = _step_hook(words, step, seed, limit)
        elif with_hook and follow:
            shape, clause = follow
            hook = _pick(words.FOLLOW_WILL if shape == "will" else words.FOLLOW_DOING, seed, 7)
            hook = hook.format(do=_clause(clause, limit), doing=_clause(clause, limit))
        return lapse, why, offer, hook

    parts = compose(140)
    for limit, pleasantry, hook in ((140, True, False), (60, True, False), (40, False, False)):
        if _words(" ".join(parts)) <= EMAIL_WORDS:
            break
        parts = compose(limit, pleasantry, hook)
    linkedin = _fit(
        LINKEDIN_CHARS,
        (" ".join(p for p in compose(limit, pleasantry, hook) if p) for limit, pleasantry, hook in _SHORTER),
        f"{hello} it's been a while! How could I help you at the moment?",
    )
    sms_hello = _greeting(contact, given_only=True)
    sms = _fit(SMS_CHARS, (_sms(sms_hello, focus, ideas, limit) for limit in (50, 30, 15)), "")
    lapse, why_now, offer, hook_text = parts
    return Draft(
        lapse=lapse,
        why_now=why_now,
        offer=offer,
        hook=hook_text,
        left_out=tuple(usable.left_out),
        linkedin=linkedin,
        sms=sms,
    )


def _step_hook(words: Wording, step: str, seed: bytes, limit: int) -> str:
    """The open next step as a follow-up: "I still mean to send my updated CV", a note as it is."""
    text, doing = _offer_idea(_clause(step, limit, lower=True))
    if doing and not text.startswith("help by "):
        return _pick(words.HOOK_DO, seed, 7).format(step=text)
    return _pick(words.HOOK_NOTE, seed, 7).format(step=_addressed(_clause(step, limit, lower=True)))


def _follow_up(summary: str | None, usable: _Notes) -> tuple[str, str] | None:
    """What the last conversation said was coming, unless saying it would mention health."""
    found = recall.follow_up(summary, _addressed) if summary else None
    if not found or usable(found[1]) != found[1]:
        return None
    return found


_SHORTER = ((140, True, True), (140, True, False), (80, True, False), (60, False, False), (30, False, False))


def _fit(limit: int, candidates: Iterable[str], fallback: str) -> str:
    for candidate in candidates:
        if len(candidate) <= limit:
            return candidate
    return (
        fallback
        if fallback and len(fallback) <= limit
        else "Hi there, it's been a while! How could I help you?"
    )


def _sms(hello: str, focus: str, ideas: list[str], limit: int) -> str:
    """The text-message draft: the lapse, why now and an offer, in a few words each."""
    why = focus_clause(_clause(focus, limit)) + ", and you came to mind." if focus.strip(" .,;:!?…") else ""
    why = why[:1].upper() + why[1:]
    offer = "How could I help you these days?"
    if ideas:
        idea, doing = _offer_idea(_clause(ideas[0], limit, lower=True))
        offer = f"Could I {idea}?" if doing else f"Could I help with {idea}?"
    return " ".join(part for part in (f"{hello} it's been a while!", why, offer) if part)


def _pleasantry(
    words: Wording, memory: str | None, summary: str | None, met: str | None, seed: bytes, limit: int
) -> str:
    # A note of several parts ("coffee near your office; she is moving teams") is remembered by
    # its first: a pleasantry recalls one moment, it does not read the notes back.
    memory, summary, met = (_first_part(note) for note in (memory, summary, met))
    if memory:
        return _pick(words.MEMORY, seed, 1).format(memory=_addressed(_clause(memory, limit, lower=True)))
    if summary:
        return _last_talk(words, summary, seed, limit)
    if met:
        role = recall.how_we_met(_clause(met, limit))
        if role:
            kind, clause = role
            return _pick(words.MET_ROLE if kind == "role" else words.MET_WHEN, seed, 3).format(
                role=clause, met=clause
            )
        clause, when = _met_clause(_clause(met, limit))
        return _pick(words.MET_WHEN if when else words.MET_NOTE, seed, 3).format(met=clause)
    return _pick(words.NO_MEMORY, seed, 4)


def _last_talk(words: Wording, summary: str, seed: bytes, limit: int) -> str:
    shape = recall.last_talk(_clause(summary, limit), _addressed)
    if shape:  # "our coffee near your office last time", "when we caught up over lunch"
        kind, said = shape
        return _pick(words.LAST_TALK_SHORT if kind == "talk" else words.LAST_TALK_WHEN, seed, 2).format(
            summary=said
        )
    said = _addressed(_clause(summary, limit, lower=True))
    if len(said.split()) <= 3 and not said.split()[0].endswith("ed"):
        return _pick(words.LAST_TALK_SHORT, seed, 2).format(summary=said)  # "interview prep"
    return _pick(words.LAST_TALK, seed, 2).format(summary=said)


def _first_part(note: str | None) -> str | None:
    return re.split(r"(?<=;)\s", note, maxsplit=1)[0] if note else note


def day_drafts(
    member: Member, contacts: Sequence[Contact], now: datetime, words: Wording = DEFAULT
) -> list[Draft]:
    """The drafts for one member's day, in order: no two open the same way (while the day has
    no more picks than there are openings)."""
    taken: set[int] = set()  # the openings are parallel: "it's been 5 months…", "it's been a while…"
    drafts = []
    for contact in contacts:
        count = len(words.LAPSE_SINCE if contact.last_contact_at else words.LAPSE_UNDATED)
        at = _seed(member, contact)[0] % count
        for step in range(count):
            if (at + step) % count not in taken:
                at = (at + step) % count
                break
        taken.add(at)
        drafts.append(draft_opener(member, contact, now, opener=at, words=words))
    return drafts


def todays_drafts(day: DailyPicks, now: datetime) -> dict[str, Draft]:
    """The drafts for the day's picks by contact id, in the member's program's wording: the
    email, the API and the web app show the same one for the same pick."""
    words = wording_for(day.member.key.org_id)
    drafts = day_drafts(day.member, [pick.contact for pick in day.picks], now, words)
    return {pick.contact.contact_id: draft for pick, draft in zip(day.picks, drafts, strict=True)}


def focus_notice(member: Member) -> str | None:
    """What GET /me says while drafts leave part of the member's current focus out and the
    member has not said whether they may say it."""
    if member.drafts_may_mention_health is not None:
        return None
    found = screened(member.current_focus)
    if not found.words:
        return None
    quoted = "; ".join(f'"{part}"' for part in found.left_out)
    return (
        f"Drafts leave {quoted} out of your current focus: it mentions your health, and what you "
        "share about it is yours to decide. To keep it in drafts, set drafts_may_mention_health to "
        "true; to keep leaving it out (and no longer see this), set it to false."
    )


FOCUS_ASK = (
    "One question, asked only once: what are you working towards at the moment? Tell us your "
    'current focus in a few words, like "getting back into UX research" or "looking for '
    'part-time product roles", and drafts will say why you are getting in touch. Add it in '
    "Settings: {settings}"
)


def focus_ask(member: Member) -> bool:
    """Whether today's email asks for a current focus: the member has none and was never asked
    (until then drafts give a warm general reason)."""
    return not (member.current_focus or "").strip() and member.focus_ask_sent_on is None


def health_note(day: DailyPicks, now: datetime) -> str | None:
    """A daily email's note, once per member: today's drafts left out what the member's notes
    say about health. None when nothing was left out, the member has decided, or was told."""
    member = day.member
    if member.drafts_may_mention_health is not None or member.health_note_sent_on is not None:
        return None
    words: dict[str, None] = {}
    for pick in day.picks:
        if pick.status is PickStatus.PENDING:
            words.update(dict.fromkeys(draft_opener(member, pick.contact, now).left_out))
    if not words:
        return None
    listed = ", ".join(f'"{word}"' for word in words)
    return (
        f"A note about these drafts: they leave out what your notes say about health or treatment "
        f"({listed}), so that you decide what you share, and with whom. If you'd rather they kept it, "
        'set "drafts_may_mention_health": true on your profile (PATCH /me). We will only mention this once.'
    )
