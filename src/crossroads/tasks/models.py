"""Long work run by task workers: what was asked, how far it got, and who runs it.

A :class:`TaskRun` is one piece of long work (an import, an estimate, a year's
network tables, a report...) as the people who started it see it: its kind
and parameters, its status, the current step and progress, its outcome.
The queue itself is Django's tasks framework (``django_tasks`` with the
database backend ``django_tasks_db``): a run is handed to it as one queued
call of :func:`crossroads.tasks.execution.execute`.

A :class:`Worker` row is written by every ``crossroads worker`` process while
it lives (its heartbeat), so that a run whose worker died is marked failed
within a minute, whoever looks (see :mod:`crossroads.tasks.reaping`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation


class Status(models.TextChoices):
    """Where a run is."""

    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE = (Status.QUEUED, Status.RUNNING)
FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)


class TaskRunQuerySet(models.QuerySet["TaskRun"]):
    """Query rules for runs."""

    def active(self) -> TaskRunQuerySet:
        return self.filter(status__in=ACTIVE)

    def of_kind(self, kind: str, **params: object) -> TaskRunQuerySet:
        """Runs of ``kind`` whose parameters include ``params`` (newest first)."""
        runs = self.filter(kind=kind)
        for name, value in params.items():
            runs = runs.filter(**{f"params__{name}": value})
        return runs.order_by("-created_at")


class TaskRun(models.Model):
    """One run of a long task, with its progress and outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=80, help_text=_("Which task (see the task registry)."))
    params = models.JSONField(default=dict, help_text=_("Its arguments, plain JSON."))
    key = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Identifies the work: one active run per key (empty: no such rule)."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member whose data it works on; empty for the network's work."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress of the current step, written by the worker at most once a second.
    step = models.CharField(max_length=200, blank=True)
    step_number = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=1)
    step_started_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    worker_id = models.CharField(max_length=64, blank=True)
    result_id = models.CharField(
        max_length=64, blank=True, help_text=_("The queue's id for this run.")
    )
    cancel_requested = models.BooleanField(default=False)
    message = models.CharField(
        max_length=1000, blank=True, help_text=_("What happened, in words, for the person.")
    )
    url = models.CharField(max_length=300, blank=True, help_text=_("Where the result is."))

    objects = TaskRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "worker_id"], name="taskrun_status_worker"),
            models.Index(fields=["kind", "-created_at"], name="taskrun_kind_created"),
            models.Index(fields=["organisation", "-created_at"], name="taskrun_org_created"),
        ]
        constraints = [
            # Two requests for the same work while one is under way find the same run.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(status__in=["queued", "running"]) & ~models.Q(key=""),
                name="taskrun_one_active_per_key",
            )
        ]
        verbose_name = _("background task")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def fraction(self) -> float | None:
        """How far the current step is, from 0 to 1 (None when its size is unknown)."""
        if not self.total:
            return None
        return min(1.0, self.done / self.total)

    def seconds_left(self) -> float | None:
        """A rough estimate of the time left in the current step, from its pace so far."""
        fraction = self.fraction
        if fraction is None or fraction <= 0.02 or self.step_started_at is None:
            return None
        if self.progress_at is None:
            return None
        elapsed = (self.progress_at - self.step_started_at).total_seconds()
        if elapsed < 1:
            return None
        return elapsed * (1 - fraction) / fraction


class Worker(models.Model):
    """A ``crossroads worker`` process, as its heartbeat last said."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)
    queues = models.CharField(max_length=200, default="*")

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class Schedule(models.Model):
    """When a periodic task was last queued; one worker wins each period."""

    name = models.CharField(max_length=80, primary_key=True)
    last_slot = models.BigIntegerField(default=-1)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_slot}"
