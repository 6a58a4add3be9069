"""The library in the browser: a document added with its tags, found by another member."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossroads.library.models import Audience, Document
from crossroads.testing import Personas
from tests.browser.conftest import click_and_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Compensation of victims in România: shadow report"


def add_document(page: Any, path: Path, title: str, audience: str) -> None:
    """Fill and send the form to add a document, as a data officer does."""
    page.goto(f"{page.base_url}/library/")
    page.click("text=Add a document")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_title", title)
    page.select_option("#id_kind", "shadow_report")
    page.fill("#id_summary", "How often courts award compensation, and whether it is paid.")
    page.select_option("#id_country", "ROU")
    page.fill("#id_year", "2024")
    page.select_option("#id_language", "en")
    page.check("input[name=rights][value=R6]")
    page.check("input[name=exploitation][value=labour]")
    page.check(f"input[name=audience][value={audience}]")
    click_and_load(page, "main button[type=submit]:has-text('Add to the library')")
    page.wait_for_selector("text=Document added to the library.")


def search(page: Any) -> None:
    """Send the library's search form and wait until the results page has loaded.

    The locators below count rows without waiting, so the new page must be there first.
    """
    click_and_load(page, "main button[type=submit]:has-text('Search')")


def test_a_data_officer_adds_a_document_that_another_member_finds_and_downloads(
    page: Any, personas: Personas, tmp_path: Path
) -> None:
    report = tmp_path / "shadow-report.pdf"
    report.write_bytes(PDF)
    sign_in(page, personas.data_officer_a.username)
    click_and_load(page, "nav >> text=Library")
    add_document(page, report, TITLE, Audience.NETWORK)
    assert page.locator("h1").inner_text() == TITLE
    facts = page.locator("dl.facts").inner_text()
    assert "Romania" in facts and "Compensation" in facts and "Forced labour" in facts
    assert "The network: members and the secretariat" in facts
    add_document(page, report, "Internal notes on the shelter's funding", Audience.ORGANISATION)
    assert Document.objects.count() == 2

    page.context.clear_cookies()
    sign_in(page, personas.caseworker_b.username)
    click_and_load(page, "nav >> text=Library")
    # Another case and no accent find the same word.
    page.fill("#id_q", "ROMANIA")
    search(page)
    results = page.locator("table.data tbody")
    assert results.locator("tr").count() == 1 and TITLE in results.inner_text()
    page.fill("#id_q", "")
    page.select_option("#id_right", "R6")
    search(page)
    assert "right=R6" in page.url
    assert results.locator("tr").count() == 1 and TITLE in results.inner_text()
    # The organisation's own document is not even listed for another member.
    page.fill("#id_q", "shelter")
    page.select_option("#id_right", "")
    search(page)
    page.wait_for_selector("text=No document matches.")

    page.fill("#id_q", "compensation")
    search(page)
    click_and_load(page, f"table.data >> text={TITLE}")
    page.wait_for_selector(f"h1:has-text('{TITLE}')")
    assert page.locator("section.library-form").count() == 0  # another member only reads it
    with page.expect_download() as download:
        page.click("text=Download shadow-report.pdf")
    assert download.value.suggested_filename == "shadow-report.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    hidden = Document.objects.get(audience=Audience.ORGANISATION)
    response = page.goto(f"{page.base_url}/library/{hidden.pk}/")
    assert response.status == 404


def test_a_file_that_is_not_what_its_name_says_is_refused_and_the_form_kept(
    page: Any, personas: Personas, tmp_path: Path
) -> None:
    fake = tmp_path / "annual-report.pdf"
    fake.write_bytes(b"This is a text file, not a PDF.")
    sign_in(page, personas.data_officer_a.username)
    page.goto(f"{page.base_url}/library/add/")
    page.set_input_files("#id_file", str(fake))
    page.fill("#id_title", "Annual report 2024")
    page.select_option("#id_kind", "annual_report")
    page.fill("#id_year", "2024")
    click_and_load(page, "main button[type=submit]:has-text('Add to the library')")
    page.wait_for_selector("text=The file does not look like a PDF file")
    assert page.input_value("#id_title") == "Annual report 2024"
    assert Document.objects.count() == 0
