"""Long work from the command line, with a progress bar (tqdm) for each step.

:func:`run_and_show` queues the run as the pages do. When a worker is alive
it follows the run's progress from the database; when none is (a laptop
with nothing but the command), it runs the work here, as a one-off worker,
so that a person never waits for a worker that does not exist.
"""

from __future__ import annotations

import time
from io import TextIOBase
from typing import Any

from django.utils import timezone
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from tqdm import tqdm

from crossroads.accounts.models import Organisation, User
from crossroads.tasks import presenters, reaping
from crossroads.tasks.models import TaskRun, Worker
from crossroads.tasks.progress import Snapshot
from crossroads.tasks.queueing import start
from crossroads.tasks.registry import BackgroundTask
from crossroads.tasks.workers import WorkerProcess

#: Seconds between two looks at a run followed from the command line.
POLL = 0.5


class StepBars:
    """One tqdm bar per step, redrawn from progress snapshots or rows."""

    def __init__(self, stream: TextIOBase, *, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.bar: tqdm[Any] | None = None
        self.key: tuple[int, str] = (0, "")

    def show(self, step_number: int, label: str, done: int, total: int | None) -> None:
        if not self.enabled or not label:
            return
        if self.bar is None or self.key != (step_number, label):
            self.close()
            self.key = (step_number, label)
            self.bar = tqdm(total=total, desc=label, file=self.stream, leave=True)
        if total is not None and self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def snapshot(self, state: Snapshot) -> None:
        self.show(state.step_number, state.step, state.done, state.total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def workers_alive() -> bool:
    """Whether at least one worker beat recently."""
    recent = timezone.now() - reaping.DEAD_AFTER
    return any(
        not reaping.is_dead(worker)
        for worker in Worker.objects.filter(stopped_at__isnull=True, seen_at__gte=recent)
    )


def run_and_show(
    background: BackgroundTask,
    stream: TextIOBase,
    *,
    user: User | None = None,
    organisation: Organisation | None = None,
    key: str = "",
    bars: bool = True,
    **params: Any,
) -> TaskRun:
    """Queue ``background`` and show its progress until it ends; return the finished run."""
    display = StepBars(stream, enabled=bars)
    run = start(background, user=user, organisation=organisation, key=key, **params)
    try:
        if isinstance(task_backends["default"], ImmediateBackend) or not run.is_active:
            pass  # already ran, inside start()
        elif workers_alive():
            run = follow(run, display)
        else:
            WorkerProcess(listener=display.snapshot).run_one(str(run.pk))
    finally:
        display.close()
    run.refresh_from_db()
    return run


def follow(run: TaskRun, display: StepBars) -> TaskRun:
    """Redraw ``run``'s progress from the database until it ends."""
    while True:
        run.refresh_from_db()
        if not run.is_active:
            return run
        display.show(run.step_number, presenters.step_text(run), run.done, run.total)
        time.sleep(POLL)
        reaping.reap()
