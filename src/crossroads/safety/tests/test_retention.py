"""Retention: a schedule, a preview of what is due, an audited purge, counts kept."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from crossroads.audit.models import Action, AuditEntry
from crossroads.cases.models import Case
from crossroads.safety import retention
from crossroads.safety.models import Erasure
from crossroads.testing import Personas, make_case


def _age(code: str, years: int) -> None:
    Case.objects.filter(client_code=code).update(
        updated_at=timezone.now() - timedelta(days=365 * years + 10)
    )


def _records(personas: Personas) -> None:
    make_case(
        personas.caseworker_a,
        "OLD-CLOSED",
        case_status="closed",
        year_of_registration=2014,
        first_contact_date="2014-03-05",
    )
    make_case(
        personas.caseworker_a,
        "OLD-ACTIVE",
        case_status="active",
        year_of_registration=2014,
        first_contact_date="2014-03-05",
    )
    recent = {
        "compensation": [
            {
                "route": "state_fund",
                "outcome": "pending",
                "claim_date": f"{timezone.now().year - 1}-01-02",
            }
        ]
    }
    make_case(
        personas.caseworker_a,
        "OLD-BUT-RECENT-EVENT",
        case_status="closed",
        year_of_registration=2014,
        first_contact_date="2014-03-05",
        events=recent,
    )
    make_case(
        personas.caseworker_b,
        "B-OLD-CLOSED",
        case_status="closed",
        year_of_registration=2014,
        first_contact_date="2014-03-05",
        citizenship=["DEU"],
    )
    for code in ("OLD-CLOSED", "OLD-ACTIVE", "OLD-BUT-RECENT-EVENT", "B-OLD-CLOSED"):
        _age(code, 11)


def test_without_a_schedule_nothing_is_due(personas: Personas) -> None:
    _records(personas)
    assert retention.due(personas.org_a) == []


def test_the_preview_lists_only_closed_records_past_their_last_event(personas: Personas) -> None:
    _records(personas)
    client = personas.client_for(personas.org_admin_a)
    client.post(reverse("safety:retention"), {"years": "10"})
    page = client.get(reverse("safety:retention")).text
    assert "1 record is due." in page and "OLD-CLOSED" in page
    assert "OLD-ACTIVE" not in page and "OLD-BUT-RECENT-EVENT" not in page
    assert "B-OLD-CLOSED" not in page


def test_the_purge_erases_what_is_due_audits_each_and_keeps_only_the_count(
    personas: Personas,
) -> None:
    _records(personas)
    client = personas.client_for(personas.org_admin_a)
    client.post(reverse("safety:retention"), {"years": "10"})
    client.post(reverse("safety:purge"))
    remaining = set(Case.objects.values_list("client_code", flat=True))
    assert remaining == {"OLD-ACTIVE", "OLD-BUT-RECENT-EVENT", "B-OLD-CLOSED"}
    erasure = Erasure.objects.get()
    assert erasure.records == 1 and erasure.organisation == personas.org_a
    assert "OLD-CLOSED" not in erasure.rule
    assert AuditEntry.objects.filter(
        action=Action.DELETE, summary="Deleted record OLD-CLOSED"
    ).exists()
    assert AuditEntry.objects.filter(
        summary="Purged 1 records under the retention schedule"
    ).exists()
    assert "1 records erased." in client.get(reverse("safety:retention")).text


def test_only_the_administrator_sets_the_schedule_or_purges(personas: Personas) -> None:
    _records(personas)
    for persona in (personas.caseworker_a, personas.data_officer_a, personas.analyst):
        client = personas.client_for(persona)
        assert client.post(reverse("safety:retention"), {"years": "1"}).status_code == 404
        assert client.post(reverse("safety:purge")).status_code == 404
    assert Case.objects.count() == 4
