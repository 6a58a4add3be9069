"""Building a report and publishing a year run as background tasks: the page follows them,
and a run that fails or is cancelled leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from crossroads.audit.models import Action, AuditEntry
from crossroads.monitoring import readmodel
from crossroads.monitoring.models import FigureSet
from crossroads.reports import builder, tasks
from crossroads.reports.builder import ReportError
from crossroads.reports.models import DraftReport, Publication
from crossroads.tasks.models import Status, TaskRun
from crossroads.testing import Personas

pytestmark = pytest.mark.usefixtures("accepted_network")


def test_building_a_report_runs_as_a_task_that_reports_its_steps_and_keeps_the_draft(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.analyst)
    assert client.get(reverse("reports:draft", args=[2025, "pdf"])).status_code == 404
    response = client.post(reverse("reports:build", args=[2025]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:index")
    run = TaskRun.objects.get(kind=tasks.DRAFT_TASK)
    assert run.status == Status.SUCCEEDED, run.message
    assert (run.step_number, run.steps, run.step) == (4, 4, "Storing the report")
    state = client.get(reverse("tasks:status", args=[run.pk])).json()
    assert state["title"] == "Draft report of 2025"
    pdf = client.get(reverse("reports:draft", args=[2025, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    html = client.get(reverse("reports:draft", args=[2025, "html"]))
    assert b"<!doctype html>" in html.content
    page = client.get(reverse("reports:index")).content.decode()
    assert "The draft report of 2025 is ready." in page and "Build again" in page
    assert "the data changed since" not in page
    assert AuditEntry.objects.filter(action=Action.EXPORT, object_id="2025").count() == 3


def test_a_report_waiting_for_a_worker_shows_its_progress_and_is_queued_once(
    personas: Personas, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = personas.client_for(personas.analyst)
    client.post(reverse("reports:build", args=[2025]))
    client.post(reverse("reports:build", args=[2025]))
    assert TaskRun.objects.filter(kind=tasks.DRAFT_TASK).count() == 1
    page = client.get(reverse("reports:index")).content.decode()
    assert "data-task-status" in page and "Waiting for a worker" in page
    assert "being built" in page and "crossroads/js/tasks.js" in page
    assert not DraftReport.objects.exists()


def test_publishing_runs_as_a_task_whose_result_is_the_public_page(personas: Personas) -> None:
    client = personas.client_for(personas.analyst)
    client.post(reverse("reports:publish", args=[2025]))
    run = TaskRun.objects.get(kind=tasks.PUBLISH_TASK)
    assert run.status == Status.SUCCEEDED, run.message
    assert run.url == reverse("public:year", args=[2025]) and run.steps == 5
    publication = Publication.objects.get(year=2025)
    assert FigureSet.objects.filter(edition=f"publication:{publication.pk}").exists()
    page = client.get(reverse("reports:index")).content.decode()
    assert "are published (version 1)" in page


def test_a_publication_failing_at_its_last_step_leaves_no_publication_figures_or_audit(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ReportError("the figures could not be stored")

    monkeypatch.setattr(readmodel, "store_publication", broken)
    client = personas.client_for(personas.analyst)
    client.post(reverse("reports:publish", args=[2025]))
    run = TaskRun.objects.get(kind=tasks.PUBLISH_TASK)
    assert run.status == Status.FAILED and run.message == "the figures could not be stored"
    assert not Publication.objects.exists()
    assert not FigureSet.objects.filter(edition__startswith="publication:").exists()
    assert not AuditEntry.objects.filter(action=Action.PUBLISH).exists()
    page = client.get(reverse("reports:index")).content.decode()
    assert "The task failed" in page and "the figures could not be stored" in page


def test_a_report_cancelled_while_it_is_built_stores_no_draft(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = builder.render_html

    def render_then_cancel(*args: Any, **kwargs: Any) -> str:
        # The person clicks "Cancel" while the report is being written.
        TaskRun.objects.filter(kind=tasks.DRAFT_TASK).update(cancel_requested=True)
        return real(*args, **kwargs)

    monkeypatch.setattr("crossroads.reports.services.render_html", render_then_cancel)
    personas.client_for(personas.analyst).post(reverse("reports:build", args=[2025]))
    run = TaskRun.objects.get(kind=tasks.DRAFT_TASK)
    assert run.status == Status.CANCELLED
    assert not DraftReport.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
