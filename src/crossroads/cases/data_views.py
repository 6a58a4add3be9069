"""Pages for data officers: spreadsheet import (upload, progress, report, decision) and export.

Imports and exports are for data officers and organisation administrators;
a caseworker is told so (403), and the analyst never reaches record data.
Import jobs are fetched only through :func:`get_import_job_for_user`.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, can_work_with_cases
from crossroads.accounts.spreadsheets import CSV_SEPARATORS, convention_of
from crossroads.cases.access import get_import_job_for_user
from crossroads.cases.exporting import (
    ExportFile,
    export_records,
)
from crossroads.cases.filters import apply_filters
from crossroads.cases.importing import jobs
from crossroads.cases.importing.template import build_template
from crossroads.cases.models import Case, ImportJob
from crossroads.cells import safe_row
from crossroads.codebook.loader import load_standard
from crossroads.tasks import presenters, reaping

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTER_KEYS = ("q", "year", "completeness")


def _data_officer(request: HttpRequest) -> User | HttpResponse:
    """The user if they may import and export; a page explaining why not otherwise."""
    user = request.user
    if not can_work_with_cases(user):
        raise PermissionDenied
    if not can_manage_data(user):
        return render(request, "cases/data_forbidden.html", status=403)
    return user


def _job(request: HttpRequest, job_id: int) -> ImportJob | HttpResponse:
    """The import job through its permission-checked fetch; a caseworker gets the 403 page."""
    try:
        return get_import_job_for_user(request.user, job_id)
    except PermissionDenied:
        return render(request, "cases/data_forbidden.html", status=403)


def _language(request: HttpRequest, user: User) -> str:
    offered = {code for code, _name in settings.LANGUAGES}
    language = request.GET.get("language") or request.POST.get("language") or user.language
    return language if language in offered else "en"


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a file; download the template; recent imports of the organisation."""
    user = _data_officer(request)
    if isinstance(user, HttpResponse):
        return user
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a .csv or .xlsx file to upload.")
        else:
            try:
                job = jobs.start_import(user, upload)
            except jobs.ImportRefused as exc:
                error = str(exc)
            else:
                return redirect("cases:import_job", job.pk)
    reaping.reap()
    recent = list(
        ImportJob.objects.filter(organisation=user.organisation).select_related("created_by")[:10]
    )
    return render(
        request,
        "cases/import.html",
        {
            "error": error,
            "recent": recent,
            "languages": settings.LANGUAGES,
            "language": translation.get_language(),
            "max_mb": settings.CROSSROADS_IMPORT_MAX_MEGABYTES,
        },
        status=422 if error else 200,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The XLSX template generated from the standard, in the chosen language."""
    user = _data_officer(request)
    if isinstance(user, HttpResponse):
        return user
    language = _language(request, user)
    version = load_standard().version
    response = HttpResponse(build_template(language), content_type=XLSX)
    name = f"crossroads-import-template-{version}-{language}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """Progress while the job runs; then its report, and the decision when it has problems."""
    job = _job(request, job_id)
    if isinstance(job, HttpResponse):
        return job
    reaping.reap()
    job.refresh_from_db()
    report: dict[str, Any] = job.report or {}
    run = job.run
    return render(
        request,
        "cases/import_job.html",
        {
            "job": job,
            "report": report,
            "run": run,
            "state": presenters.state(run) if run is not None else None,
        },
    )


@require_POST
@login_required
def import_decide(request: HttpRequest, job_id: int) -> HttpResponse:
    """Import only the valid rows, or nothing, after seeing the report."""
    job = _job(request, job_id)
    if isinstance(job, HttpResponse):
        return job
    assert isinstance(request.user, User)
    choice = request.POST.get("choice")
    if choice not in {"valid_rows", "nothing"}:
        return HttpResponse(status=400)
    try:
        jobs.decide(request.user, job, import_valid_rows=choice == "valid_rows")
    except jobs.ImportRefused as exc:
        messages.error(request, str(exc))
    return redirect("cases:import_job", job.pk)


@login_required
def import_report(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's problems as a CSV file, to work through in a spreadsheet."""
    job = _job(request, job_id)
    if isinstance(job, HttpResponse):
        return job
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = convention_of(request.user).writer(buffer)
    writer.writerow([_("Row"), _("Column"), _("Value"), _("Problem and what is allowed")])
    for problem in job.report.get("file_problems", []):
        writer.writerow(safe_row(["", "", "", problem]))
    for problem in job.report.get("problems", []):
        value = problem["value"] or ""
        writer.writerow(safe_row([problem["row"], problem["column"], value, problem["message"]]))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.csv"'
    assert isinstance(request.user, User)
    jobs.record_report_read(request.user, job)
    return response


def file_response(exported: ExportFile) -> StreamingHttpResponse | FileResponse:
    """The download of a finished export (CSV streamed, XLSX from its temporary file)."""
    response: StreamingHttpResponse | FileResponse
    if exported.chunks is not None:
        response = StreamingHttpResponse(exported.chunks, content_type=exported.content_type)
    else:
        assert exported.path is not None
        handle = exported.path.open("rb")
        exported.path.unlink()  # the open handle keeps the data until the response ends
        response = FileResponse(handle, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.name}"'
    return response


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Choose format, values and filters (GET); download the file (POST)."""
    user = _data_officer(request)
    if isinstance(user, HttpResponse):
        return user
    params = request.POST if request.method == "POST" else request.GET
    filters = {
        key: str(value)
        for key, value in params.items()
        if value and (key in FILTER_KEYS or key.startswith("f."))
    }
    standard = load_standard()
    queryset = Case.objects.visible_to(user)
    if filters:
        query = request.GET.copy() if request.method == "GET" else request.POST.copy()
        queryset = apply_filters(queryset, query, standard, user.language).queryset
    if request.method == "POST":
        fmt = request.POST.get("format", "xlsx")
        values = request.POST.get("values", "codes")
        separator = (
            request.POST.get("separator") or convention_of(user, user.language).separator_name
        )
        if (
            fmt not in {"csv", "xlsx"}
            or values not in {"codes", "labels"}
            or separator not in CSV_SEPARATORS
        ):
            return HttpResponse(status=400)
        language = _language(request, user) if values == "labels" else None
        exported = export_records(
            user,
            queryset,
            fmt=fmt,
            language=language,
            filters=filters,
            separator=CSV_SEPARATORS[separator],
        )
        return file_response(exported)  # type: ignore[return-value]
    return render(
        request,
        "cases/export.html",
        {
            "count": queryset.count(),
            "total": Case.objects.visible_to(user).count() if filters else None,
            "filters": filters,
            "languages": settings.LANGUAGES,
            "language": translation.get_language(),
            "separator": convention_of(user, user.language).separator_name,
        },
    )
