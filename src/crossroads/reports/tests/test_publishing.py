"""Reports, publishing and the public pages: only published, disclosure-controlled figures."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from crossroads.audit.models import Action, AuditEntry
from crossroads.exchange.released import Release
from crossroads.reports import services
from crossroads.reports.models import Publication
from crossroads.testing import Personas, make_case

pytestmark = pytest.mark.usefixtures("accepted_network")


@pytest.fixture
def published(personas: Personas) -> Publication:
    return services.publish_year(personas.analyst, 2025)


def test_publishing_freezes_the_figures_and_the_report_and_is_audited(
    published: Publication,
) -> None:
    assert published.version == 1
    assert bytes(published.report_pdf).startswith(b"%PDF")
    assert "<svg" in published.report_html
    assert set(published.snapshot["releases"]) == {"2024", "2025"}
    entry = AuditEntry.objects.get(action=Action.PUBLISH)
    assert entry.detail["pdf_sha256"] == published.pdf_sha256


def test_the_report_html_is_self_contained(published: Publication) -> None:
    html = published.report_html
    assert not re.search(r"<link|src=\"http|url\(http|@import", html)
    assert "<style>" in html and "Methodology" in html and "Country annex" in html


def test_public_pages_need_no_sign_in(published: Publication, personas: Personas) -> None:
    client = personas.client_for(None)
    for url in [
        reverse("public:home"),
        reverse("public:year", args=[2025]),
        reverse("public:country", args=[2025, "NLD"]),
        reverse("public:methodology"),
        reverse("public:report", args=[2025, "pdf"]),
        reverse("public:report", args=[2025, "html"]),
        reverse("public:ctdc", args=[2025]),
        reverse("public:chart_csv", args=[2025, "gap-network"]),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_published_report_is_served_with_a_policy_allowing_only_its_own_inline_code(
    published: Publication, personas: Personas
) -> None:
    response = personas.client_for(None).get(reverse("public:report", args=[2025, "html"]))
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'sha256-" in policy


def test_a_suppressed_cell_never_shows_on_public_pages_or_in_the_export(
    published: Publication, personas: Personas
) -> None:
    client = personas.client_for(None)
    page = client.get(reverse("public:country", args=[2025, "GRC"])).content.decode()
    assert "not enough data" in page or "suppressed" in page
    export = client.get(reverse("public:ctdc", args=[2025])).content.decode()
    rows = [r for r in csv.DictReader(io.StringIO(export)) if r["CountryOfExploitation"] == "GR"]
    marriage = [
        r
        for r in rows
        if r["category"] == "forced_marriage" and r["dimension"] == "exploitation_form"
    ]
    assert marriage and marriage[0]["victimCount"] == "" and marriage[0]["flag"] == "c"
    forms_csv = client.get(
        reverse("public:chart_csv", args=[2025, "forms-grc-2025"]) + "?country=GRC"
    ).content.decode()
    assert "Forced marriage" in forms_csv and "not enough data" in forms_csv


def test_public_pages_show_no_record_and_no_per_member_figures(
    published: Publication, personas: Personas, accepted_network: dict[int, Release]
) -> None:
    make_case(personas.caseworker_a, "SECRET-CLIENT-7")
    client = personas.client_for(None)
    for url in [reverse("public:year", args=[2025]), reverse("public:country", args=[2025, "NLD"])]:
        content = client.get(url).content.decode()
        assert "SECRET-CLIENT-7" not in content
        assert "/cases/" not in content
    snapshot_scopes = set(published.snapshot["releases"]["2025"]["scopes"])
    assert snapshot_scopes == {"NLD", "GRC", "HUN", "network"}  # countries and network only


def test_nothing_unpublished_is_public(personas: Personas) -> None:
    client = personas.client_for(None)
    assert b"has not published any figures yet" in client.get(reverse("public:home")).content
    assert client.get(reverse("public:year", args=[2025])).status_code == 404
    assert client.get(reverse("public:report", args=[2025, "pdf"])).status_code == 404


def test_publishing_again_makes_a_new_version_that_the_public_sees(
    published: Publication, personas: Personas
) -> None:
    again = services.publish_year(personas.analyst, 2025)
    assert again.version == 2
    assert services.publication_for(2025) == again


@pytest.mark.parametrize("persona", ["caseworker_a", "data_officer_a", "caseworker_b"])
def test_only_analysts_build_and_publish_reports(personas: Personas, persona: str) -> None:
    client = personas.client_for(getattr(personas, persona))
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:draft", args=[2025, "pdf"])).status_code == 403
    assert client.post(reverse("reports:build", args=[2025])).status_code == 403
    assert client.post(reverse("reports:publish", args=[2025])).status_code == 403
    assert not Publication.objects.exists()


def test_outsiders_are_sent_to_sign_in_on_report_pages(personas: Personas) -> None:
    client = personas.client_for(None)
    for url in [
        reverse("reports:index"),
        reverse("reports:draft", args=[2025, "pdf"]),
        reverse("reports:publish", args=[2025]),
    ]:
        response = client.get(url) if "publish" not in url else client.post(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_analyst_downloads_a_draft_and_publishes_from_the_page(personas: Personas) -> None:
    client = personas.client_for(personas.analyst)
    page = client.get(reverse("reports:index"))
    assert b"2025" in page.content and b"not published" in page.content
    client.post(reverse("reports:build", args=[2025]))
    pdf = client.get(reverse("reports:draft", args=[2025, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.post(reverse("reports:publish", args=[2025]))
    assert Publication.objects.filter(year=2025).count() == 1


def test_the_report_command_writes_html_and_pdf(tmp_path: Path, db: None) -> None:
    out = io.StringIO()
    call_command("report", "--year", "2025", "--output", str(tmp_path), stdout=out)
    assert (tmp_path / "report-2025.html").read_text().startswith("<!doctype html>")
    assert (tmp_path / "report-2025.pdf").read_bytes().startswith(b"%PDF")
    assert "report-2025.pdf" in out.getvalue()


def test_the_dashboards_show_each_country_and_the_network(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_b)
    overview = client.get(reverse("monitoring:overview") + "?indicator=R7.3")
    assert overview.status_code == 200
    assert b"R7.3 Punished for compelled acts by country" in overview.content
    country = client.get(reverse("monitoring:country", args=["HUN"]))
    assert country.status_code == 200 and b"Hungary" in country.content
    chart = client.get(reverse("monitoring:chart_csv", args=["trend-hun"]) + "?country=HUN")
    assert chart.status_code == 200 and chart.content.startswith(b"Year,Series")
