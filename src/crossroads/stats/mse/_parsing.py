"""Parsing overlap tables from CSV, pattern mappings and linked records.

Every error names where the problem is (row, column), the value found and
what was expected, so a data officer can fix the file without help.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

import numpy as np
import numpy.typing as npt

MIN_LISTS = 2
#: The table is dense (``2**k - 1`` cells) and so are the designs: twelve lists take about
#: 1.2 GB and two and a half minutes for SparseMSE's default call (stepwise with 1,000
#: bootstrap replicates); each further list doubles both (benchmarks/bench_mse.py).
MAX_LISTS = 12
COUNT_COLUMN = "count"


class OverlapTableError(ValueError):
    """Invalid overlap-table input, with where it is and what was expected.

    ``row`` is the 1-based line number in a CSV file (the header is line 1) or
    the 1-based position of a record; ``column`` is the column or list name.
    """

    def __init__(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        expected: str | None = None,
    ) -> None:
        parts = []
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column {column!r}")
        where = (", ".join(parts) + ": ") if parts else ""
        detail = message
        if value is not None:
            detail += f" (found {value!r}"
            detail += f"; expected {expected})" if expected else ")"
        elif expected is not None:
            detail += f" (expected {expected})"
        super().__init__(where + detail)
        self.row = row
        self.column = column
        self.value = value
        self.expected = expected


def default_list_names(k: int) -> tuple[str, ...]:
    """``("A", "B", ...)``: names for lists given without names."""
    return tuple(chr(ord("A") + j) for j in range(k))


def check_names(names: Sequence[str]) -> tuple[str, ...]:
    cleaned = tuple(str(name).strip() for name in names)
    k = len(cleaned)
    if k < MIN_LISTS or k > MAX_LISTS:
        raise OverlapTableError(
            f"an overlap table needs between {MIN_LISTS} and {MAX_LISTS} lists, got {k}"
        )
    for name in cleaned:
        if not name:
            raise OverlapTableError("list names must not be empty")
        if name.lower() == COUNT_COLUMN:
            raise OverlapTableError(f"{COUNT_COLUMN!r} cannot be the name of a list")
    seen: set[str] = set()
    for name in cleaned:
        if name in seen:
            raise OverlapTableError("each list name must be unique", column=name)
        seen.add(name)
    return cleaned


def parse_count(text: str, *, row: int, column: str) -> int:
    raw = text.strip()
    try:
        value = float(raw)
    except ValueError:
        raise OverlapTableError(
            "the count is not a number",
            row=row,
            column=column,
            value=text,
            expected="a non-negative whole number",
        ) from None
    if not math.isfinite(value) or value != int(value):
        raise OverlapTableError(
            "the count is not a whole number",
            row=row,
            column=column,
            value=text,
            expected="a non-negative whole number",
        )
    if value < 0:
        raise OverlapTableError(
            "the count is negative",
            row=row,
            column=column,
            value=text,
            expected="a non-negative whole number",
        )
    return int(value)


def parse_flag(text: str, *, row: int, column: str) -> int:
    raw = text.strip()
    if raw in ("0", "1"):
        return int(raw)
    if raw in ("0.0", "1.0"):
        return int(float(raw))
    raise OverlapTableError(
        "list membership must be 0 or 1", row=row, column=column, value=text, expected="0 or 1"
    )


def pattern_bits(pattern: int, k: int) -> str:
    """``"101"``: the pattern as 0/1 characters in list order."""
    return "".join("1" if (pattern >> j) & 1 else "0" for j in range(k))


def pattern_from_key(key: Any, names: tuple[str, ...], position: int) -> int:
    k = len(names)
    if isinstance(key, str) and key and set(key) <= {"0", "1"}:
        flags: list[int] = [int(ch) for ch in key]
    elif isinstance(key, str):
        raise OverlapTableError(
            "a pattern string must contain only 0 and 1",
            row=position,
            value=key,
            expected=f"{k} characters of 0 or 1",
        )
    elif isinstance(key, frozenset | set):
        pattern = 0
        for member in key:
            if member not in names:
                raise OverlapTableError(
                    "unknown list name",
                    row=position,
                    value=str(member),
                    expected="one of " + ", ".join(names),
                )
            pattern |= 1 << names.index(member)
        if pattern == 0:
            raise OverlapTableError(
                "a pattern with no list cannot be observed (it is the dark figure)", row=position
            )
        return pattern
    elif isinstance(key, Sequence):
        flags = []
        for j, value in enumerate(key):
            column = names[j] if j < k else str(j)
            flags.append(parse_flag(str(value), row=position, column=column))
    else:
        raise OverlapTableError(
            "unsupported pattern",
            row=position,
            value=repr(key),
            expected="a 0/1 string, a 0/1 sequence or a set of list names",
        )
    if len(flags) != k:
        raise OverlapTableError(
            f"the pattern has {len(flags)} entries but there are {k} lists",
            row=position,
            value=str(key),
        )
    pattern = sum(flag << j for j, flag in enumerate(flags))
    if pattern == 0:
        raise OverlapTableError(
            "a pattern with no list cannot be observed (it is the dark figure)",
            row=position,
            value=str(key),
            expected="at least one 1",
        )
    return pattern


def counts_from_patterns(
    mapping: Mapping[Any, int], lists: Sequence[str] | None
) -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
    """List names and counts from ``{pattern: count}`` (see ``OverlapTable.from_patterns``)."""
    if not mapping:
        raise OverlapTableError("no patterns given")
    keys = list(mapping)
    if lists is None:
        first = keys[0]
        binary = isinstance(first, str) and set(first) <= {"0", "1"}
        if binary or (isinstance(first, Sequence) and not isinstance(first, str)):
            k = len(first)
        else:
            raise OverlapTableError("list names are needed for patterns given as names")
        names = default_list_names(k) if MIN_LISTS <= k <= MAX_LISTS else tuple(["?"] * k)
    else:
        names = tuple(lists)
    names = check_names(names)
    k = len(names)
    counts = np.zeros(2**k - 1, dtype=np.int64)
    seen: dict[int, int] = {}
    for position, (key, value) in enumerate(mapping.items(), start=1):
        pattern = pattern_from_key(key, names, position)
        count = parse_count(str(value), row=position, column=COUNT_COLUMN)
        if pattern in seen:
            raise OverlapTableError(
                f"pattern {pattern_bits(pattern, k)} is given twice "
                f"(also at entry {seen[pattern]})",
                row=position,
            )
        seen[pattern] = position
        counts[pattern - 1] = count
    return names, counts


def counts_from_records(
    records: Iterable[Iterable[str]], lists: Sequence[str]
) -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
    """List names and counts from one record of list names per person."""
    names = check_names(lists)
    index = {name: j for j, name in enumerate(names)}
    counts = np.zeros(2 ** len(names) - 1, dtype=np.int64)
    for position, record in enumerate(records, start=1):
        members = [str(m).strip() for m in record]
        pattern = 0
        for member in members:
            if member not in index:
                raise OverlapTableError(
                    "unknown list name",
                    row=position,
                    value=member,
                    expected="one of " + ", ".join(names),
                )
            pattern |= 1 << index[member]
        if pattern == 0:
            raise OverlapTableError(
                "a record must be on at least one list",
                row=position,
                expected="at least one list name",
            )
        counts[pattern - 1] += 1
    if counts.sum() == 0:
        raise OverlapTableError("no records given")
    return names, counts


PATTERN_COLUMN = "pattern"


def _read_pattern_rows(
    reader: Any, header: list[str], lists: Sequence[str] | None
) -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
    """The two-column form: a ``pattern`` of 0/1 characters (one per list) and a ``count``."""
    lowered = [cell.lower() for cell in header]
    at, count_at = lowered.index(PATTERN_COLUMN), lowered.index(COUNT_COLUMN)
    rows: list[tuple[int, str, str]] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise OverlapTableError(
                f"the row has {len(row)} fields but the header has 2", row=reader.line_num
            )
        rows.append((reader.line_num, row[at].strip(), row[count_at]))
    if not rows:
        raise OverlapTableError("the CSV file has a header but no rows")
    k = len(lists) if lists is not None else len(rows[0][1])
    names = check_names(lists if lists is not None else default_list_names_or_error(k))
    counts = np.zeros(2**k - 1, dtype=np.int64)
    first_line: dict[int, int] = {}
    for line, text, raw_count in rows:
        if not text or set(text) - {"0", "1"}:
            raise OverlapTableError(
                "a pattern must be written with 0 and 1 only",
                row=line,
                column=header[at],
                value=text,
                expected=f"{k} characters of 0 or 1, one per list",
            )
        if len(text) != k:
            raise OverlapTableError(
                f"the pattern has {len(text)} characters but there are {k} lists (a spreadsheet "
                "may have dropped leading zeros: keep the column as text)",
                row=line,
                column=header[at],
                value=text,
            )
        pattern = sum(int(ch) << j for j, ch in enumerate(text))
        if pattern == 0:
            raise OverlapTableError(
                "a pattern with no list cannot be observed (it is the dark figure)",
                row=line,
                column=header[at],
                value=text,
            )
        if pattern in first_line:
            raise OverlapTableError(
                f"pattern {text} appears twice (first on row {first_line[pattern]})", row=line
            )
        first_line[pattern] = line
        counts[pattern - 1] = parse_count(raw_count, row=line, column=header[count_at])
    return names, counts


def default_list_names_or_error(k: int) -> tuple[str, ...]:
    if not MIN_LISTS <= k <= MAX_LISTS:
        raise OverlapTableError(
            f"an overlap table needs between {MIN_LISTS} and {MAX_LISTS} lists, got {k}"
        )
    return default_list_names(k)


def read_csv(
    handle: IO[str], lists: Sequence[str] | None = None
) -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
    """List names and counts from CSV text (see ``OverlapTable.from_csv``)."""
    reader = csv.reader(handle)
    header: list[str] | None = None
    for header_row in reader:
        if any(cell.strip() for cell in header_row):
            header = [cell.strip() for cell in header_row]
            break
    if header is None:
        raise OverlapTableError("the CSV file is empty")
    lowered = [cell.lower() for cell in header]
    if COUNT_COLUMN not in lowered:
        raise OverlapTableError(
            f"no {COUNT_COLUMN!r} column in the header",
            row=1,
            value=",".join(header),
            expected=f"one column per list and a column named {COUNT_COLUMN!r}",
        )
    if lowered.count(COUNT_COLUMN) > 1:
        raise OverlapTableError(f"the {COUNT_COLUMN!r} column appears twice", row=1)
    if sorted(lowered) == [COUNT_COLUMN, PATTERN_COLUMN]:
        return _read_pattern_rows(reader, header, lists)
    if lists is not None:
        raise OverlapTableError(
            "list names are given by the header's columns; names apply only to the "
            f"{PATTERN_COLUMN},{COUNT_COLUMN} form"
        )
    count_at = lowered.index(COUNT_COLUMN)
    list_columns = [j for j in range(len(header)) if j != count_at]
    names = check_names([header[j] for j in list_columns])
    k = len(names)
    counts = np.zeros(2**k - 1, dtype=np.int64)
    first_line: dict[int, int] = {}
    for row in reader:
        line_number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise OverlapTableError(
                f"the row has {len(row)} fields but the header has {len(header)}",
                row=line_number,
            )
        pattern = 0
        for bit, j in enumerate(list_columns):
            if parse_flag(row[j], row=line_number, column=header[j]):
                pattern |= 1 << bit
        count = parse_count(row[count_at], row=line_number, column=header[count_at])
        if pattern == 0:
            raise OverlapTableError(
                "a pattern with no list cannot be observed (it is the dark figure)",
                row=line_number,
                value=",".join(cell.strip() for cell in row),
                expected="at least one 1 among the list columns",
            )
        if pattern in first_line:
            raise OverlapTableError(
                f"pattern {pattern_bits(pattern, k)} appears twice "
                f"(first on row {first_line[pattern]})",
                row=line_number,
            )
        first_line[pattern] = line_number
        counts[pattern - 1] = count
    if not first_line:
        raise OverlapTableError("the CSV file has a header but no rows")
    return names, counts
