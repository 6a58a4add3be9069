"""Who reaches each reporting page: every URL of the "reporting" namespace, for every persona;
the public "report" pages for anyone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crossroads.core.tests.test_url_security import project_urls
from crossroads.reporting.models import Report
from crossroads.reporting.tests.helpers import SECRET_TEXT, file_report, open_point, unlock
from crossroads.testing import Personas

# URL name -> personas that get a page (200/302); every other signed-in persona gets 404:
# another organisation and the secretariat's analyst learn nothing of a member's reports.
ALLOWED = {
    "reporting:inbox": {"caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b"},
    "reporting:unlock": {"caseworker_a", "data_officer_a", "org_admin_a"},
    "reporting:lock": {"caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b"},
    "reporting:settings": {"org_admin_a"},
    "reporting:detail": {"caseworker_a", "data_officer_a", "org_admin_a"},
    "reporting:status": {"caseworker_a", "data_officer_a", "org_admin_a"},
    "reporting:reply": {"caseworker_a", "data_officer_a", "org_admin_a"},
    "reporting:case": {"caseworker_a", "data_officer_a", "org_admin_a"},
    "reporting:file": {"caseworker_a", "data_officer_a", "org_admin_a"},
}
PUBLIC = {"report:network", "report:organisation", "report:return"}
PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst")


def test_every_reporting_url_is_listed_here() -> None:
    names = {name for name in project_urls() if name.split(":")[0] in {"reporting", "report"}}
    assert names == set(ALLOWED) | PUBLIC


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_each_persona_reaches_only_what_its_role_allows(personas: Personas, name: str) -> None:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    file_report()
    report = Report.objects.get()
    takes_id = name in {"reporting:detail", "reporting:status", "reporting:reply", "reporting:case"}
    url = reverse(name, args=[report.pk]) if takes_id else project_urls()[name]
    if name == "reporting:file":
        url = reverse(name, args=[report.pk, 1])
    for persona in PERSONAS:
        client = personas.client_for(getattr(personas, persona))
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {"passphrase": "x", "status": "new", "text": "x"})
        allowed = persona in ALLOWED[name]
        assert (response.status_code in {200, 302}) == allowed, (
            name,
            persona,
            response.status_code,
        )
        if not allowed:
            assert response.status_code == 404, (name, persona)


def test_another_organisation_gets_the_same_404_for_a_report_as_for_a_missing_one(
    personas: Personas,
) -> None:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    file_report()
    report = Report.objects.get()
    for persona in (personas.caseworker_b, personas.analyst):
        client = personas.client_for(persona)
        for url in (
            reverse("reporting:detail", args=[report.pk]),
            reverse("reporting:detail", args=[report.pk + 1000]),
        ):
            response = client.get(url)
            assert response.status_code == 404
            assert SECRET_TEXT not in response.content.decode()
    outsider = Client().get(reverse("reporting:detail", args=[report.pk]))
    assert outsider.status_code == 302 and outsider["Location"].startswith(
        reverse("accounts:login")
    )


def test_the_inbox_lists_only_the_organisations_own_reports(personas: Personas) -> None:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    file_report()
    report = Report.objects.get()
    page_b = personas.client_for(personas.caseworker_b).get(reverse("reporting:inbox"))
    assert report.reference not in page_b.content.decode()
    page_a = personas.client_for(personas.caseworker_a).get(reverse("reporting:inbox"))
    assert report.reference in page_a.content.decode()


def test_an_unlocked_key_cookie_opens_nothing_in_another_session(personas: Personas) -> None:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    file_report()
    report = Report.objects.get()
    first = personas.client_for(personas.caseworker_a)
    unlock(first)
    second = personas.client_for(personas.caseworker_a)
    second.cookies["crossroads_reporting_key"] = first.cookies["crossroads_reporting_key"].value
    page = second.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert SECRET_TEXT not in page
