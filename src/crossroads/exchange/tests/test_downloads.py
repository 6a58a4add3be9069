"""Spreadsheets and JSON carry the same markers as the page: x for suppressed, 0 for zero."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from crossroads.exchange.models import Submission
from crossroads.exchange.services import drafts
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas, make_case


@pytest.fixture
def submission(agreed: Personas) -> Submission:
    add_records(agreed.data_officer_a, 14, citizenship=["NLD"])
    make_case(agreed.data_officer_a, "FEW", citizenship=["ROU"])  # one person: suppressed
    return services.submit(agreed.data_officer_a, drafts.build_draft(agreed.data_officer_a, 2024))


def _get(personas: Personas, submission: Submission, fmt: str) -> bytes:
    client = personas.client_for(personas.analyst)
    response = client.get(reverse("exchange:download", args=[submission.pk, fmt]))
    assert response.status_code == 200
    return bytes(response.content)


def test_csv_marks_suppressed_cells_with_x_and_flag_c(
    agreed: Personas, submission: Submission
) -> None:
    rows = list(csv.DictReader(io.StringIO(_get(agreed, submission, "csv").decode("utf-8-sig"))))
    cell = next(
        r for r in rows
        if r["table"] == "persons_citizenship" and r["cell"] == "sex=_T; citizenship_group=other_eu"
    )  # fmt: skip
    assert (cell["value"], cell["status"], cell["flag"]) == ("x", "suppressed", "c")
    zero = next(
        r for r in rows
        if r["table"] == "persons_citizenship" and r["cell"] == "sex=_T; citizenship_group=non_eu"
    )  # fmt: skip
    assert (zero["value"], zero["status"], zero["flag"]) == ("0", "zero", "")


def test_the_spreadsheet_shows_x_never_a_blank(agreed: Personas, submission: Submission) -> None:
    book = load_workbook(io.BytesIO(_get(agreed, submission, "xlsx")))
    assert book.sheetnames[0] in {"About", "À propos", "О файле"}
    sheet = book["persons_citizenship"]
    values = [cell.value for row in sheet.iter_rows(min_row=4) for cell in row[1:]]
    assert "x" in values
    assert 0 in values


def test_json_keeps_suppressed_cells_explicit(agreed: Personas, submission: Submission) -> None:
    import json

    document = json.loads(_get(agreed, submission, "json"))
    cells = [c for t in document["released"]["tables"] for c in t["cells"]]
    suppressed = [c for c in cells if c["status"] == "suppressed"]
    assert suppressed and all(c["value"] is None and c["display"] == "x" for c in suppressed)
    assert {c["status"] for c in cells} <= {"released", "zero", "suppressed"}
