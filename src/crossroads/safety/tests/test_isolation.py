"""Who reaches each safety page: every URL of the "safety" namespace, for every persona."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossroads.core.tests.test_url_security import project_urls
from crossroads.safety import services
from crossroads.safety.models import Incident
from crossroads.testing import Personas

# URL name -> personas that get a page (200/302); every other signed-in persona gets 404
# (the secretariat's analyst and other organisations learn nothing of a member's safety).
ALLOWED = {
    "safety:protocol": {"caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b"},
    "safety:incidents": {"caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b"},
    "safety:incident_new": {"caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b"},
    "safety:incident": {"caseworker_a", "data_officer_a", "org_admin_a"},
    "safety:protocol_edit": {"org_admin_a"},
    "safety:sign_off": {"org_admin_a"},
    "safety:renew": {"org_admin_a"},
    "safety:retention": {"org_admin_a"},
    "safety:purge": {"org_admin_a"},
    "safety:backups": set(),
    "safety:backup_start": set(),
    "safety:network": {"analyst"},
}
PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst")


def test_every_safety_url_is_listed_here() -> None:
    assert {name for name in project_urls() if name.startswith("safety:")} == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_each_persona_reaches_only_what_its_role_allows(personas: Personas, name: str) -> None:
    incident = Incident.objects.create(
        organisation=personas.org_a, kind="lost_device", discovered_at="2025-01-01T10:00Z"
    )
    services.save_protocol(personas.org_admin_a, {})
    url = reverse(name, args=[incident.pk]) if name == "safety:incident" else project_urls()[name]
    for persona in PERSONAS:
        client = personas.client_for(getattr(personas, persona))
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        allowed = persona in ALLOWED[name]
        assert (response.status_code in {200, 302}) == allowed, (
            name,
            persona,
            response.status_code,
        )
        if not allowed:
            assert response.status_code == 404, (name, persona)
