"""What a copy of the database, the logs and the audit log hold after a report: no text in
clear and no address."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from crossroads.audit.models import AuditEntry
from crossroads.core.models import ThrottleCounter
from crossroads.reporting.models import Report
from crossroads.reporting.tests.helpers import (
    REPORTER_PASSPHRASE,
    SECRET_TEXT,
    database_image,
    file_report,
    open_point,
    unlock,
)
from crossroads.testing import Personas

ADDRESS = "203.0.113.77"


@pytest.fixture
def point(personas: Personas) -> Personas:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    return personas


def test_the_reports_text_is_nowhere_in_the_database_in_clear(point: Personas) -> None:
    receipt = file_report(client=Client(REMOTE_ADDR=ADDRESS))
    staff = point.client_for(point.caseworker_a)
    unlock(staff)
    report = Report.objects.get()
    staff.post(reverse("reporting:reply", args=[report.pk]), {"text": "Reply-marker-7731"})
    data = database_image()
    # The image is the real database: what is stored in clear is found in it.
    assert b"Organisation A" in data and b"Report received" in data
    for secret in (SECRET_TEXT, "Westland", "Reply-marker-7731", REPORTER_PASSPHRASE):
        assert secret.encode() not in data, secret
        assert secret.encode("utf-16-le") not in data, secret
    assert receipt.encode() not in data and receipt.replace(" ", "").encode() not in data
    assert SECRET_TEXT in staff.get(reverse("reporting:detail", args=[report.pk])).content.decode()


def test_no_request_log_line_or_audit_entry_holds_an_address(
    point: Personas, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS, HTTP_USER_AGENT="Marker/1.0")
    with caplog.at_level(logging.DEBUG):
        client.get(reverse("report:network"))
        receipt = file_report(client=client)
        client.post(
            reverse("report:return"), {"receipt": receipt, "passphrase": REPORTER_PASSPHRASE}
        )
    assert any("/report/" in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        message = record.getMessage()
        assert ADDRESS not in message and "Marker/1.0" not in message
        assert receipt not in message and REPORTER_PASSPHRASE not in message
    entries = list(AuditEntry.objects.filter(object_type="report").values())
    assert entries
    assert ADDRESS not in str(entries) and SECRET_TEXT not in str(entries)
    assert all(entry["actor_id"] is None for entry in entries)
    assert ADDRESS not in str(list(ThrottleCounter.objects.values()))


def test_a_flood_of_reports_from_one_connection_is_refused_without_storing_the_address(
    point: Personas,
) -> None:
    client = Client(REMOTE_ADDR=ADDRESS)
    for _ in range(10):
        file_report(client=client)
    from crossroads.reporting.tests.helpers import form_data

    refused = client.post(reverse("report:network"), form_data())
    assert refused.status_code == 429
    assert "Too many reports" in refused.content.decode()
    assert Report.objects.count() == 10
    assert ADDRESS not in str(list(ThrottleCounter.objects.values()))
    other = Client(REMOTE_ADDR="198.51.100.9")
    file_report(client=other)
    assert Report.objects.count() == 11


def test_guessing_a_receipts_passphrase_is_stopped(point: Personas) -> None:
    receipt = file_report()
    for attempt in range(10):
        Client(REMOTE_ADDR=f"198.51.100.{attempt}").post(
            reverse("report:return"), {"receipt": receipt, "passphrase": f"guess {attempt}"}
        )
    right = Client(REMOTE_ADDR="198.51.100.200").post(
        reverse("report:return"), {"receipt": receipt, "passphrase": REPORTER_PASSPHRASE}
    )
    assert right.status_code == 429
