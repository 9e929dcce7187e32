"""Drafted openers for reconnect picks, built only from the member's own notes.

Three parts, as career advisers suggest after a long silence: acknowledge the lapse with a
pleasantry (how you met, or your last conversation), say why you are reaching out now (your
current focus), and offer something in return (your help ideas for this person).

A draft greets the person by the name they go by (tracker.domain.names), and says nothing about
health or treatment unless the member said it may (tracker.domain.health): a clause that does
is left out, and the draft says which words it left out so that the member can be told.

The engine is the same in every language; how a draft says things is a grammar per language
(rendering/grammar_en.py, rendering/grammar_es.py), chosen by the member's language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tracker.domain.health import Screened, screened
from tracker.domain.model import Contact, Member
from tracker.domain.picks import DailyPicks, PickStatus
from tracker.rendering import grammar_en, grammar_es
from tracker.rendering.clauses import first_part
from tracker.rendering.program_wording import wording_for
from tracker.rendering.wording_sets import Wording

ASK_TIP = (
    "When you talk, ask how you can help them: people appreciate an unexpected message "
    "more than we tend to expect."
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
    sms: str = ""  # the same draft within SMS_CHARS characters (and two SMS parts), given name only

    @property
    def text(self) -> str:
        """The email draft (at most EMAIL_WORDS words)."""
        return " ".join(part for part in (self.lapse, self.why_now, self.offer, self.hook) if part)


class _Notes:
    """The member's notes as a draft may use them: with the clauses about health left out
    (unless the member said drafts may mention it), remembering which words went."""

    def __init__(self, member: Member, say: Grammar) -> None:
        self._keep_all = member.drafts_may_mention_health is True
        self._say = say
        self.left_out: dict[str, None] = {}

    def __call__(self, text: str | None) -> str | None:
        if text and not self._say.keeps(text):
            return None  # a note in another language (see rendering/grammar_es.py)
        if not text:
            return text
        if self._keep_all:  # a note with no words ("." or "-") says nothing
            return text if self._say.clause(text, 10_000) else None
        # The clause the draft quotes is screened, not the whole note.
        found: Screened = screened(self._say.clause(text, 10_000))
        self.left_out.update(dict.fromkeys(found.words))
        return found.kept


def _seed(member: Member, contact: Contact) -> bytes:
    """A stable hash of member + contact: the same draft in the email, the API and the web app."""
    key = f"{member.key.org_id}/{member.key.member_id}/{contact.contact_id}"
    return hashlib.sha256(key.encode()).digest()


def _pick(options: tuple[str, ...], seed: bytes, move: int) -> str:
    return options[seed[move] % len(options)]


def _words(text: str) -> int:
    return len(text.split())


class Grammar(Protocol):
    """How a draft is said in one language: rendering/grammar_en.py, rendering/grammar_es.py."""

    WORDS: Wording
    LAST_RESORT: str

    def clause(self, text: str, limit: int = 140, *, lower: bool = False) -> str: ...
    def keeps(self, text: str) -> bool: ...
    def tidy(self, text: str) -> str: ...
    def hello(self, contact: Contact, *, given_only: bool = False) -> str: ...
    def since(self, then: datetime, now: datetime) -> str: ...
    def focus(self, text: str) -> str: ...
    def follow_up(self, summary: str) -> tuple[str, str] | None: ...
    def memory(self, note: str, limit: int) -> str: ...
    def last_talk(self, summary: str, limit: int) -> tuple[str, str]: ...
    def met(self, note: str, limit: int) -> tuple[str, str]: ...
    def offer(self, idea: str, limit: int) -> tuple[str, str]: ...
    def step_hook(self, step: str, limit: int) -> tuple[str, str]: ...
    def sms(self, hello: str, focus: str, ideas: list[str], limit: int) -> str: ...
    def sms_fits(self, text: str) -> bool: ...
    def linkedin_fallback(self, hello: str) -> str: ...


LANGUAGES: Mapping[str, Grammar] = {"en": grammar_en, "es": grammar_es}


def _grammar(language: str) -> Grammar:
    return LANGUAGES.get(language, grammar_en)


def draft_opener(
    member: Member,
    contact: Contact,
    now: datetime,
    *,
    opener: int | None = None,
    words: Wording | None = None,
    language: str = "en",
) -> Draft:
    """The draft for one pick in `language` ("en" or "es"), in `words` (a program's wording
    set, else the language's own). `opener` chooses the opening phrasing (day_drafts keeps them
    apart within one member's day); by default it comes from the stable hash."""
    say = _grammar(language)
    words = words or say.WORDS
    usable = _Notes(member, say)
    seed = _seed(member, contact)
    hello = say.hello(contact)
    since = say.since(contact.last_contact_at, now) if contact.last_contact_at else None
    openings = words.LAPSE_SINCE if since else words.LAPSE_UNDATED
    opening_at = seed[0] if opener is None else opener
    opening = openings[opening_at % len(openings)]

    memory = usable(contact.shared_memory)
    how_we_met, last_summary = usable(contact.how_we_met), usable(first_part(contact.last_summary))
    follow = _follow_up(say, contact.last_summary, usable)
    if follow and last_summary and say.follow_up(last_summary):
        last_summary = None  # its first note is the follow-up: the pleasantry recalls another
    focus = say.clause(usable(member.current_focus) or "", 120)
    ideas = [kept for kept in map(usable, contact.help_ideas) if kept]
    step = usable(contact.next_step.text) if contact.next_step else None

    def compose(
        limit: int, with_pleasantry: bool = True, with_hook: bool = True
    ) -> tuple[str, str, str, str]:
        lapse = opening.format(hello=hello, since=since)
        if with_pleasantry:
            lapse += " " + _pleasantry(say, words, memory, last_summary, how_we_met, seed, limit)
        if focus.strip(" .,;:!?…"):
            why = _pick(words.WHY_FOCUS, seed, 5).format(focus=say.focus(say.clause(focus, limit)))
        else:
            why = _pick(words.WHY_GENERAL, seed, 5)
        if ideas:
            move, idea = say.offer(ideas[0], limit)
            offer = _pick(getattr(words, move), seed, 6).format(idea=idea)
        else:
            offer = _pick(words.OFFER_ASK, seed, 6)
        hook = ""
        if with_hook and step:
            move, text = say.step_hook(step, limit)
            hook = _pick(getattr(words, move), seed, 7).format(step=text)
        elif with_hook and follow:
            shape, said = follow
            hook = _pick(words.FOLLOW_WILL if shape == "will" else words.FOLLOW_DOING, seed, 7)
            hook = hook.format(do=say.clause(said, limit), doing=say.clause(said, limit))
        return say.tidy(lapse), say.tidy(why), say.tidy(offer), say.tidy(hook)

    parts = compose(140)
    for limit, pleasantry, hook in ((140, True, False), (60, True, False), (40, False, False)):
        if _words(" ".join(parts)) <= EMAIL_WORDS:
            break
        parts = compose(limit, pleasantry, hook)
    linkedin = _fit(
        lambda text: len(text) <= LINKEDIN_CHARS,
        (" ".join(p for p in compose(limit, pleasantry, hook) if p) for limit, pleasantry, hook in _SHORTER),
        say.linkedin_fallback(hello),
        say.LAST_RESORT,
    )
    sms_hello = say.hello(contact, given_only=True)
    sms = _fit(
        say.sms_fits,
        (say.tidy(say.sms(sms_hello, focus, ideas, limit)) for limit in (50, 30, 15)),
        "",
        say.LAST_RESORT,
    )
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


def _follow_up(say: Grammar, summary: str | None, usable: _Notes) -> tuple[str, str] | None:
    """What the last conversation said was coming, unless saying it would mention health."""
    found = say.follow_up(summary) if summary else None
    if not found or usable(found[1]) != found[1]:
        return None
    return found


_SHORTER = ((140, True, True), (140, True, False), (80, True, False), (60, False, False), (30, False, False))


def _fit(fits: Callable[[str], bool], candidates: Iterable[str], fallback: str, last_resort: str) -> str:
    for candidate in candidates:
        if fits(candidate):
            return candidate
    return fallback if fallback and fits(fallback) else last_resort


def _pleasantry(
    say: Grammar,
    words: Wording,
    memory: str | None,
    summary: str | None,
    met: str | None,
    seed: bytes,
    limit: int,
) -> str:
    # A note of several parts ("coffee near your office; she is moving teams") is remembered by
    # its first: a pleasantry recalls one moment, it does not read the notes back.
    memory, summary, met = (first_part(note) for note in (memory, summary, met))
    if memory:
        return _pick(words.MEMORY, seed, 1).format(memory=say.memory(memory, limit))
    if summary:
        move, said = say.last_talk(summary, limit)
        return _pick(getattr(words, move), seed, 2).format(summary=said)
    if met:
        move, said = say.met(met, limit)
        return _pick(getattr(words, move), seed, 3).format(role=said, met=said)
    return _pick(words.NO_MEMORY, seed, 4)


def day_drafts(
    member: Member,
    contacts: Sequence[Contact],
    now: datetime,
    words: Wording | None = None,
    *,
    language: str = "en",
) -> list[Draft]:
    """The drafts for one member's day, in order: no two open the same way (while the day has
    no more picks than there are openings)."""
    words = words or _grammar(language).WORDS
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
        drafts.append(draft_opener(member, contact, now, opener=at, words=words, language=language))
    return drafts


def member_language(member: Member) -> str:
    """The language of the member's drafts (their profile's), English where no grammar says it."""
    language = str(member.language)
    return language if language in LANGUAGES else "en"


def todays_drafts(day: DailyPicks, now: datetime) -> dict[str, Draft]:
    """The drafts for the day's picks by contact id, in the member's language and (in English)
    their program's wording: the email, the API and the web app show the same one for the
    same pick."""
    language = member_language(day.member)
    words = wording_for(day.member.key.org_id) if language == "en" else None  # programs' sets are English
    contacts = [pick.contact for pick in day.picks]
    drafts = day_drafts(day.member, contacts, now, words, language=language)
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


def focus_ask(member: Member) -> bool:
    """Whether today's email asks for a current focus: the member has none and was never asked
    (until then drafts give a warm general reason)."""
    return not (member.current_focus or "").strip() and member.focus_ask_sent_on is None


def health_words(day: DailyPicks, now: datetime) -> list[str]:
    """What today's drafts left out because the member's notes say it about health, for the
    daily email's note (once per member). Empty when nothing was left out, the member has
    decided, or was told already."""
    member = day.member
    if member.drafts_may_mention_health is not None or member.health_note_sent_on is not None:
        return []
    words: dict[str, None] = {}
    for pick in day.picks:
        if pick.status is PickStatus.PENDING:
            draft = draft_opener(member, pick.contact, now, language=member_language(member))
            words.update(dict.fromkeys(draft.left_out))
    return list(words)
