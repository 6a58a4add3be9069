"""Permission-checked fetches of the estimation app's sensitive objects.

Only network analysts of the secretariat work with token uploads and
estimates. Anyone else gets the same 404 as for a missing object, so a
response never reveals that an upload or an estimate exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crossroads.accounts.models import User
from crossroads.accounts.permissions import AnyUser, is_analyst
from crossroads.estimation.models import Estimate, TokenUpload


def analyst_or_403(user: AnyUser) -> User:
    """The signed-in analyst; 403 for anyone else (pages that list or create)."""
    if not is_analyst(user):
        raise PermissionDenied
    return user


def analyst_or_404(user: AnyUser) -> User:
    """The signed-in analyst; 404 for anyone else (pages of one object)."""
    if not is_analyst(user):
        raise Http404
    return user


def get_upload_for_analyst(user: AnyUser, upload_id: int | str) -> TokenUpload:
    """The token upload ``upload_id`` if ``user`` is an analyst; 404 otherwise."""
    if not is_analyst(user):
        raise Http404
    try:
        pk = int(upload_id)
    except (TypeError, ValueError):
        raise Http404 from None
    upload = TokenUpload.objects.filter(pk=pk).defer("keys").first()
    if upload is None:
        raise Http404
    return upload


def get_estimate_for_analyst(user: AnyUser, estimate_id: int | str) -> Estimate:
    """The estimate ``estimate_id`` if ``user`` is an analyst; 404 otherwise."""
    if not is_analyst(user):
        raise Http404
    try:
        pk = int(estimate_id)
    except (TypeError, ValueError):
        raise Http404 from None
    estimate = Estimate.objects.select_related("created_by").filter(pk=pk).first()
    if estimate is None:
        raise Http404
    return estimate
