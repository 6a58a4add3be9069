"""A data officer's work in the browser: import a file with errors, then a valid one; export."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from crossroads.cases.models import Case
from crossroads.cases.tests.spreadsheets import csv_bytes, row
from crossroads.testing import Personas, make_case
from tests.browser.conftest import click_and_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_file(page: Any, name: str, data: bytes) -> None:
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    click_and_load(page, "text=Check and import")


def test_an_officer_imports_a_file_with_errors_then_a_valid_one(
    page: Any, personas: Personas, settings: Any
) -> None:
    sign_in(page, personas.data_officer_a.username)
    click_and_load(page, "nav >> text=Records")
    click_and_load(page, "text=Import")
    bad = csv_bytes([row("WEB-1"), row("WEB-2", gender="femme?"), row("WEB-3", notes="x")])
    choose_file(page, "bad.csv", bad)
    page.wait_for_selector("text=nothing has been imported")
    problems = page.inner_text("[data-problems]")
    assert "femme?" in problems and "gender" in problems
    assert page.is_visible("text=“notes” is not a field of the standard")
    assert Case.objects.count() == 0
    click_and_load(page, "text=Fix the file and upload it again")
    choose_file(page, "good.csv", csv_bytes([row("WEB-1"), row("WEB-2"), row("WEB-3")]))
    page.wait_for_selector(".callout--ok >> text=Imported")
    assert page.is_visible("text=3 records created")
    assert sorted(Case.objects.values_list("client_code", flat=True)) == ["WEB-1", "WEB-2", "WEB-3"]


def test_an_officer_exports_the_filtered_list_as_csv(page: Any, personas: Personas) -> None:
    make_case(personas.caseworker_a, "EXP-1", gender="male")
    make_case(personas.caseworker_a, "EXP-2", gender="female")
    sign_in(page, personas.data_officer_a.username)
    page.goto(f"{page.base_url}/cases/?f.gender=male")
    click_and_load(page, "text=Export these records")
    assert page.is_visible("text=1 record of your organisation will be exported")
    page.check("input[name=format][value=csv]")
    with page.expect_download() as info:
        page.click("button:has-text('Download')")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["client_code"] for r in rows] == ["EXP-1"]
    assert rows[0]["gender"] == "male"


def test_a_caseworker_is_told_exports_are_for_data_officers(page: Any, personas: Personas) -> None:
    sign_in(page, personas.caseworker_a.username)
    page.goto(f"{page.base_url}/cases/export/")
    assert page.is_visible("text=Imports and exports are for data officers")
