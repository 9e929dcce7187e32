"""How a Spanish draft says the member's notes (rendering/drafts.py puts them together; the
phrasings are in rendering/wording_es.py): "¡Hola, Ana!", the time since ("3 meses", with
Babel), a help idea turned towards the person in tú ("revisar su CV" -> "podría revisar tu CV",
"su portafolio" -> "ayudarte con tu portafolio"), and a text message that stays within two
SMS segments.

Notes in English: the member writes notes in their own language, but some are English (notes
from before they switched, or copied from a profile). A Spanish draft leaves such a note out
and says the next thing it knows (the last conversation, how you met, a general reason, or
"¿Hay algo en lo que pueda ayudarte?"): quoting English inside a Spanish message reads like a
form filled in, which is what drafts are meant not to be. A short note with nothing to tell
the language by ("UX", "Zoom") is kept.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from babel.dates import format_timedelta

from tracker.domain.model import Contact
from tracker.domain.names import greeting_name
from tracker.domain.sms import MAX_SEGMENTS, sms_segments
from tracker.domain.text import fold
from tracker.rendering import recall_es
from tracker.rendering.address_es import addressed, with_clitic
from tracker.rendering.clauses import clause as _any_clause
from tracker.rendering.focus_es import focus_clause
from tracker.rendering.wording_es import SPANISH
from tracker.rendering.wording_sets import Wording

WORDS: Wording = SPANISH
SMS_CHARS = 160
LAST_RESORT = "¡Hola! ¡Cuánto tiempo! ¿Cómo te puedo ayudar?"
_DANGLING = frozenset(
    {"y", "o", "e", "u", "el", "la", "los", "las", "un", "una", "unos", "unas", "a", "al", "de"}
    | {"del", "con", "para", "en", "por", "que", "tu", "tus", "mi", "mis", "su", "sus", "sin"}
    | {"sobre", "entre", "desde", "hasta", "hacia", "como", "pero", "muy", "más"}
)
# Words that tell English from Spanish (none that both languages use, such as "a" or "me").
_ENGLISH = frozenset(
    {"the", "and", "to", "of", "my", "her", "his", "their", "she", "he", "they", "with", "at"}
    | {"for", "is", "was", "we", "our", "you", "your", "in", "on", "about", "from", "over", "it"}
    | {"i", "an", "him", "them", "that", "this", "new", "job", "will", "she's", "he's", "i'm"}
    | {"back", "into", "up", "getting", "looking", "who", "what", "met", "worked", "coffee", "lunch"}
)
_SPANISH = frozenset(
    {"el", "la", "los", "las", "y", "de", "del", "en", "con", "por", "para", "mi", "su", "sus"}
    | {"tu", "que", "un", "una", "se", "al", "es", "muy", "nos", "le", "ella", "como", "trabajo"}
    | {"cuando", "hablamos", "nuestro", "nuestra", "va", "está", "fue", "era", "sobre", "pero"}
)

# Words that open a note and are no name: lower case after "cómo nos conocimos:".
_LOWER_AFTER_COLON = frozenset({"amiga", "amigo", "amigas", "amigos", "por", "a", "desde", "gracias"})


def clause(text: str, limit: int = 140, *, lower: bool = False) -> str:
    """A note as a clause inside a Spanish sentence (see rendering/clauses.py)."""
    return _any_clause(text, limit, _DANGLING, lower=lower)


def keeps(text: str) -> bool:
    """Whether a note can be said in a Spanish draft: not when it reads as English."""
    words = re.findall(r"[\w']+", text.casefold())
    english = sum(word in _ENGLISH for word in words)
    spanish = sum(fold(word) in _SPANISH or word in _SPANISH for word in words)
    spanish += len(re.findall(r"[ñáéíóú¿¡]", text.casefold()))
    return english <= spanish


def tidy(text: str) -> str:
    """ "de el" and "a el" as Spanish writes them ("del", "al"); "El" may be a name's."""
    return re.sub(r"\b(de|a) el\b", lambda m: "del" if m[1] == "de" else "al", text)


def hello(contact: Contact, *, given_only: bool = False) -> str:
    name = greeting_name(contact)
    if name and given_only:
        first = name.split(" ")[0]
        surname = contact.name.split()[-1] if len(contact.name.split()) > 1 else None
        name = None if first.endswith(".") or first == surname else first
    return f"¡Hola, {name}!" if name else "¡Hola!"


def since(then: datetime, now: datetime) -> str:
    """How long since you last spoke, after "hace" or "llevamos": "unas semanas", "3 meses",
    "más de un año", "unos 2 años"."""
    days = (now - then).days
    if days < 45:
        return "unas semanas"
    months = round(days / 30.4)
    if days < 365:  # 11.6 months is "11 months": never "over a year" before a year
        months = min(months, 11)
    if months < 12:  # Babel says "1 mes", "3 meses"; a month is 30 days to it
        return format_timedelta(timedelta(days=30 * months), threshold=2, locale="es")
    if months < 18:
        return "más de un año"
    return "unos " + format_timedelta(timedelta(days=365 * round(days / 365)), locale="es")


def focus(text: str) -> str:
    return focus_clause(text)


def follow_up(summary: str) -> tuple[str, str] | None:
    return recall_es.follow_up(summary)


def memory(note: str, limit: int) -> str:
    """A shared memory after "al recordar": a thing ("las noches de trivia") or, when the note
    says what you did ("cantamos karaoke"), "cuando cantamos karaoke"."""
    said = addressed(clause(note, limit, lower=True))
    head = said.split(" ", 1)[0].lower()
    if head == "nos" or (head.endswith(("amos", "imos")) and len(head) > 5):
        return f"cuando {said}"
    return said


def last_talk(summary: str, limit: int) -> tuple[str, str]:
    shape = recall_es.last_talk(clause(summary, limit))
    if shape:
        kind, said = shape
        return ("LAST_TALK_SHORT" if kind == "talk" else "LAST_TALK_WHEN"), said
    return "LAST_TALK", addressed(clause(summary, limit, lower=True))


def met(note: str, limit: int) -> tuple[str, str]:
    role = recall_es.how_we_met(clause(note, limit))
    if role:
        kind, said = role
        return ("MET_ROLE" if kind == "role" else "MET_WHEN"), said
    said = clause(note, limit)
    first = said.split(" ", 1)[0]
    if fold(first) in _SPANISH | _LOWER_AFTER_COLON:  # after a colon, Spanish goes on in lower case
        said = said[:1].lower() + said[1:]
    return "MET_NOTE", said


# Heads that start a thing to help with, not something to do: "tu portafolio", "una intro…".
_NOUN_START = frozenset(
    {"tu", "tus", "mi", "mis", "un", "una", "unos", "unas", "el", "la", "los", "las", "algo", "algún"}
    | {"alguna", "nuestro", "nuestra", "este", "esta", "ese", "esa", "cualquier"}
)
_INFINITIVE = re.compile(r"^[a-záéíóúñ]+(?:ar|er|ir|ár|ér|ír)(?:te|me|nos|lo|la|los|las)*$")
_GERUND = re.compile(r"^[a-záéíóúñ]+(?:ando|ándo|iendo|iéndo|yendo|yéndo)(?:te|me|nos|lo|la|los|las)*$")
_NOT_INFINITIVE = frozenset(
    {"lugar", "hogar", "taller", "mujer", "bar", "mar", "par", "primer", "tercer", "cualquier"}
    | {"collar", "altar", "militar", "familiar", "similar", "particular", "alquiler", "placer"}
    | {"ayer", "máster", "líder", "póster", "súper", "carácter", "dólar", "azúcar", "consular"}
)
# "puedo presentarte a Jo" / "te puedo presentar a Jo": the member's own words, without the "puedo".
_CAN = re.compile(r"^(?:(te|le|la|lo)\s+)?(?:puedo|podría|podria|quiero|voy a)\s+", re.IGNORECASE)


def _offer_idea(idea: str) -> tuple[str, bool]:
    """A help idea turned towards the person, and whether it is something to do (an
    infinitive) rather than a thing to help with."""
    idea = re.sub(r"^(?:para|a)\s+(?=\w+(?:ar|er|ir)\w*\b)", "", idea)  # "para revisar su CV"
    if found := _CAN.match(idea):
        rest = idea[found.end() :].split(" ", 1)
        clitic = "te" if found[1] else ""
        idea = " ".join([with_clitic(rest[0], clitic), *rest[1:]])
    idea = addressed(idea)
    words = idea.split(" ")
    head = words[0].lower()
    if _GERUND.match(head):  # "presentándote a mi equipo": "ayudarte presentándote a…"
        return ("ayudarte " + idea) if not head.startswith("ayud") else "ayudarte " + " ".join(
            words[1:]
        ), True
    if _INFINITIVE.match(head) and head not in _NOT_INFINITIVE:
        return idea, True
    return idea, False


def offer(idea: str, limit: int) -> tuple[str, str]:
    text, doing = _offer_idea(clause(idea, limit, lower=True))
    return ("OFFER_DO" if doing else "OFFER_WITH"), text


def step_hook(step: str, limit: int) -> tuple[str, str]:
    text, doing = _offer_idea(clause(step, limit, lower=True))
    if doing and not text.startswith("ayudarte "):
        return "HOOK_DO", text
    return "HOOK_NOTE", addressed(clause(step, limit, lower=True))


def sms(hello: str, focus: str, ideas: list[str], limit: int) -> str:
    """The text-message draft: the lapse, why now and an offer, in a few words each. Shorter
    drafts (a smaller `limit`) leave a part out rather than cut a phrase in the middle: the
    offer becomes a question, then the reason goes."""
    why = ""
    if focus.strip(" .,;:!?…") and limit > 15:
        why = focus_clause(clause(focus, 50)) + " y me acordé de ti."
        why = why[:1].upper() + why[1:]
    ask = "¿Cómo te puedo ayudar estos días?"
    if ideas and limit != 30:
        idea, doing = _offer_idea(clause(ideas[0], 50, lower=True))
        ask = f"¿Podría {idea}?" if doing else f"¿Te ayudo con {idea}?"
    return " ".join(part for part in (f"{hello} ¡Cuánto tiempo!", why, ask) if part)


def sms_fits(text: str) -> bool:
    """Within 160 characters and two SMS parts as the phone will send it: accented letters
    (á, í, ó, ú) make a text UCS-2, 67 characters a part once it takes two."""
    return len(text) <= SMS_CHARS and sms_segments(text) <= MAX_SEGMENTS


def linkedin_fallback(hello: str) -> str:
    return f"{hello} ¡Cuánto tiempo! ¿Cómo te puedo ayudar en este momento?"
