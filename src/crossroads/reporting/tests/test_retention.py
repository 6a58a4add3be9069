"""Closed reports are deleted when their retention period ends, and their receipt stops
working."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crossroads.audit.models import AuditEntry
from crossroads.reporting.models import Report, ReportMessage
from crossroads.reporting.services import keys, triage
from crossroads.reporting.tests.helpers import REPORTER_PASSPHRASE, file_report, open_point
from crossroads.tasks import registry
from crossroads.testing import Personas


def test_a_closed_report_is_deleted_the_day_its_retention_ends_and_not_before(
    personas: Personas,
) -> None:
    point = open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    keys.update_point(personas.org_admin_a, point, retention_days=30)
    receipt = file_report()
    kept_receipt = file_report()
    report, kept = Report.objects.order_by("id")
    triage.reply(personas.caseworker_a, report, "We are here for you.")
    triage.set_status(personas.caseworker_a, report, "closed")
    today = timezone.localdate()
    assert triage.delete_expired(today + timedelta(days=29)) == 0
    assert triage.delete_expired(today + timedelta(days=30)) == 1
    assert list(Report.objects.all()) == [kept]
    assert not ReportMessage.objects.filter(report_id=report.pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_type="report")
    assert entry.object_id == str(report.pk) and entry.organisation_id == personas.org_a.pk
    gone = Client().post(
        reverse("report:return"), {"receipt": receipt, "passphrase": REPORTER_PASSPHRASE}
    )
    assert "do not open a report" in gone.content.decode()
    still = Client().post(
        reverse("report:return"), {"receipt": kept_receipt, "passphrase": REPORTER_PASSPHRASE}
    )
    assert still.context["report"] == kept


def test_reopening_a_report_cancels_its_deletion(personas: Personas) -> None:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    file_report()
    report = Report.objects.get()
    triage.set_status(personas.caseworker_a, report, "closed")
    triage.set_status(personas.caseworker_a, report, "in_progress")
    assert triage.delete_expired(timezone.localdate() + timedelta(days=3650)) == 0


def test_retention_runs_as_a_periodic_task() -> None:
    tasks = {task.name: every for task, every in registry.periodic_tasks()}
    assert "reporting.retention" in tasks
