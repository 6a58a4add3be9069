"""Following long work: a run's page, the JSON its progress bar polls, cancelling, the list."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.tasks import presenters, reaping
from crossroads.tasks.access import get_run_for_user, runs_visible_to
from crossroads.tasks.queueing import NotCancellable, cancel


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    """The latest runs the person may follow, running ones first."""
    if not (is_analyst(request.user) or can_manage_data(request.user)):
        raise Http404
    reaping.reap()
    runs = list(runs_visible_to(request.user).select_related("created_by")[:100])
    runs.sort(key=lambda run: not run.is_active)
    rows = [{"run": run, "title": presenters.title(run)} for run in runs]
    return render(request, "tasks/list.html", {"rows": rows})


@login_required
def run_page(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    """One run: its progress while it runs, then its outcome and where the result is."""
    reaping.reap()
    run = get_run_for_user(request.user, run_id)
    return render(
        request,
        "tasks/run.html",
        {"run": run, "title": presenters.title(run), "state": presenters.state(run)},
    )


@login_required
def run_status(request: HttpRequest, run_id: uuid.UUID) -> JsonResponse:
    """The run's progress as JSON, for the page's progress bar."""
    reaping.reap()
    run = get_run_for_user(request.user, run_id)
    return JsonResponse(presenters.state(run))


@login_required
@require_POST
def run_cancel(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    """Ask a run to stop (it stops at once if it still waits)."""
    user = request.user
    run = get_run_for_user(user, run_id)
    if not isinstance(user, User):  # get_run_for_user let only signed-in staff through
        raise Http404
    try:
        cancel(run, user)
    except NotCancellable:
        messages.error(request, _("This task can no longer be cancelled."))
    else:
        messages.success(request, _("Cancelling: the task stops at its next safe point."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("tasks:run", run.pk)
