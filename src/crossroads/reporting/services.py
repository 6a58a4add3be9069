"""Every change to reporting points, keys and reports, each with its audit entry.

Reporters are never identified: their actions are audited with no actor, under the
receiving organisation, with the report's number and nothing of its content, and no
address is ever passed here. Staff actions are audited with the staff member as usual.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.reporting import sealing
from crossroads.reporting.models import (
    Author,
    Report,
    ReportingKey,
    ReportingPoint,
    ReportMessage,
    Status,
)
from crossroads.reporting.sealing import KdfParameters

RECEIPT_DIGITS = 16
OBJECT = "report"


class ReportingError(Exception):
    """A request that cannot be carried out; the message says why, for the person."""


def kdf_parameters() -> KdfParameters:
    """The cost of an organisation's passphrase (``CROSSROADS_REPORTING_KDF_LOG2``)."""
    return KdfParameters(n_log2=settings.CROSSROADS_REPORTING_KDF_LOG2)


def reporter_kdf_parameters() -> KdfParameters:
    """The cost of a reporter's passphrase: lower than an organisation's, since every
    submission and every return pays it, and the receipt code adds 53 bits of its own."""
    return KdfParameters(n_log2=max(10, settings.CROSSROADS_REPORTING_KDF_LOG2 - 2))


# --- The organisation's side: settings and keys ------------------------------------------


def point_for(organisation: Organisation) -> ReportingPoint:
    """The organisation's reporting point (created closed on first use)."""
    point, _created = ReportingPoint.objects.get_or_create(organisation=organisation)
    return point


def update_point(user: User, point: ReportingPoint, **values: Any) -> ReportingPoint:
    """Change a reporting point's settings (open, countries, kinds, languages, fallback,
    retention). Opening it needs a key."""
    if values.get("is_open") and point.current_key() is None:
        raise ReportingError(_("Set up the organisation's key before opening the reporting point."))
    with transaction.atomic():
        for name, value in values.items():
            setattr(point, name, value)
        point.updated_at = timezone.now()
        point.save()
        record(
            user,
            Action.UPDATE,
            object_type="reporting_point",
            object_id=point.pk,
            summary="Reporting point settings changed",
            detail={"fields": sorted(values)},
        )
    return point


def new_recovery_code() -> str:
    """A random recovery code: 24 characters of an alphabet without look-alikes, in groups."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(24))
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def _normal_recovery(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def set_up_key(user: User, organisation: Organisation, passphrase: str) -> tuple[ReportingKey, str]:
    """Create the organisation's first key, its private half wrapped under ``passphrase``
    and under a new recovery code; return the key and the code (shown once, never stored)."""
    if ReportingKey.objects.filter(organisation=organisation, retired_at=None).exists():
        raise ReportingError(_("The organisation already has a key; change it instead."))
    check_passphrase_strength(passphrase)
    private = X25519PrivateKey.generate()
    with transaction.atomic():
        key, recovery = _store_key(organisation, user, private, passphrase)
        record(
            user,
            Action.SECURITY,
            object_type="reporting_key",
            object_id=key.pk,
            summary=f"Reporting key {key.fingerprint} set up",
        )
    return key, recovery


def _store_key(
    organisation: Organisation, user: User, private: X25519PrivateKey, passphrase: str
) -> tuple[ReportingKey, str]:
    kdf = kdf_parameters()
    wrapped = sealing.wrap(private, passphrase, kdf)
    recovery = new_recovery_code()
    spare = sealing.wrap(private, _normal_recovery(recovery), kdf)
    key = ReportingKey.objects.create(
        organisation=organisation,
        public_key=wrapped.public_key,
        wrapped_private_key=wrapped.wrapped_private_key,
        salt=wrapped.salt,
        recovery_wrapped_private_key=spare.wrapped_private_key,
        recovery_salt=spare.salt,
        kdf_n_log2=wrapped.kdf.n_log2,
        kdf_r=wrapped.kdf.r,
        kdf_p=wrapped.kdf.p,
        fingerprint=sealing.fingerprint(wrapped.public_key),
        created_by=user,
    )
    return key, recovery


def open_with_passphrase_or_recovery(key: ReportingKey, secret: str) -> X25519PrivateKey:
    """The private key, opened with the passphrase or, failing that, the recovery code."""
    try:
        return sealing.unwrap(key.wrapped(), secret)
    except sealing.WrongSecret:
        if not bytes(key.recovery_wrapped_private_key):
            raise
        return sealing.unwrap(key.recovery_wrapped(), _normal_recovery(secret))


def rotate_key(
    user: User, organisation: Organisation, old_secret: str, new_passphrase: str
) -> tuple[ReportingKey, str]:
    """Replace the organisation's key by a new one under ``new_passphrase`` (and a new
    recovery code), opening the old key with its passphrase or its recovery code.

    Every report and message still kept is opened with the old key and sealed again to
    the new one, in one transaction; the old key is then retired and its wrapped private
    key erased, so the old passphrase and recovery code open nothing any more. Used to
    change the passphrase, after a member of staff leaves, or when the passphrase is lost
    but the recovery code is not."""
    old = ReportingKey.objects.filter(organisation=organisation, retired_at=None).first()
    if old is None:
        raise ReportingError(_("The organisation has no key yet: set one up first."))
    check_passphrase_strength(new_passphrase)
    try:
        old_private = open_with_passphrase_or_recovery(old, old_secret)
    except sealing.WrongSecret as error:
        raise ReportingError(
            _("Neither the current passphrase nor the recovery code opens the key.")
        ) from error
    new_private = X25519PrivateKey.generate()
    new_public = sealing.public_bytes(new_private)
    with transaction.atomic():
        key, recovery = _store_key(organisation, user, new_private, new_passphrase)
        reports = Report.objects.filter(organisation=organisation).select_for_update()
        for report in reports:
            report.sealed = sealing.seal(
                new_public, sealing.open_sealed(old_private, bytes(report.sealed))
            )
            report.key = key
            report.save(update_fields=["sealed", "key"])
            for message in report.messages.all():
                message.sealed_for_organisation = sealing.seal(
                    new_public,
                    sealing.open_sealed(old_private, bytes(message.sealed_for_organisation)),
                )
                message.save(update_fields=["sealed_for_organisation"])
        ReportingKey.objects.filter(organisation=organisation, retired_at=None).exclude(
            pk=key.pk
        ).update(
            retired_at=timezone.now(), wrapped_private_key=b"", recovery_wrapped_private_key=b""
        )
        record(
            user,
            Action.SECURITY,
            object_type="reporting_key",
            object_id=key.pk,
            summary=f"Reporting key changed from {old.fingerprint} to {key.fingerprint}",
        )
    return key, recovery


MIN_PASSPHRASE = 12


def check_passphrase_strength(passphrase: str) -> None:
    """Refuse an organisation passphrase shorter than :data:`MIN_PASSPHRASE` characters."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ReportingError(
            _(
                "The passphrase must be at least %(count)d characters long: "
                "several words are easy to remember and hard to guess."
            )
            % {"count": MIN_PASSPHRASE}
        )


def unlock(user: User, key: ReportingKey, passphrase: str) -> X25519PrivateKey:
    """The organisation's private key, opened with its passphrase (audited either way)."""
    try:
        private = open_with_passphrase_or_recovery(key, passphrase)
    except sealing.WrongSecret:
        record(
            user,
            Action.SECURITY,
            object_type="reporting_key",
            object_id=key.pk,
            summary="Reporting key: wrong passphrase",
        )
        raise
    record(
        user,
        Action.SECURITY,
        object_type="reporting_key",
        object_id=key.pk,
        summary="Reporting key unlocked",
    )
    return private


# --- Routing ----------------------------------------------------------------------------


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
        record(
            None,
            Action.CREATE,
            organisation=point.organisation,
            object_type=OBJECT,
            object_id=report.pk,
            summary="Report received",
        )
    return report, receipt


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


MAX_MESSAGE = 5000


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ReportingError(_("Write a message first."))
    if len(text) > MAX_MESSAGE:
        raise ReportingError(
            _("A message can be at most %(count)d characters long.") % {"count": MAX_MESSAGE}
        )
    return text


def add_from_reporter(access: ReporterAccess, text: str) -> ReportMessage:
    """The reporter adds information to their report."""
    report = access.report
    if report.status == Status.CLOSED:
        raise ReportingError(_("This report is closed: it no longer takes new information."))
    text = _check_text(text)
    with transaction.atomic():
        message = _message(report, Author.REPORTER, text)
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


def _message(report: Report, author: str, text: str) -> ReportMessage:
    payload = text.encode()
    return ReportMessage.objects.create(
        report=report,
        author=author,
        sealed_for_organisation=sealing.seal(bytes(report.key.public_key), payload),
        sealed_for_reporter=sealing.seal(bytes(report.reporter_public_key), payload),
    )


@dataclass
class OpenedMessage:
    author: str
    text: str
    sent_on: date


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


# --- The organisation's side: reading and triage ------------------------------------------


@dataclass
class OpenedReport:
    report: Report
    answers: dict[str, Any]
    messages: list[OpenedMessage]


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
    with transaction.atomic():
        if report.unread_by_organisation:
            Report.objects.filter(pk=report.pk).update(unread_by_organisation=False)
        record(user, Action.READ, object_type=OBJECT, object_id=report.pk, summary="Report read")
    return OpenedReport(report, answers, messages)


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
    text = _check_text(text)
    with transaction.atomic():
        message = _message(report, Author.ORGANISATION, text)
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
