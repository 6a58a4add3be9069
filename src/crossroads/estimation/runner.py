"""Running an estimate: the model fit, its bootstrap and the comparison of methods.

SparseMSE's default (a 1,000-replicate bootstrap that repeats the model
choice) takes from a fraction of a second for four lists to several seconds
for eight or more, and the latent-class sampler half a minute, so a web
request does not wait for it: the estimate runs as a background task
(:mod:`.tasks`) in a task worker, which reports its progress for the page's
progress bar. The demo runs it in its own process.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from numpy.linalg import LinAlgError

from crossroads.estimation import methods
from crossroads.estimation.models import UNEXPECTED, Estimate
from crossroads.stats.mse import MSESettings, OverlapTable
from crossroads.tasks.execution import TaskFailed
from crossroads.tasks.progress import Progress

logger = logging.getLogger(__name__)


def run(estimate_id: int, progress: Progress) -> None:
    """Fit the stored specification to the stored overlap table and store the result.

    A table the methods cannot handle marks the estimate failed with the
    statistics core's reason (the page explains it in the reader's language,
    see :func:`.presenters.failure`) and ends the task as failed with it.
    """
    estimate = Estimate.objects.filter(pk=estimate_id).first()
    if estimate is None or estimate.is_finished:  # deleted, or a run delivered twice
        return
    Estimate.objects.filter(pk=estimate_id).update(status=Estimate.Status.RUNNING)
    progress.step(_("Choosing the model and resampling to measure the uncertainty"), None)

    def advance(done: int, total: int) -> None:
        progress.update(done, total)
        progress.check_cancelled()

    try:
        table = OverlapTable.from_patterns(estimate.overlap["patterns"], estimate.overlap["lists"])
        spec = MSESettings.from_dict(estimate.specification)
        main = methods.fit(table, spec, advance)
        progress.step(_("Comparing the methods"), None)
        comparison = methods.compare(table, spec, main)
        result = main.to_dict()
    except (ValueError, ArithmeticError, LinAlgError) as error:
        fail(estimate_id, str(error))
        raise TaskFailed(str(error)) from None
    except Exception:
        logger.exception("estimate %s failed", estimate_id)
        fail(estimate_id, UNEXPECTED)
        raise
    lower, upper = result["conf_int"].get("lower"), result["conf_int"].get("upper")
    with transaction.atomic():
        Estimate.objects.filter(pk=estimate_id).update(
            status=Estimate.Status.DONE,
            result=result,
            comparison=comparison,
            population_size=result.get("population_size"),
            lower=lower,
            upper=upper,
            finished_at=timezone.now(),
        )
        progress.finish(_("The estimate is computed."))


def fail(estimate_id: int, message: str) -> None:
    """Mark the estimate failed with ``message`` (the statistics core's reason, or why),
    unless it has ended already (its first reason stands)."""
    ended = [Estimate.Status.DONE, Estimate.Status.FAILED]
    Estimate.objects.filter(pk=estimate_id).exclude(status__in=ended).update(
        status=Estimate.Status.FAILED, error=message, finished_at=timezone.now()
    )
