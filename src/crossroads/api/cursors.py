"""Cursor pagination of the record list: each page continues after the last record seen.

A cursor holds the sort order and the sort columns' values of the last record
of a page, signed so it cannot be forged or edited. The next page is read by
seeking to those values in the sort order's index (the first column as a
range, the rest as ties), so page 2,000 costs what page 1 costs, where an
offset would skip every earlier record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Q

from crossroads.cases.filters import SORTS
from crossroads.cases.models import Case, CaseQuerySet

SALT = "crossroads.api.cursor"


class BadCursor(ValueError):
    """A cursor that was not made by this server, or for another sort order."""


def _columns(sort: str) -> list[tuple[str, bool]]:
    """The sort order's columns, each with whether it descends."""
    return [(term.lstrip("-"), term.startswith("-")) for term in SORTS[sort]]


def _encode(value: Any) -> Any:
    return {"t": value.isoformat()} if isinstance(value, datetime) else value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("t"), str):
        try:
            return datetime.fromisoformat(value["t"])
        except ValueError:
            raise BadCursor from None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise BadCursor


def make_cursor(sort: str, last: Case) -> str:
    """The cursor of the page after ``last`` in the order ``sort``."""
    values = [_encode(getattr(last, column)) for column, _desc in _columns(sort)]
    return signing.dumps({"s": sort, "v": values}, salt=SALT, compress=True)


def after(queryset: CaseQuerySet, sort: str, cursor: str) -> CaseQuerySet:
    """``queryset`` (sorted by ``sort``) from the record after the cursor's on."""
    try:
        payload = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        raise BadCursor from None
    if not isinstance(payload, dict) or payload.get("s") != sort:
        raise BadCursor
    columns = _columns(sort)
    raw = payload.get("v")
    if not isinstance(raw, list) or len(raw) != len(columns):
        raise BadCursor
    values = [_decode(v) for v in raw]
    # (a > x) or (a = x and b > y) or …, with each column's own direction; the first
    # column also as a plain range, so the database seeks in the index instead of scanning.
    condition = Q()
    for i, (column, descending) in enumerate(columns):
        tie = {c: v for (c, _d), v in zip(columns[:i], values[:i], strict=True)}
        step = {f"{column}__{'lt' if descending else 'gt'}": values[i]}
        condition |= Q(**tie, **step)
    first, first_descending = columns[0]
    seek = {f"{first}__{'lte' if first_descending else 'gte'}": values[0]}
    return queryset.filter(Q(**seek) & condition)
