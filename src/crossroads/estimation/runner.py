"""Running an estimate: the model fit, its bootstrap and the comparison of methods.

SparseMSE's default (a 1,000-replicate bootstrap that repeats the model
choice) takes from a fraction of a second for four lists to several seconds
for eight or more, so a web request does not wait for it: :func:`start`
runs it in a background thread once the request's transaction has
committed, and the thread reports its progress in the database for the
page's progress bar. Tests (and ``crossroads demo``) run it inline.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.utils import timezone
from numpy.linalg import LinAlgError

from crossroads.estimation import methods
from crossroads.estimation.models import Estimate
from crossroads.stats.mse import MSESettings, OverlapTable

logger = logging.getLogger(__name__)
#: Progress is written to the database at most this often (seconds).
PROGRESS_INTERVAL = 0.5
#: Stored as the error of an estimate stopped by a fault of the software (the page explains).
UNEXPECTED = "unexpected error"


def in_background() -> bool:
    """Whether estimates run in a background thread (the default) or inline."""
    return bool(getattr(settings, "CROSSROADS_ESTIMATES_IN_BACKGROUND", True))


def start(estimate_id: int, *, background: bool | None = None) -> None:
    """Run the estimate now (inline) or after the current transaction commits (thread).

    ``background`` defaults to :func:`in_background`.
    """
    if not (in_background() if background is None else background):
        run(estimate_id)
        return

    def launch() -> None:
        thread = threading.Thread(
            target=_run_in_thread, args=(estimate_id,), name=f"estimate-{estimate_id}", daemon=True
        )
        thread.start()

    transaction.on_commit(launch)


LOCK_RETRIES = 5


def _update(estimate_id: int, **fields: object) -> None:
    """Update the estimate's row, waiting out a lock held by another connection.

    SQLite reports a table locked by another connection of the same process
    (a web request reading the progress) at once rather than after its busy
    timeout; the thread waits a little and tries again instead of dying.
    """
    for attempt in range(LOCK_RETRIES + 1):
        try:
            Estimate.objects.filter(pk=estimate_id).update(**fields)
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == LOCK_RETRIES:
                raise
            time.sleep(0.1 * 2**attempt)


def _run_in_thread(estimate_id: int) -> None:
    try:
        run(estimate_id)
    finally:
        connections.close_all()


class _Reporter:
    """The ``progress(done, total)`` callback: throttled writes of the progress."""

    def __init__(self, estimate_id: int) -> None:
        self.estimate_id = estimate_id
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        _update(
            self.estimate_id, progress_done=done, progress_total=total, heartbeat_at=timezone.now()
        )


def run(estimate_id: int) -> None:
    """Fit the stored specification to the stored overlap table and store the result.

    Never raises for a table the methods cannot handle: the estimate is
    marked failed with the statistics core's reason (the page explains it in
    the reader's language, see :func:`.presenters.failure`).
    """
    estimate = Estimate.objects.filter(pk=estimate_id).first()
    if estimate is None:  # deleted before it started
        return
    _update(estimate_id, status=Estimate.Status.RUNNING, heartbeat_at=timezone.now())
    try:
        table = OverlapTable.from_patterns(estimate.overlap["patterns"], estimate.overlap["lists"])
        spec = MSESettings.from_dict(estimate.specification)
        main = methods.fit(table, spec, _Reporter(estimate_id))
        comparison = methods.compare(table, spec, main)
        result = main.to_dict()
    except (ValueError, ArithmeticError, LinAlgError) as error:
        _fail(estimate_id, str(error))
        return
    except Exception:
        logger.exception("estimate %s failed", estimate_id)
        _fail(estimate_id, UNEXPECTED)
        return
    lower, upper = result["conf_int"].get("lower"), result["conf_int"].get("upper")
    _update(
        estimate_id,
        status=Estimate.Status.DONE,
        result=result,
        comparison=comparison,
        population_size=result.get("population_size"),
        lower=lower,
        upper=upper,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def _fail(estimate_id: int, message: str) -> None:
    _update(
        estimate_id,
        status=Estimate.Status.FAILED,
        error=message,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
