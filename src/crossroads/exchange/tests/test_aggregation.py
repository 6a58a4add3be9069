"""Network and per-country tables: sums of accepted originals, protected again, with provenance."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossroads.accounts.models import Role
from crossroads.exchange.models import Submission
from crossroads.exchange.services import aggregation, drafts, releases
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.stats.disclosure import TOTAL as T
from crossroads.testing import Personas, agree, make_user


def _accept(personas: Personas, officer_username: str, organisation: object) -> Submission:
    from crossroads.accounts.models import User

    officer = User.objects.get(username=officer_username)
    return services.accept(
        personas.analyst, services.submit(officer, drafts.build_draft(officer, 2024))
    )


@pytest.fixture
def two_members(agreed: Personas) -> Personas:
    """A: 20 Dutch women, 12 Romanian men. B: 15 German women."""
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    add_records(agreed.data_officer_a, 20, "NL", citizenship=["NLD"])
    add_records(agreed.data_officer_a, 12, "RO", citizenship=["ROU"], gender="male")
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    _accept(agreed, agreed.data_officer_a.username, agreed.org_a)
    _accept(agreed, officer_b.username, agreed.org_b)
    return agreed


def test_network_tables_add_up_the_accepted_originals(two_members: Personas) -> None:
    result = releases.aggregate_year(2024)
    assert result is not None
    network = result.scope(None)
    # 20 + 12 + 15 persons; women 20 + 15.
    assert network["persons_sex_age"].cell(T, T, T).value == 47
    assert network["persons_citizenship"].cell("female", T).value == 35
    assert network["persons_citizenship"].cell("male", "other_eu").value == 12


def test_every_aggregate_says_which_submissions_and_versions_it_counts(
    two_members: Personas,
) -> None:
    result = releases.aggregate_year(2024)
    assert result is not None
    credited = {(c.organisation, c.version, c.originals) for c in result.contributions}
    assert credited == {("org-a", 1, True), ("org-b", 1, True)}
    checksums = {c.checksum for c in result.contributions}
    assert checksums == set(Submission.objects.values_list("checksum", flat=True))


def test_only_the_latest_accepted_version_counts(two_members: Personas) -> None:
    officer = two_members.data_officer_a
    add_records(officer, 5, "LATE", citizenship=["NLD"])
    services.accept(
        two_members.analyst, services.submit(officer, drafts.build_draft(officer, 2024))
    )
    result = releases.aggregate_year(2024)
    assert result is not None
    assert {(c.organisation, c.version) for c in result.contributions} == {
        ("org-a", 2),
        ("org-b", 1),
    }
    assert result.scope(None)["persons_sex_age"].cell(T, T, T).value == 52


def test_country_tables_are_protected_with_the_network(two_members: Personas) -> None:
    release = aggregation.compute_release(two_members.analyst, 2024, by_country=True)
    result = releases.aggregate_year(2024)
    assert result is not None and result.by_country and result.release.pk == release.pk
    assert result.countries == ["DEU", "NLD"]
    germany = result.scope("DEU")
    assert germany["persons_sex_age"].cell(T, T, T).value == 15
    assert "persons_countries" not in germany  # by country of citizenship: network only
    assert result.scope("NLD")["persons_citizenship"].cell(T, "own_country").value == 20


def test_a_new_acceptance_makes_the_stored_tables_out_of_date(two_members: Personas) -> None:
    release = aggregation.compute_release(two_members.analyst, 2024, by_country=False)
    assert releases.is_current(release)
    officer = two_members.data_officer_a
    services.accept(
        two_members.analyst, services.submit(officer, drafts.build_draft(officer, 2024))
    )
    assert not releases.is_current(release)


def test_released_values_are_added_when_the_agreement_keeps_originals_home(
    agreed: Personas,
) -> None:
    agree(agreed.analyst, agreed.org_b, originals_to_secretariat=False)
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    add_records(agreed.data_officer_a, 20, "NL", citizenship=["NLD"])
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    add_records(officer_b, 3, "FR", citizenship=["FRA"])  # small: suppressed in B's release
    _accept(agreed, agreed.data_officer_a.username, agreed.org_a)
    _accept(agreed, officer_b.username, agreed.org_b)
    result = releases.aggregate_year(2024)
    assert result is not None
    by_member = {c.organisation: c.originals for c in result.contributions}
    assert by_member == {"org-a": True, "org-b": False}
    network = result.scope(None)["persons_citizenship"]
    assert network.cell("female", "other_eu").value is None  # B suppressed its 3
    # B hides its own-country margin too (else 18 - 15 gives the 3 away); its total shows.
    assert network.cell(T, "own_country").value is None
    assert network.cell(T, T).value == 38  # A's 20 + B's released 18


def test_a_module_shared_by_fewer_members_is_withheld_when_the_difference_is_small(
    agreed: Personas,
) -> None:
    agree(agreed.analyst, agreed.org_b, modules=("profile",))
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    add_records(agreed.data_officer_a, 25, "NL", citizenship=["NLD"])
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    add_records(officer_b, 2, "PL", citizenship=["POL"])  # B's other-EU margin: 2
    _accept(agreed, agreed.data_officer_a.username, agreed.org_a)
    _accept(agreed, officer_b.username, agreed.org_b)
    result = releases.aggregate_year(2024)
    assert result is not None
    assert result.withheld == ["rights"]
    assert "rights_permits" not in result.scope(None)
    # Referrals are A's alone too, but a population of their own that shares no cell
    # with the profile: nothing can be subtracted, so they are summed over A.
    assert "referral_pairs" in result.scope(None)


def test_the_network_page_credits_contributors_and_offers_downloads(
    two_members: Personas,
) -> None:
    client = two_members.client_for(two_members.analyst)
    page = client.get(reverse("exchange:network_year", args=[2024]))
    assert page.status_code == 200
    assert "Organisation A" in page.content.decode() and "Organisation B" in page.content.decode()
    csv = client.get(reverse("exchange:network_download", args=[2024, "csv"]))
    assert csv.status_code == 200 and b"persons_sex_age" in csv.content
    xlsx = client.get(reverse("exchange:network_download", args=[2024, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("exchange:network_year", args=[2019])).status_code == 404
    member = two_members.client_for(two_members.data_officer_a)
    assert member.get(reverse("exchange:network_year", args=[2024])).status_code == 403


def test_a_submission_built_before_a_table_existed_sums_with_newer_ones_without_it(
    agreed: Personas,
) -> None:
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    add_records(agreed.data_officer_a, 20, "NL", citizenship=["NLD"])
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    _accept(agreed, agreed.data_officer_a.username, agreed.org_a)
    older = _accept(agreed, officer_b.username, agreed.org_b)
    # As built under the previous catalogue: no table of the time to identification.
    for part in ("original", "released"):
        document = getattr(older, part)
        document["tables"] = [
            t for t in document["tables"] if t["name"] != "rights_identification_time"
        ]
    Submission.objects.filter(pk=older.pk).update(original=older.original, released=older.released)
    aggregation.compute_release(agreed.analyst, 2024, by_country=True)
    result = releases.aggregate_year(2024)
    assert result is not None
    network = result.scope(None)
    assert "rights_identification_time" not in network  # a sum over one member would mislead
    # Its other rights tables still count both members.
    assert network["rights_identification"].cell(T, T).value == 35
    assert {c.modules for c in result.contributions} == {("profile", "referrals", "rights")}


def test_the_network_tables_and_the_inbox_count_members_per_year_and_mark_an_incomplete_one(
    two_members: Personas,
) -> None:
    officer = two_members.data_officer_a
    add_records(officer, 12, "NEW", year_of_registration=2025, first_contact_date="2025-02-01")
    services.accept(
        two_members.analyst, services.submit(officer, drafts.build_draft(officer, 2025))
    )
    covered = aggregation.accepted_coverage()
    assert (covered[2024].members, covered[2024].best, covered[2024].incomplete) == (2, 2, False)
    assert (covered[2025].members, covered[2025].best, covered[2025].incomplete) == (1, 2, True)
    client = two_members.client_for(two_members.analyst)
    years = client.get(reverse("exchange:network")).content.decode()
    assert "1 of 2" in years and "2 of 2" in years and "incomplete" in years
    inbox = client.get(reverse("exchange:inbox")).content.decode()
    assert "Members with an accepted submission" in inbox
    assert "1 of 2" in inbox and "2 of 2" in inbox and "incomplete" in inbox
