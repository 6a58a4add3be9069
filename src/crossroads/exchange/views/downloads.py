"""Downloads: a submission's tables (XLSX, CSV, JSON), its signed file, network tables."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data
from crossroads.accounts.spreadsheets import convention_of
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.exchange.access import get_submission_for_user
from crossroads.exchange.models import Status, Submission
from crossroads.exchange.released import released_tables
from crossroads.exchange.services import files
from crossroads.exchange.spreadsheets import cells_csv, workbook
from crossroads.exchange.views.submission import grids_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def about(submission: Submission) -> list[tuple[str, str]]:
    """The "About" rows of a submission's spreadsheet."""
    rule = submission.released.get("rule", {})
    return [
        (_("Organisation"), submission.organisation.name),
        (_("Country"), submission.organisation.country),
        (_("Year (cohort registered in)"), str(submission.year)),
        (_("Version"), str(submission.version)),
        (_("Status"), str(Status(submission.status).label)),
        (_("Built"), submission.built_at.isoformat(timespec="minutes")),
        (_("Standard version"), submission.standard_version),
        (
            _("Records per standard version"),
            ", ".join(
                f"{v}: {n}" for v, n in submission.metadata.get("record_versions", {}).items()
            ),
        ),
        (_("Catalogue version"), submission.catalogue_version),
        (_("Suppression threshold"), str(rule.get("threshold", ""))),
        (_("Rounding base"), str(rule.get("rounding_base") or _("none"))),
        (_("Checksum (SHA-256)"), submission.checksum),
    ]


@login_required
def submission_download(request: HttpRequest, submission_id: int, fmt: str) -> HttpResponse:
    """The released tables, exactly as on the page, with the same markers."""
    user = _user(request)
    submission = get_submission_for_user(user, submission_id)
    stem = f"{submission.organisation.code}-{submission.year}-v{submission.version}"
    language = translation.get_language() or "en"
    if fmt == "xlsx":
        member = submission.organisation_id == user.organisation_id
        content: bytes | str = workbook(
            about(submission), grids_for(submission, member=member, originals=False)
        )
        response = attachment(content, f"{stem}.xlsx", XLSX)
    elif fmt == "csv":
        tables = released_tables(submission.released)
        content = cells_csv(((stem, t) for t in tables.values()), language, convention_of(user))
        response = attachment(content, f"{stem}.csv", "text/csv; charset=utf-8")
    elif fmt == "json":
        document = {
            "metadata": submission.metadata,
            "status": submission.status,
            "checksum": submission.checksum,
            "released": submission.released,
        }
        content = json.dumps(document, ensure_ascii=False, indent=1)
        response = attachment(content, f"{stem}.json", "application/json")
    else:
        raise Http404
    record(
        user,
        Action.EXPORT,
        object_type="submission",
        object_id=submission.pk,
        summary=f"Downloaded {submission} as {fmt.upper()}",
    )
    return response


@login_required
def signed_file(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The signed file of a submitted version, for a member running its own instance."""
    user = _user(request)
    submission = get_submission_for_user(user, submission_id)
    if submission.organisation_id != user.organisation_id or not can_manage_data(user):
        raise PermissionDenied
    if submission.status == Status.DRAFT:
        raise Http404
    content = files.export_signed(user, submission)
    name = f"{submission.organisation.code}-{submission.year}-v{submission.version}.signed.json"
    return attachment(content, name, "application/json")
