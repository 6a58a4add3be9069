"""Exporting the organisation's own records: CSV and XLSX, codes or labels, safe cells, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossroads.audit.models import Action, AuditEntry
from crossroads.cases.models import Case, ImportJob
from crossroads.cases.tests.spreadsheets import read_xlsx, upload
from crossroads.testing import Personas, make_case


def download(client: object, **form: str) -> bytes:
    response = client.post(reverse("cases:export"), form)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_an_xlsx_export_holds_every_record_of_the_organisation_in_codes(
    personas: Personas,
) -> None:
    make_case(personas.caseworker_a, "EX-1", exploitation_forms=["labour", "sexual"])
    make_case(
        personas.caseworker_a,
        "EX-2",
        events={"compensation": [{"route": "state_fund", "outcome": "pending"}]},
    )
    make_case(personas.caseworker_b, "THEIRS-1", citizenship=["DEU"])
    rows = read_xlsx(
        download(personas.client_for(personas.data_officer_a), format="xlsx", values="codes")
    )
    header = rows[0]
    assert header[:3] == ["client_code", "year_of_registration", "first_contact_date"]
    assert "compensation.route" in header and "identity_given" not in header
    by_code = {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:]}
    assert set(by_code) == {"EX-1", "EX-2"}
    assert by_code["EX-1"]["exploitation_forms"] == "sexual; labour"
    assert by_code["EX-2"]["compensation.route"] == "state_fund"


def test_a_csv_export_with_labels_in_russian(personas: Personas) -> None:
    make_case(personas.caseworker_a, "RU-1")
    body = download(
        personas.client_for(personas.data_officer_a), format="csv", values="labels", language="ru"
    ).decode("utf-8-sig")
    header, first = body.splitlines()[:2]
    assert "Формы эксплуатации" in header
    assert "Сексуальная эксплуатация" in first


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised() -> None:
    from crossroads.cases.exporting import neutralise

    for text in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("ordinary") == "ordinary"
    assert neutralise("labour; =cmd|' /C calc'!A0") == "labour; '=cmd|' /C calc'!A0"
    assert neutralise("a,+1;-2") == "a,'+1;'-2"
    assert neutralise("Non-EU; 18-20") == "Non-EU; 18-20"


def test_an_xlsx_export_stores_formula_like_text_as_text(
    personas: Personas, tmp_path: object
) -> None:
    from crossroads.cases.exporting import _xlsx_file

    path = _xlsx_file(iter([["client_code", "gender"], ["C-1", '=HYPERLINK("x")']]), "t", "1.1")
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    cell = workbook.worksheets[0]["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'
    assert workbook.properties.keywords == "crossroads-standard=1.1"


def test_an_export_reimports_cleanly(personas: Personas) -> None:
    make_case(
        personas.caseworker_a,
        "RT-1",
        exploitation_forms=["labour"],
        labour_sectors=["A", "E"],
        citizenship=["ROU", "MDA"],
        events={
            "compensation": [
                {
                    "route": "state_fund",
                    "outcome": "awarded",
                    "claim_date": "2024-05-02",
                    "decision_date": "2024-09-01",
                }
            ],
            "reflection_period": [{"informed": "yes", "decision": "granted"}],
        },
    )
    make_case(
        personas.caseworker_a,
        "RT-2",
        gender="male",
        age_band="0_8",
        age_at_identification=7,
        unaccompanied="yes",
    )
    client = personas.client_for(personas.data_officer_a)
    for fmt, values, language in (
        ("xlsx", "codes", "en"),
        ("csv", "labels", "fr"),
        ("xlsx", "labels", "ru"),
    ):
        data = download(client, format=fmt, values=values, language=language)
        job = upload(client, data, f"export.{fmt}")
        assert job.status == ImportJob.Status.DONE, (fmt, values, job.report.get("problems"))
        assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 2)
    assert Case.objects.filter(version=1).count() == 2


def test_every_export_is_audited_with_what_was_exported(personas: Personas) -> None:
    make_case(personas.caseworker_a, "AU-1", gender="male")
    make_case(personas.caseworker_a, "AU-2")
    client = personas.client_for(personas.data_officer_a)
    download(client, format="csv", values="codes", **{"f.gender": "male"})
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.detail["count"] == 1
    assert entry.detail["filters"] == {"f.gender": "male"}
    assert entry.detail["format"] == "csv" and entry.actor_name == personas.data_officer_a.username


def test_the_export_page_counts_the_records_matching_the_lists_filters(
    personas: Personas,
) -> None:
    make_case(personas.caseworker_a, "F-1", gender="male")
    make_case(personas.caseworker_a, "F-2")
    page = personas.client_for(personas.data_officer_a).get(
        reverse("cases:export"), {"f.gender": "male"}
    )
    assert "1 record of your organisation will be exported" in page.content.decode()


def test_a_record_with_several_events_of_a_kind_survives_export_and_reimport(
    personas: Personas,
) -> None:
    claims = [
        {"route": "state_fund", "outcome": "refused", "claim_date": "2024-02-01"},
        {"route": "labour_court", "outcome": "pending", "claim_date": "2024-06-01"},
    ]
    case = make_case(personas.caseworker_a, "EV-1", events={"compensation": claims})
    client = personas.client_for(personas.data_officer_a)
    data = download(client, format="csv", values="codes")
    job = upload(client, data, "export.csv")
    assert (job.unchanged_count, job.updated_count) == (1, 0), job.report.get("problems")
    case.refresh_from_db()
    assert [c["route"] for c in case.events["compensation"]] == ["state_fund", "labour_court"]
    # A corrected first claim changes only the first claim.
    edited = data.decode("utf-8-sig").replace("refused", "awarded").encode("utf-8")
    job = upload(client, edited, "edited.csv")
    assert job.updated_count == 1
    case.refresh_from_db()
    assert [c["outcome"] for c in case.events["compensation"]] == ["awarded", "pending"]


@pytest.mark.parametrize(
    ("language", "first_column"),
    [("fr", "Code client"), ("de", "Klientencode"), ("ro", "Cod de beneficiar")],
)
def test_an_export_in_a_decimal_comma_language_uses_semicolons_and_imports_again_unchanged(
    personas: Personas, language: str, first_column: str
) -> None:
    from crossroads.accounts.services import set_language

    make_case(personas.caseworker_a, "FR-1", exploitation_forms=["labour", "sexual"])
    make_case(
        personas.caseworker_a,
        "FR-2",
        citizenship=["ROU"],
        events={"compensation": [{"route": "state_fund", "outcome": "pending"}]},
    )
    set_language(personas.data_officer_a, language)
    client = personas.client_for(personas.data_officer_a)
    assert 'value="semicolon" checked' in client.get(reverse("cases:export")).text
    for fmt in ("csv", "xlsx"):
        body = download(client, format=fmt, values="labels", language=language)
        if fmt == "csv":
            header = body.decode("utf-8-sig").splitlines()[0]
            assert header.split(";")[0] == first_column, header
        job = upload(client, body, f"export.{fmt}")
        assert job.status == ImportJob.Status.DONE, job.report["file_problems"]
        assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 2)


def test_the_officer_may_choose_another_separator(personas: Personas) -> None:
    make_case(personas.caseworker_a, "TAB-1")
    client = personas.client_for(personas.data_officer_a)
    body = download(client, format="csv", values="codes", separator="tab").decode("utf-8-sig")
    assert body.splitlines()[0].startswith("client_code\tyear_of_registration\t")
    job = upload(client, body.encode("utf-8-sig"), "again.csv")
    assert job.status == ImportJob.Status.DONE and job.unchanged_count == 1
