"""Hidden-victim estimates (analysts): the lists that can be linked, estimates, starting one.

The estimation pages' rules, forms and services: only the secretariat's
analysts (403 on lists and creation, 404 on one estimate, as the pages);
an estimate is specified through the page's forms
(:class:`crossroads.estimation.forms.EstimateForm`), its lists linked and
its fit started as a task by :func:`crossroads.estimation.services.request_estimate`,
which audits it; each read of an estimate is audited as the page's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.params import P, PathEx, QueryEx
from pydantic import Field

from crossroads.accounts.models import TokenScope, User
from crossroads.accounts.permissions import is_analyst
from crossroads.api.auth import signed_in, user_with
from crossroads.api.problems import invalid, invalid_field
from crossroads.api.runs import TaskState, task_state
from crossroads.api.schemas import ERRORS
from crossroads.estimation import services
from crossroads.estimation.access import get_estimate_for_analyst
from crossroads.estimation.forms import EstimateForm, ScopeForm, UploadForm
from crossroads.estimation.models import Estimate
from crossroads.estimation.sources import available_sources, countries_and_years
from crossroads.tasks import reaping

router = Router(tags=["estimates"], auth=signed_in)
EstimateId = PathEx[int, P(ge=1, le=2**62)]


class SourceOut(Schema):
    key: str = Field(description="What `sources` of a new estimate names, e.g. `member:12`.")
    kind: str = Field(description="`member` or `upload`.")
    label: str
    name: str
    people: int
    allowed: bool = Field(description="False when the member's agreement shares no tokens.")


class EstimateOut(Schema):
    id: int
    country: str
    year: int
    status: str = Field(description="`queued`, `running`, `done` or `failed`.")
    status_label: str
    method: str
    population_size: float | None = Field(description="The estimated number of persons.")
    lower: float | None
    upper: float | None
    created_at: datetime
    finished_at: datetime | None
    published: bool


class EstimateDetail(EstimateOut):
    """An estimate with everything needed to reproduce it, and its task while it runs."""

    note: str
    error: str
    sources: list[dict[str, Any]] = Field(description="The lists linked (no token).")
    specification: dict[str, Any]
    linkage: dict[str, Any] = Field(description="What each linkage level did.")
    comparison: list[dict[str, Any]] = Field(description="The other methods' estimates.")
    repeats: int | None
    task: TaskState | None


class EstimateIn(Schema):
    """A new estimate: the page's form, field for field."""

    country: str = Field(max_length=3, description="ISO 3166-1 alpha-3.")
    year: int = Field(ge=1900, le=2100)
    sources: list[str] = Field(max_length=20, description="Two or more keys from `/sources`.")
    method: str = Field("stepwise", max_length=40)
    pthresh: float = Field(0.02, ge=0, le=1)
    n_boot: int = Field(1000, ge=0, le=10000)
    max_order: Literal[2, 3] = 2
    seed: int = Field(1234, ge=0, le=2**31 - 1)
    confidence: Literal["0.9", "0.95", "0.99"] = "0.95"
    note: str = Field("", max_length=2000)


def _analyst(request: HttpRequest) -> User:
    user = user_with(request, TokenScope.ANALYSIS)
    if not is_analyst(user):
        raise PermissionDenied
    return user


def _out(estimate: Estimate) -> dict[str, Any]:
    return {
        "id": estimate.pk,
        "country": estimate.country,
        "year": estimate.year,
        "status": estimate.status,
        "status_label": estimate.get_status_display(),
        "method": str(estimate.specification.get("method", "")),
        "population_size": estimate.population_size,
        "lower": estimate.lower,
        "upper": estimate.upper,
        "created_at": estimate.created_at,
        "finished_at": estimate.finished_at,
        "published": estimate.is_published,
    }


def _detail(estimate: Estimate) -> dict[str, Any]:
    return {
        **_out(estimate),
        "note": estimate.note,
        "error": estimate.error,
        "sources": estimate.sources,
        "specification": estimate.specification,
        "linkage": estimate.linkage,
        "comparison": estimate.comparison,
        "repeats": estimate.repeats_id,
        "task": task_state(estimate.run if not estimate.is_finished else None),
    }


def _form_errors(form: Any, payload: EstimateIn) -> list[dict[str, Any]]:
    sent = payload.model_dump()
    return [
        {
            "field": "" if name == "__all__" else name,
            "label": str(form.fields[name].label) if name in form.fields else "",
            "value": sent.get(name),
            "allowed": " ".join(str(m) for m in messages),
        }
        for name, messages in form.errors.items()
    ]


@router.get(
    "/estimates/sources",
    response={200: list[SourceOut], **ERRORS},
    url_name="estimate_sources",
    summary="Lists for an estimate",
    description="Every list of a country and year: its members, then uploaded token files.",
)
def sources(
    request: HttpRequest,
    country: QueryEx[str, P(max_length=3)],
    year: QueryEx[int, P(ge=1900, le=2100)],
) -> list[dict[str, Any]]:
    _analyst(request)
    return [
        {
            "key": s.key,
            "kind": s.kind,
            "label": s.label,
            "name": s.name,
            "people": s.people,
            "allowed": s.allowed,
        }
        for s in available_sources(country.upper(), year)
    ]


@router.get(
    "/estimates",
    response={200: list[EstimateOut], **ERRORS},
    url_name="estimates",
    summary="Estimates",
    description="The 200 latest estimates, newest first.",
)
def estimates(request: HttpRequest) -> list[dict[str, Any]]:
    _analyst(request)
    reaping.reap()
    found = Estimate.objects.select_related("created_by").defer("result", "overlap")[:200]
    return [_out(estimate) for estimate in found]


class UploadOut(Schema):
    """An uploaded token file: the list it stands for, never its keys."""

    id: int
    key: str = Field(description="The list's key for an estimate's `sources` (`upload:<id>`).")
    label: str
    holder: str
    country: str
    year: int
    people: int
    uploaded_at: datetime


@router.post(
    "/estimates/uploads",
    response={201: UploadOut, **ERRORS},
    url_name="estimate_upload",
    summary="Upload a token file",
    description=(
        "An outside list's token file made by `crossroads tokenize` (it holds no name), as "
        "on the upload page: `multipart/form-data` with `file`, `holder` (who keeps the "
        "list), `country`, `year` and, optionally, `label`. The file is checked completely "
        "and stored, or refused with the reason (422). Analysts; each upload is audited."
    ),
)
def upload(
    request: HttpRequest,
    file: File[UploadedFile],
    holder: Form[str],
    country: Form[str],
    year: Form[int],
    label: Form[str] = "",
) -> Status[dict[str, Any]]:
    user = _analyst(request)
    form = UploadForm(
        {"holder": holder, "country": country.upper(), "year": year, "label": label},
        MultiValueDict({"file": [file]}),
    )
    if not form.is_valid():
        raise invalid(
            [
                {
                    "field": name,
                    "label": str(form.fields[name].label) if name in form.fields else "",
                    "value": None if name == "file" else form.data.get(name),
                    "allowed": " ".join(str(m) for m in messages),
                }
                for name, messages in form.errors.items()
            ]
        )
    try:
        stored = services.upload_from_form(user, form.cleaned_data)
    except services.Refused as exc:
        raise invalid_field("file", file.name or "", str(exc)) from None
    return Status(
        201,
        {
            "id": stored.pk,
            "key": f"upload:{stored.pk}",
            "label": stored.label,
            "holder": stored.holder,
            "country": stored.country,
            "year": stored.year,
            "people": stored.people,
            "uploaded_at": stored.uploaded_at,
        },
    )


@router.get(
    "/estimates/{estimate_id}",
    response={200: EstimateDetail, **ERRORS},
    url_name="estimate",
    summary="An estimate",
)
def estimate(request: HttpRequest, estimate_id: EstimateId) -> dict[str, Any]:
    user = user_with(request, TokenScope.ANALYSIS)
    reaping.reap()
    found = get_estimate_for_analyst(user, estimate_id)
    services.record_estimate_view(user, found)
    return _detail(found)


@router.post(
    "/estimates",
    response={202: EstimateDetail, **ERRORS},
    url_name="estimate_create",
    summary="Start an estimate",
    description=(
        "Link the chosen lists and start the model fit as a task (the estimate page's form, "
        "field for field). Follow `Location` until `status` is `done` or `failed`."
    ),
)
def create(request: HttpRequest, response: HttpResponse, payload: EstimateIn) -> Status[Any]:
    user = _analyst(request)
    countries, years = countries_and_years()
    scope = ScopeForm(
        {"country": payload.country.upper(), "year": str(payload.year)},
        countries=countries,
        years=years,
    )
    if not scope.is_valid():
        raise invalid(_form_errors(scope, payload))
    country, year = scope.cleaned_data["country"], scope.cleaned_data["year"]
    lists = available_sources(country, year)
    form = EstimateForm(
        {
            "sources": payload.sources,
            "method": payload.method,
            "pthresh": str(payload.pthresh),
            "n_boot": str(payload.n_boot),
            "max_order": str(payload.max_order),
            "seed": str(payload.seed),
            "confidence": payload.confidence,
            "note": payload.note,
        },
        sources=lists,
    )
    if not form.is_valid():
        raise invalid(_form_errors(form, payload))
    try:
        started = services.request_from_form(user, country, year, form.cleaned_data)
    except services.Refused as exc:
        raise invalid_field("sources", payload.sources, str(exc)) from None
    started.refresh_from_db()
    response["Location"] = f"{request.path.rstrip('/')}/{started.pk}"
    return Status(202, _detail(started))
