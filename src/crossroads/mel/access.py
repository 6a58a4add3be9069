"""Who reads and changes the network's MEL, and the permission-checked fetch of an activity.

The secretariat's analysts keep the log frame and the learning notes, and record
the secretariat's activities; members' data officers and administrators record
their organisation's activities and read the yearly report. An activity of
another organisation, or a missing one, gets the same 404.
"""

from __future__ import annotations

from django.http import Http404

from crossroads.accounts.permissions import AnyUser, can_manage_data, is_analyst
from crossroads.mel.models import Activity


def can_read_mel(user: AnyUser) -> bool:
    """May read the yearly report and record activities: analysts, members' data staff."""
    return is_analyst(user) or can_manage_data(user)


def can_plan(user: AnyUser) -> bool:
    """May change the log frame and write learning notes: the secretariat's analysts."""
    return is_analyst(user)


def get_activity_for_user(user: AnyUser, activity_id: int | str, *, write: bool) -> Activity:
    """Activity ``activity_id`` if ``user`` may read it (``write``: change it), else 404.

    Members change their organisation's activities; analysts the secretariat's.
    """
    try:
        pk = int(activity_id)
    except (TypeError, ValueError):
        raise Http404 from None
    activity = (
        Activity.objects.visible_to(user)
        .select_related("organisation", "area")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    if write and not may_change(user, activity):
        raise Http404
    return activity


def may_change(user: AnyUser, activity: Activity) -> bool:
    """Whether ``user`` may change or remove ``activity``."""
    if is_analyst(user):
        return activity.by_secretariat
    return (
        can_manage_data(user)
        and not activity.by_secretariat
        and activity.organisation_id == user.organisation_id
    )
