"""A web request does not wait for the bootstrap: the estimate runs as a background task."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from crossroads.estimation import services
from crossroads.estimation.models import Estimate
from crossroads.estimation.sources import available_sources
from crossroads.estimation.tests.helpers import member_records, token_file
from crossroads.tasks import reaping
from crossroads.tasks.models import Status, TaskRun, Worker
from crossroads.testing import Personas

FORM = {"method": "stepwise", "pthresh": "0.02", "n_boot": "300", "seed": "1",
        "confidence": "0.95"}  # fmt: skip


def _request(personas: Personas) -> Any:
    member_records(personas.data_officer_a, range(50))
    services.upload_tokens(
        personas.analyst,
        content=token_file("police-2024", range(30, 90)),
        holder="Police",
        country="NLD",
        year=2024,
    )
    client = personas.client_for(personas.analyst)
    sources = [source.key for source in available_sources("NLD", 2024)]
    response = client.post(
        reverse("estimation:new") + "?country=NLD&year=2024", {"sources": sources, **FORM}
    )
    assert response.status_code == 302
    return client


def test_the_estimate_runs_as_a_task_that_reports_its_progress(personas: Personas) -> None:
    client = _request(personas)
    estimate = Estimate.objects.get()
    assert estimate.run is not None
    state = client.get(reverse("tasks:status", args=[estimate.run.pk])).json()
    assert state["status"] == "succeeded" and state["title"].endswith("NLD 2024")
    run = TaskRun.objects.get(pk=estimate.run.pk)
    assert (run.step_number, run.step) == (2, "Comparing the methods")
    assert estimate.population_size == pytest.approx(150.0)
    assert estimate.finished_at is not None


def test_an_estimate_whose_worker_died_says_so_and_can_be_repeated(
    personas: Personas, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = _request(personas)
    estimate = Estimate.objects.get()
    assert estimate.status == Estimate.Status.QUEUED and estimate.run is not None
    page = client.get(reverse("estimation:detail", args=[estimate.pk])).content.decode()
    assert "data-task-status" in page and "Waiting for a worker" in page
    Worker.objects.create(
        worker_id="gone", hostname="elsewhere", pid=1, stopped_at=estimate.created_at
    )
    TaskRun.objects.filter(pk=estimate.run.pk).update(status=Status.RUNNING, worker_id="gone")
    assert reaping.reap() == 1
    estimate.refresh_from_db()
    assert estimate.status == Estimate.Status.FAILED
    assert "stopped before it finished" in estimate.error
    page = client.get(reverse("estimation:detail", args=[estimate.pk])).content.decode()
    assert "stopped before it finished" in page and "data-task-status" not in page
