"""Opening a case record from a report: consent, what carries over, the link, the audit."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from crossroads.audit.models import AuditEntry
from crossroads.cases.models import Case
from crossroads.reporting.models import Report
from crossroads.reporting.tests.helpers import SECRET_TEXT, file_report, open_point, unlock
from crossroads.testing import Personas


@pytest.fixture
def point(personas: Personas) -> Personas:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    return personas


def _open(personas: Personas, report: Report, code: str = "RP-0001") -> Case:
    client = personas.client_for(personas.caseworker_a)
    unlock(client)
    response = client.post(reverse("reporting:case", args=[report.pk]), {"client_code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get(client_code=code)


def test_a_record_opened_from_a_report_holds_its_coded_answers_and_no_free_text(
    point: Personas,
) -> None:
    file_report(region="Westland", channel="", child="yes")
    report = Report.objects.get()
    case = _open(point, report)
    assert case.organisation == point.org_a
    assert case.data["exploitation_forms"] == ["labour"]
    assert case.data["labour_sectors"] == ["A"]
    assert sorted(case.data["means_of_control"]) == ["takes_earnings", "withholds_documents"]
    assert case.data["countries_of_exploitation"] == ["NLD"]
    assert case.data["minor_at_exploitation"] == "yes"
    assert case.data["referred_by"] == "self"
    assert case.data["consent_data_use"] == "aggregate_only"
    assert case.data["year_of_registration"] == report.received_on.year
    stored = json.dumps(case.data) + case.client_code
    assert SECRET_TEXT not in stored
    assert "Westland" not in stored


def test_the_contact_channel_a_reporter_gave_never_reaches_the_record(point: Personas) -> None:
    file_report(contact="channel", channel="+31 6 1234 5678 after 8 pm")
    case = _open(point, Report.objects.get())
    assert "1234" not in json.dumps(case.data)


def test_the_report_and_the_record_are_linked_both_ways_for_the_members_staff(
    point: Personas,
) -> None:
    file_report()
    report = Report.objects.get()
    case = _open(point, report)
    report.refresh_from_db()
    assert report.case == case
    client = point.client_for(point.caseworker_a)
    case_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert report.reference in case_page
    assert reverse("reporting:detail", args=[report.pk]) in case_page
    # Coming back to the action goes to the record instead of opening a second one.
    again = client.get(reverse("reporting:case", args=[report.pk]))
    assert again["Location"] == reverse("cases:detail", args=[case.pk])
    assert (
        point.client_for(point.caseworker_b)
        .get(reverse("cases:detail", args=[case.pk]))
        .status_code
        == 404
    )


def test_opening_a_record_is_audited_on_the_report_with_no_content(point: Personas) -> None:
    file_report()
    report = Report.objects.get()
    case = _open(point, report)
    entry = AuditEntry.objects.get(
        object_type="report",
        object_id=str(report.pk),
        action="create",
        actor_id=point.caseworker_a.pk,
    )
    assert case.client_code in entry.summary
    assert entry.detail["case"] == case.pk
    assert SECRET_TEXT not in json.dumps(entry.detail) + entry.summary


def test_without_the_reporters_consent_no_record_is_opened(point: Personas) -> None:
    file_report(case_record="no")
    report = Report.objects.get()
    client = point.client_for(point.caseworker_a)
    unlock(client)
    page = client.get(reverse("reporting:case", args=[report.pk])).content.decode()
    assert "did not agree to a case file" in page
    response = client.post(reverse("reporting:case", args=[report.pk]), {"client_code": "RP-9"})
    assert response.status_code == 200
    assert "did not agree to a case file" in response.content.decode()
    assert not Case.objects.exists()


def test_a_client_code_already_in_use_is_refused_with_the_reason_and_nothing_is_linked(
    point: Personas,
) -> None:
    file_report()
    file_report()
    first, second = Report.objects.order_by("pk")
    _open(point, first, "RP-0001")
    client = point.client_for(point.caseworker_a)
    unlock(client)
    response = client.post(reverse("reporting:case", args=[second.pk]), {"client_code": "RP-0001"})
    assert response.status_code == 200
    assert "already has this client code" in response.content.decode()
    second.refresh_from_db()
    assert second.case is None
    assert Case.objects.count() == 1


def test_the_review_page_needs_the_unlocked_key(point: Personas) -> None:
    file_report()
    report = Report.objects.get()
    page = point.client_for(point.caseworker_a).get(reverse("reporting:case", args=[report.pk]))
    assert SECRET_TEXT not in page.content.decode()
    assert reverse("reporting:unlock") in page.content.decode()
