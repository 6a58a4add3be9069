"""A task worker process: the queue's database worker plus a heartbeat.

``crossroads worker`` runs :class:`WorkerProcess`. The queue's own worker
(``django_tasks_db``) takes the next waiting call and runs it; taking one is
a locked read (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, an
exclusive transaction on SQLite), so several workers, on one machine or on
several sharing the database, never take the same call. Beside it, a
heartbeat thread, with its own database connection:

* writes the worker's :class:`~crossroads.tasks.models.Worker` row every
  :data:`HEARTBEAT` seconds,
* writes the running task's progress once a second and passes on a request
  to cancel it,
* marks failed the runs of dead workers (:func:`crossroads.tasks.reaping.reap`),
* queues the periodic tasks whose period has come (one worker wins each).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker as QueueWorker

from crossroads.tasks import execution, reaping, registry
from crossroads.tasks.execution import execute
from crossroads.tasks.models import Schedule, Worker
from crossroads.tasks.progress import Listener, Progress
from crossroads.tasks.queueing import start

log = logging.getLogger(__name__)

HEARTBEAT = 5.0
"""Seconds between two heartbeats (and two reaps) of a worker."""
FLUSH = 1.0
"""Seconds between two writes of the running task's progress."""


class WorkerProcess:
    """One worker: registers itself, beats, runs queued tasks until told to stop."""

    def __init__(
        self,
        *,
        queues: str = "*",
        interval: float = 1.0,
        batch: bool = False,
        listener: Listener | None = None,
    ) -> None:
        self.worker_id = f"{reaping.this_host()[:40]}-{os.getpid()}-{get_random_string(8)}"
        self.queues = queues
        self.interval = interval
        self.batch = batch
        self.listener = listener
        self._current: Progress | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    # -- the execution host protocol ------------------------------------------

    def attach(self, progress: Progress) -> None:
        progress.listener = self.listener
        with self._lock:
            self._current = progress

    def detach(self, progress: Progress) -> None:
        with self._lock:
            if self._current is progress:
                self._current = None

    # -- running ----------------------------------------------------------------

    def run(self) -> None:
        """Register, start the heartbeat, and run tasks until a signal stops the worker."""
        with self._registered():
            queue_worker = QueueWorker(
                queue_names=self.queues.split(","),
                interval=self.interval,
                batch=self.batch,
                backend_name="default",
                startup_delay=not self.batch,
                max_tasks=None,
                worker_id=self.worker_id,
                excluded_queue_names=[],
            )
            queue_worker.configure_signals()
            try:
                queue_worker.run()
            finally:
                queue_worker.reset_signals()

    def run_one(self, run_id: str) -> None:
        """Run one queued run in this process (a command with no worker to hand it to)."""
        with self._registered():
            execute.call(run_id)

    @contextmanager
    def _registered(self) -> Iterator[None]:
        Worker.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": reaping.this_host(),
                "pid": os.getpid(),
                "started_at": timezone.now(),
                "seen_at": timezone.now(),
                "queues": self.queues,
            },
        )
        execution.set_host(self)
        beat = threading.Thread(target=self._heartbeat, name="heartbeat", daemon=True)
        beat.start()
        try:
            yield
        finally:
            self._stopping.set()
            beat.join(timeout=FLUSH * 3)
            execution.set_host(None)
            Worker.objects.filter(worker_id=self.worker_id).update(stopped_at=timezone.now())

    def _heartbeat(self) -> None:
        last_beat = 0.0
        try:
            while not self._stopping.wait(FLUSH):
                try:
                    close_old_connections()
                    with self._lock:
                        current = self._current
                    if current is not None:
                        current.flush()
                    if time.monotonic() - last_beat >= HEARTBEAT:
                        last_beat = time.monotonic()
                        self.beat()
                except Exception:
                    # A busy SQLite database (another connection writing) or a dropped
                    # connection: try again at the next tick rather than stop beating.
                    log.warning("worker %s: heartbeat failed", self.worker_id, exc_info=True)
        finally:
            connection.close()

    def beat(self) -> None:
        """Say this worker lives, reap dead workers' runs, queue periodic tasks."""
        Worker.objects.filter(worker_id=self.worker_id).update(seen_at=timezone.now())
        reaping.reap()
        queue_due_periodic_tasks()


def queue_due_periodic_tasks(now: float | None = None) -> list[str]:
    """Queue each periodic task whose period has begun since it was last queued.

    The period number is claimed with one conditional update, so among
    several workers exactly one queues it. Returns the names queued.
    """
    moment = time.time() if now is None else now
    queued: list[str] = []
    for task, every in registry.periodic_tasks():
        slot = int(moment // every.total_seconds())
        Schedule.objects.get_or_create(name=task.name)
        if Schedule.objects.filter(name=task.name, last_slot__lt=slot).update(last_slot=slot):
            start(task, key=task.name)
            queued.append(task.name)
    return queued


def run_worker(**options: Any) -> None:
    """Run one worker in this process (``crossroads worker``)."""
    WorkerProcess(**options).run()
