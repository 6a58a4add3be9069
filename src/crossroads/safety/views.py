"""The safety pages: the organisation's protocol and its live checks, the incident register,
retention, backups, and the secretariat's overview of members (never their details)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import (
    allowed_or_404,
    can_administer_organisation,
    can_work_with_cases,
    is_analyst,
)
from crossroads.safety import retention, services
from crossroads.safety.access import can_back_up
from crossroads.safety.checks import run_checks
from crossroads.safety.forms import STATUS_CHOICES, IncidentForm, ProtocolForm, RetentionForm
from crossroads.safety.models import Backup, Erasure, Incident, RetentionSchedule
from crossroads.safety.tasks import back_up
from crossroads.safety.template import load_template
from crossroads.tasks.models import TaskRun
from crossroads.tasks.presenters import state
from crossroads.tasks.queueing import start

OVERVIEW_MONTHS = 12


def _member(request: HttpRequest) -> User:
    return allowed_or_404(request.user, can_work_with_cases)


def _admin(request: HttpRequest) -> User:
    return allowed_or_404(request.user, can_administer_organisation)


@login_required
def protocol(request: HttpRequest) -> HttpResponse:
    """The protocol, rule by rule, with each rule's live check, and its sign-off."""
    user = _member(request)
    assert user.organisation is not None
    template = load_template()
    current = services.current_protocol(user.organisation)
    signed = services.last_signed(user.organisation)
    checks = run_checks(user.organisation)
    labels = dict(STATUS_CHOICES)
    answers = current.answers if current else {}
    sections = [
        {
            "title": section.say(),
            "rules": [
                {
                    "text": rule.say(),
                    "status": answers.get(rule.code, {}).get("status", ""),
                    "status_label": labels.get(answers.get(rule.code, {}).get("status", "")),
                    "practice": answers.get(rule.code, {}).get("practice", ""),
                    "check": checks.get(rule.check) if rule.check else None,
                }
                for rule in section.rules
            ],
        }
        for section in template.sections
    ]
    valid_until = signed.valid_until() if signed else None
    context = {
        "sections": sections,
        "current": current,
        "signed": signed,
        "valid_until": valid_until,
        "overdue": valid_until is not None and valid_until < timezone.now(),
        "template": template,
        "is_admin": can_administer_organisation(user),
        "can_back_up": can_back_up(user),
        "checks": checks.values(),
    }
    return render(request, "safety/protocol.html", context)


@login_required
def protocol_edit(request: HttpRequest) -> HttpResponse:
    """The administrator writes how each rule is applied (a draft until signed off)."""
    user = _admin(request)
    assert user.organisation is not None
    template = load_template()
    current = services.current_protocol(user.organisation)
    form = ProtocolForm(template, current.answers if current else {}, request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = services.save_protocol(user, form.answers(template))
        messages.success(
            request,
            _("Version %(version)d saved as a draft; sign it off when it is right.")
            % {"version": saved.version},
        )
        return redirect("safety:protocol")
    groups = [
        {
            "title": section.say(),
            "rules": [
                {"status": form[f"{rule.code}-status"], "practice": form[f"{rule.code}-practice"]}
                for rule in section.rules
            ],
        }
        for section in template.sections
    ]
    return render(
        request,
        "safety/protocol_edit.html",
        {"form": form, "groups": groups},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def sign_off(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    assert user.organisation is not None
    current = services.current_protocol(user.organisation)
    if current is None:
        raise Http404
    try:
        services.sign_off(user, current)
    except services.SafetyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Signed off for a year."))
    return redirect("safety:protocol")


@require_POST
@login_required
def renew(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    try:
        services.renew(user)
    except services.SafetyError as exc:
        messages.error(request, str(exc))
        return redirect("safety:protocol")
    return redirect("safety:protocol_edit")


# ---------------------------------------------------------------- incidents
@login_required
def incidents(request: HttpRequest) -> HttpResponse:
    """The register: every incident of the organisation, newest first, with its 72-hour clock."""
    user = _member(request)
    rows = [_incident_row(incident) for incident in services.incidents_visible_to(user)]
    return render(
        request,
        "safety/incidents.html",
        {"rows": rows, "is_admin": can_administer_organisation(user)},
    )


def _incident_row(incident: Incident) -> dict[str, Any]:
    now = timezone.now()
    clock: dict[str, object] | None = None
    if incident.needs_notification:
        if incident.authority_notified_at is not None:
            on_time = incident.authority_notified_at <= incident.notify_by
            clock = {"state": "done" if on_time else "late", "at": incident.authority_notified_at}
        else:
            hours = (incident.notify_by - now).total_seconds() / 3600
            clock = {
                "state": "due" if hours > 0 else "overdue",
                "hours": abs(round(hours)),
                "by": incident.notify_by,
            }
    return {"incident": incident, "clock": clock}


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    """Anyone of the organisation's staff records an incident at once."""
    user = _member(request)
    # Until someone says otherwise, an incident may involve personal data and a risk:
    # the 72-hour clock runs rather than stays silent by default.
    initial = {
        "discovered_at": timezone.localtime().replace(second=0, microsecond=0),
        "status": Incident.Status.OPEN,
        "personal_data": Incident.PersonalData.UNKNOWN,
        "risk": Incident.Risk.RISK,
    }
    form = IncidentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        incident = services.record_incident(user, form.as_input())
        messages.success(request, _("Incident recorded. Your administrator can see it now."))
        return redirect("safety:incident", incident.pk)
    return render(
        request,
        "safety/incident_form.html",
        {"form": form, "creating": True},
        status=422 if form.errors else 200,
    )


@login_required
def incident(request: HttpRequest, incident_id: int) -> HttpResponse:
    """One incident; its administrator updates it (notifications, follow-up, status)."""
    user = _member(request)
    found = services.get_incident_for_user(user, incident_id)
    is_admin = can_administer_organisation(user)
    form = IncidentForm(
        request.POST if request.method == "POST" and is_admin else None,
        initial={field: getattr(found, field) for field in IncidentForm.base_fields},
    )
    if request.method == "POST" and is_admin and form.is_valid():
        services.update_incident(user, found, form.as_input())
        messages.success(request, _("Incident updated."))
        return redirect("safety:incident", found.pk)
    context = {"form": form, "row": _incident_row(found), "is_admin": is_admin, "creating": False}
    return render(request, "safety/incident_form.html", context, status=422 if form.errors else 200)


# ---------------------------------------------------------------- retention
@login_required
def retention_page(request: HttpRequest) -> HttpResponse:
    """The schedule, what is due under it, the purge, and what was erased before."""
    user = _admin(request)
    assert user.organisation is not None
    schedule = RetentionSchedule.objects.filter(organisation=user.organisation).first()
    form = RetentionForm(
        request.POST or None, initial={"years": schedule.closed_after_years if schedule else 10}
    )
    if request.method == "POST" and form.is_valid():
        retention.set_schedule(user, form.cleaned_data["years"])
        messages.success(request, _("Retention schedule saved."))
        return redirect("safety:retention")
    due = retention.due(user.organisation)
    run = TaskRun.objects.of_kind("safety.purge").filter(organisation=user.organisation).first()
    context = {
        "form": form,
        "schedule": schedule,
        "cutoff": retention.cutoff(schedule) if schedule else None,
        "due": due[:50],
        "due_count": len(due),
        "erasures": Erasure.objects.filter(organisation=user.organisation)[:20],
        "run": run,
        "state": state(run) if run else None,
    }
    return render(request, "safety/retention.html", context, status=422 if form.errors else 200)


@require_POST
@login_required
def purge(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    assert user.organisation is not None
    if not RetentionSchedule.objects.filter(organisation=user.organisation).exists():
        messages.error(request, _("Set a retention schedule first."))
        return redirect("safety:retention")
    retention.start_purge(user)
    return redirect("safety:retention")


# ---------------------------------------------------------------- backups
@login_required
def backups(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_back_up(user):
        raise Http404
    run = TaskRun.objects.of_kind("safety.backup").first()
    context = {
        "backups": Backup.objects.all()[:20],
        "run": run,
        "state": state(run) if run else None,
    }
    return render(request, "safety/backups.html", context)


@require_POST
@login_required
def backup_start(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_back_up(user):
        raise Http404
    start(back_up, user=user, organisation=user.organisation, key="safety.backup", user_id=user.pk)
    return redirect("safety:backups")


# ---------------------------------------------------------------- secretariat
@login_required
def network(request: HttpRequest) -> HttpResponse:
    """Each member's protocol status and incident counts by kind (never an incident)."""
    if not is_analyst(request.user):
        raise Http404
    since = timezone.now() - timedelta(days=365)
    overview = services.network_overview(since)
    kinds = [kind for kind in Incident.Kind if any(m.incidents.get(kind) for m in overview)]
    rows = [
        {
            "member": member,
            "counts": [member.incidents.get(kind, 0) for kind in kinds],
            "total": sum(member.incidents.values()),
            "overdue": member.valid_until is not None and member.valid_until < timezone.now(),
        }
        for member in overview
    ]
    return render(request, "safety/network.html", {"rows": rows, "kinds": kinds})
