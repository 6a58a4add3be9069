"""The incident register: coded fields, the GDPR 72-hour clock, follow-up, isolation."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from crossroads.audit.models import AuditEntry
from crossroads.safety.models import Incident
from crossroads.testing import Personas


def _post(**changes: str) -> dict[str, str]:
    data = {
        "kind": "wrong_recipient",
        "discovered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "personal_data": "yes",
        "risk": "risk",
        "status": "open",
        "follow_up": "",
    }
    data.update(changes)
    return data


def test_a_caseworker_records_an_incident_and_its_clock_starts(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    response = client.post(reverse("safety:incident_new"), _post())
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.organisation == personas.org_a and incident.recorded_by == personas.caseworker_a
    assert incident.needs_notification
    register = client.get(reverse("safety:incidents")).text
    assert "Data sent to the wrong recipient" in register and "72 hours left" in register
    assert AuditEntry.objects.filter(object_type="incident").exists()


def test_a_breach_not_notified_within_72_hours_is_overdue(personas: Personas) -> None:
    late = (timezone.localtime() - timedelta(hours=80)).strftime("%Y-%m-%dT%H:%M")
    client = personas.client_for(personas.org_admin_a)
    client.post(reverse("safety:incident_new"), _post(discovered_at=late))
    assert "Overdue by 8 hours" in client.get(reverse("safety:incidents")).text
    assert "breach not notified within 72 hours" in client.get(reverse("safety:protocol")).text


def test_an_incident_unlikely_to_put_anyone_at_risk_needs_no_notification(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.caseworker_a)
    client.post(reverse("safety:incident_new"), _post(kind="lost_device", risk="unlikely"))
    assert "Not needed" in client.get(reverse("safety:incidents")).text


def test_the_administrator_records_the_notification_and_closes_it(personas: Personas) -> None:
    personas.client_for(personas.caseworker_a).post(reverse("safety:incident_new"), _post())
    incident = Incident.objects.get()
    admin = personas.client_for(personas.org_admin_a)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    admin.post(
        reverse("safety:incident", args=[incident.pk]),
        _post(
            discovered_at=timezone.localtime(incident.discovered_at).strftime("%Y-%m-%dT%H:%M"),
            authority_notified_at=now,
            status="closed",
            follow_up="Recipient confirmed deletion.",
        ),
    )
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at is not None
    assert incident.authority_notified_at is not None
    assert "Notified on" in admin.get(reverse("safety:incidents")).text


def test_only_the_administrator_changes_an_incident(personas: Personas) -> None:
    personas.client_for(personas.org_admin_a).post(reverse("safety:incident_new"), _post())
    incident = Incident.objects.get()
    personas.client_for(personas.caseworker_a).post(
        reverse("safety:incident", args=[incident.pk]), _post(status="closed")
    )
    incident.refresh_from_db()
    assert incident.status == "open"


def test_another_organisation_and_the_secretariat_never_reach_an_incident(
    personas: Personas,
) -> None:
    personas.client_for(personas.caseworker_a).post(reverse("safety:incident_new"), _post())
    url = reverse("safety:incident", args=[Incident.objects.get().pk])
    for persona in (personas.caseworker_b, personas.analyst):
        assert personas.client_for(persona).get(url).status_code == 404
    assert (
        "wrong recipient"
        not in personas.client_for(personas.caseworker_b).get(reverse("safety:incidents")).text
    )


def test_a_discovery_in_the_future_is_refused(personas: Personas) -> None:
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = personas.client_for(personas.caseworker_a).post(
        reverse("safety:incident_new"), _post(discovered_at=future)
    )
    assert response.status_code == 422 and "in the future" in response.text
    assert not Incident.objects.exists()
