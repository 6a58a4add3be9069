"""Recording, changing and removing civic space incidents; each writes its audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.civicspace.models import CivicIncident
from crossroads.codebook.personal_data import find_personal_data

FIRST_DATE = date(2000, 1, 1)
FIELDS = ("kind", "occurred_on", "severity", "description", "shared")


class IncidentError(ValueError):
    """The incident cannot be saved as it is; the message says why."""


def _check(user: User, values: dict[str, Any]) -> None:
    if not can_manage_data(user) or user.organisation is None:
        raise IncidentError(_("Only data officers and administrators record incidents."))
    day = values["occurred_on"]
    if not FIRST_DATE <= day <= timezone.localdate():
        raise IncidentError(_("The date must be between 2000 and today."))
    findings = find_personal_data(values.get("description", ""))
    if findings:
        raise IncidentError(
            _(
                "“%(text)s” in the description looks like personal data: describe roles and "
                "institutions, not persons."
            )
            % {"text": findings[0].text}
        )


def record_incident(user: User, values: dict[str, Any]) -> CivicIncident:
    """Record an incident of ``user``'s organisation from cleaned form ``values``."""
    _check(user, values)
    organisation = user.organisation
    assert organisation is not None
    with transaction.atomic():
        incident = CivicIncident.objects.create(
            organisation=organisation,
            recorded_by=user,
            **{name: values[name] for name in FIELDS},
        )
        record(
            user,
            Action.CREATE,
            object_type="civic_incident",
            object_id=incident.pk,
            summary=f"Recorded civic space incident {incident.kind} of {incident.occurred_on}",
            detail={
                "kind": incident.kind,
                "severity": incident.severity,
                "shared": incident.shared,
            },
        )
    return incident


def update_incident(user: User, incident: CivicIncident, values: dict[str, Any]) -> CivicIncident:
    """Change an incident of ``user``'s organisation (sharing it or not included)."""
    _check(user, values)
    if incident.organisation_id != user.organisation_id:
        raise IncidentError(_("Only the organisation that recorded an incident changes it."))
    with transaction.atomic():
        changed = [n for n in FIELDS if getattr(incident, n) != values[n]]
        for name in FIELDS:
            setattr(incident, name, values[name])
        incident.updated_at = timezone.now()
        incident.save()
        record(
            user,
            Action.UPDATE,
            object_type="civic_incident",
            object_id=incident.pk,
            summary=f"Changed civic space incident {incident.pk}",
            detail={"fields": changed, "shared": incident.shared},
        )
    return incident


def delete_incident(user: User, incident: CivicIncident) -> None:
    """Remove an incident recorded by mistake (the audit log keeps that it existed)."""
    if not can_manage_data(user) or incident.organisation_id != user.organisation_id:
        raise IncidentError(_("Only the organisation that recorded an incident removes it."))
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="civic_incident",
            object_id=incident.pk,
            summary=f"Removed civic space incident {incident.pk}",
        )
        incident.delete()
