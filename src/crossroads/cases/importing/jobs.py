"""Import jobs: upload, check, decide, import, each step audited.

The flow: :func:`start_import` stores the upload and queues :data:`import_file`
for a task worker (``crossroads worker``; the test suite runs it at once). The
job reads and checks every row, reporting its progress. A file without problems
is then imported at once, in one transaction. A file with problems waits
for the officer's decision (:func:`decide`): import nothing, or import only
the valid rows, which re-reads and re-checks the file and imports what is
valid. The uploaded file is deleted as soon as the job no longer needs it.

A job whose worker dies is marked failed within a minute by the other
workers (:mod:`crossroads.tasks.reaping`, which calls :func:`_abandoned`);
nothing of it was written, because the import is one transaction. A file left
waiting for a decision is deleted after a day by a periodic task.
"""

from __future__ import annotations

import gc
import logging
import secrets
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.bulk import ChangedMeanwhile, existing_versions, save_many
from crossroads.cases.importing.checking import Check
from crossroads.cases.importing.parallel import check_sheet
from crossroads.cases.importing.readers import FileUnreadable, file_format, open_sheet
from crossroads.cases.models import ImportJob
from crossroads.codebook.loader import load_standard
from crossroads.tasks.models import Status
from crossroads.tasks.progress import Progress, TaskCancelled
from crossroads.tasks.queueing import NotCancellable, cancel, start
from crossroads.tasks.registry import background, periodic

log = logging.getLogger(__name__)
DECISION_WAIT = timedelta(days=1)
REFRESH_STATISTICS_FROM = 1000  # records saved by one import


class ImportRefused(ValueError):
    """The upload cannot become a job (wrong type, too large); the message says why."""


def upload_dir() -> Path:
    """Where uploads wait while their job needs them (inside the data directory)."""
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def start_import(user: User, upload: UploadedFile[Any], *, here: bool = False) -> ImportJob:
    """Store the upload, create the job, audit it, and queue its checking.

    ``here``: check and import in this process instead (the demo's sample files).
    """
    name = Path(upload.name or "upload").name[:200]
    try:
        fmt = file_format(name)
    except FileUnreadable as exc:
        raise ImportRefused(str(exc)) from None
    limit = settings.CROSSROADS_IMPORT_MAX_MEGABYTES
    if upload.size is not None and upload.size > limit * 1024 * 1024:
        raise ImportRefused(
            _("The file is larger than %(limit)d MB; split it into several files.")
            % {"limit": limit}
        )
    stored = f"{secrets.token_hex(16)}.{fmt}"
    with (upload_dir() / stored).open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    assert user.organisation is not None
    with transaction.atomic():
        job = ImportJob.objects.create(
            organisation=user.organisation,
            created_by=user,
            filename=name,
            file_format=fmt,
            stored_name=stored,
            language=user.language,
        )
        record(
            user,
            Action.IMPORT,
            object_type="import",
            object_id=job.pk,
            summary=f"Uploaded {name} for import",
            detail={"step": "upload", "format": fmt, "bytes": upload.size},
        )
    _launch(job, here=here)
    return job


def decide(user: User, job: ImportJob, *, import_valid_rows: bool) -> None:
    """The officer's decision on a file with problems: the valid rows only, or nothing."""
    if job.status != ImportJob.Status.NEEDS_DECISION:
        raise ImportRefused(_("This import is not waiting for a decision."))
    with transaction.atomic():
        if import_valid_rows:
            job.status, job.valid_only = ImportJob.Status.QUEUED, True
            job.processed_rows, job.updated_at = 0, timezone.now()
            job.save(update_fields=["status", "valid_only", "processed_rows", "updated_at"])
            record(user, Action.IMPORT, object_type="import", object_id=job.pk,
                   summary=f"Chose to import only the valid rows of {job.filename}",
                   detail={"step": "decision", "valid_only": True})  # fmt: skip
        else:
            _finish(job, ImportJob.Status.CANCELLED, _("You chose to import nothing."))
            record(user, Action.IMPORT, object_type="import", object_id=job.pk,
                   summary=f"Chose to import nothing from {job.filename}",
                   detail={"step": "decision", "valid_only": False})  # fmt: skip
    if import_valid_rows:
        _launch(job)


def cancel_import(user: User, job: ImportJob) -> None:
    """Stop an import: nothing is imported, whichever step it is at.

    A file waiting for a decision is dropped as if the officer chose "import
    nothing"; a job still waiting for a worker stops at once; a job being
    checked or imported stops at its next safe point (its task rolls back).
    Raises :class:`ImportRefused` for a finished job.
    """
    if job.status == ImportJob.Status.NEEDS_DECISION:
        decide(user, job, import_valid_rows=False)
        return
    run = job.run
    if not job.is_running or run is None:
        raise ImportRefused(_("This import has finished; there is nothing to stop."))
    try:
        cancel(run, user)
    except NotCancellable:
        raise ImportRefused(_("This import has finished; there is nothing to stop.")) from None
    run.refresh_from_db()
    waiting = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED)
    if run.status == Status.CANCELLED and waiting.exists():
        # It never started: no task will mark the job, so it is marked here.
        _finish(job, ImportJob.Status.CANCELLED,
                _("You cancelled the import; nothing was imported."))  # fmt: skip
    job.refresh_from_db()


def record_report_read(user: User, job: ImportJob) -> None:
    """Audit a read of the job's problems: they quote values of the file's rows."""
    record(
        user,
        Action.EXPORT,
        object_type="import",
        object_id=job.pk,
        summary=f"Downloaded the problems of {job.filename}",
        detail={"problems": len(job.report.get("problems", []))},
    )


def _launch(job: ImportJob, *, here: bool = False) -> None:
    """Queue the job's task (or run the job in this process when ``here``)."""
    if here:
        run_job(job.pk, Progress(None))
        job.refresh_from_db()
        return
    run = start(
        import_file,
        user=job.created_by,
        organisation=job.organisation,
        key=f"cases.import:{job.pk}",
        language=job.language,
        job_id=job.pk,
        filename=job.filename,
    )
    ImportJob.objects.filter(pk=job.pk).update(run=run)
    job.refresh_from_db()


def _abandoned(params: Mapping[str, Any], message: str) -> None:
    """The worker running the import died: nothing was imported; say so, drop the file."""
    job = ImportJob.objects.filter(pk=params["job_id"]).first()
    if job is not None and job.is_running:
        _finish(job, ImportJob.Status.FAILED, message)


@background(
    "cases.import",
    title=gettext_lazy("Import of %(filename)s"),
    cancellable=True,
    on_abandon=_abandoned,
)
def import_file(progress: Progress, job_id: int, filename: str) -> None:
    """The task: check the file and, when allowed, import it (see :func:`run_job`)."""
    run_job(job_id, progress)


def run_job(job_id: int, progress: Progress) -> None:
    """Check the job's file and, when allowed, import it.

    Failures are recorded on the job; a cancellation too, then passed on.
    """
    job = ImportJob.objects.select_related("created_by", "organisation").get(pk=job_id)
    user = job.created_by
    if user is None or job.status != ImportJob.Status.QUEUED:
        return
    with translation.override(job.language):
        try:
            _work(job, user, progress)
        except TaskCancelled:
            _finish(
                job,
                ImportJob.Status.CANCELLED,
                _("You cancelled the import; nothing was imported."),
            )
            raise
        except FileUnreadable as exc:
            _finish(job, ImportJob.Status.FAILED, str(exc))
        except ChangedMeanwhile as exc:
            _finish(job, ImportJob.Status.FAILED, _(
                "Nothing was imported: %(count)d records were changed by someone else after "
                "the file was checked (%(codes)s). Upload the file again to check it against "
                "the current records."
            ) % {"count": len(exc.codes), "codes": exc})  # fmt: skip
        except Exception:
            log.exception("import job %s failed", job_id)
            _finish(job, ImportJob.Status.FAILED, _(
                "The import stopped on an unexpected error; nothing was imported. "
                "The error is in the server's log."
            ))  # fmt: skip
        finally:
            gc.unfreeze()  # see parallel.check_sheet


def _work(job: ImportJob, user: User, progress: Progress) -> None:
    started = time.perf_counter()
    _set(job, status=ImportJob.Status.CHECKING, processed_rows=0)
    sheet = open_sheet(upload_dir() / job.stored_name, job.file_format)
    _set(job, total_rows=sheet.total)
    progress.step(_("Checking the rows"), sheet.total, of=2)

    def checked(rows: int) -> None:
        progress.update(rows)
        progress.check_cancelled()

    assert user.organisation is not None
    check = check_sheet(
        sheet,
        country=user.organisation.country,
        language=job.language,
        version=load_standard().version,
        progress=checked,
    )
    checked_at = time.perf_counter()
    versions = existing_versions(user, [row.code for row in check.planned])
    if job.valid_only:
        # Records as the officer saw them in the report: one saved since then
        # makes the report untrue, so the import is refused (see save_many).
        versions = {code: int(version) for code, version in job.seen_versions.items()}
    report = check.report()
    report["seconds"] = {"check": round(checked_at - started, 1)}
    report["plan"] = {
        "create": sum(1 for row in check.planned if row.code not in versions),
        "update_or_keep": len(versions),
    }
    _set(job, report=report, total_rows=check.rows, processed_rows=check.rows)
    if check.problem_count and not job.valid_only:
        status = ImportJob.Status.NEEDS_DECISION if check.planned else ImportJob.Status.CANCELLED
        message = "" if check.planned else _("No row can be imported; nothing was imported.")
        job.seen_versions = versions
        _finish(job, status, message, keep_file=bool(check.planned))
        return
    _import(job, user, check, versions, progress)
    if job.created_count + job.updated_count >= REFRESH_STATISTICS_FROM:
        _refresh_statistics()
    job.report["seconds"]["save"] = round(time.perf_counter() - checked_at, 1)
    job.save(update_fields=["report"])


def _refresh_statistics() -> None:
    """Let the database's query planner see the new records (prefix search, filters).

    Without fresh statistics SQLite may walk the whole organisation in date
    order to find a handful of client codes; ANALYZE of the records table
    takes about a second for 100,000 records. (PostgreSQL's autovacuum then
    marks the new rows visible, after which filters read the facets index
    alone; vacuuming here would add ten seconds to the import.)
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")


def _import(
    job: ImportJob, user: User, check: Check, versions: dict[str, int], progress: Progress
) -> None:
    _set(job, status=ImportJob.Status.IMPORTING)
    progress.step(_("Saving the records"), len(check.planned), of=2)

    def saved(rows: int) -> None:
        progress.update(rows)
        progress.check_cancelled()

    with transaction.atomic():
        outcome = save_many(
            user,
            check.planned,
            seen_versions=versions,
            via=f" (import {job.pk})",
            progress=saved,
        )
        record(
            user,
            Action.IMPORT,
            object_type="import",
            object_id=job.pk,
            summary=(
                f"Imported {job.filename}: {outcome.created} created, {outcome.updated} changed, "
                f"{outcome.unchanged} unchanged, {check.invalid_rows} rows left out"
            ),
            detail={
                "step": "import",
                "rows": check.rows,
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "left_out": check.invalid_rows,
                "columns": check.recognised,
            },
        )
        job.created_count, job.updated_count = outcome.created, outcome.updated
        job.unchanged_count = outcome.unchanged
        _finish(job, ImportJob.Status.DONE, "")
        progress.finish(
            _("%(created)s records created, %(updated)s changed, %(unchanged)s unchanged.")
            % {
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
            }
        )


def _set(job: ImportJob, **values: Any) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    job.updated_at = timezone.now()
    job.save(update_fields=[*values, "updated_at"])


def _finish(job: ImportJob, status: str, message: str, *, keep_file: bool = False) -> None:
    if not keep_file:
        _delete_upload(job)
    job.status, job.message, job.updated_at = status, message[:500], timezone.now()
    job.save()


def _delete_upload(job: ImportJob) -> None:
    if job.stored_name:
        (upload_dir() / job.stored_name).unlink(missing_ok=True)
        job.stored_name = ""


@periodic(
    "cases.expire_undecided_imports",
    every=timedelta(hours=1),
    title=gettext_lazy("Deleting uploads left without a decision"),
)
def expire_undecided(progress: Progress) -> None:
    """Import nothing from files left waiting for a decision longer than :data:`DECISION_WAIT`,
    so that uploads never linger on disk."""
    limit = timezone.now() - DECISION_WAIT
    for job in ImportJob.objects.filter(
        status=ImportJob.Status.NEEDS_DECISION, updated_at__lt=limit
    ):
        _finish(job, ImportJob.Status.CANCELLED, _(
            "Nothing was imported: no decision was taken within a day, so the file was deleted."
        ))  # fmt: skip
