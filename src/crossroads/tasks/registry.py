"""The kinds of long work Crossroads runs in task workers, registered by each domain app.

A domain app declares its long work with :func:`background`::

    @background("exchange.release", title=_("Network tables of %(year)s"))
    def compute_release(progress: Progress, year: int, by_country: bool) -> None:
        ...

and starts it with ``crossroads.tasks.queueing.start(compute_release, user=...,
key=..., year=2024, by_country=True)``, which returns the
:class:`~crossroads.tasks.models.TaskRun` that pages and commands follow. The function receives a
:class:`~crossroads.tasks.progress.Progress` first, then the run's
parameters (plain JSON values) as keyword arguments.

Periodic work (retention, sealing the audit log...) is declared with
:func:`periodic`; every worker checks the schedule and exactly one queues
each period's run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils.functional import Promise

from crossroads.tasks.progress import Progress

log = logging.getLogger(__name__)

TaskFunction = Callable[..., None]
AbandonHook = Callable[[Mapping[str, Any], str], None]


class UnknownTask(LookupError):
    """A run names a kind no app registers (code removed since it was queued)."""


@dataclass(frozen=True)
class BackgroundTask:
    """A registered kind of long work."""

    name: str
    function: TaskFunction
    title: str | Promise
    cancellable: bool = False
    priority: int = 0
    on_abandon: AbandonHook | None = None
    every: timedelta | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, progress: Progress, **params: Any) -> None:
        self.function(progress, **params)

    def describe(self, params: Mapping[str, Any]) -> str:
        """The run's title in the active language, e.g. "Network tables of 2024"."""
        try:
            return str(self.title) % dict(params)
        except (KeyError, TypeError, ValueError):
            return str(self.title)


_REGISTRY: dict[str, BackgroundTask] = {}


def background(
    name: str,
    *,
    title: str | Promise,
    cancellable: bool = False,
    priority: int = 0,
    on_abandon: AbandonHook | None = None,
) -> Callable[[TaskFunction], BackgroundTask]:
    """Register ``function`` as the long work called ``name``.

    ``cancellable``: the person may stop it (the function calls
    ``progress.check_cancelled()`` only where stopping leaves nothing
    partial). ``on_abandon(params, message)`` is called when a run is marked
    failed because its worker died, to put the domain object in a clear state.
    """

    def register(function: TaskFunction) -> BackgroundTask:
        task = BackgroundTask(name, function, title, cancellable, priority, on_abandon)
        _REGISTRY[name] = task
        return task

    return register


def periodic(
    name: str, *, every: timedelta, title: str | Promise
) -> Callable[[TaskFunction], BackgroundTask]:
    """Register ``function`` as work queued once every ``every`` by one of the workers."""

    def register(function: TaskFunction) -> BackgroundTask:
        task = BackgroundTask(name, function, title, every=every)
        _REGISTRY[name] = task
        return task

    return register


def get(name: str) -> BackgroundTask:
    """The registered task called ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownTask(name) from None


def describe(kind: str, params: Mapping[str, Any]) -> str:
    """The title of a run of ``kind`` in the active language (the kind's name if no app
    registers it any more)."""
    try:
        return get(kind).describe(params)
    except UnknownTask:
        return kind


def periodic_tasks() -> list[tuple[BackgroundTask, timedelta]]:
    """Every periodic task with its period."""
    return [(task, task.every) for task in _REGISTRY.values() if task.every is not None]


def abandon(kind: str, params: Mapping[str, Any], message: str) -> None:
    """Tell the domain that a run of ``kind`` failed without finishing, so that it puts
    its object (an import, an estimate) in a clear state. Never raises."""
    task = _REGISTRY.get(kind)
    if task is None or task.on_abandon is None:
        return
    try:
        task.on_abandon(params, message)
    except Exception:
        log.exception("the failure hook of a %s task failed", kind)
