"""The member's current focus as a Spanish clause of their own, for "Te escribo porque …":
"volver a trabajar en enfermería" -> "estoy buscando volver a trabajar en enfermería",
"buscando trabajo de medio tiempo" -> "estoy buscando trabajo de medio tiempo", "puestos de
diseño en salud" -> "estoy buscando puestos de diseño en salud", any other thing -> "me estoy
enfocando en …"; a focus already in the first person ("quiero volver a…") stays as written.
"""

from __future__ import annotations

import re

# First words that already make a clause with the member as its subject.
_FIRST_PERSON = frozenset(
    {"yo", "quiero", "quisiera", "estoy", "busco", "espero", "necesito", "voy", "tengo", "sigo"}
    | {"planeo", "pienso", "deseo", "me", "mi", "mis", "estaba", "intento", "trato", "ando", "soy"}
    | {"estamos", "queremos", "buscamos", "nuestro", "nuestra"}
)
# Words that follow "estoy" as they are: "estoy lista para volver", "estoy de vuelta".
_STATES = frozenset(
    {"lista", "listo", "abierta", "abierto", "disponible", "interesada", "interesado", "de", "en"}
    | {"preparada", "preparado", "dispuesta", "dispuesto"}
)
# Nouns of the work sought: "puestos de diseño" is something "estoy buscando".
_WORK = frozenset(
    {"puesto", "puestos", "trabajo", "trabajos", "empleo", "empleos", "rol", "roles", "oportunidades"}
    | {"oportunidad", "vacantes", "vacante", "prácticas", "pasantía", "pasantías", "contrato"}
)
_INFINITIVE = re.compile(r"^[a-záéíóúñ]+(?:ar|er|ir|ír)(?:me|se|nos)?$")
_NOT_INFINITIVE = frozenset({"lugar", "hogar", "taller", "mujer", "bar", "mar", "par", "primer", "tercer"})
_SEEKING = frozenset({"encontrar", "conseguir", "buscar", "obtener", "lograr", "emprender", "certificarme"})
_ARTICLES = frozenset({"un", "una", "unos", "unas", "el", "la", "los", "las"})


def focus_clause(focus: str) -> str:
    """`focus` (one clause, as a draft quotes it) as a clause with the member as its subject."""
    text = _lowered(focus)
    words = text.split(" ")
    head = words[0].lower()
    second = words[1].lower() if len(words) > 1 else ""
    if head in _FIRST_PERSON:
        return text
    if (head.endswith(("ando", "iendo", "yendo")) and len(head) > 5) or head in _STATES:
        return f"estoy {text}"
    if head in _SEEKING:  # "estoy buscando encontrar…" says seeking twice
        return f"quiero {text}"
    if _INFINITIVE.match(head) and head not in _NOT_INFINITIVE:
        return f"estoy buscando {text}"
    if head in _WORK or (head in _ARTICLES and second in _WORK):
        return f"estoy buscando {text}"
    return f"me estoy enfocando en {text}"


def _lowered(text: str) -> str:
    """A Title-case first word loses its capital; names and acronyms ("UX") keep theirs."""
    word = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if word[:1].isupper() and word[1:] == word[1:].lower() else text
