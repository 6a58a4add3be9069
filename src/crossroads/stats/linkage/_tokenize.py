"""Turning a local CSV of identities into a token file, on the list holder's machine.

Reads the identities row by row, normalises and hashes each person with the
network's linkage key, and writes only the tokens (see ``_files``). Nothing
leaves the machine and nothing but the tokens is written. Rows that cannot
be read are reported by row number and field, never by value; by default a
single such row stops the run and no file is written.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path

import numpy as np

from crossroads.stats.linkage._files import check_list_name, write_token_lines
from crossroads.stats.linkage._normalise import Identity, IdentityError
from crossroads.stats.linkage._tokens import LEVEL_NAMES, LinkageKey, token_cascade

#: Rows handed to a worker process at a time.
CHUNK_ROWS = 4000
#: Below this many rows, starting worker processes costs more than it saves.
PARALLEL_FROM_ROWS = 20000
_DUPLICATE_COLUMN = LEVEL_NAMES.index("any_order")

Progress = Callable[[int, int], None]
# Row number, given names, family names, date of birth, sex, and why the row
# is malformed ("" when it is not).
Row = tuple[int, str, str, str, str, str]


@dataclass
class Chunk:
    """What hashing a block of rows gave, small enough to send between processes.

    ``lines`` are the token rows, ready to write; ``rows`` their row numbers
    and ``duplicate_keys`` the first 64 bits of their ``any_order`` token (0
    when missing), for finding likely duplicates without keeping tokens.
    """

    count: int = 0
    lines: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    duplicate_keys: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    no_name: int = 0
    no_date: int = 0


@dataclass(frozen=True)
class IdentityColumns:
    """Which columns of the identity file hold what (header names, any case).

    Give either ``given`` and ``family``, or ``full_name`` for a single name
    column (split at the last space: the last word is taken as the family
    name; the ``any_order`` level links the person whatever the split).
    ``sex`` may be None when the file has no such column.
    """

    given: str = "given_names"
    family: str = "family_names"
    full_name: str | None = None
    date_of_birth: str = "date_of_birth"
    sex: str | None = "sex"


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be read: where and why, never the value."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field} {self.reason}"


class ColumnError(ValueError):
    """The identity file's header lacks a column the tokenizer needs."""


class TokenizeError(ValueError):
    """Rows of the identity file cannot be read; no token file was written."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(
            f"{len(problems)} row(s) cannot be read; no token file was written "
            "(fix them, or use --skip-invalid to leave them out)"
        )
        self.problems = problems


@dataclass
class TokenizeSummary:
    """What a tokenize run did. Row numbers count the header as row 1, as a spreadsheet does."""

    list_name: str
    fingerprint: str
    rows: int = 0
    people: int = 0
    no_name: int = 0
    no_date: int = 0
    skipped_invalid: list[RowProblem] = field(default_factory=list)
    duplicate_rows: int = 0
    duplicate_groups: list[list[int]] = field(default_factory=list)


def tokenize_csv(
    source: str | os.PathLike[str],
    destination: str | os.PathLike[str],
    key: LinkageKey,
    list_name: str,
    *,
    columns: IdentityColumns | None = None,
    delimiter: str | None = None,
    encoding: str = "utf-8-sig",
    skip_invalid: bool = False,
    report_duplicates: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> TokenizeSummary:
    """Tokenise the identities in ``source`` into the token file ``destination``.

    Rows without any name, or with a name but no date of birth, yield no
    token: they are counted and left out. A row whose date of birth or sex
    cannot be read raises :class:`TokenizeError` listing every such row, and
    nothing is written, unless ``skip_invalid`` (then they are left out and
    listed in the summary). ``delimiter`` is guessed from the header (comma,
    semicolon or tab) when not given. ``jobs`` worker processes hash in
    parallel (default: one per CPU core) once the file has more than
    :data:`PARALLEL_FROM_ROWS` rows. ``progress(done, total)`` is called as
    rows are processed (``total`` is estimated from the line count).
    """
    name = check_list_name(list_name)
    columns = columns or IdentityColumns()
    source_path, destination_path = Path(source), Path(destination)
    if source_path.resolve() == destination_path.resolve():
        raise ValueError("the token file must not overwrite the identity file")
    total = _count_lines(source_path) - 1
    summary = TokenizeSummary(list_name=name, fingerprint=key.fingerprint)
    problems: list[RowProblem] = []
    duplicate_keys: array[int] = array("Q")
    duplicate_rows: array[int] = array("q")

    def blocks() -> Iterator[list[str]]:
        for chunk in _chunks_hashed(source_path, key, columns, delimiter, encoding, jobs, total):
            summary.rows += chunk.count
            summary.people += len(chunk.lines)
            summary.no_name += chunk.no_name
            summary.no_date += chunk.no_date
            problems.extend(chunk.problems)
            duplicate_keys.extend(chunk.duplicate_keys)
            duplicate_rows.extend(chunk.rows)
            if progress is not None:
                progress(summary.rows, max(total, summary.rows))
            yield chunk.lines

    # The token file is written to a temporary name and renamed only at the end,
    # so stopping for unreadable rows leaves nothing behind.
    partial = destination_path.with_name(f".{destination_path.name}.checking")
    try:
        write_token_lines(partial, name, key.fingerprint, blocks())
        if problems and not skip_invalid:
            raise TokenizeError(problems)
        partial.replace(destination_path)
    finally:
        partial.unlink(missing_ok=True)
    summary.skipped_invalid = problems
    groups = _duplicates(duplicate_keys, duplicate_rows)
    summary.duplicate_rows = sum(len(group) for group in groups)
    summary.duplicate_groups = groups if report_duplicates else []
    return summary


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count


def _chunks_hashed(
    path: Path,
    key: LinkageKey,
    columns: IdentityColumns,
    delimiter: str | None,
    encoding: str,
    jobs: int | None,
    total: int,
) -> Iterator[Chunk]:
    """The hashed chunks of the file, in file order."""
    with path.open(encoding=encoding, newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter or _guess_delimiter(first))
        header = next(reader, None)
        if header is None:
            raise ColumnError("the identity file is empty (expected a header row)")
        chunks = _chunks(reader, _column_indexes(header, columns), len(header))
        workers = jobs if jobs is not None else (os.cpu_count() or 1)
        if workers <= 1 or total < PARALLEL_FROM_ROWS:
            for chunk in chunks:
                yield tokenize_rows(chunk, key)
        else:
            yield from _in_parallel(chunks, key, workers)


def _in_parallel(chunks: Iterator[list[Row]], key: LinkageKey, workers: int) -> Iterator[Chunk]:
    """Hash chunks in ``workers`` processes, keeping at most two chunks per worker in flight.

    Hashing (HMAC-SHA256 at seven levels) and normalisation take about 30 µs
    per person in CPython, which the GIL confines to one core; processes use
    every core of the list holder's laptop, while this process only reads
    the CSV and writes the blocks of lines the workers return. The bounded
    queue keeps memory flat however long the file is.
    """
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(key.worker_state(),)) as pool:
        pending: deque[AsyncResult[Chunk]] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_worker_rows, (chunk,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


_WORKER_KEY: LinkageKey | None = None


def _start_worker(state: tuple[str, dict[str, bytes]]) -> None:
    global _WORKER_KEY
    _WORKER_KEY = LinkageKey.from_worker_state(state)


def _worker_rows(chunk: list[Row]) -> Chunk:
    assert _WORKER_KEY is not None
    return tokenize_rows(chunk, _WORKER_KEY)


def tokenize_rows(rows: Sequence[Row], key: LinkageKey) -> Chunk:
    """Hash a block of rows: the token lines of the people, and what was left out and why."""
    chunk = Chunk(count=len(rows))
    for number, given, family, dob, sex, malformed in rows:
        if malformed:
            chunk.problems.append(RowProblem(number, "row", malformed))
            continue
        try:
            identity = Identity.from_fields(given, family, dob, sex)
        except IdentityError as error:
            label = _FIELD_LABELS.get(error.field, error.field)
            chunk.problems.append(RowProblem(number, label, error.reason))
            continue
        if identity.is_empty:
            chunk.no_name += 1
            continue
        tokens = token_cascade(identity, key)
        if tokens.is_empty:
            chunk.no_date += 1
            continue
        chunk.lines.append(",".join(tokens.as_list()))
        chunk.rows.append(number)
        duplicate = tokens.tokens[_DUPLICATE_COLUMN]
        chunk.duplicate_keys.append(int(duplicate[:16], 16) if duplicate else 0)
    return chunk


_FIELD_LABELS = {"date_of_birth": "date of birth", "sex": "sex"}


def _guess_delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


@dataclass(frozen=True)
class _Indexes:
    given: int | None
    family: int | None
    full_name: int | None
    date_of_birth: int
    sex: int | None


def _column_indexes(header: list[str], columns: IdentityColumns) -> _Indexes:
    found = {name.strip().lower(): index for index, name in enumerate(header)}
    available = ", ".join(repr(name.strip()) for name in header) or "none"

    def index(name: str, option: str) -> int:
        try:
            return found[name.strip().lower()]
        except KeyError:
            raise ColumnError(
                f"the identity file has no column {name!r} (its columns are {available}); "
                f"name the right one with {option}"
            ) from None

    if columns.full_name:
        given = family = None
        full_name: int | None = index(columns.full_name, "--name-column")
    else:
        given = index(columns.given, "--given-column")
        family = index(columns.family, "--family-column")
        full_name = None
    return _Indexes(
        given=given,
        family=family,
        full_name=full_name,
        date_of_birth=index(columns.date_of_birth, "--dob-column"),
        sex=index(columns.sex, "--sex-column") if columns.sex else None,
    )


def _chunks(reader: Iterator[list[str]], at: _Indexes, width: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != width:
            malformed = (
                f"has {len(values)} fields where the header has {width} "
                "(a separator inside a name must be quoted)"
            )
            chunk.append((number, "", "", "", "", malformed))
        else:
            chunk.append((number, *_fields(values, at), ""))
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _fields(values: list[str], at: _Indexes) -> tuple[str, str, str, str]:
    if at.full_name is not None:
        words = values[at.full_name].split()
        given, family = " ".join(words[:-1]), " ".join(words[-1:])
    else:
        assert at.given is not None and at.family is not None
        given, family = values[at.given], values[at.family]
    sex = values[at.sex] if at.sex is not None else ""
    return given, family, values[at.date_of_birth], sex


def _duplicates(keys: array[int], rows: array[int]) -> list[list[int]]:
    """Groups of row numbers whose ``any_order`` tokens are equal (likely the same person)."""
    if len(keys) < 2:
        return []
    present = np.frombuffer(keys, dtype=np.uint64) != 0
    key_array = np.frombuffer(keys, dtype=np.uint64)[present]
    row_array = np.frombuffer(rows, dtype=np.int64)[present]
    order = np.argsort(key_array, kind="stable")
    sorted_keys = key_array[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    groups = np.split(row_array[order], starts[1:])
    return sorted(sorted(int(r) for r in group) for group in groups if group.size > 1)
