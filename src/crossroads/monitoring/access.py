"""The permission-checked fetch of a country profile."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crossroads.accounts.permissions import (
    AnyUser,
    can_edit_country_profiles,
    can_read_network_monitoring,
)
from crossroads.monitoring.models import CountryProfile


def get_profile_for_user(user: AnyUser, country: str, *, write: bool = False) -> CountryProfile:
    """The profile of ``country`` (alpha-3) if ``user`` may read it (or change it with ``write``).

    Analysts and member staff read every profile; only analysts change them
    (403 for member staff); anyone else, and a missing profile, get 404. The
    public reads profiles only as frozen in a published snapshot.
    """
    if not can_read_network_monitoring(user):
        raise Http404
    profile = CountryProfile.objects.filter(country=str(country).upper()[:3]).first()
    if profile is None:
        raise Http404
    if write and not can_edit_country_profiles(user):
        raise PermissionDenied
    return profile
