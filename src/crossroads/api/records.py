"""Case records of the caller's organisation: list, read, create, replace, delete.

Every endpoint goes through what the pages use: the list's filters and
ordering (:func:`crossroads.cases.filters.apply_filters`), the one
permission-checked fetch (:func:`crossroads.cases.access.get_case_for_user`),
the service functions (which validate through the standard and write the
audit entry) and their refusals. Changes need the version read (ETag /
If-Match), so a stale change is refused (412) and changes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params import P, PathEx, QueryEx

from crossroads.accounts.models import TokenScope, User
from crossroads.accounts.permissions import can_work_with_cases
from crossroads.api import cursors
from crossroads.api.auth import require, signed_in
from crossroads.api.problems import ApiError
from crossroads.api.schemas import ERRORS, Problem, RecordIn, RecordOut, RecordPage
from crossroads.cases import services
from crossroads.cases.access import get_case_for_user
from crossroads.cases.filters import SORTS, apply_filters, count_matches
from crossroads.cases.models import Case
from crossroads.codebook.loader import load_standard
from crossroads.codebook.validation import RecordInvalid
from crossroads.stats.linkage import IdentityError

router = Router(tags=["records"], auth=signed_in)
SortName = Literal["updated", "client_code", "-client_code", "year", "-year", "completeness"]
assert set(SortName.__args__) == set(SORTS)  # type: ignore[attr-defined]


def _case_user(request: HttpRequest, scope: TokenScope) -> User:
    """The caller if they may work with records and their token has ``scope``."""
    user = require(request, scope).user
    if user is None or not can_work_with_cases(user):
        raise ApiError(403, _("Only the staff of a member organisation work with records."))
    return user


def etag(case: Case) -> str:
    """The record's entity tag: its id and version."""
    return f'"{case.pk}-{case.version}"'


def _expected_version(request: HttpRequest, case: Case, *, required: bool) -> int:
    """The version the caller based a change on (If-Match); refuse a stale or missing one."""
    sent = request.headers.get("If-Match", "").strip()
    if not sent:
        if required:
            raise ApiError(
                428,
                _("Send the record's ETag in If-Match, so a change never overwrites another."),
                kind="precondition-required",
            )
        return case.version
    if sent != "*" and etag(case) not in [tag.strip() for tag in sent.split(",")]:
        raise ApiError(
            412,
            _("Someone saved this record after you read it. Read it again, then change it."),
            kind="stale",
            current_version=case.version,
        )
    return case.version


def _tokens(payload: RecordIn) -> list[str] | None:
    if payload.identity is None:
        return None
    gender = str(payload.data.get("gender", ""))
    identity = services.identity_of(
        payload.identity.given_names,
        payload.identity.family_names,
        payload.identity.date_of_birth,
        gender,
    )
    return services.tokens_for(identity)


def _saving(payload: RecordIn) -> list[str] | None:
    """The linkage tokens of the identity sent (the identity itself is then dropped)."""
    try:
        return _tokens(payload)
    except (IdentityError, services.NoToken) as exc:
        problems = services.identity_problems(exc)
        raise RecordInvalid([replace(p, path="identity") for p in problems]) from None


@router.get(
    "/records",
    response={200: RecordPage, **ERRORS},
    url_name="records",
    summary="List records",
    description=(
        "The organisation's records, with the record list's search, filters and orders. "
        "Filter on any coded field of the standard with `f.<code>=<value>` (repeat for "
        "several values; `__none__` for not recorded). Follow `next_cursor` for the next page."
    ),
)
def list_records(
    request: HttpRequest,
    q: QueryEx[str, P(max_length=64, description="Client codes starting with this.")] = "",
    year: QueryEx[int | None, P(ge=1900, le=2100)] = None,
    completeness: Literal["complete", "incomplete"] | None = None,
    sort: SortName = "updated",
    cursor: QueryEx[str, P(max_length=2000)] = "",
    limit: QueryEx[int, P(ge=1, le=200)] = 50,
) -> RecordPage:
    user = _case_user(request, TokenScope.READ_RECORDS)
    params = request.GET.copy()
    for name in ("cursor", "limit"):
        params.pop(name, None)
    result = apply_filters(Case.objects.visible_to(user), params, load_standard(), user.language)
    queryset = result.queryset
    count, more = (None, False)
    if not cursor:
        count, more = count_matches(queryset, capped=result.filtered)
    else:
        try:
            queryset = cursors.after(queryset, result.sort, cursor)
        except cursors.BadCursor:
            raise ApiError(
                400, _("This cursor is not one this list gave, or its order changed.")
            ) from None
    ids = list(queryset.values_list("pk", flat=True)[: limit + 1])
    by_id = {case.pk: case for case in Case.objects.filter(pk__in=ids[:limit])}
    page = [by_id[pk] for pk in ids[:limit] if pk in by_id]
    services.record_listing(user, {k: params.getlist(k) for k in params})
    next_cursor = cursors.make_cursor(result.sort, page[-1]) if len(ids) > limit else None
    return RecordPage(
        results=[RecordOut.from_orm(case) for case in page],
        next_cursor=next_cursor,
        count=count,
        count_is_capped=more,
    )


@router.get(
    "/records/{record_id}",
    response={200: RecordOut, **ERRORS},
    url_name="record",
    summary="Read a record",
)
def read_record(
    request: HttpRequest, response: HttpResponse, record_id: PathEx[int, P(ge=1, le=2**62)]
) -> Case:
    user = _case_user(request, TokenScope.READ_RECORDS)
    case = get_case_for_user(user, record_id)
    services.record_view(user, case)
    response["ETag"] = etag(case)
    return case


@router.post(
    "/records",
    response={201: RecordOut, **ERRORS},
    url_name="record_create",
    summary="Create a record",
)
def create_record(request: HttpRequest, response: HttpResponse, payload: RecordIn) -> Status[Case]:
    user = _case_user(request, TokenScope.WRITE_RECORDS)
    case = services.create_case(
        user, payload.client_code, payload.data, tokens=_saving(payload), from_form=False
    )
    response["ETag"] = etag(case)
    response["Location"] = f"{request.path.rstrip('/')}/{case.pk}"
    return Status(201, case)


@router.put(
    "/records/{record_id}",
    response={200: RecordOut, 412: Problem, 428: Problem, **ERRORS},
    url_name="record_update",
    summary="Replace a record's values",
    description=(
        "Send every value the record should hold (values not sent are emptied) and the "
        "ETag read in If-Match. A stale ETag gets 412 and changes nothing. Send `identity` "
        "only to replace the linkage tokens."
    ),
)
def update_record(
    request: HttpRequest,
    response: HttpResponse,
    payload: RecordIn,
    record_id: PathEx[int, P(ge=1, le=2**62)],
) -> Case:
    user = _case_user(request, TokenScope.WRITE_RECORDS)
    case = get_case_for_user(user, record_id)
    expected = _expected_version(request, case, required=True)
    try:
        case = services.update_case(
            user,
            case,
            payload.data,
            expected_version=expected,
            client_code=payload.client_code,
            tokens=_saving(payload),
            from_form=False,
        )
    except services.ConcurrentEdit as exc:
        raise ApiError(412, str(exc), kind="stale", current_version=exc.case.version) from None
    response["ETag"] = etag(case)
    return case


@router.delete(
    "/records/{record_id}",
    response={204: None, 412: Problem, **ERRORS},
    url_name="record_delete",
    summary="Erase a record",
    description="Data officers and organisation administrators. If-Match is checked if sent.",
)
def delete_record(request: HttpRequest, record_id: PathEx[int, P(ge=1, le=2**62)]) -> Status[None]:
    user = _case_user(request, TokenScope.WRITE_RECORDS)
    case = get_case_for_user(user, record_id, delete=True)
    _expected_version(request, case, required=False)
    services.delete_case(user, case)
    return Status(204, None)
