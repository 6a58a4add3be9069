"""The XLSX import template: generated from the standard, with lists, labels and explanations."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from crossroads.cases.importing.columns import layout
from crossroads.cases.models import ImportJob
from crossroads.cases.tests.spreadsheets import row, upload
from crossroads.codebook.loader import load_standard
from crossroads.testing import Personas


def template(personas: Personas, language: str) -> bytes:
    client = personas.client_for(personas.data_officer_a)
    response = client.get(reverse("cases:import_template"), {"language": language})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_the_template_has_one_column_per_field_and_event_field(personas: Personas) -> None:
    book = load_workbook(io.BytesIO(template(personas, "en")))
    sheet = book.worksheets[0]
    codes = [cell.value for cell in sheet[1]]
    standard = load_standard()
    expected = ["client_code", "identity_given", "identity_family", "identity_dob"]
    expected += [f.code for f in standard.fields]
    expected += [f"{e.code}.{f.code}" for e in standard.events for f in e.fields]
    assert codes == expected
    assert len(codes) == len(layout(standard))
    labels = {cell.value for cell in sheet[2]}
    assert "Compensation — Route" in labels and "Forms of exploitation" in labels


def test_coded_columns_have_drop_down_lists_from_the_hidden_lists_sheet(
    personas: Personas,
) -> None:
    book = load_workbook(io.BytesIO(template(personas, "fr")))
    assert book.sheetnames == ["Fiches", "Champs", "Listes"]  # every sheet named in French
    sheet, lists = book.worksheets[0], book["Listes"]
    assert lists.sheet_state == "hidden"
    formulas = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    header = [cell.value for cell in sheet[1]]
    gender = chr(ord("A") + header.index("gender"))
    source = next(f for ref, f in formulas.items() if ref.startswith(gender + "3"))
    column = source.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    values = [c.value for c in lists[column]][1:]
    values = [v for v in values if v is not None]
    assert "Femme" in values and len(values) == 4
    # Countries are a long list: the validation refers to a range, not inline text.
    citizenship_list = [c for c in lists[1] if c.value == "referral_in_country"]
    assert citizenship_list


def test_the_fields_sheet_explains_every_column_in_the_chosen_language(
    personas: Personas,
) -> None:
    book = load_workbook(io.BytesIO(template(personas, "ru")))
    fields = book.worksheets[1]
    assert fields.title == "Поля"
    rows = list(fields.iter_rows(values_only=True))
    assert len(rows) == 1 + len(layout(load_standard()))
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["gender"][1] == "Пол"
    assert "female = " in by_code["gender"][6]
    assert by_code["consent_data_use"][4] == "обязательно"
    assert "гражданином" in (by_code["reflection_period.decision"][5] or "")


def test_a_filled_in_template_imports(personas: Personas) -> None:
    book = load_workbook(io.BytesIO(template(personas, "en")))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    values = row("TPL-1", identity_given="Ana", identity_family="Popescu", identity_dob="1994")
    sheet.append([values.get(code) for code in header])
    buffer = io.BytesIO()
    book.save(buffer)
    job = upload(personas.client_for(personas.data_officer_a), buffer.getvalue(), "filled.xlsx")
    assert job.status == ImportJob.Status.DONE, job.report.get("problems")
    assert job.created_count == 1
