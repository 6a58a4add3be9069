"""Civic space incidents: what happens to members' organisations and staff.

A member records each incident (funding blocked or cut, exclusion from the
national referral mechanism or from consultations, legal or administrative
harassment, threats or attacks, smear campaigns, state-organised
competitors) with its date and severity. The record stays with the member;
the network sees protected counts by country and year, and the record
itself only if the member chooses to share it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation

if TYPE_CHECKING:
    from crossroads.accounts.permissions import AnyUser


class Kind(models.TextChoices):
    """What happened (the network's coding of civic space incidents)."""

    FUNDING_CUT = "funding_cut", _("Funding cut or withdrawn")
    FUNDING_BLOCKED = "funding_blocked", _("Funding blocked or delayed")
    EXCLUDED_NRM = "excluded_nrm", _("Excluded from the national referral mechanism")
    EXCLUDED_CONSULTATION = "excluded_consultation", _("Excluded from consultations")
    LEGAL_HARASSMENT = "legal_harassment", _("Legal or administrative harassment")
    THREAT = "threat", _("Threats against the organisation or its staff")
    ATTACK = "attack", _("Physical attack or damage")
    SMEAR = "smear", _("Smear campaign")
    STATE_COMPETITOR = "state_competitor", _("State-organised competitor")


class Severity(models.IntegerChoices):
    """How badly the incident affects the organisation's work."""

    LOW = 1, _("Low: an obstacle, work goes on")
    MODERATE = 2, _("Moderate: part of the work is hampered")
    SERIOUS = 3, _("Serious: a service or activity stopped")
    SEVERE = 4, _("Severe: the organisation or its staff in danger")


class IncidentQuerySet(models.QuerySet["CivicIncident"]):
    """Query rules for civic space incidents."""

    def visible_to(self, user: AnyUser) -> IncidentQuerySet:
        """Members' data officers and administrators: their own; analysts: shared ones."""
        from crossroads.accounts.permissions import can_manage_data, is_analyst

        if is_analyst(user):
            return self.filter(shared=True)
        if can_manage_data(user):
            return self.filter(organisation=user.organisation)
        return self.none()


class CivicIncident(models.Model):
    """One incident against a member organisation or its staff."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="civic_incidents"
    )
    kind = models.CharField(_("What happened"), max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(_("Date"))
    severity = models.PositiveSmallIntegerField(_("Severity"), choices=Severity.choices)
    description = models.TextField(
        _("Description"),
        blank=True,
        help_text=_("What happened and its effect on your work, without names."),
    )
    shared = models.BooleanField(
        _("Share this record with the network"),
        default=False,
        help_text=_("Let the network's secretariat read this record (counts are always shared)."),
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["occurred_on"], name="civic_incident_date")]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.kind} {self.occurred_on}"
