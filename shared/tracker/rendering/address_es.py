"""A Spanish note about a person, said to them in tú ("revisar su CV" -> "revisar tu CV",
"ayudarla" -> "ayudarte", "se muda a Austin" -> "te mudas a Austin").

Deliberately narrow: possessives, object pronouns (alone or on an infinitive or gerund),
pronouns after a preposition, and the verb after "ella"/"él"/"se". A word it is unsure of stays
as written ("lo" and "la" alone are also articles; "su" may be a third person's, as "her" may).
"""

from __future__ import annotations

import re

_POSSESSIVES = {"su": "tu", "sus": "tus", "suyo": "tuyo", "suya": "tuya", "suyos": "tuyos", "suyas": "tuyas"}
# Verbs whose "la"/"lo" is the person ("ayudarla", "presentarlo"), not a thing ("revisarlo").
_PERSON_VERBS = (
    "ayud|present|invit|recomend|llam|visit|conect|anim|apoy|acompañ|contact|felicit|llev|"
    "entrevist|asesor|orient|escuch|salud|refer|pon|conoc|ve|esper|busc|recog|cuid|mentore"
)
_ON_VERB = re.compile(
    r"\b([a-záéíóúñ]{2,}?(?:ar|er|ir|ár|ér|ír|ando|ándo|iendo|iéndo|yendo|yéndo))(se|le|les)(lo|la|los|las)?\b"
)
_PERSON_ON_VERB = re.compile(r"\b((?:" + _PERSON_VERBS + r")(?:ar|er|ir|ándo|iéndo|yéndo))(la|lo)\b")
_AFTER_PREPOSITION = re.compile(r"\b(con|para|a|de|por|sin|sobre|hacia|entre)\s+(ella|él)\b", re.IGNORECASE)
# Third-person verbs made tú: the common irregular ones, then the regular endings.
_IRREGULAR = {
    "es": "eres",
    "fue": "fuiste",
    "era": "eras",
    "está": "estás",
    "estuvo": "estuviste",
    "va": "vas",
    "iba": "ibas",
    "ha": "has",
    "tiene": "tienes",
    "tuvo": "tuviste",
    "hizo": "hiciste",
    "dijo": "dijiste",
    "vino": "viniste",
    "dio": "diste",
    "pudo": "pudiste",
    "quiso": "quisiste",
    "supo": "supiste",
    "puso": "pusiste",
    "hace": "haces",
    "puede": "puedes",
    "quiere": "quieres",
    "sabe": "sabes",
    "sigue": "sigues",
    "piensa": "piensas",
    "vuelve": "vuelves",
}
_SUBJECT_VERB = re.compile(r"\b(?:ella|él|Ella|Él)\s+(?:(se|me|nos|le|lo|la)\s+)?([a-záéíóúñ]+)\b")
_REFLEXIVE = re.compile(r"\bse\s+([a-záéíóúñ]+)\b")


def tu_verb(verb: str) -> str | None:
    """A third-person verb in the tú form ("trabaja" -> "trabajas", "habló" -> "hablaste"),
    or None when it does not look like one."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ió") and len(verb) > 3:
        return verb[:-2] + "iste"
    if verb.endswith("ó") and len(verb) > 2:
        return verb[:-1] + "aste"
    if verb.endswith(("a", "e", "á")) and len(verb) > 2:
        return verb + "s"
    return None


def addressed(text: str) -> str:
    """`text` (about the contact, in the third person) said to them, in tú."""

    def possessive(found: re.Match[str]) -> str:
        word = found.group(0)
        said = _POSSESSIVES[word.lower()]
        return said.capitalize() if word[0].isupper() else said

    text = re.sub(
        r"\b(?:su|sus|suy[oa]s?)\b",
        lambda m: possessive(m) if _theirs(text, m.start()) else m[0],
        text,
        flags=re.IGNORECASE,
    )
    text = _ON_VERB.sub(lambda m: m[1] + "te" + (m[3] or ""), text)
    text = _PERSON_ON_VERB.sub(lambda m: m[1] + "te", text)
    text = _AFTER_PREPOSITION.sub(lambda m: "contigo" if m[1].lower() == "con" else f"{m[1]} ti", text)
    text = _SUBJECT_VERB.sub(_subject_verb, text)
    text = _TOLD.sub(_told, text)
    text = _TOLD_START.sub(lambda m: f"{m[1]} {tu_verb(m[2])}", text)
    text = _VERB_START.sub(
        lambda m: _capital(_IRREGULAR.get(m[1].lower()) or tu_verb(m[1]) or m[1], m[1]), text
    )
    text = _REFLEXIVE.sub(lambda m: f"te {tu_verb(m[1])}" if tu_verb(m[1]) else m[0], text)
    text = re.sub(r"\bse (lo|la|los|las)\b", r"te \1", text)
    return re.sub(r"\b(le|les)\b", "te", text)


# "me contó que está buscando…": the person told the member, and is the one doing it.
_TOLD = re.compile(r"\b(me|nos)\s+([a-záéíóúñ]+ó|dijo)\s+que\s+(?:(ella|él)\s+)?(?:(se)\s+)?([a-záéíóúñ]+)\b")
_TOLD_START = re.compile(r"^([Mm]e|[Nn]os)\s+([a-záéíóúñ]+ó|dijo)\b")
_AFTER_TOLD = frozenset({"está", "va", "tiene", "quiere", "sigue", "piensa", "anda", "busca", "trabaja"})


def _told(found: re.Match[str]) -> str:
    said = f"{found[1]} {tu_verb(found[2])} que"
    verb = found[5]
    if found[4] and tu_verb(verb):  # "se muda" -> "te mudas"
        return f"{said} te {tu_verb(verb)}"
    if verb in _AFTER_TOLD or (found[3] and tu_verb(verb)):
        return f"{said} {tu_verb(verb)}"
    return f"{said} {verb}"


# A note that opens with a third-person verb is about the person: "Tiene un bebé nuevo".
_VERB_START = re.compile(
    r"^(" + "|".join(_IRREGULAR) + r"|[A-Za-záéíóúñ]+ió|[A-Za-záéíóúñ]{3,}ó)\b", re.IGNORECASE
)


def _capital(said: str, word: str) -> str:
    return said.capitalize() if word[:1].isupper() else said


def _theirs(text: str, at: int) -> bool:
    """Whether "su" at `at` is the contact's: not just after someone else's name ("a Jo y su
    equipo"); the note's first word has a capital anyway."""
    words = text[:at].split()
    return not any(word[:1].isupper() and word[1:].islower() for word in words[max(1, len(words) - 3) :])


def _subject_verb(found: re.Match[str]) -> str:
    """ "ella se muda" -> "te mudas", "él trabaja" -> "trabajas" (Spanish leaves "tú" out)."""
    clitic, verb = found[1], found[2]
    said = tu_verb(verb)
    if not said:
        return found[0]
    if clitic in {"se", "le"}:
        clitic = "te"
    return f"{clitic} {said}" if clitic else said


def with_clitic(verb: str, clitic: str) -> str:
    """An infinitive or gerund with a pronoun on it: ("mudar", "te") -> "mudarte",
    ("mudando", "te") -> "mudándote" (the stress keeps its place, so the gerund gains an accent)."""
    if not clitic:
        return verb
    for plain, stressed in (("yendo", "yéndo"), ("iendo", "iéndo"), ("ando", "ándo")):
        if verb.endswith(plain):
            return verb[: -len(plain)] + stressed + clitic
    return verb + clitic
