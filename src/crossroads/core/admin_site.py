"""The Django admin, opened to organisation administrators for their own organisation.

Technical superusers of a deployment see everything; an organisation
administrator sees and manages only the users of their organisation and
reads (never edits) its records. Every change made here is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_administer_organisation


class CrossroadsAdminSite(AdminSite):
    site_header = _("Crossroads administration")
    site_title = _("Crossroads administration")
    index_title = _("Your organisation")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or can_administer_organisation(user)))

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Send every sign-in to Crossroads' own page, which counts failures, locks
        accounts and audits; the admin's own form would bypass all three."""
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(target, reverse("accounts:login"))


admin_site = CrossroadsAdminSite(name="admin")
