"""Demo data: two programs, each with an admin and two members with ~30 realistic contacts.

Everything goes through the same services the API uses, so the demo data is shaped exactly
like data members create. Some people have not been contacted for months (reconnect picks),
some have next steps due. Members log a few conversations in each of the last weeks, so their
weekly progress and their program's report have something to show; Bridges also has a cohort
of five quieter members (sign-ins, not among the dev tokens), so its report has enough active
members to show figures for last week (the report shows closed weeks only, and counts only
members active in more than one week), while St Mary's two members show the small-group
suppression.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import boto3

from local.template import REGION
from tracker.domain import weeks
from tracker.domain.clock import FixedClock
from tracker.domain.contacts import NewContact
from tracker.domain.conversations import NewConversation
from tracker.domain.members import ProfileChanges
from tracker.domain.model import (
    Channel,
    Identity,
    Member,
    Met,
    NextStep,
    Org,
    Outcome,
    Relationship,
    ReminderChannel,
    Weekday,
    WeeklyGoal,
)
from tracker.domain.wording import ENGLISH, WordingSet
from tracker.runtime import Services, build_services

DEMO_PASSWORD = "Local-demo-password-1"  # noqa: S105 - only ever used against moto's Cognito


@dataclass(frozen=True)
class DemoUser:
    name: str
    email: str
    org_id: str
    admin: bool = False
    settings: tuple[tuple[str, Any], ...] = ()


ORGS = (
    Org("bridges", "Bridges to Work", default_time_zone="America/Chicago"),
    Org("stmarys", "St Mary's Survivorship Programme", default_time_zone="Europe/London"),
)

USERS = (
    DemoUser("Dana Whitfield", "dana.admin@bridges.example.org", "bridges", admin=True),
    DemoUser(
        "Sam Rivera",
        "sam@bridges.example.org",
        "bridges",
        settings=(
            ("phone", "+13125550142"),
            ("reminder_channels", (ReminderChannel.EMAIL, ReminderChannel.SMS)),
            ("picks_per_day", 3),
            ("current_focus", "a return to product design roles, ideally in healthcare or public services"),
        ),
    ),
    DemoUser(
        "Jordan Lee",
        "jordan@bridges.example.org",
        "bridges",
        settings=(
            ("reminder_hour", 7),
            ("current_focus", "part-time bookkeeping or payroll work while I finish treatment"),
            ("picks_per_day", 2),
        ),
    ),
    DemoUser("Helen Okafor", "helen.admin@stmarys.example.org", "stmarys", admin=True),
    DemoUser(
        "Priya Shah",
        "priya@stmarys.example.org",
        "stmarys",
        settings=(
            ("current_focus", "getting back into secondary-school teaching, maths or science"),
            ("weekly_review_day", Weekday.MON),
            ("weekly_review_hour", 9),
        ),
    ),
    DemoUser(
        "Tom Becker",
        "tom@stmarys.example.org",
        "stmarys",
        settings=(
            ("current_focus", "logistics coordination roles near Leeds"),
            ("reminder_hour", 18),
            ("paused_until", None),
        ),
    ),
)

FIRST = (
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Efua",
    "Fatima",
    "George",
    "Hana",
    "Ibrahim",
    "Jess",
    "Kwame",
    "Lena",
    "Mateo",
    "Niamh",
    "Olu",
    "Pooja",
    "Quentin",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Víctor",
    "Wen",
    "Yusuf",
    "Zoë",
    "Aiko",
    "Bogdan",
    "Carmen",
    "Declan",
    "Esther",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "José",
    "Kateryna",
)
LAST = (
    "Lima",
    "Okafor",
    "Dubois",
    "Ivanov",
    "Mensah",
    "Haddad",
    "Clarke",
    "Sato",
    "Khan",
    "Morgan",
    "Asante",
    "Fischer",
    "García",
    "Byrne",
    "Adeyemi",
    "Natarajan",
    "Martin",
    "Rossi",
    "Lindqvist",
    "Aziz",
    "Patel",
    "Ramírez",
    "Zhang",
    "Demir",
    "Nowak",
    "Tanaka",
    "Popescu",
    "Ortiz",
    "Walsh",
    "Cohen",
    "Rahimi",
    "Kim",
)
WORK = (
    ("Northwind Health", "Design Lead"),
    ("Riverside Council", "Service Manager"),
    ("Acme Logistics", "Operations Director"),
    ("Brightpath Charity", "Volunteer Coordinator"),
    ("Hartley & Co", "Senior Accountant"),
    ("Oakfield Academy", "Head of Maths"),
    ("Lumen Studio", "UX Researcher"),
    ("Cedar Payroll", "Payroll Supervisor"),
    ("City Hospital", "Occupational Therapist"),
    ("Greenline Transport", "Fleet Planner"),
    ("Kestrel Software", "Engineering Manager"),
    ("Maple Recruitment", "Recruiter"),
    ("St Anne's School", "Deputy Head"),
    ("Harbour Freight", "Warehouse Manager"),
    ("Civic Digital", "Product Manager"),
    ("Beacon Credit Union", "Branch Manager"),
)
# How the member knows each person: most go back years ("before": never new people, reconnects
# after a long silence); a few were met in the last days ("recently": new people this week).
HOW_MET = (
    (
        "We sat next to each other at the Monday team stand-ups for three years and always talked football",
        Met.BEFORE,
    ),
    ("Met at the regional careers fair this week; she ran the stand next to ours", Met.RECENTLY),
    ("Old colleague from my first job; we shared the early shift", Met.BEFORE),
    ("Introduced by my cousin at her wedding", Met.BEFORE),
    ("Fellow volunteer at the food bank on Saturdays", Met.BEFORE),
    ("We did the evening accounting course together", Met.BEFORE),
    ("Neighbour from my old street; our kids were in the same class", Met.BEFORE),
    ("Met in the hospital's return-to-work group on Tuesday", Met.RECENTLY),
    ("Former manager who hired me in 2015", Met.BEFORE),
    ("Mentor from the Bridges programme last spring", Met.BEFORE),
    ("University flatmate; we cooked terrible curries together", Met.BEFORE),
    ("Chatted at the design meetup about accessible forms", Met.RECENTLY),
)
SUMMARIES = (
    "Coffee near her office. She is moving to the data team and offered to introduce me to their manager.",
    "Quick call. He said their team is hiring in the new year and to send him my CV in January.",
    "Caught up over lunch; talked about my treatment and how I'd like to ease back in part-time.",
    "Video chat. Shared tips on portfolio reviews; I offered to proof-read her grant application.",
    "Met at the alumni event. Mentioned a contract role at the council that might suit me.",
    "Long walk in the park. She's been through something similar and suggested a phased return plan.",
    "Emailed to congratulate him on the promotion; he replied with two people I should meet.",
    "Phone call about the volunteer coordinator opening; he'll ask whether it can be three days a week.",
)
NEXT_STEPS = (
    "Send my updated CV",
    "Email to check in on the project launch",
    "Ask about the part-time opening",
    "Share the article on phased returns to work",
    "Follow up on the introduction to the hiring manager",
    "Send thank-you note and portfolio link",
)
HELP_IDEAS = (
    "Proof-read her grant applications",
    "Introduce him to my old team lead at the council",
    "Share my notes from the accessibility course",
    "Recommend a good physio",
    "Help with spreadsheets for the charity's budget",
    "Pass on openings I see that fit her",
)
TAGS = (
    "design",
    "finance",
    "education",
    "healthcare",
    "logistics",
    "mentor",
    "recruiter",
    "former colleague",
)
NOTES = (
    "Prefers texts to calls. Two kids; the eldest just started university.",
    "Very generous with time. Runs on Thursdays with a local club.",
    "Knows everyone in the council's digital team.",
    "Moved to Leeds last year; still keen on the old Monday football chats.",
    None,
)

# St Mary's own wording set (its admins edit it on /app/program/wording): people back from
# treatment owe no one an explanation of the silence, and a reply is never urgent.
STMARYS_WORDING: dict[str, tuple[str, ...]] = {
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
}

# Bridges' cohort: quieter members with a small network and lighter goals (people, new, reconnects).
COHORT = (
    ("Alex Morgan", WeeklyGoal(2, 0, 1)),
    ("Bea Novak", WeeklyGoal(2, 0, 0)),
    ("Chris Adeyemi", WeeklyGoal(3, 0, 1)),
    ("Dee Park", WeeklyGoal(1, 0, 0)),
    ("Eli Santos", WeeklyGoal(2, 0, 1)),
)
COHORT_WEEKS = 6  # weeks of conversations of the cohort (this one included); members log two


def seed(stack_user_pool_id: str, services: Services, *, now: datetime) -> list[DemoUser]:
    """Create the demo organisations, users and data. Returns the users, for /_local/tokens."""
    cognito = boto3.client("cognito-idp", region_name=REGION)
    for org in ORGS:
        services.repositories.orgs.put(org)
    services.repositories.wordings.put(WordingSet("stmarys", ENGLISH, STMARYS_WORDING, now))
    cohort = [
        DemoUser(name, f"{name.split()[0].lower()}@bridges.example.org", "bridges") for name, _ in COHORT
    ]
    for number, user in enumerate((*USERS, *cohort)):
        sub = _create_login(cognito, stack_user_pool_id, user)
        groups = frozenset({"admins"}) if user.admin else frozenset()
        identity = Identity(org_id=user.org_id, member_id=sub, email=user.email, groups=groups)
        member = services.members.profile(identity)
        settings = dict(user.settings)
        if phone := settings.pop("phone", None):
            _proved_phone(services, replace(member, phone=phone))
        services.members.update(identity, ProfileChanges(display_name=user.name, **settings))
        if user.admin:
            continue
        rng = random.Random(number)
        if user in cohort:
            services.goals.set_goal(identity, COHORT[cohort.index(user)][1])
            contacts = _seed_small_network(services, identity, rng, now)
            _seed_recent_weeks(services, identity, contacts, rng, now, COHORT_WEEKS)
        else:
            contacts = _seed_network(services, identity, rng, now)
            _seed_recent_weeks(services, identity, contacts, rng, now, 2)
    return list(USERS)


def _proved_phone(services: Services, member: Member) -> None:
    """A demo member's number, as if they had entered the code texted to it (no code is sent)."""
    services.repositories.members.save(replace(member, phone_verified=True))
    services.repositories.phones.move(member.key, old=None, new=member.phone)


def _create_login(cognito: Any, user_pool_id: str, user: DemoUser) -> str:
    created = cognito.admin_create_user(
        UserPoolId=user_pool_id,
        Username=user.email,
        UserAttributes=[
            {"Name": "email", "Value": user.email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "name", "Value": user.name},
            {"Name": "custom:org_id", "Value": user.org_id},
        ],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=user_pool_id, Username=user.email, Password=DEMO_PASSWORD, Permanent=True
    )
    if user.admin:
        cognito.admin_add_user_to_group(UserPoolId=user_pool_id, Username=user.email, GroupName="admins")
    attributes = {a["Name"]: a["Value"] for a in created["User"]["Attributes"]}
    return str(attributes["sub"])


def _seed_network(
    services: Services, identity: Identity, rng: random.Random, now: datetime, size: int = 30
) -> list[str]:
    firsts = rng.sample(FIRST, size)
    contact_ids = []
    for index, first in enumerate(firsts):
        company, role = rng.choice(WORK)
        how_we_met, met = rng.choice(HOW_MET)
        new = NewContact(
            name=f"{first} {rng.choice(LAST)}",
            email=f"{first.lower().encode('ascii', 'ignore').decode() or 'contact'}{index}@example.com",
            company=company,
            role=role,
            how_we_met=how_we_met,
            met=met,
            relationship=Relationship.PERSONAL if index % 5 == 0 else Relationship.BUSINESS,
            tags=tuple(rng.sample(TAGS, rng.randint(0, 2))),
            starred=index % 7 == 0,
            notes=rng.choice(NOTES),
            help_ideas=tuple(rng.sample(HELP_IDEAS, rng.randint(0, 2))),
        )
        contact = services.contacts.create(identity, new)
        _seed_conversations(services, identity, contact.contact_id, index, rng, now)
        contact_ids.append(contact.contact_id)
    return contact_ids


def _seed_small_network(
    services: Services, identity: Identity, rng: random.Random, now: datetime
) -> list[str]:
    """A cohort member's few contacts, with when they last spoke (no older conversations logged)."""
    contact_ids = []
    for index, first in enumerate(rng.sample(FIRST, 6)):
        company, role = rng.choice(WORK)
        how_we_met, met = rng.choice(HOW_MET)
        last_contact_at = now - timedelta(days=rng.randint(20, 200)) if index % 3 else None
        new = NewContact(
            name=f"{first} {rng.choice(LAST)}",
            company=company,
            role=role,
            how_we_met=how_we_met,
            last_contact_at=last_contact_at,
            met=Met.BEFORE if last_contact_at else met,  # a last contact: known before
        )
        contact = services.contacts.create(identity, new)
        contact_ids.append(contact.contact_id)
    return contact_ids


def _seed_recent_weeks(
    services: Services,
    identity: Identity,
    contact_ids: list[str],
    rng: random.Random,
    now: datetime,
    count: int,
) -> None:
    """A few conversations in most of the last weeks (this one included), for weekly progress.
    This week's are logged first, so each earlier week counts the member towards the report's
    minimum group of five (active in another week too). Each is logged as of when it happened:
    one logged after its week has closed would leave the program's report of it alone."""
    zone = ZoneInfo(services.members.profile(identity).time_zone)
    this_week = weeks.week_of(now, zone.key)
    back_then = FixedClock(now)
    logging = build_services(back_then).conversations
    for back in range(count):
        if back > 2 and rng.random() < 0.2:
            continue  # a quiet week now and then (not in the last two: the report shows them)
        start = datetime.combine(weeks.monday(weeks.shift(this_week, -back)), time(0), tzinfo=zone)
        end = min(start + timedelta(days=7), now)
        for contact_id in rng.sample(contact_ids, rng.randint(1, 2)):
            when = start + (end - start) * rng.random()
            new = NewConversation(
                when=when,
                channel=Channel(rng.choice(["call", "email", "meeting", "video"])),
                summary=rng.choice(SUMMARIES),
                outcomes=tuple(
                    map(
                        Outcome,
                        rng.sample(["job_lead", "referral", "introduction", "advice"], rng.randint(0, 1)),
                    )
                ),
            )
            back_then.at = when
            logging.log(identity.member, contact_id, new)


def _seed_conversations(
    services: Services, identity: Identity, contact_id: str, index: int, rng: random.Random, now: datetime
) -> None:
    bucket = index % 10
    if bucket in (0, 1):
        return  # never logged: due at once
    if bucket in (2, 3, 4):
        last_days_ago = rng.randint(100, 420)  # overdue: a reconnect pick
    elif bucket == 5:
        last_days_ago = rng.randint(84, 89)  # falls due within the week
    else:
        last_days_ago = rng.randint(5, 70)
    conversations = rng.randint(1, 3)
    for step in range(conversations, 0, -1):
        when = now - timedelta(
            days=last_days_ago + (step - 1) * rng.randint(30, 120), hours=rng.randint(0, 8)
        )
        channel = Channel(rng.choice(["call", "email", "meeting", "video", "text", "event"]))
        summary = rng.choice(SUMMARIES)
        outcomes = tuple(
            map(
                Outcome,
                rng.sample(
                    ["job_lead", "referral", "introduction", "information", "advice"], rng.randint(0, 2)
                ),
            )
        )
        next_step = None
        latest = step == 1
        if latest and bucket in (6, 7):
            due: date = (now + timedelta(days=rng.randint(-4, 5))).date()  # next steps due around now
            next_step = NextStep(rng.choice(NEXT_STEPS), due)
        new = NewConversation(when=when, channel=channel, summary=summary, outcomes=outcomes)
        _, contact = services.conversations.log(identity.member, contact_id, new)
        if next_step is not None:
            # Set back then, so it may be overdue now: written as an import keeps one (the API
            # refuses a past due date from today's requests).
            services.repositories.contacts.replace(
                identity.member,
                replace(contact, next_step=next_step, revision=contact.revision + 1),
                expected_revision=contact.revision,
            )
