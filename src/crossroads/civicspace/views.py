"""Civic space pages: the member's incident register, the network's protected counts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.civicspace import counts, services
from crossroads.civicspace.access import get_incident_for_user
from crossroads.civicspace.forms import IncidentForm
from crossroads.civicspace.models import CivicIncident
from crossroads.codebook.loader import load_standard

YEARS_SHOWN = 5


def _member(request: HttpRequest) -> User:
    user = request.user
    if not can_manage_data(user):
        raise PermissionDenied
    return user


def _analyst(request: HttpRequest) -> User:
    user = request.user
    if not is_analyst(user):
        raise PermissionDenied
    return user


def country_name(code: str) -> str:
    """The country's name in the reader's language (the code if unknown)."""
    value = load_standard().vocabularies["country"].get(code)
    return value.label.get(translation.get_language()) if value else code


def _years() -> list[int]:
    """The last complete years: a rise is judged on whole years, not the one under way."""
    last = timezone.localdate().year - 1
    return list(range(last - YEARS_SHOWN + 1, last + 1))


@login_required
def incidents(request: HttpRequest) -> HttpResponse:
    """The organisation's incidents, newest first."""
    if is_analyst(request.user):
        return redirect("civicspace:network")
    user = _member(request)
    rows = CivicIncident.objects.visible_to(user).select_related("recorded_by")
    record(user, Action.LIST, object_type="civic_incident", summary="Listed civic incidents")
    return render(request, "civicspace/incidents.html", {"incidents": rows})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Record an incident."""
    user = _member(request)
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.record_incident(user, form.cleaned_data)
        except services.IncidentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Incident recorded."))
            return redirect("civicspace:incident", incident.pk)
    return render(request, "civicspace/incident.html", {"form": form, "creating": True})


@login_required
def detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    """An incident: the member changes it; an analyst reads it if the member shared it."""
    user = request.user
    incident = get_incident_for_user(user, incident_id)
    member = can_manage_data(user) and incident.organisation_id == user.organisation_id
    form = IncidentForm(request.POST or None, instance=incident) if member else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_incident(user, incident, form.cleaned_data)  # type: ignore[arg-type]
            except services.IncidentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Incident saved."))
                return redirect("civicspace:incident", incident.pk)
        incident.refresh_from_db()
    record(
        user,
        Action.READ,
        object_type="civic_incident",
        object_id=incident.pk,
        summary=f"Viewed civic space incident {incident.pk}",
    )
    return render(
        request,
        "civicspace/incident.html",
        {
            "incident": incident,
            "form": form,
            "creating": False,
            "country": country_name(incident.organisation.country),
        },
    )


@login_required
@require_POST
def delete(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Remove an incident recorded by mistake."""
    user = _member(request)
    incident = get_incident_for_user(user, incident_id)
    services.delete_incident(user, incident)
    messages.success(request, _("Incident removed."))
    return redirect("civicspace:incidents")


@login_required
def network(request: HttpRequest) -> HttpResponse:
    """Protected counts by country and year, rises flagged, and the records members shared."""
    user = _analyst(request)
    grid = counts.by_country(_years())
    record(user, Action.READ, object_type="civic_counts", summary="Viewed civic space counts")
    return render(
        request,
        "civicspace/network.html",
        {
            "grid": grid,
            "rows": [(row, country_name(row.key)) for row in grid.rows],
            "shared": CivicIncident.objects.visible_to(user).select_related("organisation")[:50],
        },
    )


@login_required
def country(request: HttpRequest, country: str) -> HttpResponse:
    """One country: its protected counts by year, whether they rise, its shared records."""
    user = _analyst(request)
    code = country.upper()
    if load_standard().vocabularies["country"].get(code) is None:
        raise Http404
    grid = counts.by_country(_years())
    row = counts.country_row(grid, code)
    record(
        user,
        Action.READ,
        object_type="civic_counts",
        summary=f"Viewed civic space counts of {code}",
    )
    return render(
        request,
        "civicspace/country.html",
        {
            "grid": grid,
            "row": row,
            "code": code,
            "name": country_name(code),
            "shared": CivicIncident.objects.visible_to(user)
            .filter(organisation__country=code)
            .select_related("organisation"),
        },
    )
