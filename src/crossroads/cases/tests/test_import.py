"""Importing records from CSV and XLSX files: checking, reporting, all-or-nothing, no duplicates."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import connection
from django.urls import reverse

from crossroads.audit.models import Action, AuditEntry
from crossroads.cases.models import Case, CaseRevision, ImportJob
from crossroads.cases.tests.spreadsheets import HEADER, csv_bytes, row, upload, xlsx_bytes
from crossroads.testing import Personas, make_case


def test_a_valid_csv_file_is_imported_at_once_and_audited(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("IMP-1"), row("IMP-2", gender="male")]))
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.updated_count, job.unchanged_count) == (2, 0, 0)
    case = Case.objects.get(client_code="IMP-2")
    assert case.organisation == personas.org_a
    assert case.data["gender"] == "male"
    assert case.data["exploitation_forms"] == ["sexual", "labour"]
    assert case.created_by == personas.data_officer_a
    assert case.revisions.count() == 1
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(case.pk)).exists()
    summary = AuditEntry.objects.filter(action=Action.IMPORT, detail__step="import").get()
    assert summary.detail["created"] == 2


def test_columns_and_values_are_recognised_by_labels_in_french(personas: Personas) -> None:
    french = {
        "Code client": "FR-1",
        "Année d'enregistrement": "2024",
        "Genre": "Femme",
        "Âge lors de l'identification (tranche)": "24–26",
        "Nationalité": "Roumanie",
        "Formes d'exploitation": "Travail ou services forcés",
        "Consentement à l'utilisation des données": "aggregate_only",
        "Indemnisation — Voie": "state_fund",
        "Indemnisation — Résultat": "pending",
    }
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([french], delimiter=","))
    assert job.status == ImportJob.Status.DONE, (
        job.report["problems"],
        job.report["file_problems"],
    )
    case = Case.objects.get(client_code="FR-1")
    assert case.data["citizenship"] == ["ROU"]
    assert case.events["compensation"] == [{"route": "state_fund", "outcome": "pending"}]


def test_a_file_with_errors_writes_nothing_and_reports_row_column_value_and_what_is_allowed(
    personas: Personas,
) -> None:
    rows = [row("OK-1"), row("BAD-1", gender="femal", year_of_registration="20x4"), row("OK-2")]
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes(rows))
    assert job.status == ImportJob.Status.NEEDS_DECISION
    assert Case.objects.count() == 0
    problems = {(p["row"], p["column"], p["value"]) for p in job.report["problems"]}
    assert (3, "gender", "femal") in problems
    assert (3, "year_of_registration", "20x4") in problems
    page = client.get(reverse("cases:import_job", args=[job.pk])).content.decode()
    assert "expected one of: female, male" in page
    assert "Import only the 2 valid rows" in page
    assert job.stored_name  # kept until the officer decides


def test_a_file_whose_only_problem_is_an_unknown_column_names_the_column_first(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("COL-1", notes="called twice")]))
    assert job.status == ImportJob.Status.NEEDS_DECISION
    page = client.get(reverse("cases:import_job", args=[job.pk])).content.decode()
    assert "1 column cannot be imported: nothing has been imported" in page
    assert "Column “notes” is not a field of the standard" in page
    assert "rows have problems" not in page and "row has problems" not in page
    assert "Import the 1 row without these columns" in page
    client.post(reverse("cases:import_decide", args=[job.pk]), {"choice": "valid_rows"})
    assert Case.objects.get(client_code="COL-1").data["gender"] == "female"


def test_the_officer_may_import_only_the_valid_rows_after_seeing_the_report(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("OK-1"), row("BAD-1", gender="?"), row("OK-2")]))
    response = client.post(reverse("cases:import_decide", args=[job.pk]), {"choice": "valid_rows"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    assert sorted(Case.objects.values_list("client_code", flat=True)) == ["OK-1", "OK-2"]
    assert not job.stored_name and not list((job_dir(job)).iterdir())


def test_choosing_to_import_nothing_deletes_the_file_and_writes_nothing(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("OK-1"), row("BAD-1", gender="?")]))
    client.post(reverse("cases:import_decide", args=[job.pk]), {"choice": "nothing"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert Case.objects.count() == 0
    assert not list(job_dir(job).iterdir())


def job_dir(job: ImportJob) -> Path:
    from crossroads.cases.importing.jobs import upload_dir

    return upload_dir()


def test_importing_the_same_file_twice_creates_no_duplicates(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    data = xlsx_bytes([row("TWICE-1"), row("TWICE-2")])
    upload(client, data, "records.xlsx")
    again = upload(client, data, "records.xlsx")
    assert again.status == ImportJob.Status.DONE
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert Case.objects.count() == 2
    assert Case.objects.get(client_code="TWICE-1").version == 1


def test_a_changed_row_updates_its_record_with_a_new_version_and_revision(
    personas: Personas,
) -> None:
    case = make_case(personas.caseworker_a, "UPD-1")
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("UPD-1", gender="male", citizenship="NLD")]))
    assert job.updated_count == 1
    case.refresh_from_db()
    assert case.version == 2 and case.data["gender"] == "male"
    revision = CaseRevision.objects.get(case=case, version=2)
    assert revision.changes["gender"] == ["female", "male"]
    assert AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(case.pk)).exists()


def test_a_record_changed_after_the_report_makes_the_import_write_nothing(
    personas: Personas,
) -> None:
    from crossroads.cases import services
    from crossroads.testing import minimal_record

    case = make_case(personas.caseworker_a, "RACE-1")
    client = personas.client_for(personas.data_officer_a)
    rows = [row("RACE-1", gender="male", citizenship="NLD"), row("NEW-1", gender="?")]
    job = upload(client, csv_bytes(rows))
    assert job.status == ImportJob.Status.NEEDS_DECISION
    # A caseworker saves the record while the officer reads the report.
    services.update_case(
        personas.caseworker_a, case, minimal_record(gender="unknown"), expected_version=1,
        from_form=False,
    )  # fmt: skip
    client.post(reverse("cases:import_decide", args=[job.pk]), {"choice": "valid_rows"})
    job.refresh_from_db()
    case.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "changed by someone else after the file was checked (RACE-1)" in job.message
    assert case.data["gender"] == "unknown" and case.version == 2
    assert not Case.objects.filter(client_code="NEW-1").exists()


def test_a_record_created_after_the_report_is_not_overwritten(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("LATE-1"), row("BAD-1", gender="?")]))
    make_case(personas.caseworker_a, "LATE-1", gender="male", citizenship=["NLD"])
    client.post(reverse("cases:import_decide", args=[job.pk]), {"choice": "valid_rows"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert Case.objects.get(client_code="LATE-1").data["gender"] == "male"


def test_identity_columns_become_tokens_and_are_never_stored_or_reported(
    personas: Personas,
) -> None:
    rows = [
        row(
            "ID-1",
            identity_given="Blessing",
            identity_family="Okonkwo-Zyx",
            identity_dob="14.02.2001",
        ),
        row("ID-2", identity_given="Ioana", identity_family="Zyxescu", identity_dob="31.02.1999"),
    ]
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes(rows))
    assert job.status == ImportJob.Status.NEEDS_DECISION
    dob = next(p for p in job.report["problems"] if p["column"] == "identity_dob")
    assert dob["value"] is None and "could not be read" in dob["message"]
    page = client.get(reverse("cases:import_job", args=[job.pk])).content.decode()
    assert "Zyxescu" not in page and "31.02.1999" not in page
    client.post(reverse("cases:import_decide", args=[job.pk]), {"choice": "valid_rows"})
    assert Case.objects.get(client_code="ID-1").has_linkage_tokens
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_caserevision", "audit_auditentry", "cases_importjob"):
            cursor.execute(f"SELECT * FROM {table}")
            dump = json.dumps(cursor.fetchall(), default=str)
            assert "Okonkwo" not in dump and "Blessing" not in dump and "Zyxescu" not in dump


def test_a_free_text_column_is_refused_once_not_once_per_row(personas: Personas) -> None:
    rows = [row(f"FT-{i}", notes="lives with her aunt") for i in range(5)]
    job = upload(personas.client_for(personas.data_officer_a), csv_bytes(rows))
    assert job.status == ImportJob.Status.NEEDS_DECISION
    assert len(job.report["file_problems"]) == 1
    assert "“notes” is not a field of the standard" in job.report["file_problems"][0]
    assert Case.objects.count() == 0


def test_a_csv_file_that_is_not_utf8_is_explained(personas: Personas) -> None:
    data = "client_code;gender\nC-1;Féminin\n".encode("cp1252")
    job = upload(personas.client_for(personas.data_officer_a), data)
    assert job.status == ImportJob.Status.FAILED
    assert "Line 2 is not UTF-8" in job.message and "CSV UTF-8" in job.message


def test_csv_without_bom_and_with_commas_is_read(personas: Personas) -> None:
    job = upload(
        personas.client_for(personas.data_officer_a),
        csv_bytes([row("COMMA-1")], delimiter=",", bom=False),
    )
    assert job.status == ImportJob.Status.DONE


def test_a_client_code_twice_in_one_file_is_a_problem_of_the_second_row(
    personas: Personas,
) -> None:
    job = upload(personas.client_for(personas.data_officer_a), csv_bytes([row("D-1"), row("D-1")]))
    problem = job.report["problems"][0]
    assert problem["row"] == 3 and "already in row 2" in problem["message"]


def test_the_template_row_of_labels_is_skipped(personas: Personas) -> None:
    labels = {key: key for key in HEADER}
    labels.update({"client_code": "Client code", "gender": "Gender"})
    job = upload(
        personas.client_for(personas.data_officer_a),
        xlsx_bytes([labels, row("TPL-1")], header=HEADER),
        "template.xlsx",
    )
    assert job.status == ImportJob.Status.DONE, (
        job.report["problems"],
        job.report["file_problems"],
    )


def test_an_upload_that_is_not_a_spreadsheet_is_refused(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = personas.client_for(personas.data_officer_a)
    response = client.post(
        reverse("cases:import"), {"file": SimpleUploadedFile("records.pdf", b"%PDF")}
    )
    assert response.status_code == 422
    assert "Upload a .csv or .xlsx file" in response.content.decode()
    broken = upload(client, b"not a zip", "records.xlsx")
    assert broken.status == ImportJob.Status.FAILED
    assert "not a readable .xlsx workbook" in broken.message


def test_an_import_never_touches_another_organisations_record_with_the_same_code(
    personas: Personas,
) -> None:
    theirs = make_case(personas.caseworker_b, "SAME-1", citizenship=["DEU"])
    job = upload(personas.client_for(personas.data_officer_a), csv_bytes([row("SAME-1")]))
    assert job.created_count == 1 and job.updated_count == 0
    theirs.refresh_from_db()
    assert theirs.version == 1 and theirs.data["citizenship"] == ["DEU"]
    ours = Case.objects.get(client_code="SAME-1", organisation=personas.org_a)
    assert ours.data["citizenship"] == ["ROU"]


def test_the_import_runs_as_a_task_whose_status_the_page_can_poll(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("ST-1")]))
    assert job.run is not None
    state = client.get(reverse("tasks:status", args=[job.run.pk])).json()
    assert state["status"] == "succeeded" and state["active"] is False
    assert "1 records created" in state["message"]


def test_the_problems_can_be_downloaded_as_csv(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("P-1", gender="=HYPERLINK(1)")]))
    body = client.get(reverse("cases:import_report", args=[job.pk])).content.decode("utf-8-sig")
    assert "gender" in body and "'=HYPERLINK(1)" in body


def test_a_formula_after_a_separator_in_a_problem_cell_is_neutralised(
    personas: Personas,
) -> None:
    """Opened in a spreadsheet that splits on ``;`` (the default in NL, DE and FR), the
    part after the separator would otherwise run as a formula."""
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("P-1", exploitation_forms="labour;=HYPERLINK(1)")]))
    body = client.get(reverse("cases:import_report", args=[job.pk])).content.decode("utf-8-sig")
    assert "labour;'=HYPERLINK(1)" in body
    assert not any(part.lstrip().startswith("=") for part in body.replace(",", ";").split(";"))


def test_downloading_the_problems_is_audited_because_they_quote_values_of_the_file(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.data_officer_a)
    job = upload(client, csv_bytes([row("P-1", gender="?")]))
    client.get(reverse("cases:import_report", args=[job.pk]))
    entry = AuditEntry.objects.get(action=Action.EXPORT, object_type="import")
    assert entry.object_id == str(job.pk) and entry.actor_name == "officer-a"


def test_a_failure_while_saving_rolls_the_whole_import_back(
    personas: Personas, monkeypatch: object
) -> None:
    from crossroads.cases import bulk

    calls = {"n": 0}
    original = bulk._save_batch

    def failing(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "BATCH", 2)  # type: ignore[attr-defined]
    monkeypatch.setattr(bulk, "_save_batch", failing)  # type: ignore[attr-defined]
    rows = [row(f"RB-{i}") for i in range(5)]
    job = upload(personas.client_for(personas.data_officer_a), csv_bytes(rows))
    assert job.status == ImportJob.Status.FAILED
    assert "nothing was imported" in job.message
    assert Case.objects.count() == 0
    assert not AuditEntry.objects.filter(action=Action.CREATE).exists()
    assert not list(job_dir(job).iterdir())


def test_the_uploaded_file_is_deleted_once_imported(personas: Personas) -> None:
    job = upload(personas.client_for(personas.data_officer_a), csv_bytes([row("DEL-1")]))
    assert job.status == ImportJob.Status.DONE
    assert not job.stored_name and not list(job_dir(job).iterdir())


def test_worker_processes_check_a_file_exactly_as_the_server_process_does(
    personas: Personas, settings: object, monkeypatch: object
) -> None:
    from crossroads.cases.importing import parallel
    from crossroads.cases.importing.readers import open_sheet

    rows = [row(f"PAR-{i:03d}") for i in range(40)]
    rows[7]["gender"] = "?"
    rows[30]["client_code"] = "PAR-003"
    rows[12].update(identity_given="Ana", identity_family="Zyx", identity_dob="1990")
    path = Path(settings.DATA_DIR) / "par.csv"  # type: ignore[attr-defined]
    path.write_bytes(csv_bytes(rows))
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)  # type: ignore[attr-defined]
    monkeypatch.setattr(parallel, "CHUNK", 7)  # type: ignore[attr-defined]

    def check(processes: int) -> object:
        sheet = open_sheet(path, "csv")
        return parallel.check_sheet(
            sheet, country="NLD", language="en", version="1.0", processes=processes
        )

    alone, pooled = check(1), check(2)
    assert pooled.report() == alone.report()  # type: ignore[attr-defined]
    assert pooled.report()["invalid_rows"] == 2  # type: ignore[attr-defined]
    assert [p.tokens for p in pooled.planned] == [p.tokens for p in alone.planned]  # type: ignore[attr-defined]


def test_a_large_import_refreshes_the_planners_statistics(
    personas: Personas, monkeypatch: object
) -> None:
    from django.db import connection

    from crossroads.cases.importing import jobs

    monkeypatch.setattr(jobs, "REFRESH_STATISTICS_FROM", 2)  # type: ignore[attr-defined]
    job = upload(
        personas.client_for(personas.data_officer_a), csv_bytes([row("AN-1"), row("AN-2")])
    )
    assert job.status == ImportJob.Status.DONE
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases_case'")
            assert cursor.fetchone()[0] > 0
