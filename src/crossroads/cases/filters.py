"""Search, filters and sorting of the case list, from the query string.

Any field of the standard can be filtered: ``?f.gender=female`` or
``?f.exploitation_forms=labour`` (a multi-valued field matches records that
include the code). Filters on fields kept in indexed columns (year, case
status, trafficking status, completeness) use those columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models.fields.json import KT
from django.http import QueryDict
from django.utils.translation import gettext as _

from crossroads.cases.models import CaseQuerySet
from crossroads.codebook.definitions import FieldType, Standard
from crossroads.codebook.display import display

SORTS = {
    "updated": ("-updated_at", "-id"),
    "client_code": ("client_code",),
    "-client_code": ("-client_code",),
    "year": ("year", "client_code"),
    "-year": ("-year", "client_code"),
    "completeness": ("completeness", "client_code"),
}
COLUMN_FILTERS = {
    "case_status": "status",
    "trafficking_status": "trafficking_status",
    "year_of_registration": "year",
    "consent_data_use": "consent",
}


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force, shown as a removable chip."""

    param: str
    label: str
    remove_query: str


@dataclass
class CaseFilter:
    """What the list shows: the filtered queryset and a description of the filters."""

    queryset: CaseQuerySet
    active: list[ActiveFilter]
    sort: str
    query: str


def apply_filters(
    queryset: CaseQuerySet, params: QueryDict, standard: Standard, language: str
) -> CaseFilter:
    """Filter and sort ``queryset`` by the query string; unknown parameters are ignored."""
    active: list[ActiveFilter] = []

    def chip(param: str, label: str) -> None:
        remaining = params.copy()
        remaining.pop(param, None)
        remaining.pop("page", None)
        active.append(ActiveFilter(param, label, remaining.urlencode()))

    query = params.get("q", "").strip()
    if query:
        queryset = queryset.filter(client_code__istartswith=query)
        chip("q", _("Client code starts with “%(q)s”") % {"q": query})
    year = params.get("year", "")
    if year.isdigit():
        queryset = queryset.filter(year=int(year))
        chip("year", _("Year %(year)s") % {"year": year})
    completeness = params.get("completeness")
    if completeness == "incomplete":
        queryset = queryset.filter(missing_count__gt=0)
        chip("completeness", _("Missing required information"))
    elif completeness == "complete":
        queryset = queryset.filter(missing_count=0)
        chip("completeness", _("Complete"))
    for param in params:
        if not param.startswith("f."):
            continue
        code, raw = param[2:], params.get(param, "")
        if not raw or not standard.has_field(code):
            continue
        field_def = standard.field(code)
        value: Any = raw
        if field_def.type is FieldType.INTEGER:
            if not raw.lstrip("-").isdigit():
                continue
            value = int(raw)
        if code in COLUMN_FILTERS:
            queryset = queryset.filter(**{COLUMN_FILTERS[code]: value})
        elif field_def.type.is_multiple:
            # The JSON text of a list contains the quoted code; quotes stop
            # "labour" from matching "child_labour".
            queryset = queryset.annotate(**{f"_t_{code}": KT(f"data__{code}")}).filter(
                **{f"_t_{code}__contains": f'"{raw}"'}
            )
        else:
            queryset = queryset.filter(**{f"data__{code}": value})
        shown = display(standard, field_def, value, language) or raw
        chip(param, f"{field_def.label.get(language)}: {shown}")
    sort = params.get("sort", "updated")
    if sort not in SORTS:
        sort = "updated"
    return CaseFilter(queryset.order_by(*SORTS[sort]), active, sort, query)


def filterable_fields(standard: Standard, language: str) -> list[dict[str, Any]]:
    """Fields offered in the filter panel, with their options."""
    from crossroads.codebook.display import options

    result = []
    for field_def in standard.fields:
        if not field_def.type.is_coded:
            continue
        result.append(
            {
                "code": field_def.code,
                "param": f"f.{field_def.code}",
                "label": field_def.label.get(language),
                "options": options(standard, field_def, language),
            }
        )
    return result
