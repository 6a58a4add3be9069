"""Who reads and who changes the monitoring-body calendar; the one fetch of a round.

The calendar is the network's: the secretariat's analysts and the staff of
members read it; analysts keep it (rounds, dates, stages); members' data
officers and administrators record their own organisation's contributions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crossroads.accounts.permissions import (
    AnyUser,
    can_manage_data,
    can_read_network_monitoring,
    is_analyst,
)
from crossroads.bodies.models import Round


def can_read(user: AnyUser) -> bool:
    """Analysts and members' staff."""
    return can_read_network_monitoring(user)


def can_keep_calendar(user: AnyUser) -> bool:
    """Adds and changes rounds, drafts submissions: the secretariat's analysts."""
    return is_analyst(user)


def can_contribute(user: AnyUser) -> bool:
    """Records contributions: members' data officers and administrators, and analysts
    (for the secretariat's own or a joint submission)."""
    return bool(can_manage_data(user) or is_analyst(user))


def can_draft(user: AnyUser, item: Round) -> bool:
    """Drafts and downloads the submission of a round: analysts, and the data officers and
    administrators of members working in the round's country (the submission's authors)."""
    if is_analyst(user):
        return True
    return bool(
        item.country
        and can_manage_data(user)
        and user.organisation is not None
        and user.organisation.country == item.country
    )


def get_round_for_user(user: AnyUser, round_id: int | str, *, write: bool = False) -> Round:
    """Round ``round_id`` if ``user`` may read it (``write``: change it), else 404 (403 for a
    reader who may not change it)."""
    if not can_read(user):
        raise Http404
    try:
        pk = int(round_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = Round.objects.select_related("lead").filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not can_keep_calendar(user):
        raise PermissionDenied
    return found
