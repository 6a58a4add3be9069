"""Search, filters and sorting of the case list, from the query string.

Any field of the standard can be filtered: ``?f.gender=female`` or
``?f.exploitation_forms=labour``. A parameter given several times matches
records having any of the values (``?f.gender=male&f.gender=unknown``); a
multi-valued field matches records that include the code. The value
:data:`NOT_RECORDED` matches records where the field is empty. Filters on
fields kept in indexed columns (year, case status, trafficking status,
consent) use those columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from crossroads.cases.models import CaseQuerySet
from crossroads.cases.services import facet
from crossroads.codebook.definitions import FieldDef, FieldType, Standard
from crossroads.codebook.display import display

NOT_RECORDED = "__none__"
COUNT_CAP = 10_000
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
    filtered: bool = False


def _value_q(field_def: FieldDef, raw: str) -> Q | None:
    """The condition that the field holds ``raw`` (a code, a number, or not recorded)."""
    code = field_def.code
    column = COLUMN_FILTERS.get(code)
    if raw == NOT_RECORDED:
        if column == "year":
            return None  # the year is required: never empty
        if column:
            return Q(**{column: ""})
        return ~Q(facets__contains=f"|{code}=")
    value: Any = raw
    if field_def.type is FieldType.INTEGER:
        if not raw.lstrip("-").isdigit():
            return None
        value = int(raw)
    if column:
        return Q(**{column: value})
    if connection.vendor == "postgresql":
        # Containment (@>) is answered by the GIN index on the document (migration 0004).
        return Q(data__contains={code: [value] if field_def.type.is_multiple else value})
    if not field_def.type.is_coded:
        return Q(**{f"data__{code}": value})
    # Elsewhere a text match on the record's coded answers: no JSON to parse per record.
    return Q(facets__contains=facet(code, raw))


def _code_prefix(query: str) -> Q:
    """Client codes starting with ``query``, ignoring the case of ASCII letters.

    SQLite's LIKE cannot use the (organisation, client_code) index, so the
    prefix is searched as index ranges: as typed, in upper and in lower case.
    """
    if connection.vendor != "sqlite":
        return Q(client_code__istartswith=query)
    condition = Q()
    for variant in dict.fromkeys((query, query.upper(), query.lower())):
        condition |= Q(client_code__gte=variant, client_code__lt=variant + "\U0010ffff")
    return condition


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
        queryset = queryset.filter(_code_prefix(query))
        chip("q", _("Client code starts with “%(q)s”") % {"q": query})
    year = params.get("year", "")
    if year.isdigit():
        queryset = queryset.filter(year=int(year))
        chip("year", _("Year %(year)s") % {"year": year})
    completeness = params.get("completeness")
    if completeness == "incomplete":
        queryset = queryset.filter(missing_count__gt=0)
        chip("completeness", _("Incomplete"))
    elif completeness == "complete":
        queryset = queryset.filter(missing_count=0)
        chip("completeness", _("Complete"))
    for param in params:
        if not param.startswith("f.") or not standard.has_field(param[2:]):
            continue
        field_def = standard.field(param[2:])
        values = [v for v in dict.fromkeys(params.getlist(param)) if v]
        conditions = [(v, q) for v in values if (q := _value_q(field_def, v)) is not None]
        if not conditions:
            continue
        combined = Q()
        for _value, condition in conditions:
            combined |= condition
        queryset = queryset.filter(combined)
        shown = [
            _("not recorded")
            if v == NOT_RECORDED
            else (display(standard, field_def, v, language) or v)
            for v, _q in conditions
        ]
        joiner = _(" or ")
        chip(param, f"{field_def.label.get(language)}: {joiner.join(shown)}")
    sort = params.get("sort", "updated")
    if sort not in SORTS:
        sort = "updated"
    return CaseFilter(queryset.order_by(*SORTS[sort]), active, sort, query, filtered=bool(active))


def filterable_fields(
    standard: Standard, language: str, params: QueryDict | None = None
) -> list[dict[str, Any]]:
    """Fields offered in the filter panel, with their options and the values chosen now."""
    from crossroads.codebook.display import options

    result = []
    for field_def in standard.fields:
        if not field_def.type.is_coded:
            continue
        param = f"f.{field_def.code}"
        chosen = params.getlist(param) if params is not None else []
        choices = [*options(standard, field_def, language), (NOT_RECORDED, _("(not recorded)"))]
        result.append(
            {
                "code": field_def.code,
                "param": param,
                "label": field_def.label.get(language),
                "options": choices,
                "chosen": chosen,
                "long": len(choices) > 12,
            }
        )
    return result


def count_matches(records: CaseQuerySet, *, capped: bool) -> tuple[int, bool]:
    """How many records match, and whether more than :data:`COUNT_CAP` do (capped counts
    stop there; see :class:`ListPaginator`)."""
    if not capped:
        return records.count(), False
    counted = records.order_by()[: COUNT_CAP + 1].count()
    return min(counted, COUNT_CAP), counted > COUNT_CAP


class ListPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator whose count is capped for filtered lists.

    Counting every match of a filter on the record document means reading
    every record of the organisation; past :data:`COUNT_CAP` matches the
    exact figure helps nobody choose a page, so the count stops there and the
    page says "more than 10,000". Unfiltered lists count exactly (an index
    answers).
    """

    def __init__(self, object_list: Any, per_page: int, *, capped: bool) -> None:
        super().__init__(object_list, per_page)
        self.capped = capped
        self.more = False

    def page(self, number: Any) -> Any:
        """One page, read in two steps so a deep page stays cheap.

        The page's ids come first from the sort order's index alone (skipping
        50,000 entries of an index is fast; skipping 50,000 records is not),
        then the page's 50 records are read by id.
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        records: CaseQuerySet = self.object_list  # type: ignore[assignment]
        ids = list(records.values_list("pk", flat=True)[bottom:top])
        by_id = {case.pk: case for case in records.filter(pk__in=ids)}
        return Page([by_id[pk] for pk in ids if pk in by_id], number, self)

    @cached_property
    def count(self) -> int:
        records: CaseQuerySet = self.object_list  # type: ignore[assignment]
        count, self.more = count_matches(records, capped=self.capped)
        return count
