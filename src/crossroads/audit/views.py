"""The audit log page: an organisation administrator reviews who did what in their organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crossroads.accounts.permissions import can_administer_organisation, is_analyst
from crossroads.audit.models import Action, AuditEntry


@login_required
def log(request: HttpRequest) -> HttpResponse:
    """Entries of the reader's own organisation, newest first, filterable by action and person."""
    user = request.user
    if not (can_administer_organisation(user) or is_analyst(user)):
        raise PermissionDenied
    assert user.organisation_id is not None
    entries = AuditEntry.objects.filter(organisation_id=user.organisation_id)
    action = request.GET.get("action", "")
    if action in Action.values:
        entries = entries.filter(action=action)
    person = request.GET.get("person", "").strip()
    if person:
        entries = entries.filter(actor_name=person)
    page = Paginator(entries.order_by("-id"), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"page": page, "actions": Action.choices, "action": action, "person": person},
    )
