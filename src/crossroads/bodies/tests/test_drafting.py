"""The drafted submission to a monitoring body: what it holds, whom it credits, its files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from crossroads.accounts.models import Organisation
from crossroads.bodies import drafting, printing, services
from crossroads.bodies.models import DraftFile, Round, Stage
from crossroads.exchange import public
from crossroads.exchange.models import Narrative, Status, Submission
from crossroads.exchange.released import Release
from crossroads.library.models import Document
from crossroads.monitoring import readmodel
from crossroads.monitoring.indicators import INDICATORS
from crossroads.monitoring.synthetic import SyntheticExchange, synthetic_releases
from crossroads.reports.templatetags.reports import percent
from crossroads.testing import Personas

SHARED = "The labour inspectorate now refers workers found in warehouses to NGO shelters."
OBSTACLE = "Shelters outside the capital close at weekends for lack of funding."
RECOMMENDATION = "Grant residence permits without requiring cooperation with the police."
PRIVATE = "Unsent working note about the regional police practice."
RETURNED = "A statement the secretariat returned for correction."


def _sections(*statements: str) -> dict[str, Any]:
    return {
        "version": "1.0",
        "sections": {
            "situation": [
                {"right": "R2", "kind": "practice", "direction": "better", "description": s,
                 "sources": "Inspectorate circular 2024/7"}
                for s in statements
            ],
            "obstacles": [{"kind": "resources", "rights": ["R1"], "description": OBSTACLE}],
            "recommendations": [
                {"addressee": "government", "right": "R4", "text": RECOMMENDATION}
            ],
        },
    }  # fmt: skip


def _submission(
    organisation: Organisation, status: str, narrative: dict[str, Any], version: int
) -> None:
    Submission.objects.create(
        organisation=organisation,
        year=2025,
        version=version,
        status=status,
        standard_version="1.0",
        catalogue_version="1.0",
        built_at=timezone.now(),
        released={},
        narrative=narrative,
    )


@pytest.fixture
def network(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> Iterator[Personas]:
    """Accepted figures for NLD and DEU (large) and MLT (too small to show anything), an
    accepted narrative of organisation A (NLD), its unsent working copy, a returned version,
    documents of the library and a contribution of organisation B."""
    data = synthetic_releases(["NLD", "DEU"], [2024, 2025], seed=3, size=(150, 200))
    small = synthetic_releases(["MLT"], [2024, 2025], seed=3, size=(4, 6))
    for year, release in data.items():
        scopes = {**release.scopes, "MLT": small[year].scopes["MLT"]}
        data[year] = Release(year, scopes, release.contributors, release.rule)
    exchange = SyntheticExchange(data)
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()
    _submission(personas.org_a, Status.RETURNED, _sections(RETURNED), 1)
    _submission(personas.org_a, Status.ACCEPTED, _sections(SHARED), 2)
    Narrative.objects.create(
        organisation=personas.org_a, year=2026, questionnaire_version="1.0",
        answers=_sections(PRIVATE),
    )  # fmt: skip
    for title, audience in (("Annual report 2025", "network"), ("Internal memo", "organisation")):
        Document.objects.create(
            organisation=personas.org_a, title=title, kind="annual_report", country="NLD",
            year=2025, language="en", audience=audience, filename="a.pdf",
            content_type="application/pdf", size=5, sha256="0" * 64, content=b"%PDF-",
        )  # fmt: skip
    yield personas


def _round(personas: Personas, country: str = "NLD", body: str = "greta") -> Round:
    return services.create_round(
        personas.analyst,
        {
            "body": body,
            "country": country,
            "title": "Fourth evaluation round",
            "opens_on": None,
            "deadline": timezone.localdate() + timedelta(days=30),
            "event_on": None,
            "event": "",
            "stage": Stage.OPEN,
            "lead": personas.org_a,
            "notes": "",
            "source_url": "",
        },
    )


def test_the_draft_holds_the_protected_figures_the_dashboards_show(network: Personas) -> None:
    draft = drafting.draft(_round(network), "en")
    stored = readmodel.stored(readmodel.ACCEPTED)
    assert stored is not None and draft.year == 2025
    chapters = draft.chapters + draft.silent
    shown = {f.code: f for chapter in chapters for f in chapter.figures + chapter.withheld}
    assert set(shown) == {spec.code for spec in INDICATORS}
    for code, row in shown.items():
        figure = stored.figure(code, "NLD", 2025)
        assert row.shown == figure.shown
        assert row.rate == (percent(figure.rate) if figure.shown else "")
    assert any(row.shown for row in shown.values())


def test_a_country_with_too_few_persons_gets_no_number_only_the_reason(network: Personas) -> None:
    draft = drafting.draft(_round(network, country="MLT"), "en")
    chapters = draft.chapters + draft.silent
    assert not any(chapter.figures for chapter in chapters)
    rows = [f for chapter in chapters for f in chapter.withheld]
    assert len(rows) == len(INDICATORS)
    assert all(row.rate == row.interval == row.counts == "" and row.reason for row in rows)
    page = printing.html(draft)
    assert (
        "%"
        not in page.split("Rights of trafficked persons in practice")[1].split("Good practices")[0]
    )


def test_the_draft_uses_only_what_members_shared_and_credits_them(network: Personas) -> None:
    item = _round(network)
    services.add_contribution(
        network.data_officer_a,
        item,
        services.ContributionInput("meeting", "Meeting with the delegation", date(2025, 1, 9)),
    )
    draft = drafting.draft(item, "en")
    identification = next(c for c in draft.chapters if c.code == "R2")
    assert [s.text for s in identification.changes] == [SHARED]
    assert identification.article == "Art. 10"
    assert [s.text for s in next(c for c in draft.chapters if c.code == "R1").obstacles] == [
        OBSTACLE
    ]
    assert [s.text for s in draft.recommendations] == [RECOMMENDATION]
    assert [d.title for d in draft.documents] == ["Annual report 2025"]
    credits = {c.name: c.uses for c in draft.credits}
    assert set(credits["Organisation A"]) == {
        "annual narrative", "documents in the library", "meeting or hearing",
    }  # fmt: skip
    assert credits["Member organisation NLD"] == ["tables of the annual exchange"]
    everything = repr(draft)
    assert PRIVATE not in everything and RETURNED not in everything
    assert "Internal memo" not in everything


def test_a_network_wide_call_has_no_draft(network: Personas) -> None:
    item = _round(network, country="")
    with pytest.raises(drafting.DraftError):
        drafting.draft(item, "en")
    client = network.client_for(network.analyst)
    assert client.post(reverse("bodies:draft", args=[item.pk])).status_code == 404


def test_the_draft_is_written_as_word_and_pdf_and_read_by_its_authors_only(
    network: Personas,
) -> None:
    item = _round(network)
    officer = network.client_for(network.data_officer_a)
    response = officer.post(reverse("bodies:draft", args=[item.pk]))
    assert response.status_code == 302
    stored = DraftFile.objects.get(round=item, language="en")
    assert stored.contributors == ["Member organisation NLD", "Organisation A"]

    def url(fmt: str) -> str:
        return reverse("bodies:draft_file", args=[item.pk, "en", fmt])

    word = officer.get(url("docx"))
    assert word.status_code == 200 and "attachment" in word["Content-Disposition"]
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "NGO submission to GRETA: Netherlands" in text and SHARED in text
    assert "Organisation A" in text and RECOMMENDATION in text
    shown = [f for c in drafting.draft(item, "en").chapters for f in c.figures]
    assert shown and all(f"{f.code} {f.title}" in tables and f.rate in tables for f in shown)
    pdf = officer.get(url("pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    page = officer.get(url("html"))
    assert "default-src 'none'" in page["Content-Security-Policy"]
    assert SHARED in page.content.decode()
    for persona in (network.caseworker_a, network.caseworker_b):
        client = network.client_for(persona)
        assert client.get(url("docx")).status_code == 403
        assert client.post(reverse("bodies:draft", args=[item.pk])).status_code == 403
    outsider = network.client_for(None).get(url("pdf"))
    assert outsider.status_code == 302 and "/accounts/" in outsider["Location"]
    german = _round(network, country="DEU")
    assert officer.post(reverse("bodies:draft", args=[german.pk])).status_code == 403
    assert network.client_for(network.analyst).get(url("pdf")).status_code == 200
