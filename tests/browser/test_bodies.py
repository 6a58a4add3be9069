"""The monitoring bodies in the browser: a round added, a contribution recorded, a draft
submission written and downloaded as a Word document."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
from django.utils import timezone

from crossroads.bodies.models import Contribution, DraftFile, Round
from crossroads.library.models import Document
from crossroads.testing import Personas
from tests.browser.conftest import click_and_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_an_analyst_adds_a_round_and_a_member_contributes_and_drafts_the_submission(
    page: Any, personas: Personas
) -> None:
    deadline = timezone.localdate() + timedelta(days=10)
    report = Document.objects.create(
        organisation=personas.org_a, title="Annual report 2025", kind="annual_report",
        country="NLD", year=2025, language="en", audience="network", filename="a.pdf",
        content_type="application/pdf", size=5, sha256="0" * 64, content=b"%PDF-",
    )  # fmt: skip
    sign_in(page, personas.analyst.username)
    page.click("nav >> text=Monitoring bodies")
    page.wait_for_selector("h1:has-text('Monitoring bodies: what is due when')")
    page.click("main >> text=Add a round")
    page.select_option("#id_body", "greta")
    page.select_option("#id_country", "NLD")
    page.fill("#id_title", "Fourth evaluation round")
    page.fill("#id_deadline", deadline.isoformat())
    page.fill("#id_event", "Country visit")
    page.select_option("#id_lead", str(personas.org_a.pk))
    page.click("main button[type=submit]:has-text('Save')")
    page.wait_for_selector("text=The round was added to the calendar.")
    item = Round.objects.get()
    assert item.country == "NLD" and item.deadline == deadline and item.lead == personas.org_a
    click_and_load(page, ".breadcrumbs >> text=Monitoring bodies")
    row = page.locator("table.calendar tr", has_text="Fourth evaluation round")
    assert "GRETA" in row.inner_text() and "Netherlands" in row.inner_text()
    assert "10 days left" in row.inner_text()

    page.context.clear_cookies()
    sign_in(page, personas.data_officer_a.username)
    page.click("nav >> text=Monitoring bodies")
    page.click("table.calendar >> text=Fourth evaluation round")
    page.wait_for_selector("h1:has-text('GRETA · Netherlands: Fourth evaluation round')")
    page.select_option("#id_kind", "written")
    page.fill("#id_summary", "Written contribution on the identification of presumed victims.")
    page.fill("#id_made_on", timezone.localdate().isoformat())
    page.select_option("#id_document", str(report.pk))
    click_and_load(page, "main button[type=submit]:has-text('Record')")
    page.wait_for_selector("text=The contribution was recorded.")
    contributions = page.locator("ul.contributions").inner_text()
    assert "Organisation A" in contributions and "Annual report 2025" in contributions
    assert Contribution.objects.get().document == report

    click_and_load(page, "#draft button:has-text('Draft the submission')")
    page.wait_for_selector("#draft table.data")
    assert DraftFile.objects.filter(round=item, language="en").exists()
    with page.expect_download() as download:
        page.click("#draft >> text=Word (DOCX)")
    assert download.value.suggested_filename.endswith("-en.docx")
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"PK\x03\x04")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "NGO submission to GRETA: Netherlands" in text
    response = page.request.get(f"{page.base_url}/bodies/rounds/{item.pk}/draft/en.docx")
    assert response.headers["content-type"] == DOCX
