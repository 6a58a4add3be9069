"""Changing an organisation's safety protocol and incident register; each change audited.

Fetch an incident only through :func:`get_incident_for_user`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import Organisation, User
from crossroads.accounts.permissions import (
    AnyUser,
    can_administer_organisation,
    can_work_with_cases,
)
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.safety.models import Incident, Protocol
from crossroads.safety.template import load_template

#: How far a rule is in place.
RULE_STATUSES = ("in_place", "partly", "not_yet", "not_applicable")
PRACTICE_LENGTH = 2000


class SafetyError(ValueError):
    """A change that is not allowed; the message says why."""


def current_protocol(organisation: Organisation) -> Protocol | None:
    """The latest version of the organisation's protocol (signed off or not)."""
    return Protocol.objects.filter(organisation=organisation).order_by("-version").first()


def last_signed(organisation: Organisation) -> Protocol | None:
    return (
        Protocol.objects.filter(organisation=organisation, signed_off_at__isnull=False)
        .order_by("-version")
        .first()
    )


def save_protocol(user: User, answers: dict[str, dict[str, str]]) -> Protocol:
    """Save the organisation's answers as the current draft: a new version when the latest
    one is signed off, otherwise the draft is updated. Audited."""
    organisation = user.organisation
    assert organisation is not None
    template = load_template()
    clean: dict[str, dict[str, str]] = {}
    for rule in template.rules():
        answer = answers.get(rule.code, {})
        status = answer.get("status", "")
        if status not in RULE_STATUSES:
            status = "not_yet"
        clean[rule.code] = {
            "status": status,
            "practice": answer.get("practice", "")[:PRACTICE_LENGTH].strip(),
        }
    with transaction.atomic():
        latest = (
            Protocol.objects.select_for_update()
            .filter(organisation=organisation)
            .order_by("-version")
            .first()
        )
        if latest is not None and not latest.signed:
            latest.answers, latest.template_version = clean, template.version
            latest.save(update_fields=["answers", "template_version"])
            protocol = latest
        else:
            protocol = Protocol.objects.create(
                organisation=organisation,
                version=(latest.version + 1 if latest else 1),
                template_version=template.version,
                answers=clean,
                created_by=user,
            )
        record(
            user,
            Action.UPDATE,
            object_type="protocol",
            object_id=protocol.pk,
            summary=f"Saved the safety protocol, version {protocol.version}",
        )
    return protocol


def sign_off(user: User, protocol: Protocol) -> Protocol:
    """The administrator signs the protocol version off (for a year). Audited."""
    if not can_administer_organisation(user) or protocol.organisation_id != user.organisation_id:
        raise SafetyError(_("Only your organisation's administrator signs the protocol off."))
    if protocol.signed:
        raise SafetyError(_("This version is already signed off."))
    with transaction.atomic():
        protocol.signed_off_at, protocol.signed_off_by = timezone.now(), user
        protocol.save(update_fields=["signed_off_at", "signed_off_by"])
        record(
            user,
            Action.REVIEW,
            object_type="protocol",
            object_id=protocol.pk,
            summary=f"Signed off the safety protocol, version {protocol.version}",
        )
    return protocol


def renew(user: User) -> Protocol:
    """Start the yearly review: a new draft version from the last one."""
    latest = current_protocol(user.organisation) if user.organisation else None
    if latest is None:
        raise SafetyError(_("There is no protocol yet."))
    return save_protocol(user, dict(latest.answers))


# ---------------------------------------------------------------- incidents
def incidents_visible_to(user: AnyUser) -> QuerySet[Incident]:
    """The incidents ``user`` may read: their own organisation's, for its staff."""
    if not can_work_with_cases(user):
        return Incident.objects.none()
    return Incident.objects.filter(organisation=user.organisation)


def get_incident_for_user(user: AnyUser, incident_id: int) -> Incident:
    """The incident ``incident_id`` if ``user`` may read it; 404 otherwise (also for the
    secretariat: it counts incidents, it never reads one)."""
    incident = incidents_visible_to(user).filter(pk=incident_id).first()
    if incident is None:
        raise Http404
    return incident


@dataclass(frozen=True)
class IncidentInput:
    """What a form says about an incident (coded fields, and the follow-up notes)."""

    kind: str
    occurred_on: date | None
    discovered_at: datetime
    personal_data: str
    risk: str
    status: str
    authority_notified_at: datetime | None
    persons_informed_at: datetime | None
    follow_up: str


def record_incident(user: User, data: IncidentInput) -> Incident:
    """Add an incident to the register. Any of the organisation's staff may. Audited."""
    assert user.organisation is not None
    with transaction.atomic():
        incident = Incident(organisation=user.organisation, recorded_by=user)
        _apply(incident, data)
        incident.save()
        record(
            user,
            Action.CREATE,
            object_type="incident",
            object_id=incident.pk,
            summary=f"Recorded an incident: {incident.kind}",
        )
    return incident


def update_incident(user: User, incident: Incident, data: IncidentInput) -> Incident:
    """Change an incident: its follow-up, notifications, status. Administrators only. Audited."""
    if not can_administer_organisation(user):
        raise SafetyError(_("Only your organisation's administrator changes an incident."))
    with transaction.atomic():
        _apply(incident, data)
        incident.save()
        record(
            user,
            Action.UPDATE,
            object_type="incident",
            object_id=incident.pk,
            summary=f"Updated an incident: {incident.kind}, {incident.status}",
        )
    return incident


def _apply(incident: Incident, data: IncidentInput) -> None:
    incident.kind, incident.occurred_on = data.kind, data.occurred_on
    incident.discovered_at, incident.personal_data = data.discovered_at, data.personal_data
    incident.risk, incident.follow_up = data.risk, data.follow_up.strip()
    incident.authority_notified_at = data.authority_notified_at
    incident.persons_informed_at = data.persons_informed_at
    if data.status == Incident.Status.CLOSED and incident.status != Incident.Status.CLOSED:
        incident.closed_at = timezone.now()
    incident.status = data.status


# ---------------------------------------------------------------- secretariat
@dataclass(frozen=True)
class MemberStatus:
    """What the secretariat sees of a member: the protocol's state and incident counts."""

    organisation: Organisation
    version: int | None
    signed_off_at: datetime | None
    valid_until: datetime | None
    draft: bool
    incidents: dict[str, int]


def network_overview(since: datetime) -> list[MemberStatus]:
    """Every member's protocol status and its incidents since ``since``, counted by kind."""
    members = Organisation.objects.exclude(kind=Organisation.Kind.SECRETARIAT).order_by("name")
    signed = {
        p.organisation_id: p
        for p in Protocol.objects.filter(signed_off_at__isnull=False).order_by("version")
    }
    latest = dict(
        Protocol.objects.values("organisation")
        .annotate(v=Max("version"))
        .values_list("organisation", "v")
    )
    counts: dict[int, Counter[str]] = {}
    for organisation_id, kind in Incident.objects.filter(discovered_at__gte=since).values_list(
        "organisation", "kind"
    ):
        counts.setdefault(organisation_id, Counter())[kind] += 1
    overview = []
    for member in members:
        last = signed.get(member.pk)
        overview.append(
            MemberStatus(
                organisation=member,
                version=last.version if last else None,
                signed_off_at=last.signed_off_at if last else None,
                valid_until=last.valid_until() if last else None,
                draft=latest.get(member.pk, 0) > (last.version if last else 0),
                incidents=dict(counts.get(member.pk, Counter())),
            )
        )
    return overview
