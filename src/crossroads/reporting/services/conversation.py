"""The messages on a report: additions by the reporter and replies by the organisation,
each sealed twice (to the organisation and to the reporter)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from crossroads.reporting import sealing
from crossroads.reporting.models import Report, ReportMessage
from crossroads.reporting.services import ReportingError

MAX_MESSAGE = 5000


def check_text(text: str) -> str:
    """``text`` without surrounding space; refused if empty or longer than
    :data:`MAX_MESSAGE` characters."""
    text = text.strip()
    if not text:
        raise ReportingError(_("Write a message first."))
    if len(text) > MAX_MESSAGE:
        raise ReportingError(
            _("A message can be at most %(count)d characters long.") % {"count": MAX_MESSAGE}
        )
    return text


def new_message(report: Report, author: str, text: str) -> ReportMessage:
    """Store ``text`` on ``report``, sealed to the organisation's key and to the reporter's."""
    payload = text.encode()
    return ReportMessage.objects.create(
        report=report,
        author=author,
        sealed_for_organisation=sealing.seal(bytes(report.key.public_key), payload),
        sealed_for_reporter=sealing.seal(bytes(report.reporter_public_key), payload),
    )


@dataclass
class OpenedMessage:
    """A message opened by one side."""

    author: str
    text: str
    sent_on: date
