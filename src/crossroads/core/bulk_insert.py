"""Fast inserts of many model instances, for imports and their audit entries.

Django's ``bulk_create`` compiles one SQL statement per batch and prepares
every value through the query compiler and each field's full preparation
chain; for 100,000 records, their revisions and their audit entries that is
most of a minute on two cores. :func:`insert_many` sends one prepared
``INSERT`` through the driver's ``executemany`` instead. Values are prepared
by the database backend's own adapters (JSON, date-times) or, for any other
field type, by the field itself (``get_db_prep_save``), so what is stored is
exactly what Django would store. It sets no primary keys on the instances:
callers that need them read them back, or set them first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

_PLAIN = (
    models.CharField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _remember_last(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` with a one-value memory: the rows of one import share one timestamp."""
    last: list[Any] = [object(), None]

    def remembered(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return remembered


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """How to turn an attribute value into a driver parameter, for one field."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: None if value is None else ops.adapt_json_value(value, encoder)
    if isinstance(field, models.DateTimeField):
        return _remember_last(ops.adapt_datetimefield_value)
    if isinstance(field, _PLAIN):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def insert_many(
    objects: Sequence[models.Model], batch_size: int = 2000, *, with_primary_key: bool = False
) -> None:
    """INSERT ``objects`` (all of one model) in batches; their primary keys are left to
    the database unless ``with_primary_key`` (the caller set them)."""
    if not objects:
        return
    meta = type(objects[0])._meta
    fields = [f for f in meta.concrete_fields if with_primary_key or not f.primary_key]
    plan = [(f.attname, _converter(f)) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column or f.attname) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            cursor.executemany(
                sql,
                [
                    [convert(obj.__dict__[name]) for name, convert in plan]
                    for obj in objects[start : start + batch_size]
                ],
            )
