"""Who reaches which civic space page: every URL, every persona."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from crossroads.civicspace import services
from crossroads.civicspace.models import CivicIncident
from crossroads.testing import Personas


@pytest.fixture
def incident(personas: Personas) -> CivicIncident:
    return services.record_incident(
        personas.data_officer_a,
        {
            "kind": "excluded_nrm",
            "occurred_on": date(2024, 2, 1),
            "severity": 3,
            "description": "The ministry no longer invites us to case conferences.",
            "shared": False,
        },
    )


MEMBER_PAGES = ["civicspace:incidents", "civicspace:new"]
ANALYST_PAGES = ["civicspace:network"]


def test_member_pages_are_for_the_members_data_officers_and_administrators(
    personas: Personas,
) -> None:
    for name in MEMBER_PAGES:
        url = reverse(name)
        for persona in (personas.data_officer_a, personas.org_admin_a):
            assert personas.client_for(persona).get(url).status_code == 200, name
        for persona in (personas.caseworker_a, personas.caseworker_b):
            assert personas.client_for(persona).get(url).status_code == 403, name
        outsider = personas.client_for(None).get(url)
        assert outsider.status_code == 302 and "/accounts/" in outsider["Location"]
    analyst = personas.client_for(personas.analyst)
    assert analyst.get(reverse("civicspace:incidents")).status_code == 302
    assert analyst.get(reverse("civicspace:new")).status_code == 403


def test_the_network_pages_are_for_analysts(personas: Personas) -> None:
    pages = [reverse(n) for n in ANALYST_PAGES] + [reverse("civicspace:country", args=["NLD"])]
    for url in pages:
        assert personas.client_for(personas.analyst).get(url).status_code == 200, url
        for persona in (personas.caseworker_a, personas.data_officer_a, personas.caseworker_b):
            assert personas.client_for(persona).get(url).status_code == 403, url
    missing = reverse("civicspace:country", args=["XYZ"])
    assert personas.client_for(personas.analyst).get(missing).status_code == 404


def test_an_incident_of_another_organisation_is_the_same_404_as_a_missing_one(
    personas: Personas, incident: CivicIncident
) -> None:
    for name in ("civicspace:incident", "civicspace:delete"):
        url = reverse(name, args=[incident.pk])
        missing = reverse(name, args=[incident.pk + 1000])
        for persona in (personas.caseworker_b, personas.caseworker_a):
            client = personas.client_for(persona)
            got = client.post(url) if name.endswith("delete") else client.get(url)
            assert got.status_code in {403, 404}, (name, persona)
        analyst = personas.client_for(personas.analyst)
        if name.endswith("delete"):
            assert analyst.post(url).status_code == 403
        else:
            assert analyst.get(url).status_code == analyst.get(missing).status_code == 404
        owner = personas.client_for(personas.data_officer_a)
        if not name.endswith("delete"):
            assert owner.get(url).status_code == 200
    assert CivicIncident.objects.filter(pk=incident.pk).exists()
