"""Publishing a year with differentially private counts: the ledger's spending by table and
scope, its refusal of an over-budget release, and what the public pages and export say."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse

from crossroads.accounts.models import Role, User
from crossroads.audit.models import AuditEntry
from crossroads.exchange import public
from crossroads.exchange.services import aggregation, drafts
from crossroads.exchange.services import submissions as submitting
from crossroads.exchange.tests.conftest import add_records
from crossroads.reports import privacy, services, tasks
from crossroads.reports.models import Method, PrivacyRelease, PrivacySpending, Publication
from crossroads.tasks.models import TaskRun
from crossroads.testing import Personas, agree, make_user


def _accept(analyst: User, officer: User) -> None:
    submitting.accept(analyst, submitting.submit(officer, drafts.build_draft(officer, 2024)))


@pytest.fixture
def network(personas: Personas) -> Personas:
    """Two members' accepted 2024 submissions (A: 20 Dutch women, 12 Romanian men;
    B: 15 German women) and the year's network tables."""
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    officer_b = make_user("officer-b", Role.DATA_OFFICER, personas.org_b)
    add_records(personas.data_officer_a, 20, "NL", citizenship=["NLD"])
    add_records(personas.data_officer_a, 12, "RO", citizenship=["ROU"], gender="male")
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    _accept(personas.analyst, personas.data_officer_a)
    _accept(personas.analyst, officer_b)
    aggregation.compute_release(personas.analyst, 2024, by_country=False)
    return personas


def _publish(personas: Personas, epsilon: float = 1.0) -> Publication:
    return services.publish_year(personas.analyst, 2024, method=Method.PRIVACY, epsilon=epsilon)


def test_a_private_publication_records_its_spending_by_table_and_scope_and_audits_it(
    network: Personas,
) -> None:
    publication = _publish(network, 1.0)
    assert publication.method == Method.PRIVACY and publication.epsilon == 1.0
    line = PrivacyRelease.objects.get()
    assert (line.year, line.epsilon, line.publication_id) == (2024, 1.0, publication.pk)
    assert line.key == public.accepted_key(2024)
    rows = PrivacySpending.objects.filter(release=line)
    network_rows = rows.filter(scope="network")
    assert sum(r.epsilon for r in network_rows) == pytest.approx(1.0)
    assert set(rows.filter(table="persons_sex_age").values_list("scope", flat=True)) == {
        "network",
        "DEU",
        "NLD",
    }
    assert privacy.spent(2024) == pytest.approx(1.0)
    entry = AuditEntry.objects.get(object_type="privacy_release")
    assert entry.object_id == str(line.pk) and entry.detail["epsilon"] == 1.0
    published = AuditEntry.objects.get(object_type="publication")
    assert published.detail["method"] == "differential_privacy"
    assert published.detail["noised_years"] == [2024]


def test_published_private_counts_are_never_negative_and_their_totals_add_up(
    network: Personas,
) -> None:
    publication = _publish(network, 0.5)
    release = services.published_releases(publication)[2024]
    assert public.is_private(release)
    for scope in ("network", *release.countries):
        for table in release.tables(scope).values():
            values = [c.value for c in table.cells()]
            assert all(v is not None and v >= 0 for v in values), table.name
            if len(table.dimensions) == 1 and table.dimensions[0].additive:
                parts = [table.cell(c).value or 0 for c in table.dimensions[0].categories]
                assert table.cell("_T").value == sum(parts)


@override_settings(CROSSROADS_PRIVACY_BUDGET=1.5)
def test_the_ledger_refuses_a_release_over_the_years_budget_and_stores_nothing(
    network: Personas,
) -> None:
    _publish(network, 1.0)
    # New data for 2024: the counts must be noised again, and 1.0 more would exceed 1.5.
    add_records(network.data_officer_a, 3, "LATE", citizenship=["NLD"])
    _accept(network.analyst, network.data_officer_a)
    aggregation.compute_release(network.analyst, 2024, by_country=False)
    with pytest.raises(privacy.BudgetExceeded) as refused:
        _publish(network, 1.0)
    message = str(refused.value)
    assert "2024 (1 already spent)" in message and "privacy budget of 1.5" in message
    assert Publication.objects.count() == 1 and PrivacyRelease.objects.count() == 1
    assert privacy.spent(2024) == pytest.approx(1.0)
    _publish(network, 0.5)  # exactly what is left
    assert privacy.spent(2024) == pytest.approx(1.5)


def test_unchanged_data_reuses_the_published_noisy_counts_and_spends_nothing(
    network: Personas,
) -> None:
    first = _publish(network, 1.0)
    second = _publish(network, 1.0)
    assert PrivacyRelease.objects.count() == 1 and privacy.spent(2024) == pytest.approx(1.0)
    assert (
        first.snapshot["releases"]["2024"]["scopes"]
        == (second.snapshot["releases"]["2024"]["scopes"])
    )


def test_a_budget_that_is_not_positive_is_refused(network: Personas) -> None:
    with pytest.raises(privacy.InvalidBudget):
        _publish(network, 0.0)
    assert not Publication.objects.exists()


def test_the_public_pages_and_the_ctdc_export_give_the_method_and_margins(
    network: Personas,
) -> None:
    publication = _publish(network, 1.0)
    client = network.client_for(None)
    page = client.get(reverse("public:year", args=[2024])).content.decode()
    assert "Differentially private figures" in page
    assert "discrete Laplace noise, privacy budget ε = 1" in page
    method = privacy.methods(publication)[0]
    assert method.private and method.margins
    table, cell, total = method.margins[0]
    assert f"<code>{table}</code>" in page and cell > 0 and total >= cell
    country = client.get(reverse("public:country", args=[2024, "NLD"])).content.decode()
    assert "Differentially private figures" in country
    export = client.get(reverse("public:ctdc", args=[2024])).content.decode()
    rows = list(csv.DictReader(io.StringIO(export)))
    assert rows and {r["method"] for r in rows} == {"differential_privacy"}
    assert all(r["margin95"].isdigit() and int(r["margin95"]) > 0 for r in rows)
    assert all(r["flag"] == "n" and int(r["victimCount"]) >= 0 for r in rows)


def test_a_suppressed_publication_says_so_and_exports_no_margin(network: Personas) -> None:
    services.publish_year(network.analyst, 2024)
    client = network.client_for(None)
    page = client.get(reverse("public:year", args=[2024])).content.decode()
    assert "small counts are suppressed" in page and "2024: suppression of small counts" in page
    export = client.get(reverse("public:ctdc", args=[2024])).content.decode()
    rows = list(csv.DictReader(io.StringIO(export)))
    assert {r["method"] for r in rows} == {"suppression"} and not any(r["margin95"] for r in rows)
    assert not PrivacyRelease.objects.exists()


def test_the_publish_form_refuses_an_over_budget_epsilon_before_queueing_anything(
    network: Personas,
) -> None:
    client = network.client_for(network.analyst)
    response = client.post(
        reverse("reports:publish", args=[2024]),
        {"method": "differential_privacy", "epsilon": "1000"},
        follow=True,
    )
    assert "would take these cohort years past their privacy budget" in response.content.decode()
    assert not TaskRun.objects.filter(kind=tasks.PUBLISH_TASK).exists()
    response = client.post(
        reverse("reports:publish", args=[2024]),
        {"method": "differential_privacy", "epsilon": "0,5"},
    )
    publication = Publication.objects.get(year=2024)
    assert (publication.method, publication.epsilon) == (Method.PRIVACY, 0.5)
    ledger = client.get(reverse("reports:privacy_ledger")).content.decode()
    assert "Cohort 2024" in ledger and "<code>persons_sex_age</code>" in ledger


def test_only_analysts_publish_privately_or_read_the_ledger(network: Personas) -> None:
    for user in (
        network.caseworker_a,
        network.data_officer_a,
        network.org_admin_a,
        network.caseworker_b,
    ):
        client = network.client_for(user)
        assert client.get(reverse("reports:privacy_ledger")).status_code == 403
        response = client.post(
            reverse("reports:publish", args=[2024]),
            {"method": "differential_privacy", "epsilon": "1"},
        )
        assert response.status_code == 403
        with pytest.raises(PermissionError):
            services.publish_year(user, 2024, method=Method.PRIVACY, epsilon=1.0)
        with pytest.raises(PermissionError):
            privacy.ledger(user)
    anonymous = network.client_for(None).get(reverse("reports:privacy_ledger"))
    assert anonymous.status_code == 302
    assert not PrivacyRelease.objects.exists() and not Publication.objects.exists()
