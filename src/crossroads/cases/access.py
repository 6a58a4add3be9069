"""The permission-checked fetches of case records and import jobs, used by every view and API.

There is exactly one way to obtain a single record on behalf of a user, so
that isolation between organisations is decided in one place.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crossroads.accounts.permissions import AnyUser, can_manage_data, can_work_with_cases
from crossroads.cases.models import Case, ImportJob


def get_case_for_user(user: AnyUser, case_id: int | str, *, delete: bool = False) -> Case:
    """Return the record ``case_id`` if ``user`` may work with it, else raise Http404.

    Another organisation's record, an analyst, an outsider and a missing id all
    get the same 404, so the response never reveals that a record exists.
    ``delete=True`` additionally requires a data-management role (403 otherwise).
    """
    if not can_work_with_cases(user):
        raise Http404
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise Http404 from None
    case = Case.objects.select_related("organisation").filter(pk=pk).first()
    if case is None:
        raise Http404
    if case.organisation_id != user.organisation_id:
        raise Http404
    if delete and not can_manage_data(user):
        raise PermissionDenied
    return case


def get_import_job_for_user(user: AnyUser, job_id: int | str) -> ImportJob:
    """Return the import job ``job_id`` if ``user`` may see it, else raise Http404 (or 403).

    Like records: another organisation's job, an analyst, an outsider and a
    missing id all get the same 404. A caseworker of the owning organisation
    gets 403: imports belong to data officers and organisation administrators.
    """
    if not can_work_with_cases(user):
        raise Http404
    try:
        pk = int(job_id)
    except (TypeError, ValueError):
        raise Http404 from None
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    if job.organisation_id != user.organisation_id:
        raise Http404
    if not can_manage_data(user):
        raise PermissionDenied
    return job
