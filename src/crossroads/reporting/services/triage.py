"""The receiving organisation's work on its reports: reading, triage, replies, and the
deletion of closed reports at the end of their retention period."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.reporting import sealing
from crossroads.reporting.attachments import CleanFile
from crossroads.reporting.models import Author, Report, ReportMessage, Status
from crossroads.reporting.services import OBJECT, ReportingError
from crossroads.reporting.services.conversation import OpenedMessage, check_text, new_message
from crossroads.reporting.services.keys import point_for


@dataclass
class OpenedReport:
    """A report opened with the organisation's key: its answers, its messages and its
    files (by the attachment's id)."""

    report: Report
    answers: dict[str, Any]
    messages: list[OpenedMessage]
    files: list[tuple[int, CleanFile]] = field(default_factory=list)


def read(user: User, report: Report, private: X25519PrivateKey) -> OpenedReport:
    """A report and its messages, opened with the organisation's key (audited)."""
    answers = json.loads(sealing.open_sealed(private, bytes(report.sealed)))
    messages = [
        OpenedMessage(
            m.author,
            sealing.open_sealed(private, bytes(m.sealed_for_organisation)).decode(),
            m.sent_on,
        )
        for m in report.messages.all()
    ]
    files = [
        (a.pk, CleanFile.from_bytes(sealing.open_sealed(private, bytes(a.sealed))))
        for a in report.attachments.all()
    ]
    with transaction.atomic():
        if report.unread_by_organisation:
            Report.objects.filter(pk=report.pk).update(unread_by_organisation=False)
        record(user, Action.READ, object_type=OBJECT, object_id=report.pk, summary="Report read")
    return OpenedReport(report, answers, messages, files)


def open_file(
    user: User, report: Report, attachment_id: int, private: X25519PrivateKey
) -> CleanFile:
    """One file of ``report``, opened with the organisation's key (audited); LookupError
    if the report has no such file."""
    attachment = report.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise LookupError(attachment_id)
    opened = CleanFile.from_bytes(sealing.open_sealed(private, bytes(attachment.sealed)))
    record(
        user,
        Action.READ,
        object_type=OBJECT,
        object_id=report.pk,
        summary="Report file opened",
        detail={"file": attachment.pk},
    )
    return opened


def set_status(user: User, report: Report, status: str) -> Report:
    """Move a report to ``status``; closing it sets the day it will be deleted."""
    if status not in Status.values:
        raise ReportingError(_("Unknown status."))
    today = timezone.localdate()
    with transaction.atomic():
        report.status = status
        if status == Status.CLOSED:
            point = point_for(report.organisation)
            report.closed_on = today
            report.delete_after = today + timedelta(days=point.retention_days)
        else:
            report.closed_on = None
            report.delete_after = None
        report.save(update_fields=["status", "closed_on", "delete_after"])
        record(
            user,
            Action.UPDATE,
            object_type=OBJECT,
            object_id=report.pk,
            summary=f"Report status: {status}",
        )
    return report


def reply(user: User, report: Report, text: str) -> ReportMessage:
    """A reply from the organisation, readable by the reporter with their receipt code."""
    text = check_text(text)
    with transaction.atomic():
        message = new_message(report, Author.ORGANISATION, text)
        Report.objects.filter(pk=report.pk).update(unread_by_reporter=True)
        record(user, Action.UPDATE, object_type=OBJECT, object_id=report.pk, summary="Reply sent")
    return message


# --- Retention --------------------------------------------------------------------------


def delete_expired(today: date | None = None) -> int:
    """Delete every closed report whose retention period has ended (with its messages);
    its receipt code stops working. Return how many were deleted. Each deletion is
    audited under the receiving organisation, with the report's number only."""
    today = today or timezone.localdate()
    expired = list(
        Report.objects.filter(status=Status.CLOSED, delete_after__lte=today).select_related(
            "organisation"
        )
    )
    with transaction.atomic():
        for report in expired:
            record(
                None,
                Action.DELETE,
                organisation=report.organisation,
                object_type=OBJECT,
                object_id=report.pk,
                summary="Report deleted at the end of its retention period",
            )
            report.delete()
    return len(expired)
