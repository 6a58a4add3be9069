"""Reading one organisation's records of one year, fast, for counting.

Building a submission must take under two seconds for an organisation with
100,000 records, and most of that time would go into decoding the records'
JSON documents. So (optimisations, in order of effect, measured on 100,000
records):

1. Records left out (consent, not trafficked) are decided on the indexed
   consent and status columns; the database extracts nothing from their
   documents, and they are never decoded.
2. The database extracts each field the tables need: scalars arrive as
   plain values, multi-valued fields and each kind of events the rights
   tables read as short JSON texts, decoded (orjson) once per distinct
   text, since a few hundred combinations cover thousands of persons.
   Other kinds of events are never extracted.
3. SQLite extracts the scalar fields in one call (``json_extract`` with
   several paths, one short JSON array per record, decoded with orjson)
   and each other field with ``->`` (SQLite keeps the parsed document
   between the calls on one row). Decoding every field per record made
   most of the cohort's objects, and making and freeing them took more
   time than the extra calls cost (1.9 s against 2.2 s for a build).
4. PostgreSQL streams the rows, so that the server extracts the next rows
   while this process decodes a batch.
5. The cyclic garbage collector is paused while the cohort is in memory:
   the decoded records are millions of small objects, none of them cyclic,
   and each collection pass would walk all of them.

Multi-valued fields end as tuples, each kind of events as a list of dicts
(or None), the age as an integer.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import orjson
from django.db import connection

from crossroads.accounts.models import Organisation
from crossroads.cases.models import Case
from crossroads.codebook.loader import load_standard
from crossroads.codebook.semantics import consent_codes

# Fields of the record document the exchange tables read, in column order.
FIELDS: tuple[str, ...] = (
    "gender",
    "age_band",
    "age_at_identification",
    "trafficking_status",
    "status_decided_by",
    "referred_by",
    "referral_in_country",
    "migration_status",
    "cooperation_status",
    "assistance_conditional_on_cooperation",
    "unaccompanied",
    "guardian_appointed",
    "citizenship",
    "exploitation_forms",
    "labour_sectors",
    "assistance_received",
    "assistance_needed",
    "referral_out_countries",
)
# Kinds of events the rights tables read, each as its own column ``events.<kind>``: the
# other kinds (proceedings against traffickers...) are never extracted or decoded.
EVENT_KINDS: tuple[str, ...] = (
    "identification_decision",
    "reflection_period",
    "residence_permit",
    "report_to_authorities",
    "proceedings_against_person",
    "compensation",
)
COLUMNS: tuple[str, ...] = FIELDS + tuple(f"events.{kind}" for kind in EVENT_KINDS)
BATCH = 5000


@dataclass
class Cohort:
    """The counted persons of one organisation and year, as columns of raw values.

    ``columns[field][i]`` is the value of ``field`` for the i-th counted
    person (None when empty). ``excluded`` counts the records of the year
    left out, by reason code (see the ``exclusion_reason`` dimension).
    """

    organisation_country: str
    year: int
    size: int
    columns: dict[str, list[Any]]
    excluded: Counter[str] = field(default_factory=Counter)
    records: int = 0


def exclusion_reason(consent: str, trafficking_status: str) -> str | None:
    """Why a record is left out of the counts, or None when it is counted."""
    standard = load_standard()
    vocabulary = standard.vocabularies["consent"]
    value = vocabulary.get(consent) if consent else None
    if value is None:
        return "consent_not_recorded"
    if not value.flag("counts_in_statistics"):
        return "consent_not_asked" if consent == "not_asked" else "consent_refused"
    if trafficking_status == "not_victim":
        return "not_a_victim"
    return None


ARRAYS = frozenset(
    {
        "citizenship",
        "exploitation_forms",
        "labour_sectors",
        "assistance_received",
        "assistance_needed",
        "referral_out_countries",
    }
)

# SQLite reads the scalar fields together, then the others: the order of its columns.
SQLITE_ORDER: tuple[str, ...] = tuple(
    sorted(COLUMNS, key=lambda name: name in ARRAYS or name.startswith("events."))
)


def _counted() -> tuple[str, list[str]]:
    """SQL true exactly for the records :func:`exclusion_reason` counts, and its parameters.

    Both columns are NOT NULL, so this is the same decision on the same values.
    """
    codes = sorted(consent_codes("counts_in_statistics"))
    if not codes:
        return "1 = 0", []
    marks = ", ".join(["%s"] * len(codes))
    return f"consent IN ({marks}) AND trafficking_status <> %s", [*codes, "not_victim"]


def _select() -> tuple[str, list[str]]:
    """The columns to read after consent and status, by database, and their parameters.

    Each is NULL for a record left out: the database then skips the JSON work
    for it (on 100,000 records, a tenth or more of them).
    """
    counted, params = _counted()
    if connection.vendor == "postgresql":
        # As text: psycopg would otherwise decode every value with the slower json module.
        fields = [
            f"(data -> '{name}')::text" if name in ARRAYS else f"data ->> '{name}'"
            for name in FIELDS
        ]
        events = [f"(data #> '{{events,{kind}}}')::text" for kind in EVENT_KINDS]
        return (
            ", ".join(f"CASE WHEN {counted} THEN {column} END" for column in fields + events),
            params * len(COLUMNS),
        )
    # Scalars in one json_extract with several paths (one JSON array per record, decoded
    # with orjson); arrays and events each as their own JSON text (SQLite caches the
    # parsed document between the calls on one row), decoded in Python once per
    # distinct text, as for PostgreSQL. Decoding them per record would make most of the
    # cohort's objects, and making and freeing them took a third of the build.
    paths = [f"'$.{name}'" for name in SQLITE_ORDER]
    scalars = len(SQLITE_ORDER) - len(ARRAYS) - len(EVENT_KINDS)
    columns = [
        f"json_extract(data, {', '.join(paths[:scalars])})",
        *(f"data -> {path}" for path in paths[scalars:]),
    ]
    return (
        ", ".join(f"CASE WHEN {counted} THEN {column} END" for column in columns),
        params * len(columns),
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees memory)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_cohort(organisation: Organisation, year: int) -> Cohort:
    """Counted persons of ``organisation`` registered in ``year``, as columns.

    Reads through the indexed ``(organisation, year)`` columns; decides
    exclusions on the indexed consent and status columns first.
    """
    table = Case._meta.db_table
    columns_sql, params = _select()
    sql = (
        f"SELECT consent, trafficking_status, {columns_sql} FROM {table} "  # noqa: S608 - no user input
        "WHERE organisation_id = %s AND year = %s ORDER BY id"
    )
    decided: dict[tuple[str, str], str | None] = {}
    excluded: Counter[str] = Counter()
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    records = size = 0
    with gc_paused():
        for batch in _batches(sql, [*params, organisation.pk, year]):
            rows = []
            for row in batch:
                key = (row[0], row[1])
                if key not in decided:
                    decided[key] = exclusion_reason(row[0], row[1])
                reason = decided[key]
                if reason is not None:
                    excluded[reason] += 1
                    continue
                rows.append(row)
            records += len(batch)
            size += len(rows)
            # Batch by batch: on PostgreSQL this runs while the server extracts the next rows.
            if connection.vendor == "postgresql":
                found = _columns(rows, COLUMNS, ages_as_text=True)
            else:
                found = _columns(_spread(rows), SQLITE_ORDER, ages_as_text=False)
            for name, values in found.items():
                columns[name] += values
    return Cohort(
        organisation_country=organisation.country,
        year=year,
        size=size,
        columns=columns,
        excluded=excluded,
        records=records,
    )


def _batches(sql: str, params: list[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``sql``, ``BATCH`` at a time."""
    if connection.vendor == "postgresql":
        # Streamed (libpq's chunked rows) on psycopg's own cursor: the server sends rows
        # as it extracts them, so it works on the next ones while this process decodes
        # a batch; a plain execute would make this process wait for the whole result.
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            stream = cursor.stream(sql, params, size=BATCH)
            while batch := list(islice(stream, BATCH)):
                yield batch
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(BATCH):
            yield batch


def _spread(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """SQLite: rows with their JSON array of scalars decoded and spread (``SQLITE_ORDER``)."""
    loads = orjson.loads
    return [(row[0], row[1], *loads(row[2]), *row[3:]) for row in rows]


def _columns(
    rows: list[tuple[Any, ...]], names: Sequence[str], *, ages_as_text: bool
) -> dict[str, list[Any]]:
    """Rows of fields ``names`` (after consent and status) as columns; JSON texts decoded."""
    if not rows:
        return {name: [] for name in COLUMNS}
    # zip(*rows) transposes in C, faster than one comprehension per column.
    transposed = list(zip(*rows, strict=True))[2:]
    columns: dict[str, list[Any]] = {}
    for name, values in zip(names, transposed, strict=True):
        if name in ARRAYS:
            columns[name] = _decoded(values, lambda text: tuple(orjson.loads(text) or ()), ())
        elif name.startswith("events."):
            columns[name] = _decoded(values, orjson.loads, None)
        elif name == "age_at_identification" and ages_as_text:
            columns[name] = [int(v) if v not in (None, "") else None for v in values]
        else:
            columns[name] = list(values)
    return columns


def _decoded(texts: Sequence[str | None], decode: Callable[[str], Any], empty: Any) -> list[Any]:
    """Each JSON text decoded, once per distinct text (equal texts share one value)."""
    # A few hundred combinations of answers cover thousands of persons, persons without
    # events of a kind all arrive as NULL, and events without dates (a reflection period
    # never requested) repeat verbatim: one decode serves each of them.
    decoded = {text: empty if text is None else decode(text) for text in set(texts)}
    return list(map(decoded.__getitem__, texts))
