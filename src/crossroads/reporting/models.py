"""The reporting point: an organisation's settings and keys, reports and their messages.

Only what routing, triage, retention and the consented statistics need is stored in
clear (the country, the coded kinds, the month, the consent choices, the status). What
the reporter wrote and every other answer is sealed to the receiving organisation's key
(:mod:`crossroads.reporting.sealing`). No address, no user agent and no time finer than
the day is stored for anything a reporter does.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation, User
from crossroads.cases.models import Case
from crossroads.reporting.sealing import KdfParameters, WrappedKey


class ReportingPoint(models.Model):
    """An organisation's reporting point: whether it is open, what it takes, how long it
    keeps closed reports."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="reporting_point"
    )
    is_open = models.BooleanField(default=False)
    # ISO alpha-3 codes of the countries whose reports this organisation takes.
    countries = models.JSONField(default=list, blank=True)
    # Codes of the standard's forms of exploitation it takes ("exploitation_form").
    kinds = models.JSONField(default=list, blank=True)
    # Languages its staff read and answer in (codes of the reporting form's languages).
    languages = models.JSONField(default=list, blank=True)
    # Takes the reports that no other organisation takes (the network's fallback).
    network_fallback = models.BooleanField(default=False)
    retention_days = models.PositiveIntegerField(default=90)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"reporting point of {self.organisation.code}"

    def current_key(self) -> ReportingKey | None:
        """The key new reports are sealed to, if the organisation has set one up."""
        return (
            ReportingKey.objects.filter(organisation=self.organisation, retired_at=None)
            .order_by("-created_at")
            .first()
        )


class ReportingKey(models.Model):
    """An organisation's X25519 key pair: the public key, and the private key wrapped
    under its staff's passphrase. Retired keys are kept while reports sealed to them are."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reporting_keys"
    )
    public_key = models.BinaryField(max_length=32)
    wrapped_private_key = models.BinaryField(max_length=64)
    salt = models.BinaryField(max_length=16)
    kdf_n_log2 = models.PositiveSmallIntegerField()
    kdf_r = models.PositiveSmallIntegerField()
    kdf_p = models.PositiveSmallIntegerField()
    fingerprint = models.CharField(max_length=19)
    # The same private key wrapped under a recovery code shown once at set-up, to be kept
    # offline (printed, in a safe): it opens the key when the passphrase is lost.
    recovery_wrapped_private_key = models.BinaryField(max_length=64, default=b"")
    recovery_salt = models.BinaryField(max_length=16, default=b"")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    retired_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reporting key {self.fingerprint} of {self.organisation_id}"

    def wrapped(self) -> WrappedKey:
        """The stored key as :mod:`~crossroads.reporting.sealing` reads it."""
        return WrappedKey(
            bytes(self.public_key),
            bytes(self.wrapped_private_key),
            bytes(self.salt),
            KdfParameters(self.kdf_n_log2, self.kdf_r, self.kdf_p),
        )

    def recovery_wrapped(self) -> WrappedKey:
        """The key wrapped under its recovery code."""
        return WrappedKey(
            bytes(self.public_key),
            bytes(self.recovery_wrapped_private_key),
            bytes(self.recovery_salt),
            KdfParameters(self.kdf_n_log2, self.kdf_r, self.kdf_p),
        )


class Status(models.TextChoices):
    """Where a report stands at the receiving organisation."""

    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: User) -> ReportQuerySet:
        """The reports ``user`` may see: those received by their own organisation, and only
        for the roles that work with cases (see :mod:`crossroads.reporting.access`)."""
        from crossroads.accounts.permissions import can_work_with_cases

        if not can_work_with_cases(user):
            return self.none()
        return self.filter(organisation=user.organisation)


class Report(models.Model):
    """One report, as received. ``sealed`` holds every answer and the free text, sealed to
    ``key``; the columns beside it are what routing, triage, retention and the consented
    statistics need."""

    # Nobody else could read a report, so it goes with its organisation and its key.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.ForeignKey(ReportingKey, on_delete=models.CASCADE, related_name="reports")
    # A keyed hash of the receipt code: the code itself is never stored.
    receipt_hash = models.CharField(max_length=64, unique=True)
    # The reporter's key, derived from the receipt code and their passphrase.
    reporter_public_key = models.BinaryField(max_length=32)
    reporter_salt = models.BinaryField(max_length=16)
    reporter_kdf_n_log2 = models.PositiveSmallIntegerField()
    sealed = models.BinaryField()
    # In clear, coded: the country of the events, the kinds, and the consents.
    country = models.CharField(max_length=3, blank=True)
    kinds = models.JSONField(default=list)
    language = models.CharField(max_length=10)
    consent_statistics = models.BooleanField(default=False)
    consent_case_record = models.BooleanField(default=False)
    # The day only: a finer time would help tie a report to a person's movements.
    received_on = models.DateField(default=date.today)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    closed_on = models.DateField(null=True, blank=True)
    delete_after = models.DateField(null=True, blank=True)
    # Set when a reply or an addition arrives that the other side has not read yet.
    unread_by_organisation = models.BooleanField(default=True)
    unread_by_reporter = models.BooleanField(default=False)
    # The case record opened from this report (with the reporter's consent), if any. Both
    # belong to the same organisation and are seen by the same staff; the record outlives
    # the report when retention deletes it.
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organisation", "status", "-id"])]

    def __str__(self) -> str:
        return f"report {self.pk}"

    @property
    def reference(self) -> str:
        """The reference staff use between themselves (not the receipt code)."""
        return f"R-{self.pk:05d}"


class Author(models.TextChoices):
    REPORTER = "reporter", _("The reporter")
    ORGANISATION = "organisation", _("The organisation")


class ReportMessage(models.Model):
    """A later message on a report: an addition by the reporter or a reply by the
    organisation, sealed twice (to the organisation and to the reporter)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=20, choices=Author.choices)
    sealed_for_organisation = models.BinaryField()
    sealed_for_reporter = models.BinaryField()
    sent_on = models.DateField(default=date.today)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"message {self.pk} on report {self.report_id}"


class ReportAttachment(models.Model):
    """A file sent with a report, cleaned of its metadata
    (:mod:`crossroads.reporting.attachments`) and sealed, with its name and type, to the
    organisation's key: nothing of it is in clear."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    sealed = models.BinaryField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"attachment {self.pk} of report {self.report_id}"


class ReportCount(models.Model):
    """How many reports an organisation received in a month with the same coded answers,
    among those whose reporter agreed to be counted: what the annual exchange counts.

    Counted on arrival, so the figures outlive the reports that retention deletes; a row
    holds no link to any report and no day, and a report whose reporter said no to being
    counted is in no row at all."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The first day of the month the reports arrived in.
    month = models.DateField()
    country = models.CharField(max_length=3, blank=True)
    # The forms of exploitation ("exploitation_form" codes), sorted and joined by commas.
    kinds = models.CharField(max_length=200)
    # The answer on sharing with the authorities (choices.AUTHORITIES).
    sharing = models.CharField(max_length=20)
    case_record = models.BooleanField()
    reports = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month", "country", "kinds", "sharing", "case_record"],
                name="report_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reports} reports of {self.organisation_id} in {self.month:%Y-%m}"
