"""The one permission-checked fetch of a task run.

A member's run (an import of its records) is visible to its data officers
and administrators; the network's runs (network tables, reports, estimates,
publishing) to the secretariat's analysts. Anybody else, and a run that does
not exist, get the same 404.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from crossroads.accounts.models import User
from crossroads.accounts.permissions import AnyUser, can_manage_data, is_analyst
from crossroads.tasks.models import TaskRun, TaskRunQuerySet


def runs_visible_to(user: AnyUser) -> TaskRunQuerySet:
    """The runs ``user`` may follow."""
    if isinstance(user, User) and user.is_active and user.is_superuser:
        return TaskRun.objects.all()  # a deployment's technical administrators (backups)
    if is_analyst(user):
        return TaskRun.objects.filter(organisation__isnull=True)
    if can_manage_data(user):
        return TaskRun.objects.filter(organisation=user.organisation)
    return TaskRun.objects.none()


def get_run_for_user(user: AnyUser, run_id: uuid.UUID | str) -> TaskRun:
    """The run ``run_id`` if ``user`` may follow it; 404 otherwise."""
    run = runs_visible_to(user).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run
