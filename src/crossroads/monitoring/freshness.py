"""What a dashboard says about the state of its figures: recomputed, being computed, waiting.

The figures' read model is rebuilt by a task worker after every change of
a release, and the network and country tables themselves are computed by
another; meanwhile a page shows the previous figures and says so, with the
live progress of the work it waits for.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from crossroads.accounts.permissions import is_analyst
from crossroads.monitoring import figuresets, readmodel
from crossroads.monitoring.figurebook import StoredFigures
from crossroads.monitoring.tasks import active_rebuild, queue_rebuild
from crossroads.tasks import presenters
from crossroads.tasks.models import Status


def latest_figures(request: HttpRequest) -> tuple[StoredFigures, dict[str, Any]]:
    """The stored figures of the latest accepted data, and the context of
    ``monitoring/_freshness.html``: what is being computed, with its progress.

    A read model that does not match the releases and has no rebuild under
    way (its worker died, say) gets one queued here, so that the page never
    waits for work nobody does.
    """
    figures = readmodel.stored(readmodel.ACCEPTED)
    fresh = readmodel.freshness(figures)
    rebuild = active_rebuild()
    if fresh.stale and rebuild is None:
        rebuild = queue_rebuild()
        if not rebuild.is_active:
            # It ran at once (the test suite's immediate backend): read the new figures.
            figures = readmodel.stored(readmodel.ACCEPTED)
            fresh = readmodel.freshness(figures)
            rebuild = None
    follow = is_analyst(request.user)
    computing: list[dict[str, Any]] = [
        {"year": s.year, "run": s.computing, "state": presenters.state(s.computing)}
        for s in fresh.computing
        if s.computing is not None
    ]
    notes = {
        # One note for every year being computed; progress only of the runs under way
        # (a waiting run has none to show), the others named as waiting their turn.
        "computing_years": [c["year"] for c in computing],
        "computing_now": [c for c in computing if c["run"].status == Status.RUNNING],
        "computing_queued": [c["year"] for c in computing if c["run"].status != Status.RUNNING],
        "stale_years": list(fresh.stale),
        "rebuild": rebuild if fresh.stale else None,
        "rebuild_state": presenters.state(rebuild) if rebuild and fresh.stale else None,
        "computing": computing,
        "waiting": [y for y in fresh.waiting if y not in {c["year"] for c in computing}],
        "follow_runs": follow,
    }
    return figures or StoredFigures({}, figuresets.empty_loader()), notes
