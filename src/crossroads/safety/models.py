"""Members' internal safety protocols, their incident register, retention and backups.

A :class:`Protocol` is one version of an organisation's protocol, drawn from
the network's template (:mod:`crossroads.safety.template`): for each rule, how
far it is in place and how the organisation applies it. The organisation's
administrator signs a version off; a sign-off holds for a year.

An :class:`Incident` is recorded with coded fields only (its kind, dates,
whether personal data was involved), so that the secretariat can count
incidents by kind without reading any of them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation

SIGN_OFF_VALID = timedelta(days=365)
NOTIFY_WITHIN = timedelta(hours=72)


class Protocol(models.Model):
    """One version of an organisation's safety protocol."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    template_version = models.CharField(max_length=16)
    answers = models.JSONField(
        default=dict, help_text=_("For each rule: its status and how it is applied.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="protocol_version")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} safety protocol v{self.version}"

    @property
    def signed(self) -> bool:
        return self.signed_off_at is not None

    def valid_until(self) -> datetime | None:
        """When the sign-off lapses (a year after it), or None when not signed off."""
        return self.signed_off_at + SIGN_OFF_VALID if self.signed_off_at else None


class Incident(models.Model):
    """A safety incident of an organisation, in coded fields, with its GDPR clock."""

    class Kind(models.TextChoices):
        LOST_DEVICE = "lost_device", _("Lost or stolen device")
        WRONG_RECIPIENT = "wrong_recipient", _("Data sent to the wrong recipient")
        LOST_FILE = "lost_file", _("Exported file lost or exposed")
        SUSPECTED_INTRUSION = "suspected_intrusion", _("Suspected intrusion")
        ACCOUNT_COMPROMISE = "account_compromise", _("Account used by someone else")
        INSIDER_MISUSE = "insider_misuse", _("Access beyond a person's role")
        THREAT_TO_STAFF = "threat_to_staff", _("Threat to staff")
        THREAT_TO_CLIENT = "threat_to_client", _("Threat to an assisted person")
        PHYSICAL_BREAK_IN = "physical_break_in", _("Break-in at the premises")
        MALWARE = "malware", _("Malware or ransomware")
        OTHER = "other", _("Other safety incident")

    class PersonalData(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("Not known yet")

    class Risk(models.TextChoices):
        UNLIKELY = "unlikely", _("Unlikely to put anyone at risk")
        RISK = "risk", _("A risk to people's rights")
        HIGH = "high", _("A high risk to people (tell them too)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONTAINED = "contained", _("Contained")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    occurred_on = models.DateField(null=True, blank=True)
    discovered_at = models.DateTimeField(help_text=_("When the organisation became aware of it."))
    personal_data = models.CharField(
        max_length=8, choices=PersonalData.choices, default=PersonalData.UNKNOWN
    )
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.RISK)
    authority_notified_at = models.DateTimeField(null=True, blank=True)
    persons_informed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    follow_up = models.TextField(
        blank=True,
        help_text=_("What was done and what is still to do. Never a name or a client's details."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-discovered_at"]
        indexes = [models.Index(fields=["organisation", "kind"], name="incident_org_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.discovered_at:%Y-%m-%d})"

    @property
    def needs_notification(self) -> bool:
        """GDPR Art. 33: a personal data breach is notified to the supervisory authority
        unless it is unlikely to result in a risk to people's rights and freedoms."""
        return self.personal_data != self.PersonalData.NO and self.risk != self.Risk.UNLIKELY

    @property
    def notify_by(self) -> datetime:
        """72 hours after the organisation became aware of the breach (GDPR Art. 33(1))."""
        return self.discovered_at + NOTIFY_WITHIN


class RetentionSchedule(models.Model):
    """How long an organisation keeps closed records."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="retention_schedule"
    )
    closed_after_years = models.PositiveSmallIntegerField(
        help_text=_("Closed records are erased this many years after their last event.")
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.organisation}: closed records kept {self.closed_after_years} years"


class Erasure(models.Model):
    """What one purge erased: counts only, never a value or a client code."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rule = models.CharField(max_length=200)
    cutoff = models.DateField(help_text=_("Records whose last event was before this day."))
    records = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.records} records erased on {self.at:%Y-%m-%d}"


class Backup(models.Model):
    """An encrypted backup archive of the whole instance, and whether it was checked."""

    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    path = models.CharField(max_length=500)
    engine = models.CharField(max_length=12)
    size = models.BigIntegerField()
    checksum = models.CharField(max_length=64, help_text=_("SHA-256 of the database dump."))
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"backup of {self.at:%Y-%m-%d %H:%M}"

    def path_object(self) -> Path:
        return Path(self.path)
