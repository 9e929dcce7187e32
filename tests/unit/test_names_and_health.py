"""What drafts and texts call people, and what drafts say about the member's health.

The probe: after importing corpus vCards, drafts said "Hi Mr.,", "Hi Dr.," and "Hi
john.doe@company.com," and a text listed "1 Mr., 2 Dr., 3 john.doe@company.com" on a lock
screen; a focus "…while I finish treatment" went into every draft; and the focus was pasted
after a fixed verb ("I'm looking into getting back into…").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.services import MemoryServices
from tests.imports.helpers import corpus_dir
from tests.unit.conftest import THURSDAY
from tracker.domain.contacts import ContactChanges, ContactFilter, NewContact
from tracker.domain.health import health_words, screened
from tracker.domain.members import ProfileChanges
from tracker.domain.model import Contact, Identity, Member, MemberKey, ReminderChannel
from tracker.domain.names import greeting_name
from tracker.domain.sms import Answer, InboundSms
from tracker.rendering.drafts import draft_opener, focus_notice
from tracker.rendering.wording import WHY_GENERAL

CHICAGO = ZoneInfo("America/Chicago")
PHONE = "+13125550142"
NOW = datetime(2026, 11, 26, 14, tzinfo=UTC)
CORPUS_CARDS = (
    "vcard/v21-outlook-photo-qp-label.vcf",  # FN "Mr. John Richter James Doe Sr.", N given John
    "vcard/v40-vobject-full-rfc6350-props.vcf",  # FN "Dr. John Q. Public, III"
    "vcard/v21-android-qp-utf8-multi.vcf",  # two cards named only by their email address
)


def texting_and_mailing(app: MemoryServices, sam: Identity, **changes: object) -> Member:
    """Sam, reminded by email and text at 08:00 in Chicago, three picks a day."""
    settings = {
        "time_zone": "America/Chicago",
        "reminder_hour": 8,
        "phone": PHONE,
        "reminder_channels": (ReminderChannel.EMAIL, ReminderChannel.SMS),
        "picks_per_day": 3,
        **changes,
    }
    app.members.update(sam, ProfileChanges(**settings))  # type: ignore[arg-type]
    member = app.prove_phone(sam)
    app.texter.sent.clear()
    return member


def eight_am(day: int) -> datetime:
    local = THURSDAY.astimezone(CHICAGO).date() + timedelta(days=day + 1)
    return datetime(local.year, local.month, local.day, 8, tzinfo=CHICAGO).astimezone(UTC)


def remind(app: MemoryServices, member: Member, at: datetime) -> None:
    app.clock.at = at
    app.reminders.send_daily(member.key, at.astimezone(CHICAGO).date(), at)


def person(name: str, **fields: object) -> Contact:
    return Contact(contact_id="c-1", name=name, created_at=NOW, updated_at=NOW, **fields)  # type: ignore[arg-type]


SAM = Member(key=MemberKey("bridges", "m-1"), email="sam@example.org", created_at=NOW, updated_at=NOW)


# ---------------------------------------------------------------- names


def test_imported_cards_are_greeted_by_their_given_name_and_texts_never_show_titles_or_addresses(
    app: MemoryServices, sam: Identity
) -> None:
    # Given Sam imported the corpus cards whose full names carry titles or are email addresses
    member = texting_and_mailing(app, sam)
    for name in CORPUS_CARDS:
        report = app.imports.import_file(sam, (corpus_dir() / name).read_bytes(), dry_run=False)
        assert report.failed == 0
    # When the daily reminders of the next ten days go out
    for day in range(10):
        remind(app, member, eight_am(day))
    emails = "\n".join(email.text for email in app.mailer.to("sam@example.org"))
    texts = app.texter.to(PHONE)
    # Then every one of the eight people was a pick, greeted by the name they go by
    assert emails.count("A message you could send") == 8
    greetings = sorted(line.strip().split(",")[0] for line in emails.splitlines() if "Hi " in line)
    assert greetings == ["Hi John", "Hi John", *["Hi there"] * 5, "Hi ÑÑÑÑ"]
    assert not any(wrong in emails for wrong in ("Hi Mr.", "Hi Dr.", "Hi john.doe"))
    # And no text shows a title, an email address or a number from a card
    assert texts
    assert not any(wrong in text for text in texts for wrong in ("@", "Mr.", "Dr."))
    assert not any(number in text for text in texts for number in ("123456", "234567"))
    listed = " ".join(texts)
    assert all(name in listed for name in ("John", "a contact", "Ñ."))


def test_a_card_whose_n_and_fn_disagree_is_greeted_by_the_name_the_member_sees(
    app: MemoryServices, sam: Identity
) -> None:
    # v21-aosp-complicated: N says Forrest Gump, FN (the name shown) says Joe Due
    raw = (corpus_dir() / "vcard/v21-aosp-complicated-qp-fold-photo.vcf").read_bytes()
    app.imports.import_file(sam, raw, dry_run=False)
    (joe,) = app.contacts.list(sam.member, ContactFilter(), None, 10).items
    assert (joe.name, joe.given_name) == ("Joe Due", None)
    assert draft_opener(SAM, joe, NOW).lapse.startswith("Hi Joe,")


def test_a_name_the_member_sets_wins_and_a_new_full_name_drops_the_old_given_name(
    app: MemoryServices, sam: Identity
) -> None:
    bea = app.contacts.create(sam, NewContact(name="Dr. Beatriz Ruiz", given_name="Beatriz"))
    assert draft_opener(SAM, bea, NOW).lapse.startswith("Hi Beatriz,")
    bea = app.contacts.update(sam.member, bea.contact_id, ContactChanges(called_name="Bea"))
    assert draft_opener(SAM, bea, NOW).lapse.startswith("Hi Bea,")
    renamed = app.contacts.update(
        sam.member, bea.contact_id, ContactChanges(name="Ana Ruiz", called_name=None)
    )
    assert renamed.given_name is None
    assert draft_opener(SAM, renamed, NOW).lapse.startswith("Hi Ana,")


@pytest.mark.parametrize(
    ("name", "greeted"),
    [
        ("Mr. John Richter James Doe Sr.", "John"),
        ("Dr. John Q. Public, III", "John"),
        ("Sra. Dña. María José Pérez", "María"),
        ("Prof. Dr. Hans Müller", "Hans"),
        ("Chloé Van Damme, Jr.", "Chloé"),
        ("Public, John Q.", "John"),
        ("J. Robert Oppenheimer", "Robert"),
        ("Jean-Luc Picard", "Jean-Luc"),
        ("john.doe@company.com", None),
        ("+1 415 555 0188", None),
        ("123456789", None),
        ("Mr.", None),
        ("J.", None),
    ],
)
def test_a_greeting_never_uses_a_title_an_address_a_number_or_an_initial(
    name: str, greeted: str | None
) -> None:
    assert greeting_name(person(name)) == greeted
    draft = draft_opener(SAM, person(name), NOW)
    assert draft.lapse.startswith(f"Hi {greeted or 'there'},")


def test_a_text_reply_names_the_pick_without_an_address(app: MemoryServices, sam: Identity) -> None:
    member = texting_and_mailing(app, sam, reminder_channels=(ReminderChannel.SMS,))
    app.contacts.create(
        sam, NewContact(name="john.doe@company.com", last_contact_at=THURSDAY - timedelta(days=300))
    )
    app.contacts.create(
        sam, NewContact(name="Mr. Ben Okafor", last_contact_at=THURSDAY - timedelta(days=200))
    )
    at = app.clock.now()
    app.reminders.send_daily(member.key, at.astimezone(CHICAGO).date(), at)  # the text replied to
    assert "@" not in app.texter.sent[-1][1]
    replies = []
    for number, message_id in ((1, "in-1"), (2, "in-2")):
        before = len(app.texter.sent)
        assert app.sms_replies.handle(InboundSms(PHONE, f"DONE {number}", message_id)).answer is Answer.DONE
        replies += [reply for _, reply in app.texter.sent[before:]]
    assert replies == [
        "Networking Tracker: noted, you reached out to pick 1. Well done!",
        "Networking Tracker: noted, you reached out to Ben. Well done!",
    ]


# ---------------------------------------------------------------- health words


def test_a_focus_about_treatment_stays_out_of_drafts_the_member_is_told_once_and_can_keep_it(
    app: MemoryServices, sam: Identity
) -> None:
    # Given Sam's focus mentions treatment, and someone is due every day
    member = texting_and_mailing(
        app,
        sam,
        reminder_channels=(ReminderChannel.EMAIL,),
        picks_per_day=1,
        current_focus="Getting back into UX research while I finish treatment",
    )
    for n, name in enumerate(("Ana Lima", "Ben Okafor", "Chloé Dubois")):
        app.contacts.create(sam, NewContact(name=name, last_contact_at=THURSDAY - timedelta(days=300 - n)))
    # When the first reminder goes out
    remind(app, member, eight_am(0))
    first = app.mailer.sent[-1].text
    # Then its draft says the focus without the treatment, and a note says so, once
    assert " I'm getting back into UX research, and " in first
    assert "treatment" in first.split("A note about these drafts")[1]  # named in the note only
    assert "choose so in Settings: https://" in first  # the web app's page, not the API's field
    assert "finish treatment" not in first
    assert app.members.profile(sam).health_note_sent_on == eight_am(0).astimezone(CHICAGO).date()
    # And the next day's reminder has no note (and still no treatment)
    remind(app, member, eight_am(1))
    second = app.mailer.sent[-1].text
    assert "A note about these drafts" not in second
    assert "treatment" not in second
    # When Sam says drafts may mention it
    app.members.update(sam, ProfileChanges(drafts_may_mention_health=True))
    remind(app, member, eight_am(2))
    # Then the draft keeps it
    assert "I'm getting back into UX research while I finish treatment, and " in app.mailer.sent[-1].text


def test_contact_notes_about_health_stay_out_of_drafts_too() -> None:
    ana = person(
        "Ana Lima",
        how_we_met="We met in the oncology waiting room",
        last_summary="Coffee near her office, after her chemo",
        help_ideas=("Drive her to the hospital", "Proof-read her grant applications"),
        last_contact_at=NOW - timedelta(days=150),
    )
    draft = draft_opener(SAM, ana, NOW)
    assert health_words(draft.text) == ()
    assert "coffee near your office" in draft.lapse  # the last conversation, without the chemo
    assert "proof-read your grant applications" in draft.offer
    assert set(draft.left_out) == {"oncology", "chemo", "hospital"}
    kept = draft_opener(replace(SAM, drafts_may_mention_health=True), replace(ana, last_summary=None), NOW)
    assert "we met in the oncology waiting room." in kept.lapse
    assert kept.left_out == ()


@pytest.mark.parametrize(
    ("focus", "kept", "words"),
    [
        ("Volver al diseño mientras termino la quimioterapia", "Volver al diseño", ("quimioterapia",)),
        ("Busco trabajo en marketing tras una baja médica", "Busco trabajo en marketing", ("baja medica",)),
        ("Roles de UX después del tratamiento", "Roles de UX", ("tratamiento",)),
        ("Diseño, ya sin CÁNCER", "Diseño", ("cancer",)),
        ("Cirugía en marzo", None, ("cirugia",)),
        ("Data roles (after my chemo and radiotherapy)", "Data roles", ("chemo", "radiotherapy")),
        ("After surgery, looking for data roles", "looking for data roles", ("surgery",)),
        ("Part-time roles; back from sick leave", "Part-time roles", ("sick leave",)),
        ("Product design roles in healthcare", "Product design roles in healthcare", ()),
    ],
)
def test_health_words_are_found_in_english_and_spanish_whatever_the_accents(
    focus: str, kept: str | None, words: tuple[str, ...]
) -> None:
    assert health_words(focus) == words
    assert screened(focus).kept == kept
    draft = draft_opener(replace(SAM, current_focus=focus), person("Ana"), NOW)
    assert health_words(draft.text) == ()
    assert set(draft.left_out) == set(words)


def test_the_profile_says_what_drafts_leave_out_until_the_member_chooses(
    app: MemoryServices, sam: Identity
) -> None:
    member = app.members.update(sam, ProfileChanges(current_focus="UX research while I finish treatment"))
    assert '"while I finish treatment"' in (focus_notice(member) or "")
    assert "drafts_may_mention_health" in (focus_notice(member) or "")
    decided = app.members.update(sam, ProfileChanges(drafts_may_mention_health=False))
    assert focus_notice(decided) is None
    assert "treatment" not in draft_opener(decided, person("Ana"), NOW).text


# ---------------------------------------------------------------- the focus as a sentence


@pytest.mark.parametrize(
    ("focus", "said"),
    [
        ("getting back into UX research", "I'm getting back into UX research"),
        ("Getting back into nursing", "I'm getting back into nursing"),
        ("Looking for part-time product roles", "I'm looking for part-time product roles"),
        ("Product design roles in healthcare", "I'm looking into product design roles in healthcare"),
        ("A return to nursing", "I'm looking into a return to nursing"),
        ("Marketing roles in London", "I'm looking into marketing roles in London"),
        ("UX research", "I'm looking into UX research"),
        ("Find a part-time role in data", "I'm hoping to find a part-time role in data"),
        ("To get back into teaching", "I'd like to get back into teaching"),
        ("Want to move into data science", "I want to move into data science"),
        ("I want to move into data science", "I want to move into data science"),
        ("im exploring roles in fintech", "I'm exploring roles in fintech"),
        ("I'm returning to work after a career break.", "I'm returning to work after a career break"),
        ("My goal is a return to teaching", "my goal is a return to teaching"),
        ("Back in the job market", "I'm back in the job market"),
        ("Open to contract work", "I'm open to contract work"),
        ("Currently looking for mentors", "I'm currently looking for mentors"),
        ("Change of career into data", "I'm looking into change of career into data"),
    ],
)
def test_any_focus_reads_as_a_sentence(focus: str, said: str) -> None:
    draft = draft_opener(replace(SAM, current_focus=focus), person("Ana"), NOW)
    assert f" {said}, and " in draft.why_now  # inside whichever why-now phrasing the pair draws
    assert draft.why_now.endswith(("came to mind.", "thought of you."))
    assert "looking into getting" not in draft.why_now
    assert draft.why_now.count("I'm") <= 2  # "writing now" and the focus, never twice over


# ---------------------------------------------------------------- asking for a focus, once


def test_a_member_with_no_focus_is_asked_for_one_once_and_drafts_give_a_general_reason(
    app: MemoryServices, sam: Identity
) -> None:
    member = texting_and_mailing(app, sam, reminder_channels=(ReminderChannel.EMAIL,), picks_per_day=1)
    for n, name in enumerate(("Ana Lima", "Ben Okafor")):
        app.contacts.create(sam, NewContact(name=name, last_contact_at=THURSDAY - timedelta(days=300 - n)))
    remind(app, member, eight_am(0))
    first = app.mailer.sent[-1].text
    assert "what are you working towards at the moment?" in first
    assert "/app/settings#current_focus" in first
    assert any(reason in first for reason in WHY_GENERAL)  # meanwhile, a warm general reason
    remind(app, member, eight_am(1))
    assert "working towards" not in app.mailer.sent[-1].text  # asked once only
    assert app.members.profile(sam).focus_ask_sent_on == eight_am(0).astimezone(CHICAGO).date()
