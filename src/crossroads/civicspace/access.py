"""The permission-checked fetch of a civic space incident, used by every view.

The member's data officers and administrators see their organisation's
incidents; analysts see an incident only if its member shared it; anyone
else, another organisation's incident and a missing id all get the same 404.
"""

from __future__ import annotations

from django.http import Http404

from crossroads.accounts.permissions import AnyUser
from crossroads.civicspace.models import CivicIncident


def get_incident_for_user(user: AnyUser, incident_id: int | str) -> CivicIncident:
    """Return incident ``incident_id`` if ``user`` may read it, else raise Http404."""
    try:
        pk = int(incident_id)
    except (TypeError, ValueError):
        raise Http404 from None
    incident = (
        CivicIncident.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    )
    if incident is None:
        raise Http404
    return incident
