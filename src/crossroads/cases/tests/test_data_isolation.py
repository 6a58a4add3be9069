"""Isolation of imports and exports: roles, organisations, and every import-job URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossroads.cases.models import ImportJob
from crossroads.cases.tests.spreadsheets import csv_bytes, row, upload
from crossroads.cases.tests.test_isolation import url_names_with
from crossroads.testing import Personas, make_case

PAGES = ["cases:import", "cases:import_template", "cases:export"]


def job_of_org_a(personas: Personas) -> ImportJob:
    return upload(
        personas.client_for(personas.data_officer_a),
        csv_bytes([row("A-1"), row("A-2", gender="?")]),
    )


def test_the_import_job_urls_are_discovered() -> None:
    assert {
        "cases:import_job",
        "cases:import_decide",
        "cases:import_report",
    } <= set(url_names_with("job_id"))


@pytest.mark.parametrize("name", url_names_with("job_id"))
def test_another_organisations_staff_get_404_on_every_import_job_url(
    personas: Personas, name: str
) -> None:
    job = job_of_org_a(personas)
    for user in (personas.caseworker_b,):
        client = personas.client_for(user)
        url = reverse(name, args=[job.pk])
        assert client.get(url).status_code in {404, 405}
        assert client.post(url, {"choice": "valid_rows"}).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.NEEDS_DECISION


@pytest.mark.parametrize("name", url_names_with("job_id"))
def test_the_analyst_gets_nothing_on_any_import_job_url(personas: Personas, name: str) -> None:
    job = job_of_org_a(personas)
    client = personas.client_for(personas.analyst)
    url = reverse(name, args=[job.pk])
    for response in (client.get(url), client.post(url, {"choice": "valid_rows"})):
        assert response.status_code in {404, 405}
        assert b"A-1" not in response.content and b"records.csv" not in response.content


@pytest.mark.parametrize("name", url_names_with("job_id"))
def test_a_caseworker_of_the_same_organisation_gets_403_on_import_job_urls(
    personas: Personas, name: str
) -> None:
    job = job_of_org_a(personas)
    client = personas.client_for(personas.caseworker_a)
    url = reverse(name, args=[job.pk])
    assert client.get(url).status_code in {403, 405}
    assert client.post(url, {"choice": "valid_rows"}).status_code in {403, 405}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.NEEDS_DECISION


@pytest.mark.parametrize("name", url_names_with("job_id"))
def test_an_outsider_is_sent_to_sign_in_on_every_import_job_url(
    personas: Personas, name: str
) -> None:
    job = job_of_org_a(personas)
    response = personas.client_for(None).get(reverse(name, args=[job.pk]))
    assert response.status_code in {302, 405}


@pytest.mark.parametrize("name", PAGES)
def test_a_caseworker_is_told_that_imports_and_exports_are_for_data_officers(
    personas: Personas, name: str
) -> None:
    response = personas.client_for(personas.caseworker_a).get(reverse(name))
    assert response.status_code == 403
    assert "reserved to your organisation's data officers" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_the_analyst_and_the_outsider_get_no_import_or_export(
    personas: Personas, name: str
) -> None:
    make_case(personas.caseworker_a, "A-SECRET")
    analyst = personas.client_for(personas.analyst)
    for response in (analyst.get(reverse(name)), analyst.post(reverse(name), {"format": "csv"})):
        assert response.status_code == 403
        assert b"A-SECRET" not in response.content
    assert personas.client_for(None).get(reverse(name)).status_code == 302


@pytest.mark.parametrize("persona", ["data_officer_a", "org_admin_a"])
def test_data_officers_and_organisation_admins_may_import_and_export(
    personas: Personas, persona: str
) -> None:
    client = personas.client_for(getattr(personas, persona))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200


def test_an_export_never_holds_another_organisations_records(personas: Personas) -> None:
    make_case(personas.caseworker_a, "MINE-1")
    make_case(personas.caseworker_b, "THEIRS-1", citizenship=["DEU"])
    client = personas.client_for(personas.data_officer_a)
    response = client.post(reverse("cases:export"), {"format": "csv", "values": "codes"})
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert b"MINE-1" in body and b"THEIRS-1" not in body


def test_the_import_page_lists_only_the_organisations_own_imports(personas: Personas) -> None:
    job_of_org_a(personas)
    from crossroads.accounts.models import Role
    from crossroads.testing import make_user

    officer_b = make_user("officer-b", Role.DATA_OFFICER, personas.org_b)
    page = personas.client_for(officer_b).get(reverse("cases:import")).content
    assert b"records.csv" not in page


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("data_officer_a", "job"),
        ("org_admin_a", "job"),
        ("caseworker_a", "403"),
        ("caseworker_b", "404"),
        ("analyst", "404"),
    ],
)
def test_the_import_job_fetch_decides_for_every_persona(
    personas: Personas, persona: str, outcome: str
) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from crossroads.cases.access import get_import_job_for_user

    job = job_of_org_a(personas)
    user = getattr(personas, persona)
    if outcome == "job":
        assert get_import_job_for_user(user, job.pk) == job
    else:
        with pytest.raises(PermissionDenied if outcome == "403" else Http404):
            get_import_job_for_user(user, job.pk)
    with pytest.raises(Http404):
        get_import_job_for_user(user, "not-a-number")
    with pytest.raises(Http404):
        get_import_job_for_user(user, job.pk + 999)


def test_the_outsider_cannot_fetch_an_import_job(personas: Personas) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from crossroads.cases.access import get_import_job_for_user

    job = job_of_org_a(personas)
    with pytest.raises(Http404):
        get_import_job_for_user(AnonymousUser(), job.pk)
