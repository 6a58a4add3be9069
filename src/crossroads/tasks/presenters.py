"""A run as the pages and the command line describe it, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crossroads.tasks import registry
from crossroads.tasks.models import Status, TaskRun
from crossroads.tasks.queueing import is_cancellable


def title(run: TaskRun) -> str:
    """What the run does, e.g. "Network tables of 2024"."""
    return registry.describe(run.kind, run.params)


def step_text(run: TaskRun) -> str:
    """ "Step 2 of 3: checking the rows", or the run's status when no step began."""
    if run.status == Status.QUEUED:
        return _("Waiting for a worker to start it…")
    if not run.step:
        return run.get_status_display()
    if run.steps > 1:
        return _("Step %(n)s of %(of)s: %(step)s") % {
            "n": run.step_number,
            "of": run.steps,
            "step": run.step,
        }
    return run.step


def amount_text(run: TaskRun) -> str:
    """ "45,000 of 100,000 · about 20 seconds left" (empty when the size is unknown)."""
    if not run.total or run.status != Status.RUNNING:
        return ""
    text = _("%(done)s of %(total)s") % {"done": intcomma(run.done), "total": intcomma(run.total)}
    left = run.seconds_left()
    if left is not None:
        text += " · " + time_left(left)
    return text


def time_left(seconds: float) -> str:
    if seconds < 60:
        n = max(5, round(seconds / 5) * 5)
        return ngettext("about %(n)s second left", "about %(n)s seconds left", n) % {"n": n}
    n = round(seconds / 60)
    return ngettext("about %(n)s minute left", "about %(n)s minutes left", n) % {"n": n}


def state(run: TaskRun) -> dict[str, Any]:
    """The JSON a page polls to draw the progress bar."""
    fraction = run.fraction
    return {
        "id": str(run.pk),
        "status": run.status,
        "status_label": run.get_status_display(),
        "active": run.is_active,
        "title": title(run),
        "step": step_text(run),
        "amount": amount_text(run),
        "percent": None if fraction is None else round(100 * fraction, 1),
        "message": run.message,
        "url": run.url,
        "cancellable": is_cancellable(run),
        "cancel_requested": run.cancel_requested,
    }
