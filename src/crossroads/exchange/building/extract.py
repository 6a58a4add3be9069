"""Reading one organisation's records of one year, fast, for counting.

Building a submission must take under two seconds for an organisation with
100,000 records. So (optimisations, in order of effect, measured on 100,000
records):

1. The answers the tables count are read from each record's counting row
   (``Case.counting_row``, see :mod:`crossroads.cases.counting`), a short
   text written with the record, never from its JSON document: the
   database parses no JSON (that alone took 1.4 s on SQLite), and this
   process splits each row at C speed.
2. A row holds a few segments of related answers. For each segment the
   reader finds its distinct values (a few hundred to a few thousand among
   100,000 persons) and each person's index into them, with dictionary
   operations that run in C; the values are decoded (orjson) once each.
   Classifying then works on the distinct values only, and hands the
   results to every person with one NumPy index.
3. One pass reads every record's consent and status with its row: records
   left out (consent, not trafficked) are counted by reason and their rows
   never split. On SQLite an index holds all three, so the pass reads the
   index only (see migration ``cases 0008``).
4. The cyclic garbage collector is paused while the rows are in memory:
   they are hundreds of thousands of small objects, none of them cyclic,
   and each collection pass would walk all of them.

A record whose counting row was written under another layout (or not at
all) is read from its document instead: slower, never wrong.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
from django.db import connection

from crossroads.accounts.models import Organisation
from crossroads.cases.counting import PREFIX, SEGMENTS, SEPARATOR, row_of
from crossroads.cases.models import Case
from crossroads.codebook.loader import load_standard
from crossroads.codebook.semantics import consent_codes

IntArray = npt.NDArray[np.int64]
BATCH = 5000


@dataclass(frozen=True)
class Segment:
    """One segment of the counting rows: its distinct values and each person's index."""

    fields: tuple[str, ...]
    columns: list[tuple[Any, ...]]
    """Per field (in ``fields`` order), its answer in each distinct value of the segment."""
    index: IntArray
    """For each counted person, the position of its value among the distinct values."""


@dataclass
class Cohort:
    """The counted persons of one organisation and year, as distinct answers.

    ``excluded`` counts the records of the year left out, by reason code
    (see the ``exclusion_reason`` dimension).
    """

    organisation_country: str
    year: int
    size: int
    segments: list[Segment]
    excluded: Counter[str] = field(default_factory=Counter)
    records: int = 0

    def answers(self, *fields: str) -> tuple[IntArray, list[tuple[Any, ...]]]:
        """Each person's index into the distinct answers, and the answers to each of ``fields``.

        ``fields`` must lie in one segment (see ``cases.counting.SEGMENTS``);
        ``answers(a, b)[1]`` is ``[answers to a, answers to b]``, aligned. Empty
        answers are None; lists stay lists, events are lists of dicts. Two
        entries may hold equal answers (they differ in another field of the
        segment): callers classify each entry, then index by person.
        """
        for segment in self.segments:
            if set(fields) <= set(segment.fields):
                return segment.index, [segment.columns[segment.fields.index(f)] for f in fields]
        raise ValueError(f"{', '.join(fields)} are not answers of one segment of the counting row")


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


def _counted() -> tuple[str, list[str]]:
    """SQL true exactly for the records :func:`exclusion_reason` counts, and its parameters.

    Both columns are NOT NULL, so this is the same decision on the same values.
    """
    codes = sorted(consent_codes("counts_in_statistics"))
    if not codes:
        return "1 = 0", []
    marks = ", ".join(["%s"] * len(codes))
    return f"consent IN ({marks}) AND trafficking_status <> %s", [*codes, "not_victim"]


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
    """Counted persons of ``organisation`` registered in ``year``, as distinct answers.

    One pass over the year's records through the ``(organisation, year)``
    columns: each is left out by its consent and status, or counted from its
    counting row; records whose row is stale are then read from their
    documents (none, once migrations ran).
    """
    table = Case._meta.db_table
    # No user input in these texts: the table, the consent condition and placeholders.
    rows = (
        "SELECT consent, trafficking_status, "  # noqa: S608
        "CASE WHEN substr(counting_row, 1, %s) = %s THEN counting_row END "
        f"FROM {table} WHERE organisation_id = %s AND year = %s"
    )
    reasons: dict[tuple[str, str], str | None] = {}
    excluded: Counter[str] = Counter()
    records = stale = 0
    start = len(PREFIX)
    parts: list[list[str]] = []
    with gc_paused():
        with connection.cursor() as cursor:
            # On SQLite this reads one index only (see migration cases 0008).
            cursor.execute(rows, [len(PREFIX), PREFIX, organisation.pk, year])
            while batch := cursor.fetchmany(BATCH):
                records += len(batch)
                for consent, status, row in batch:
                    key = (consent, status)
                    if key not in reasons:
                        reasons[key] = exclusion_reason(consent, status)
                    if (reason := reasons[key]) is not None:
                        excluded[reason] += 1
                    elif row is None:
                        stale += 1
                    else:
                        parts.append(row[start:].split(SEPARATOR))
            if stale:
                counted, params = _counted()
                document = "data::text" if connection.vendor == "postgresql" else "data"
                cursor.execute(
                    f"SELECT {document} FROM {table} WHERE organisation_id = %s "  # noqa: S608
                    f"AND year = %s AND {counted} AND substr(counting_row, 1, %s) <> %s",
                    [organisation.pk, year, *params, len(PREFIX), PREFIX],
                )
                while batch := cursor.fetchmany(BATCH):
                    parts += [_row(data)[start:].split(SEPARATOR) for (data,) in batch]
        segments = _segments(parts)
    return Cohort(
        organisation_country=organisation.country,
        year=year,
        size=len(parts),
        segments=segments,
        excluded=excluded,
        records=records,
    )


def _row(document: str) -> str:
    """The counting row of a record whose stored row is stale, from its document's text."""
    return row_of(orjson.loads(document))


def _segments(parts: list[list[str]]) -> list[Segment]:
    """Split counting rows (one JSON text per segment) as distinct answers and indexes."""
    if not parts:
        return [
            Segment(fields, [() for _ in fields], np.zeros(0, dtype=np.int64))
            for fields in SEGMENTS
        ]
    segments = []
    # zip(*parts) transposes in C; dict.fromkeys finds the distinct texts in first-seen
    # order, and map() looks each person's text up, both in C.
    for fields, texts in zip(SEGMENTS, zip(*parts, strict=True), strict=True):
        distinct = list(dict.fromkeys(texts))
        position = dict(zip(distinct, range(len(distinct)), strict=True))
        index = np.fromiter(map(position.__getitem__, texts), dtype=np.int64, count=len(texts))
        columns = list(zip(*map(orjson.loads, distinct), strict=True))
        segments.append(Segment(fields, columns, index))
    return segments
