"""Checking a whole file: rows in chunks, in worker processes when the file is large.

Checking is pure computation (validation and token hashing, no database),
so on a machine with several cores a large file is checked by a pool of
processes (``CROSSROADS_IMPORT_PROCESSES``, 2 by default), which halves the
longest step of a 100,000-row import on two cores. Small files, and
deployments set to one process, are checked in the calling thread, since
starting a process costs about a second.

Worker processes start fresh ("spawn", safe from a threaded server), set up
Django from the same environment, and receive the linkage key in memory from
the parent, so tokens are exactly those a form would make. The parent keeps
the order of rows and decides what needs the whole file: a client code that
repeats an earlier row.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict
from itertools import islice
from typing import Any

from django.conf import settings

from crossroads.cases.importing import worker
from crossroads.cases.importing.checking import Check, FileContext, RowChecker, RowResult
from crossroads.cases.importing.readers import Sheet

CHUNK = 2000
PARALLEL_FROM = 10_000  # rows; below this a pool costs more than it saves
IN_FLIGHT = 4  # chunks queued per worker, so the file is read as it is checked
Progress = Callable[[int], None]


def _chunks(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[list[tuple[int, list[Any]]]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def _in_pool(
    checker: RowChecker, chunks: Iterable[list[tuple[int, list[Any]]]], processes: int
) -> Iterator[list[RowResult]]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=processes,
        mp_context=context,
        initializer=worker.start,
        initargs=(asdict(checker.context), settings.LINKAGE_KEY),
    ) as pool:
        queue: deque[Future[list[RowResult]]] = deque()
        for chunk in chunks:
            queue.append(pool.submit(worker.check, chunk))
            if len(queue) >= processes * IN_FLIGHT:
                yield queue.popleft().result()
        while queue:
            yield queue.popleft().result()


def check_sheet(
    sheet: Sheet,
    *,
    country: str,
    language: str,
    version: str,
    progress: Progress | None = None,
    processes: int | None = None,
) -> Check:
    """Check every row of ``sheet`` for an organisation of ``country``; messages in ``language``."""
    context = FileContext(tuple(sheet.header), country, language, version)
    checker = RowChecker(context)
    check = Check(header=list(sheet.header), recognised=checker.recognised)
    check.file_problems = list(checker.file_problems)
    rows = iter(sheet.rows)
    first = next(rows, None)
    if first is not None and not checker.is_label_row(first[1]):
        rows = _prepend(first, rows)
    processes = settings.CROSSROADS_IMPORT_PROCESSES if processes is None else processes
    chunks = _chunks(rows)
    if processes > 1 and (sheet.total or 0) >= PARALLEL_FROM:
        results = _in_pool(checker, chunks, processes)
    else:
        results = (checker.check_chunk(chunk) for chunk in chunks)
    first_row_of: dict[str, int] = {}
    for chunk_results in results:
        for result in chunk_results:
            _collect(check, checker, result, first_row_of)
        # The checked rows stay in memory until they are saved; frozen, the
        # garbage collector stops re-scanning them on every collection, which
        # otherwise costs a third of the time of a 100,000-row import.
        gc.freeze()
        if progress is not None:
            progress(check.rows)
    return check


def _prepend(
    first: tuple[int, list[Any]], rest: Iterator[tuple[int, list[Any]]]
) -> Iterator[tuple[int, list[Any]]]:
    yield first
    yield from rest


def _collect(
    check: Check, checker: RowChecker, result: RowResult, first_row_of: dict[str, int]
) -> None:
    check.rows += 1
    problems = list(result.problems)
    if result.code is not None:
        if result.code in first_row_of:
            problems.insert(0, checker.duplicate(result, first_row_of[result.code]))
        else:
            first_row_of[result.code] = result.row
    if problems or result.planned is None:
        check.invalid_rows += 1
        check.problems += problems
    else:
        check.planned.append(result.planned)
