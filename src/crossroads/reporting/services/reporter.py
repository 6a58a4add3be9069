"""The reporter's side: routing a report, sealing and storing it, and coming back with
the receipt code and passphrase."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.reporting import sealing
from crossroads.reporting.attachments import CleanFile
from crossroads.reporting.models import (
    Author,
    Report,
    ReportAttachment,
    ReportCount,
    ReportingPoint,
    ReportMessage,
    Status,
)
from crossroads.reporting.sealing import KdfParameters
from crossroads.reporting.services import OBJECT, ReportingError
from crossroads.reporting.services.conversation import OpenedMessage, check_text, new_message

RECEIPT_DIGITS = 16


def reporter_kdf_parameters() -> KdfParameters:
    """The cost of a reporter's passphrase: lower than an organisation's, since every
    submission and every return pays it, and the receipt code adds 53 bits of its own."""
    return KdfParameters(n_log2=max(10, settings.CROSSROADS_REPORTING_KDF_LOG2 - 2))


def route(country: str, kinds: list[str], language: str) -> ReportingPoint | None:
    """The open reporting point that takes reports of ``country`` and ``kinds``.

    Points that take the country and at least one of the kinds come first (an empty list
    of kinds takes every kind), those whose staff read ``language`` before others, then
    the network's fallback; ties go to the organisation code, so routing is stable."""
    open_points = [
        point
        for point in ReportingPoint.objects.filter(is_open=True)
        .select_related("organisation")
        .order_by("organisation__code")
        if point.current_key() is not None
    ]

    def takes(point: ReportingPoint) -> bool:
        kinds_ok = not point.kinds or bool(set(point.kinds) & set(kinds)) or not kinds
        return country in point.countries and kinds_ok

    matching = [point for point in open_points if takes(point)]
    if matching:
        matching.sort(key=lambda point: language not in point.languages)
        return matching[0]
    fallback = [point for point in open_points if point.network_fallback]
    return fallback[0] if fallback else None


# --- The reporter's side --------------------------------------------------------------


def receipt_hash(receipt: str) -> str:
    """The stored form of a receipt code: a keyed hash of its digits."""
    digits = "".join(ch for ch in receipt if ch.isdigit())
    return salted_hmac("crossroads.reporting.receipt", digits, algorithm="sha256").hexdigest()


def new_receipt() -> str:
    """A random receipt code of 16 digits, in groups of four."""
    digits = "".join(secrets.choice("0123456789") for _ in range(RECEIPT_DIGITS))
    return " ".join(digits[i : i + 4] for i in range(0, RECEIPT_DIGITS, 4))


@dataclass
class Submission:
    """What a reporter sends; ``answers`` are the coded answers and the free text."""

    country: str
    kinds: list[str]
    language: str
    answers: dict[str, Any]
    passphrase: str
    consent_statistics: bool
    consent_case_record: bool
    # Files already cleaned of their metadata (see crossroads.reporting.attachments).
    files: list[CleanFile] = field(default_factory=list)


def submit(
    point: ReportingPoint, submission: Submission, *, receipt: str = ""
) -> tuple[Report, str]:
    """Seal and store a report for ``point``; return it with its receipt code (shown once,
    never stored). ``receipt`` is only for the demo, whose one receipt code is published."""
    key = point.current_key()
    if key is None or not point.is_open:
        raise ReportingError(_("This reporting point is not taking reports."))
    receipt = receipt or new_receipt()
    salt = secrets.token_bytes(16)
    kdf = reporter_kdf_parameters()
    reporter = sealing.reporter_key(receipt.replace(" ", ""), submission.passphrase, salt, kdf)
    content = json.dumps(submission.answers, ensure_ascii=False).encode()
    with transaction.atomic():
        report = Report.objects.create(
            organisation=point.organisation,
            key=key,
            receipt_hash=receipt_hash(receipt),
            reporter_public_key=sealing.public_bytes(reporter),
            reporter_salt=salt,
            reporter_kdf_n_log2=kdf.n_log2,
            sealed=sealing.seal(bytes(key.public_key), content),
            country=submission.country,
            kinds=submission.kinds,
            language=submission.language,
            consent_statistics=submission.consent_statistics,
            consent_case_record=submission.consent_case_record,
        )
        if submission.consent_statistics:
            _count(report, submission)
        for file in submission.files:
            ReportAttachment.objects.create(
                report=report, sealed=sealing.seal(bytes(key.public_key), file.to_bytes())
            )
        record(
            None,
            Action.CREATE,
            organisation=point.organisation,
            object_type=OBJECT,
            object_id=report.pk,
            summary="Report received",
            detail={"files": len(submission.files)} if submission.files else None,
        )
    return report, receipt


def _count(report: Report, submission: Submission) -> None:
    """Add ``report`` to its organisation's monthly counts (the reporter agreed to be
    counted): coded answers only, no link to the report."""
    row, _created = ReportCount.objects.get_or_create(
        organisation=report.organisation,
        month=report.received_on.replace(day=1),
        country=report.country,
        kinds=",".join(sorted(report.kinds)),
        sharing=str(submission.answers.get("authorities") or "no"),
        case_record=report.consent_case_record,
    )
    ReportCount.objects.filter(pk=row.pk).update(reports=F("reports") + 1)


@dataclass
class ReporterAccess:
    """A reporter who has come back with their receipt code and passphrase."""

    report: Report
    private: X25519PrivateKey = field(repr=False)


def come_back(receipt: str, passphrase: str) -> ReporterAccess:
    """The report of ``receipt`` opened with the reporter's passphrase, or
    :class:`ReportingError` with one message for every failure (no report, deleted,
    wrong passphrase), so that a guess learns nothing."""
    report = Report.objects.filter(receipt_hash=receipt_hash(receipt)).first()
    if report is None:
        raise ReportingError(_("This receipt code and passphrase do not open a report."))
    digits = "".join(ch for ch in receipt if ch.isdigit())
    kdf = KdfParameters(n_log2=report.reporter_kdf_n_log2)
    private = sealing.reporter_key(digits, passphrase, bytes(report.reporter_salt), kdf)
    if not sealing.same(sealing.public_bytes(private), bytes(report.reporter_public_key)):
        raise ReportingError(_("This receipt code and passphrase do not open a report."))
    return ReporterAccess(report, private)


def add_from_reporter(access: ReporterAccess, text: str) -> ReportMessage:
    """The reporter adds information to their report."""
    report = access.report
    if report.status == Status.CLOSED:
        raise ReportingError(_("This report is closed: it no longer takes new information."))
    text = check_text(text)
    with transaction.atomic():
        message = new_message(report, Author.REPORTER, text)
        Report.objects.filter(pk=report.pk).update(unread_by_organisation=True)
        record(
            None,
            Action.UPDATE,
            organisation=report.organisation,
            object_type=OBJECT,
            object_id=report.pk,
            summary="Reporter added information",
        )
    return message


def messages_for_reporter(access: ReporterAccess) -> list[OpenedMessage]:
    """The report's messages, opened with the reporter's key; marks replies read."""
    opened = [
        OpenedMessage(
            m.author,
            sealing.open_sealed(access.private, bytes(m.sealed_for_reporter)).decode(),
            m.sent_on,
        )
        for m in access.report.messages.all()
    ]
    Report.objects.filter(pk=access.report.pk).update(unread_by_reporter=False)
    return opened
