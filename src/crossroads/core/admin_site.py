"""The Django admin, opened to organisation administrators for their own organisation.

Technical superusers of a deployment see everything; an organisation
administrator sees and manages only the users of their organisation and
reads (never edits) its records. Every change made here is audited.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_administer_organisation


class CrossroadsAdminSite(AdminSite):
    site_header = _("Crossroads administration")
    site_title = _("Crossroads administration")
    index_title = _("Your organisation")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or can_administer_organisation(user)))


admin_site = CrossroadsAdminSite(name="admin")
