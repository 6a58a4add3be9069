"""Protecting many independent table sets at once, one process per core."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from crossroads.stats.disclosure._protect import protect
from crossroads.stats.disclosure._result import ProtectedTableSet
from crossroads.stats.disclosure._rule import SuppressionRule
from crossroads.stats.disclosure._tableset import TableSet


def _timed(job: tuple[TableSet, SuppressionRule]) -> tuple[ProtectedTableSet, float]:
    started = time.perf_counter()
    result = protect(*job)
    return result, time.perf_counter() - started


def protect_many(
    jobs: Sequence[tuple[TableSet, SuppressionRule]], *, workers: int | None = None
) -> list[tuple[ProtectedTableSet, float]]:
    """Protect each ``(table set, rule)`` as :func:`protect` does; return, in order, each
    result and the seconds it took.

    The sets are independent (no relation between them is taken into
    account: that is what makes them parallel), so the results are exactly
    those of calling :func:`protect` one by one. ``workers`` processes run
    them (default: the machine's cores); with one worker, or one job, they
    run here. The worker processes are forked where the platform allows,
    so they start at once and inherit what is loaded; they only compute and
    never touch what the caller has open (files, database connections).
    """
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        return [_timed(job) for job in jobs]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # Large chunks of work first would leave one process finishing alone: keep order,
        # one job per task, and let the pool hand them out as processes free up.
        return list(pool.map(_timed, jobs, chunksize=1))
