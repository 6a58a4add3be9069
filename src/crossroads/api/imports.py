"""Imports of spreadsheets of records: upload, follow the task, read the problems, decide.

The same job as the import page (:mod:`crossroads.cases.importing.jobs`):
the upload is stored and checked by a task worker; a file without problems
is imported at once, a file with problems waits for the decision (the valid
rows only, or nothing). Jobs are fetched only through
:func:`crossroads.cases.access.get_import_job_for_user`; imports belong to
data officers and organisation administrators, as on the pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.params import P, PathEx
from pydantic import Field

from crossroads.accounts.models import TokenScope, User
from crossroads.accounts.permissions import can_manage_data, can_work_with_cases
from crossroads.api.auth import require, signed_in, user_with
from crossroads.api.problems import ApiError, invalid_field
from crossroads.api.runs import TaskState, task_state
from crossroads.api.schemas import ERRORS, Problem
from crossroads.cases.access import get_import_job_for_user
from crossroads.cases.importing import jobs
from crossroads.cases.models import ImportJob
from crossroads.tasks import reaping

router = Router(tags=["imports"], auth=signed_in)
JobId = PathEx[int, P(ge=1, le=2**62)]


def data_officer(request: HttpRequest, scope: TokenScope) -> User:
    """The caller if they may import and export records and their token has ``scope``."""
    user = require(request, scope).user
    if user is None or not can_work_with_cases(user):
        raise ApiError(403, _("Only the staff of a member organisation work with records."))
    if not can_manage_data(user):
        raise ApiError(
            403, _("Imports and exports are for data officers and organisation administrators.")
        )
    return user


class ReportSummary(Schema):
    rows: int
    valid_rows: int
    invalid_rows: int
    problem_count: int


class ImportOut(Schema):
    """One import: its status, counts and the task checking or importing it."""

    id: int
    filename: str
    format: str = Field(description="`csv` or `xlsx`.")
    status: str = Field(
        description=(
            "`queued`, `checking`, `needs_decision` (problems found: decide), `importing`, "
            "`done`, `cancelled` (nothing imported) or `failed`."
        )
    )
    status_label: str
    running: bool = Field(description="Still at work: poll again.")
    valid_only: bool = Field(description="The officer chose to import only the valid rows.")
    created_at: datetime
    updated_at: datetime
    total_rows: int | None
    processed_rows: int
    created: int
    updated: int
    unchanged: int
    message: str
    report: ReportSummary | None
    task: TaskState | None


class RowProblemOut(Schema):
    row: int = Field(description="The row's number in the file (the header is row 1).")
    column: str
    value: str | None
    message: str = Field(description="The problem and what is allowed, in the file's language.")


class ProblemsOut(Schema):
    """Every problem found (the first 2,000 rows' problems listed; all counted)."""

    file_problems: list[str] = Field(description="Columns that cannot be imported.")
    problems: list[RowProblemOut]
    row_problem_count: int
    listed: int


class DecisionIn(Schema):
    choice: Literal["valid_rows", "nothing"] = Field(
        description="`valid_rows`: import only the valid rows; `nothing`: drop the file."
    )


def _out(job: ImportJob) -> dict[str, Any]:
    report: dict[str, Any] = job.report or {}
    summary = (
        {k: int(report.get(k, 0)) for k in ("rows", "valid_rows", "invalid_rows", "problem_count")}
        if "rows" in report
        else None
    )
    return {
        "id": job.pk,
        "filename": job.filename,
        "format": job.file_format,
        "status": job.status,
        "status_label": job.get_status_display(),
        "running": job.is_running,
        "valid_only": job.valid_only,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "message": job.message,
        "report": summary,
        "task": task_state(job.run),
    }


def _job(request: HttpRequest, job_id: int, scope: TokenScope) -> tuple[User, ImportJob]:
    user = user_with(request, scope)
    reaping.reap()
    job = get_import_job_for_user(user, job_id)
    return user, job


def _refused(exc: jobs.ImportRefused) -> ApiError:
    return ApiError(409, str(exc), kind="import-state")


@router.post(
    "/imports",
    response={202: ImportOut, **ERRORS},
    url_name="imports",
    summary="Upload a file to import",
    description=(
        "A CSV or XLSX file of records (`multipart/form-data`, field `file`), in the import "
        "template's layout. Checking runs as a task: follow the answer's `Location` until "
        "`running` is false. A file without problems is then imported; one with problems "
        "waits for a decision."
    ),
)
def upload(request: HttpRequest, response: HttpResponse, file: File[UploadedFile]) -> Status[Any]:
    user = data_officer(request, TokenScope.WRITE_RECORDS)
    try:
        job = jobs.start_import(user, file)
    except jobs.ImportRefused as exc:
        raise invalid_field("file", file.name or "", str(exc)) from None
    response["Location"] = f"{request.path.rstrip('/')}/{job.pk}"
    return Status(202, _out(job))


@router.get(
    "/imports",
    response={200: list[ImportOut], **ERRORS},
    url_name="import_list",
    summary="Recent imports",
    description="The organisation's 50 latest imports, newest first.",
)
def recent(request: HttpRequest) -> list[dict[str, Any]]:
    user = data_officer(request, TokenScope.READ_RECORDS)
    reaping.reap()
    found = ImportJob.objects.filter(organisation=user.organisation).select_related("run")[:50]
    return [_out(job) for job in found]


@router.get(
    "/imports/{import_id}",
    response={200: ImportOut, **ERRORS},
    url_name="import",
    summary="An import's status",
)
def status(request: HttpRequest, import_id: JobId) -> dict[str, Any]:
    _user, job = _job(request, import_id, TokenScope.READ_RECORDS)
    return _out(job)


@router.get(
    "/imports/{import_id}/problems",
    response={200: ProblemsOut, **ERRORS},
    url_name="import_problems",
    summary="An import's problems",
    description=(
        "Which row, which column, the value and what is allowed. Reading them is audited, as "
        "they quote the file's values."
    ),
)
def problems(request: HttpRequest, import_id: JobId) -> dict[str, Any]:
    user, job = _job(request, import_id, TokenScope.READ_RECORDS)
    report: dict[str, Any] = job.report or {}
    jobs.record_report_read(user, job)
    listed = report.get("problems", [])
    return {
        "file_problems": [str(p) for p in report.get("file_problems", [])],
        "problems": listed,
        "row_problem_count": int(report.get("row_problem_count", len(listed))),
        "listed": len(listed),
    }


@router.post(
    "/imports/{import_id}/decision",
    response={200: ImportOut, 409: Problem, **ERRORS},
    url_name="import_decision",
    summary="Decide on a file with problems",
    description=(
        "Only while `status` is `needs_decision`: import only the valid rows (checked again, "
        "as a task) or nothing. Otherwise 409."
    ),
)
def decision(request: HttpRequest, import_id: JobId, payload: DecisionIn) -> dict[str, Any]:
    user, job = _job(request, import_id, TokenScope.WRITE_RECORDS)
    try:
        jobs.decide(user, job, import_valid_rows=payload.choice == "valid_rows")
    except jobs.ImportRefused as exc:
        raise _refused(exc) from None
    job.refresh_from_db()
    return _out(job)


@router.post(
    "/imports/{import_id}/cancel",
    response={200: ImportOut, 409: Problem, **ERRORS},
    url_name="import_cancel",
    summary="Stop an import",
    description=(
        "Nothing is imported: a waiting file is dropped, a running task stops at its next "
        "safe point and rolls back. A finished import gets 409."
    ),
)
def cancel(request: HttpRequest, import_id: JobId) -> dict[str, Any]:
    user, job = _job(request, import_id, TokenScope.WRITE_RECORDS)
    try:
        jobs.cancel_import(user, job)
    except jobs.ImportRefused as exc:
        raise _refused(exc) from None
    job.refresh_from_db()
    return _out(job)
