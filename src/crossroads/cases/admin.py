"""Case records in the administration: read-only, for the administrator's organisation.

Records are created and changed only through the case pages, which validate
against the standard and audit every change; opening one here is audited too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from crossroads.accounts.admin import OrganisationScopedAdmin
from crossroads.accounts.models import User
from crossroads.cases.models import Case
from crossroads.cases.services import record_view
from crossroads.core.admin_site import admin_site


@admin.register(Case, site=admin_site)
class CaseAdmin(OrganisationScopedAdmin):
    list_display = (
        "client_code",
        "year",
        "status",
        "trafficking_status",
        "completeness",
        "updated_at",
    )
    list_filter = ("year", "status", "trafficking_status")
    search_fields = ("client_code",)
    exclude = ("linkage_tokens", "facets")
    readonly_fields = (
        "organisation", "client_code", "standard_version", "data", "year", "status",
        "trafficking_status", "consent", "missing_count", "completeness", "version",
        "created_at", "created_by", "updated_at", "updated_by",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        case = self.get_queryset(request).filter(pk=object_id).first()
        if case is not None and isinstance(request.user, User):
            record_view(request.user, case)
        return super().change_view(request, object_id, form_url, extra_context)
