"""Civic space incidents: recorded by the member, counted for the network under protection."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from crossroads.accounts.models import Role
from crossroads.audit.models import AuditEntry
from crossroads.civicspace import counts, services
from crossroads.civicspace.models import CivicIncident
from crossroads.testing import Personas, make_org, make_user

YEARS = [2022, 2023, 2024]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def add(organisation_user: object, n: int, year: int, *, shared: bool = False) -> None:
    for day in range(n):
        services.record_incident(
            organisation_user,  # type: ignore[arg-type]
            {
                "kind": "funding_cut",
                "occurred_on": date(year, 3, day + 1),
                "severity": 2,
                "description": "The ministry withdrew the grant for the shelter.",
                "shared": shared,
            },
        )


def test_a_data_officer_records_an_incident_through_the_form(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    response = client.post(
        reverse("civicspace:new"),
        {
            "kind": "threat",
            "occurred_on": "2024-05-02",
            "severity": "4",
            "description": "Staff received threats after a television report on our work.",
        },
        follow=True,
    )
    assert "Incident recorded." in response.content.decode()
    incident = CivicIncident.objects.get()
    assert incident.organisation == personas.org_a and not incident.shared
    assert AuditEntry.objects.filter(object_type="civic_incident", action="create").exists()


def test_a_description_naming_a_person_or_a_future_date_is_refused(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    named = client.post(
        reverse("civicspace:new"),
        {
            "kind": "smear",
            "occurred_on": "2024-05-02",
            "severity": "2",
            "description": "A deputy, Mr Novak, called us traitors on television.",
        },
    )
    assert "looks like personal data" in named.content.decode()
    future = client.post(
        reverse("civicspace:new"),
        {"kind": "smear", "occurred_on": "2999-01-01", "severity": "2", "description": ""},
    )
    assert "between 2000 and today" in future.content.decode()
    assert not CivicIncident.objects.exists()


def test_counts_below_the_threshold_never_show(personas: Personas) -> None:
    """NLD: 5, 1 (hidden), 6. DEU: 4, 4, 2 (hidden). The complements hide what the margins
    would give away."""
    officer_b = make_user("officer-b", Role.DATA_OFFICER, personas.org_b)
    for user, per_year in ((personas.data_officer_a, (5, 1, 6)), (officer_b, (4, 4, 2))):
        for year, n in zip(YEARS, per_year, strict=True):
            add(user, n, year)
    grid = counts.by_country(YEARS)
    netherlands = counts.country_row(grid, "NLD")
    germany = counts.country_row(grid, "DEU")
    assert netherlands is not None and germany is not None
    assert netherlands.values[1] is None and germany.values[2] is None
    shown = [v for row in grid.rows for v in row.values if v is not None]
    assert all(v >= counts.threshold() for v in shown)
    # Neither hidden count can be recomputed from a released row total and the other years.
    assert netherlands.total is None or netherlands.values.count(None) >= 2
    assert germany.total is None or germany.values.count(None) >= 2
    page = personas.client_for(personas.analyst).get(reverse("civicspace:network")).content
    assert b">1<" not in page and b">2<" not in page


@override_settings(CROSSROADS_CIVIC_THRESHOLD=3)
def test_a_rise_is_flagged_on_the_country_view_only_when_released(personas: Personas) -> None:
    assert counts.rising([3, 5]) is True
    assert counts.rising([4, 5]) is False
    assert counts.rising([None, 4]) is True
    assert counts.rising([0, 3]) is True
    assert counts.rising([6, None]) is False
    last = date.today().year - 1  # the country view shows complete years
    add(personas.data_officer_a, 3, last - 1)
    add(personas.data_officer_a, 6, last)
    grid = counts.by_country([last - 2, last - 1, last])
    row = counts.country_row(grid, "NLD")
    assert row is not None and row.values == [0, 3, 6] and row.rising
    with override_settings(CROSSROADS_CIVIC_THRESHOLD=3):
        page = personas.client_for(personas.analyst).get(
            reverse("civicspace:country", args=["NLD"])
        )
    assert "Incidents are rising" in page.content.decode()


def test_the_network_reads_a_record_only_when_the_member_shares_it(personas: Personas) -> None:
    add(personas.data_officer_a, 1, 2024)
    add(personas.data_officer_a, 1, 2023, shared=True)
    kept, shared = CivicIncident.objects.order_by("occurred_on").reverse()
    analyst = personas.client_for(personas.analyst)
    assert analyst.get(reverse("civicspace:incident", args=[kept.pk])).status_code == 404
    page = analyst.get(reverse("civicspace:incident", args=[shared.pk]))
    assert page.status_code == 200 and "withdrew the grant" in page.content.decode()
    assert analyst.post(reverse("civicspace:incident", args=[shared.pk]), {}).status_code == 403
    network = analyst.get(reverse("civicspace:network")).content.decode()
    assert reverse("civicspace:incident", args=[shared.pk]) in network
    assert reverse("civicspace:incident", args=[kept.pk]) not in network


def test_a_member_changes_shares_and_removes_its_incident(personas: Personas) -> None:
    add(personas.data_officer_a, 1, 2024)
    incident = CivicIncident.objects.get()
    client = personas.client_for(personas.data_officer_a)
    url = reverse("civicspace:incident", args=[incident.pk])
    client.post(
        url,
        {
            "kind": "funding_blocked",
            "occurred_on": "2024-03-01",
            "severity": "3",
            "description": "Payment of the approved grant was frozen for five months.",
            "shared": "on",
        },
    )
    incident.refresh_from_db()
    assert incident.shared and incident.kind == "funding_blocked"
    client.post(reverse("civicspace:delete", args=[incident.pk]))
    assert not CivicIncident.objects.exists()
    assert AuditEntry.objects.filter(object_type="civic_incident", action="delete").exists()


def test_only_countries_with_incidents_are_listed(personas: Personas) -> None:
    other = make_org("org-c", "FRA")
    make_user("officer-c", Role.DATA_OFFICER, other)
    add(personas.data_officer_a, 3, 2024)
    assert [row.key for row in counts.by_country(YEARS).rows] == ["NLD"]
