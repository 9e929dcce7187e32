"""The member's Spanish notes about a person as sentences of a Spanish draft (as
rendering/recall.py does in English): the last conversation or how you met as a pleasantry,
and what the last conversation said was coming as a follow-up question ("Se va a mudar al
equipo de datos" -> "¿Llegaste a mudarte al equipo de datos?").

Each function says which shape it found and the clause to put in it, or None when the note has
no shape it knows.
"""

from __future__ import annotations

import re

from tracker.rendering.address_es import addressed, with_clitic

# What a conversation is called, with the possessive its gender takes: "nuestro café".
_TALKS = {
    **dict.fromkeys(("café", "cafecito", "almuerzo", "desayuno", "paseo", "encuentro", "brunch"), "nuestro"),
    **dict.fromkeys(("té", "zoom", "partido", "rato"), "nuestro"),
    **dict.fromkeys(("comida", "cena", "llamada", "videollamada", "charla", "conversación"), "nuestra"),
    **dict.fromkeys(
        ("reunión", "caminata", "visita", "cerveza", "sesión", "plática", "excursión"), "nuestra"
    ),
    **dict.fromkeys(("cervezas", "copas", "tapas", "onces"), "nuestras"),
}
_BEFORE_TALK = frozenset(
    {"un", "una", "el", "la", "unas", "las", "gran", "buen", "breve", "larga", "primera"}
)
# Who a person was to the member, as the member wrote it ("jefa", "compañero de piso").
_ROLES = frozenset(
    {"compañero", "compañera", "colega", "jefe", "jefa", "mentor", "mentora", "vecino", "vecina"}
    | {"profesor", "profesora", "maestro", "maestra", "entrenador", "entrenadora", "supervisor"}
    | {"supervisora", "cliente", "clienta", "tutor", "tutora", "alumno", "alumna", "estudiante"}
    | {"coordinador", "coordinadora", "gerente", "voluntario", "voluntaria", "roomie", "socio", "socia"}
)
_TOGETHER = frozenset({"compañeros", "compañeras", "colegas", "vecinos", "vecinas", "socios", "socias"})
_FORMER = frozenset({"antiguo", "antigua", "ex", "viejo", "vieja", "primer", "primera"})
_WAS = re.compile(r"^(?:(?:ella|él)\s+)?(?:era|fue)\s+(?:mi\s+)?", re.IGNORECASE)


def _we_did(word: str) -> bool:
    """A verb in the first person plural: "tomamos", "coincidimos", "nos" + verb."""
    return word == "nos" or (word.endswith(("amos", "imos", "emos")) and len(word) > 5)


def last_talk(summary: str) -> tuple[str, str] | None:
    """The last conversation's first note as ("talk", "nuestro café cerca de tu oficina"), or
    ("when", "tomamos un café cerca de tu oficina"); None for other shapes."""
    text = _lowered(summary)
    words = text.split(" ")
    start = 0
    while start < len(words) - 1 and words[start].lower() in _BEFORE_TALK:
        start += 1
    head = words[start].lower().strip(",;:")
    if head in _TALKS:
        return "talk", addressed(" ".join([_TALKS[head], *words[start:]]))
    if _i_did(words):
        return "when", "te " + addressed(" ".join(words[1:]))
    if _we_did(words[0].lower()):
        return "when", addressed(text)
    return None


def _i_did(words: list[str]) -> bool:
    """ "le escribí…", "la conocí…": the member did it, to the person."""
    return len(words) > 1 and words[0].lower() in {"le", "la", "lo", "te"} and words[1].endswith(("é", "í"))


def how_we_met(met: str) -> tuple[str, str] | None:
    """How you met as ("role", "jefa en Acme") for "cuando eras mi …", or ("when", "nos
    conocimos en el meetup de Berlín"); None for other shapes. Its pronouns stay: "su" may be
    someone else's ("nos presentó Jo en su boda")."""
    text = _WAS.sub("", _lowered(met))
    words = text.split(" ")
    if _i_did(words):
        return "when", "te " + addressed(" ".join(words[1:]))
    if _we_did(words[0].lower()) and len(words) > 1:
        return "when", text
    if words[0].lower() in _TOGETHER and len(words) > 1:  # "compañeras de clase en…"
        return "when", f"éramos {text}"
    while len(words) > 1 and words[0].lower() in ({"mi", "un", "una", "el", "la"} | _FORMER):
        words = words[1:]
    head = words[0].lower().strip(",;:")
    if head.startswith("ex") and head[2:] in _ROLES:
        words = [words[0][2:], *words[1:]]
        head = head[2:]
    if head in _ROLES:
        return "role", " ".join(words)
    return None


_SUBJECT = r"^(?:(?:me|nos)\s+(?:contó|dijo|comentó)\s+que\s+)?(?:(?:ella|él)\s+)?"
_CLITIC = r"(?:(se|me|nos|le|te)\s+)?"
_GOING = re.compile(_SUBJECT + _CLITIC + r"(?:va a|piensa|planea|quiere|espera)\s+(\w+?)(se)?\b(.*)$", re.I)
_FUTURE = re.compile(_SUBJECT + _CLITIC + r"(\w+)rá\b(.*)$", re.I)
_DOING = re.compile(_SUBJECT + _CLITIC + r"(?:está|sigue|anda)\s+(\w+(?:ando|iendo|yendo))(se)?\b(.*)$", re.I)
_IRREGULAR_FUTURE = {
    "ha": "hacer",
    "hab": "haber",
    "tend": "tener",
    "pod": "poder",
    "sald": "salir",
    "di": "decir",
    "vend": "venir",
    "pond": "poner",
    "sab": "saber",
    "quer": "querer",
}
_NOT_DOING = frozenset({"ser", "estar", "haber"})
# When it was to happen, as said back then: "el mes que viene" is past by now.
_WHEN = re.compile(
    r"\s+(?:(?:el|la) (?:próxim[oa]) (?:semana|mes|año)|(?:el|la) (?:semana|mes|año) que viene"
    r"|est[ea] (?:semana|mes|año)|pronto|en (?:primavera|verano|otoño|invierno)|después de las fiestas)$",
    re.I,
)
_CLITIC_SAID = {"se": "te", "le": "te", "te": "te", "me": "me", "nos": "nos"}


def follow_up(summary: str) -> tuple[str, str] | None:
    """A question about what the last conversation said was coming: ("will", "mudarte al
    equipo de datos") for "¿Llegaste a …?", or ("doing", "buscando trabajo en datos") for
    "¿Sigues …?". The first sentence or clause that says so; None if none does."""
    for part in re.split(r"(?<=[.!?;])\s+|,\s+(?:y\s+)?(?=(?:ella|él|se|va)\b)", " ".join(summary.split())):
        clause = part.strip().rstrip(".!?;,")
        if found := _GOING.match(clause):
            said = _follow("will", found[2], found[3] or found[1], found[4])
        elif found := _FUTURE.match(clause):
            verb = _IRREGULAR_FUTURE.get(found[2].lower(), found[2] + "r")
            said = _follow("will", verb, found[1], found[3])
        elif found := _DOING.match(clause):
            said = _follow("doing", found[2], found[3] or found[1], found[4])
        else:
            continue
        if said:
            return said
    return None


def _follow(shape: str, verb: str, clitic: str | None, rest: str) -> tuple[str, str] | None:
    if verb.lower() in _NOT_DOING:
        return None
    said = _CLITIC_SAID.get((clitic or "").lower(), "")
    rest = _WHEN.sub("", re.split(r",| y | pero | así que ", rest, maxsplit=1)[0].rstrip())
    return shape, with_clitic(verb.lower(), said) + addressed(rest)


def _lowered(text: str) -> str:
    word = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if word[1:] == word[1:].lower() else text
