"""The phrasings of a Spanish reconnect draft, one set per move, as in rendering/wording.py.

Tú, not usted: the member writes to people they know (old colleagues, neighbours, friends), and
Spanish-speaking support programs in the US commonly write to members and their contacts in tú;
a program that prefers usted can give its own set later. No phrasing says an adjective of the
member or the contact ("callado", "querida"): the draft does not know either one's gender.
"""

from __future__ import annotations

from tracker.rendering.wording_sets import Wording

# {hello} = "¡Hola, Ana!"; {since} = "3 meses", "más de un año", "unas semanas", "unos 2 años":
# every phrasing reads right with each of them (no "han pasado", which "más de un año" breaks).
LAPSE_SINCE = (
    "{hello} Hace {since} que no hablamos, ¡perdona el silencio!",
    "{hello} ¡Qué rápido pasa el tiempo! Ya llevamos {since} sin hablar.",
    "{hello} Llevamos {since} sin hablar, y eso es demasiado tiempo.",
    "{hello} Me di cuenta de que hace {since} que no estamos en contacto.",
    "{hello} Extraño nuestras charlas: hace {since} que no hablamos.",
    "{hello} Perdona que no haya dado señales de vida en {since}.",
)
LAPSE_UNDATED = (
    "{hello} Hace tiempo que no hablamos, ¡perdona el silencio!",
    "{hello} ¡Qué rápido pasa el tiempo! Hace mucho que no hablamos.",
    "{hello} Llevamos demasiado tiempo sin hablar.",
    "{hello} Me di cuenta de que hace tiempo que no estamos en contacto.",
    "{hello} Extraño nuestras charlas: hace mucho que no hablamos.",
    "{hello} Perdona que no haya dado señales de vida en tanto tiempo.",
)
# {memory} = "las noches de trivia en el bar" or "cuando cantamos karaoke en la fiesta".
MEMORY = (
    "Todavía sonrío al recordar {memory}.",
    "El otro día me acordé de {memory}.",
    "Hace poco pensaba en {memory}.",
)
# The last conversation quoted as the member wrote it ({summary} = "hablamos de libros y bicis").
LAST_TALK = (
    "Todavía recuerdo nuestra última charla: {summary}.",
    "Estuve pensando en la última vez que hablamos: {summary}.",
    "Me acuerdo mucho de nuestra última conversación: {summary}.",
)
# ...as what it was, with its possessive ({summary} = "nuestro café cerca de tu oficina").
LAST_TALK_SHORT = (
    "Disfruté mucho {summary} la última vez.",
    "Me quedé con muy buen recuerdo de {summary}.",
    "Todavía me acuerdo de {summary}.",
)
# ...as something you did ({summary} = "nos pusimos al día durante el almuerzo").
LAST_TALK_WHEN = (
    "Todavía recuerdo cuando {summary}.",
    "Estuve pensando en cuando {summary}.",
    "Me acuerdo mucho de cuando {summary}.",
)
# How you met, as who they were to the member ({role} = "jefa en Acme", as the member wrote it).
MET_ROLE = (
    "A menudo pienso en cuando eras mi {role}.",
    "Me acordaba de cuando eras mi {role}.",
    "Estuve recordando cuando eras mi {role}.",
)
# ...as a clause after "cuando" ({met} = "nos conocimos en el meetup de Berlín").
MET_WHEN = (
    "Estuve recordando cuando {met}.",
    "A menudo pienso en cuando {met}.",
    "Me acordaba de cuando {met}.",
)
# ...as a plain note ({met} = "meetup de Berlín, 2019").
MET_NOTE = (
    "Estuve pensando en cómo nos conocimos: {met}.",
    "A menudo pienso en cómo nos conocimos: {met}.",
    "Me acordaba de cómo nos conocimos: {met}.",
)
NO_MEMORY = (
    "Espero que estés muy bien.",
    "Espero que la vida te esté tratando bien.",
    "Espero que todo vaya bien por allá.",
)
# {focus} = "estoy buscando volver a trabajar en enfermería" (the member as its subject).
WHY_FOCUS = (
    "Te escribo porque {focus}, y me acordé de ti.",
    "Te cuento una novedad: {focus}, y pensé en ti.",
    "Te escribo ahora porque {focus}, y pensé en ti.",
)
WHY_GENERAL = (
    "Estoy retomando el contacto con personas que aprecio, y me acordé de ti.",
    "Me estoy tomando el tiempo de reconectar con gente que me cae bien, y pensé en ti.",
    "Me estoy poniendo al día con la gente que me importa, y tú estás en mi lista.",
)
# {idea} = "revisar tu CV" (an infinitive, turned towards the contact).
OFFER_DO = (
    "Me encantaría devolverte el favor: podría {idea}, si te sirve.",
    "Si te es útil, con gusto puedo {idea}.",
    "¿Te puedo ayudar en algo? Podría {idea}.",
)
# {idea} = "tu portafolio" (a thing to help with).
OFFER_WITH = (
    "Me encantaría devolverte el favor y ayudarte con {idea}, si te sirve.",
    "Si te es útil, con gusto te ayudo con {idea}.",
    "¿Te puedo ayudar en algo? Podría ayudarte con {idea}.",
)
OFFER_ASK = (
    "¿Hay algo en lo que pueda ayudarte? Con gusto te devuelvo el favor.",
    "¿Cómo te podría ayudar en este momento? Me encantaría.",
    "¿Hay algo que pueda hacer por ti?",
)
# The open next step ({step} = "enviarte mi CV actualizado"; often the member's own to-do).
HOOK_DO = (
    "Por cierto, todavía tengo pendiente {step}.",
    "Y no me olvido de que quería {step}.",
)
HOOK_NOTE = (
    "Y no me olvido: {step}.",
    "Además, sigue en mi lista: {step}.",
)
# What the last conversation said was coming ({doing} = "buscando trabajo en datos").
FOLLOW_DOING = (
    "¿Sigues {doing}?",
    "Me quedé con la curiosidad: ¿sigues {doing}?",
)
# ...({do} = "mudarte al equipo de datos").
FOLLOW_WILL = (
    "¿Llegaste a {do}?",
    "Me quedé con la curiosidad: ¿llegaste a {do}?",
)

SPANISH = Wording(
    LAPSE_SINCE=LAPSE_SINCE,
    LAPSE_UNDATED=LAPSE_UNDATED,
    MEMORY=MEMORY,
    LAST_TALK=LAST_TALK,
    LAST_TALK_SHORT=LAST_TALK_SHORT,
    LAST_TALK_WHEN=LAST_TALK_WHEN,
    MET_ROLE=MET_ROLE,
    MET_WHEN=MET_WHEN,
    MET_NOTE=MET_NOTE,
    NO_MEMORY=NO_MEMORY,
    WHY_FOCUS=WHY_FOCUS,
    WHY_GENERAL=WHY_GENERAL,
    OFFER_DO=OFFER_DO,
    OFFER_WITH=OFFER_WITH,
    OFFER_ASK=OFFER_ASK,
    HOOK_DO=HOOK_DO,
    HOOK_NOTE=HOOK_NOTE,
    FOLLOW_DOING=FOLLOW_DOING,
    FOLLOW_WILL=FOLLOW_WILL,
)
