"""The annual exchange: a member's submissions (build, read, submit) and the analyst's review.

Every step is the submission page's: submissions are fetched only through
:func:`crossroads.exchange.access.get_submission_for_user` (members see
their own organisation's, drafts included; analysts every member's but
drafts), and each state change is a service of
:mod:`crossroads.exchange.services.submissions`, which checks and audits it.
The tables answered are those that leave: the released tables, suppressed
cells without a value.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.params import P, PathEx
from pydantic import Field

from crossroads.accounts.models import TokenScope, User
from crossroads.accounts.permissions import can_manage_data, can_work_with_cases, is_analyst
from crossroads.api.auth import require, signed_in
from crossroads.api.problems import ApiError, invalid_field
from crossroads.api.schemas import ERRORS, Problem
from crossroads.exchange import catalogue
from crossroads.exchange.access import get_submission_for_user
from crossroads.exchange.forms import ImportForm, ReviewForm
from crossroads.exchange.models import Status as SubmissionStatus
from crossroads.exchange.models import Submission
from crossroads.exchange.released import released_tables
from crossroads.exchange.services import drafts, files
from crossroads.exchange.services import submissions as services
from crossroads.exchange.validation import warning_text

router = Router(tags=["exchange"], auth=signed_in)
SubmissionId = PathEx[int, P(ge=1, le=2**62)]


class SubmissionOut(Schema):
    """A submission version: where it stands and who did what when."""

    id: int
    organisation: str = Field(description="The member's code.")
    year: int
    version: int
    status: str = Field(description="`draft`, `submitted`, `accepted`, `returned` or `superseded`.")
    status_label: str
    built_at: datetime
    submitted_at: datetime | None
    reviewed_at: datetime | None
    checksum: str = Field(description="SHA-256 of what leaves (tables, terms, narrative).")


class EventOut(Schema):
    kind: str
    label: str
    at: datetime
    actor: str
    comment: str


class CellOut(Schema):
    categories: list[str]
    status: str = Field(description="`released`, `rounded`, `zero`, `suppressed` or `missing`.")
    value: int | None = Field(description="Null when suppressed or missing.")


class DimensionOut(Schema):
    name: str
    categories: list[str]
    additive: bool


class TableOut(Schema):
    code: str
    title: str
    population: str
    dimensions: list[DimensionOut]
    cells: list[CellOut]


class SubmissionDetail(SubmissionOut):
    """A submission with its released tables, its warnings and its history."""

    rule: dict[str, Any] = Field(description="The disclosure-control rule applied.")
    warnings: list[str]
    events: list[EventOut]
    tables: list[TableOut]


class BuildIn(Schema):
    year: int = Field(ge=1900, le=2100, description="One of the years the build page offers.")


class ReviewIn(Schema):
    decision: Literal["accept", "return"]
    comment: str = Field("", max_length=4000, description="Required to return.")


def _out(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "organisation": submission.organisation.code,
        "year": submission.year,
        "version": submission.version,
        "status": submission.status,
        "status_label": submission.get_status_display(),
        "built_at": submission.built_at,
        "submitted_at": submission.submitted_at,
        "reviewed_at": submission.reviewed_at,
        "checksum": submission.checksum,
    }


def _tables(submission: Submission) -> list[dict[str, Any]]:
    order = {t.code: i for i, t in enumerate(catalogue.TABLES)}
    tables = released_tables(submission.released)
    out = []
    for code, table in sorted(tables.items(), key=lambda item: order.get(item[0], 999)):
        spec = next((t for t in catalogue.TABLES if t.code == code), None)
        public = table.to_public_dict()
        out.append(
            {
                "code": code,
                "title": str(spec.title) if spec is not None else code,
                "population": public["population"],
                "dimensions": public["dimensions"],
                "cells": public["cells"],
            }
        )
    return out


def _detail(submission: Submission) -> dict[str, Any]:
    return {
        **_out(submission),
        "rule": submission.released.get("rule", {}),
        "warnings": [str(warning_text(w)) for w in submission.warnings],
        "events": [
            {
                "kind": event.kind,
                "label": event.get_kind_display(),
                "at": event.at,
                "actor": event.actor_name,
                "comment": event.comment,
            }
            for event in submission.events.all()
        ],
        "tables": _tables(submission),
    }


def _exchange_user(request: HttpRequest) -> User:
    """The caller if their token has the exchange scope and their role takes part in it."""
    user = require(request, TokenScope.EXCHANGE).user
    if user is None or not (can_work_with_cases(user) or is_analyst(user)):
        raise ApiError(403, _("Your role does not allow this."))
    return user


def _member_officer(request: HttpRequest) -> User:
    """The caller if they build and submit their organisation's submissions."""
    user = _exchange_user(request)
    if not can_manage_data(user):
        raise PermissionDenied
    return user


def _refused(exc: services.SubmissionError) -> ApiError:
    return ApiError(409, str(exc), kind="exchange-state")


@router.get(
    "/exchange/submissions",
    response={200: list[SubmissionOut], **ERRORS},
    url_name="submissions",
    summary="Submissions",
    description=(
        "Members: every version of their organisation's submissions, drafts included. "
        "Analysts: every member's submitted, accepted and returned versions. Newest first."
    ),
)
def submissions(
    request: HttpRequest, year: int | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    user = _exchange_user(request)
    found = Submission.objects.visible_to(user).select_related("organisation")
    if year is not None:
        found = found.filter(year=year)
    if status:
        found = found.filter(status=status)
    return [_out(s) for s in found.order_by("-year", "-version", "-pk")[:500]]


@router.post(
    "/exchange/submissions",
    response={201: SubmissionDetail, 409: Problem, **ERRORS},
    url_name="submission_build",
    summary="Build a draft",
    description=(
        "Build (or rebuild) the draft of a year from the records as they are now, with the "
        "agreement's disclosure control. Data officers and organisation administrators."
    ),
)
def build(request: HttpRequest, payload: BuildIn) -> Status[dict[str, Any]]:
    user = _member_officer(request)
    allowed = drafts.year_choices()
    if payload.year not in allowed:
        raise invalid_field("year", payload.year, ", ".join(str(y) for y in allowed))
    try:
        submission = drafts.build_draft(user, payload.year)
    except services.SubmissionError as exc:
        raise _refused(exc) from None
    services.record_view(user, submission)
    return Status(201, _detail(submission))


@router.get(
    "/exchange/submissions/{submission_id}",
    response={200: SubmissionDetail, **ERRORS},
    url_name="submission",
    summary="A submission and its tables",
)
def submission(request: HttpRequest, submission_id: SubmissionId) -> dict[str, Any]:
    user = _exchange_user(request)
    found = get_submission_for_user(user, submission_id)
    services.record_view(user, found)
    return _detail(found)


@router.post(
    "/exchange/submissions/{submission_id}/submit",
    response={200: SubmissionOut, 409: Problem, **ERRORS},
    url_name="submission_submit",
    summary="Submit a draft",
    description="Send the draft to the secretariat; from then on it never changes.",
)
def submit(request: HttpRequest, submission_id: SubmissionId) -> dict[str, Any]:
    user = _exchange_user(request)
    found = get_submission_for_user(user, submission_id)
    if found.organisation_id != user.organisation_id or not can_manage_data(user):
        raise PermissionDenied
    try:
        services.submit(user, found)
    except services.SubmissionError as exc:
        raise _refused(exc) from None
    return _out(found)


@router.post(
    "/exchange/submissions/{submission_id}/review",
    response={200: SubmissionOut, 409: Problem, **ERRORS},
    url_name="submission_review",
    summary="Accept or return a submission",
    description="Analysts, for a submitted version. Returning needs a comment.",
)
def review(request: HttpRequest, submission_id: SubmissionId, payload: ReviewIn) -> dict[str, Any]:
    user = _exchange_user(request)
    found = get_submission_for_user(user, submission_id, for_review=True)
    form = ReviewForm({"comment": payload.comment})
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if payload.decision == "accept":
            services.accept(user, found, comment)
        else:
            services.return_submission(user, found, comment)
    except services.SubmissionError as exc:
        raise _refused(exc) from None
    return _out(found)


SIGNED_FILE = {
    "200": {
        "description": (
            "The signed submission file (JSON with an Ed25519 signature), as an attachment."
        ),
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.get(
    "/exchange/submissions/{submission_id}/signed-file",
    response=ERRORS,
    url_name="submission_signed_file",
    summary="The signed file of a submission",
    description=(
        "For a member running its own instance: the signed file of a submitted (or reviewed) "
        "version of its organisation, to send to the secretariat. Data officers and "
        "organisation administrators; each export is audited and enters the history."
    ),
    openapi_extra={"responses": SIGNED_FILE},
)
def signed_file(request: HttpRequest, submission_id: SubmissionId) -> HttpResponse:
    user = _exchange_user(request)
    found = get_submission_for_user(user, submission_id)
    if found.organisation_id != user.organisation_id or not can_manage_data(user):
        raise PermissionDenied
    if found.status == SubmissionStatus.DRAFT:
        raise Http404
    content = files.export_signed(user, found)
    name = f"{found.organisation.code}-{found.year}-v{found.version}.signed.json"
    response = HttpResponse(content, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post(
    "/exchange/signed-files",
    response={201: SubmissionOut, **ERRORS},
    url_name="signed_file_import",
    summary="Import a member's signed file",
    description=(
        "Analysts: a member's signed submission file (`multipart/form-data`, field `file`). "
        "It is checked completely (registered key, signature, standard and catalogue) and "
        "stored as a submitted version awaiting review, as on the import page; a file that "
        "fails a check is refused with the reason (422) and nothing is stored."
    ),
)
def import_signed_file(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    user = _exchange_user(request)
    if not is_analyst(user):
        raise PermissionDenied
    form = ImportForm(files=MultiValueDict({"file": [file]}))
    if not form.is_valid():
        raise invalid_field("file", file.name or "", " ".join(str(e) for e in form.errors["file"]))
    try:
        submission = files.import_signed(user, file.read())
    except files.ImportRejected as exc:
        raise invalid_field("file", file.name or "", str(exc)) from None
    return Status(201, _out(submission))
