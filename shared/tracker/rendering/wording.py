"""The phrasings a reconnect draft chooses from, one set per move (see rendering/drafts.py).

Each phrasing is a str.format template with named placeholders only; a draft picks one per
move by a stable hash of member + contact, so every channel shows the same draft.
"""

from __future__ import annotations

# Acknowledge the lapse, when the last contact date is known ({since} = "5 months").
# Each opens differently, so that two drafts in one member's day never start the same way.
LAPSE_SINCE = (
    "{hello} it's been {since} since we last spoke, sorry for the silence!",
    "{hello} I can't believe it's been {since} since we caught up.",
    "{hello} {since} have gone by since we last talked, and that's far too long.",
    "{hello} I realised it's been {since} since we were in touch.",
    "{hello} it has been {since} already, and I've missed our chats.",
    "{hello} sorry I've been quiet for {since}.",
)
# The same, when no date is known.
LAPSE_UNDATED = (
    "{hello} it's been a while since we were last in touch.",
    "{hello} I can't believe how long it's been since we caught up.",
    "{hello} far too much time has gone by since we last talked.",
    "{hello} I realised we haven't been in touch for a while.",
    "{hello} it has been ages, and I've missed our chats.",
    "{hello} sorry I've been so quiet lately.",
)
# A pleasantry: a shared memory ({memory} = "the pub quiz nights").
MEMORY = (
    "I still smile when I think of {memory}.",
    "I was just remembering {memory}.",
    "Something reminded me of {memory} the other day.",
)
# ...else the last conversation ({summary} = "coffee near your office").
LAST_TALK = (
    "I still remember our last catch-up: {summary}.",
    "I was thinking about the last time we talked: {summary}.",
    "Our last chat stayed with me: {summary}.",
)
# ...or, when the last conversation is a short name for it ({summary} = "video chat").
LAST_TALK_SHORT = (
    "I really enjoyed our {summary} last time.",
    "I've been thinking about our {summary} last time.",
    "Our {summary} last time was lovely.",
)
# ...or, when it was something you did ({summary} = "we caught up over lunch").
LAST_TALK_WHEN = (
    "I still remember when {summary}.",
    "I was thinking about when {summary}.",
    "I keep thinking of when {summary}.",
)
# ...else how you met, as who they were to you ({role} = "colleague from my first job").
MET_ROLE = (
    "I often think back to when you were my {role}.",
    "I was remembering when you were my {role}.",
    "I was thinking back to when you were my {role}.",
)
# ...or as a clause after "when" ({met} = "we sat together at the stand-ups").
MET_WHEN = (
    "I was thinking back to when {met}.",
    "I often think of when {met}.",
    "I was remembering when {met}.",
)
# ...or as a plain note ({met} = "Berlin meetup, 2019").
MET_NOTE = (
    "I was thinking back to how we met: {met}.",
    "I often think of how we met: {met}.",
    "I was remembering how we met: {met}.",
)
NO_MEMORY = (
    "I hope you've been well.",
    "I hope life has been kind to you.",
    "I hope things are going well.",
)
# Why now: the member's focus ({focus} = "I'm looking into design roles").
WHY_FOCUS = (
    "The reason I'm writing now: {focus}, and you came to mind.",
    "I'm writing because {focus}, and I thought of you.",
    "A bit of news: {focus}, and you came to mind.",
)
# Why now with no focus: an honest, warm general reason.
WHY_GENERAL = (
    "I'm getting back in touch with people I've enjoyed knowing, and you came to mind.",
    "I've been making time to reconnect with people I like, and I thought of you.",
    "I'm catching up with people who matter to me, and you were high on the list.",
)
# The offer, turned towards the contact ({idea} = "proof-read your CV" as a verb phrase).
OFFER_DO = (
    "I'd love to return the favour: I could {idea}, if that would help?",
    "If it's useful, I'd be happy to {idea}.",
    "Can I help in return? I could {idea}.",
)
# ...when the idea is a thing ({idea} = "your portfolio review").
OFFER_WITH = (
    "I'd love to return the favour and help with {idea}, if that's useful.",
    "If it's useful, I'd be happy to help with {idea}.",
    "Can I help in return? I could help with {idea}.",
)
# ...when nothing sensible can be offered.
OFFER_ASK = (
    "Is there anything I could help you with at the moment? I'd be glad to return the favour.",
    "How could I help you at the moment? I'd be glad to.",
    "Is there something I could do for you in return?",
)
# A follow-up hook from the open next step ({step} = "send my updated CV": often the member's
# own to-do, so never "we said we'd…").
HOOK_DO = (
    "I still mean to {step}, by the way.",
    "And I haven't forgotten that I meant to {step}.",
)
HOOK_NOTE = (
    "And I haven't forgotten: {step}.",
    "Also, still on my list: {step}.",
)
# ...else from what the last conversation said was coming ({doing} = "moving to the data team").
FOLLOW_DOING = (
    "Did you end up {doing}?",
    "I've been wondering: did you end up {doing}?",
)
# ...({do} = "ask whether it can be three days a week").
FOLLOW_WILL = (
    "Did you get to {do}?",
    "I've been wondering: did you get to {do}?",
)
