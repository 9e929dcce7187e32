"""Who in an import file is already in the network (formats/merge.py), on plain data: people
who share a name and company are one person unless their LinkedIn profiles differ."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any, ClassVar

from tracker.domain.model import Contact
from tracker.formats.merge import ImportPlan, plan_import
from tracker.formats.people import ImportedPerson

NOW = datetime(2026, 11, 26, 15, tzinfo=UTC)


def profile(slug: str) -> str:
    return f"https://www.linkedin.com/in/{slug}"


def stored(contact_id: str, name: str, **fields: Any) -> Contact:
    return Contact(contact_id=contact_id, name=name, created_at=NOW, updated_at=NOW, **fields)


def row(number: int, name: str, *, email: str | None = None, **fields: Any) -> ImportedPerson:
    return ImportedPerson(row=number, name=name, email=email, emails=(email,) if email else (), **fields)


def planned(people: list[ImportedPerson], existing: list[Contact]) -> ImportPlan:
    return plan_import(people, existing, {}, now=NOW, default_cadence_days=30)


def merged_into(plan: ImportPlan) -> dict[int, int]:
    """Each merged row and the row it was merged into."""
    return {problem.row: int(problem.message.split()[5].rstrip(";")) for problem in plan.merged_rows}


def test_name_alikes_with_different_profiles_are_two_people_and_one_without_joins_the_first() -> None:
    # Given Ana Lima of Acme in the network, known by her profile
    ana = stored("stored-ana", "Ana Lima", company="Acme", linkedin_url=profile("ana-1"))
    # When a file names an Ana Lima of Acme with another profile, one with none, and the other again
    plan = planned(
        [
            row(2, "Ana Lima", company="Acme", linkedin_url=profile("ana-2")),
            row(3, "ana  lima", company="ACME", role="CTO"),
            row(4, "Ana Lima", company="Acme", linkedin_url=profile("ana-2"), role="Engineer"),
        ],
        [ana],
    )
    # Then the second profile is a new person, the row without one fills in the stored Ana,
    # and the second profile's second row is merged into its first
    assert (plan.rows_new, plan.rows_updated) == ([2], [3])
    assert [after.role for _, after in plan.changed] == ["CTO"]
    assert merged_into(plan) == {4: 2}
    assert [(c.linkedin_url, c.role) for c in plan.new] == [(profile("ana-2"), "Engineer")]


def test_a_profile_filled_in_by_one_row_tells_the_contact_apart_from_the_next() -> None:
    # Given Ana in the network with an email address but no profile and no company
    ana = stored("stored-ana", "Ana Lima", email="ana@example.org")
    plan = planned(
        [
            # The same email: her profile and company are filled in
            row(2, "Ana Lima", email="ana@example.org", company="Acme", linkedin_url=profile("ana-1")),
            # Another profile, the same name and company: someone else
            row(3, "Ana Lima", company="Acme", linkedin_url=profile("ana-2")),
            # No profile and no email: the first Ana Lima of Acme, the stored one
            row(4, "Ana Lima", company="Acme", role="CTO"),
        ],
        [ana],
    )
    assert (plan.rows_new, plan.rows_updated) == ([3], [2])
    assert merged_into(plan) == {4: 2}
    [(_, after)] = plan.changed
    assert (after.company, after.linkedin_url, after.role) == ("Acme", profile("ana-1"), "CTO")


def test_rows_of_this_apps_export_match_stored_name_alikes_only() -> None:
    # Given Ana in the network, and an export of another account naming Ana twice and Bo twice
    ana = stored("stored-ana", "Ana Lima", company="Acme")
    plan = planned(
        [
            row(2, "Ana Lima", company="Acme", source_id="other-1", role="CTO"),
            row(3, "Bo Sato", company="Globex", source_id="other-2"),
            row(4, "Bo Sato", company="Globex", source_id="other-3"),
        ],
        [ana],
    )
    # Then Ana is the stored Ana, and the two Bos (two ids in their export) are two people
    assert (plan.rows_new, plan.rows_updated, plan.merged_rows) == ([3, 4], [2], [])


class WatchedContact(Contact):
    """A stored contact that counts how often matching looks at its LinkedIn profile."""

    looks: ClassVar[Counter[str]] = Counter()

    def __getattribute__(self, name: str) -> Any:
        if name == "linkedin_url":
            WatchedContact.looks[object.__getattribute__(self, "contact_id")] += 1
        return super().__getattribute__(name)


def test_each_stored_name_alike_is_looked_at_a_few_times_not_once_per_row() -> None:
    # Given 20 Ana Limas of Acme in the network, each with her own profile
    WatchedContact.looks.clear()
    network = [
        WatchedContact(
            contact_id=f"stored-{n}",
            name="Ana Lima",
            company="Acme",
            linkedin_url=profile(f"ana-{n}"),
            created_at=NOW,
            updated_at=NOW,
        )
        for n in range(20)
    ]
    # When a file names 300 more, each with yet another profile
    people = [row(n, "Ana Lima", company="Acme", linkedin_url=profile(f"file-{n}")) for n in range(2, 302)]
    plan = planned(people, network)
    # Then all 300 are new, and finding that out never walked past the stored ones row by row
    # (it did: 300 rows x 20 stored name-alikes, quadratic in a file of one name)
    assert len(plan.rows_new) == 300
    assert set(WatchedContact.looks) == {contact.contact_id for contact in network}
    assert max(WatchedContact.looks.values()) <= 5
