"""What a running task tells the people waiting for it: its step, its progress, its outcome.

A task function receives a :class:`Progress` and calls :meth:`Progress.step`
when it starts a step and :meth:`Progress.advance` (or :meth:`Progress.update`)
as it goes. These calls only change memory, so they cost nothing in a tight
loop; the state reaches the database through :meth:`Progress.flush`:

* in a worker, its heartbeat thread flushes once a second over the thread's
  own database connection, so the progress is visible while the task holds a
  long write transaction (on PostgreSQL; SQLite lets no other connection write
  meanwhile, and the page then shows the step without its progress);
* run inline (tests, or a command with no worker running), the task flushes
  itself at most twice a second.

:meth:`Progress.finish` records the outcome: call it inside the transaction
that writes the task's effects, so that effects and outcome commit together
and a run retried after a crash finds the work done.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from crossroads.tasks.models import Status, TaskRun

#: Seconds between two writes of the progress by a task that flushes itself.
SELF_FLUSH_INTERVAL = 0.5


class TaskCancelled(Exception):
    """The person asked to stop the task; raised where stopping leaves nothing partial."""


@dataclass(frozen=True)
class Snapshot:
    """The progress at one moment (what a listener such as a progress bar draws)."""

    step: str
    step_number: int
    steps: int
    done: int
    total: int | None
    step_started_at: datetime


Listener = Callable[[Snapshot], None]


class Progress:
    """The running task's side of its :class:`~crossroads.tasks.models.TaskRun`."""

    def __init__(
        self,
        run: TaskRun | None,
        *,
        self_flush: bool = True,
        listener: Listener | None = None,
        steps: int = 1,
    ) -> None:
        """``run`` None: work done in the caller's process with nobody following it
        (the demo's sample imports); progress goes to ``listener`` only."""
        self.run_id = run.pk if run is not None else None
        self.language = run.language if run is not None else "en"
        self.self_flush = self_flush
        self.listener = listener
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._state = Snapshot("", 0, steps, 0, None, timezone.now())
        self._dirty = True
        self._flushed_at = 0.0
        self.finished = False

    # -- what the task calls -------------------------------------------------

    def step(self, label: str, total: int | None = None, *, of: int | None = None) -> None:
        """Begin the next step, ``label`` in words, with ``total`` units (None: unknown).

        ``of`` says how many steps the task has in all, when it knows.
        """
        with self._lock:
            state = self._state
            self._state = Snapshot(
                label, state.step_number + 1, max(of or state.steps, state.step_number + 1),
                0, total, timezone.now(),
            )  # fmt: skip
            self._dirty = True
        self._changed(force=True)

    def update(self, done: int, total: int | None = None) -> None:
        """Set how many units of the current step are done (and its size, if it changed)."""
        with self._lock:
            state = self._state
            self._state = Snapshot(
                state.step, state.step_number, state.steps, done,
                state.total if total is None else total, state.step_started_at,
            )  # fmt: skip
            self._dirty = True
        self._changed()

    def advance(self, units: int = 1) -> None:
        """``units`` more units of the current step are done."""
        self.update(self._state.done + units)

    def check_cancelled(self) -> None:
        """Stop here (raise :class:`TaskCancelled`) if the person asked to cancel."""
        if self._cancelled.is_set():
            raise TaskCancelled

    def finish(self, message: str = "", url: str = "") -> None:
        """Record the outcome: ``message`` for the person, ``url`` where the result is.

        Call it inside the transaction that writes the task's effects.
        """
        self.finished = True
        if self.run_id is None:
            return
        TaskRun.objects.filter(pk=self.run_id).update(
            status=Status.SUCCEEDED, finished_at=timezone.now(), message=message[:1000], url=url
        )

    # -- what the worker calls -----------------------------------------------

    def request_cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancelled.is_set()

    def snapshot(self) -> Snapshot:
        return self._state

    def flush(self, *, final: bool = False) -> None:
        """Write the progress to the run's row (only when it changed), and learn whether
        the person asked to cancel. ``final``: the last write, once the run has ended."""
        if self.run_id is None:
            return
        with self._lock:
            state, dirty, self._dirty = self._state, self._dirty, False
        if dirty:
            runs = TaskRun.objects.filter(pk=self.run_id)
            if not final:
                runs = runs.filter(status=Status.RUNNING)
            runs.update(
                step=state.step[:200],
                step_number=state.step_number,
                steps=state.steps,
                step_started_at=state.step_started_at,
                done=state.done,
                total=state.total,
                progress_at=timezone.now(),
            )
        if TaskRun.objects.filter(pk=self.run_id, cancel_requested=True).exists():
            self._cancelled.set()

    def _changed(self, *, force: bool = False) -> None:
        if self.listener is not None:
            self.listener(self._state)
        if not self.self_flush:
            return
        now = time.monotonic()
        if force or now - self._flushed_at >= SELF_FLUSH_INTERVAL:
            self._flushed_at = now
            # Inside the task's own transaction the write is seen when it commits; a
            # separate savepoint keeps a failed write from breaking the task's work.
            with transaction.atomic():
                self.flush()
