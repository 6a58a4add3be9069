"""Administration of organisations and users, limited to the administrator's organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from crossroads.accounts.models import Organisation, Role, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.core.admin_site import admin_site

if TYPE_CHECKING:
    _UserAdminBase = UserAdmin[User]
else:  # UserAdmin is generic only in the type stubs
    _UserAdminBase = UserAdmin


def _own_org_id(request: HttpRequest) -> int | None:
    user = request.user
    return user.organisation_id if isinstance(user, User) else None


class OrganisationScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Superusers see everything; an organisation administrator only their organisation."""

    organisation_field = "organisation"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.organisation_field}_id": _own_org_id(request)})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        record(
            request.user,
            Action.ADMIN,
            object_type=obj._meta.model_name,
            object_id=obj.pk,
            summary=f"Changed in administration: {obj}",
        )
        return super().log_change(request, obj, message)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        record(
            request.user,
            Action.ADMIN,
            object_type=obj._meta.model_name,
            object_id=obj.pk,
            summary=f"Added in administration: {obj}",
        )
        return super().log_addition(request, obj, message)


@admin.register(User, site=admin_site)
class CrossroadsUserAdmin(OrganisationScopedAdmin, _UserAdminBase):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "organisation",
        "is_active",
        "last_login",
    )
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email", "language")}),
        ("Access", {"fields": ("organisation", "role", "is_active")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2", "role", "organisation")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return ()
        return ("organisation",)

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # An organisation administrator cannot create network analysts.
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(r.value, r.label) for r in Role if r is not Role.ANALYST]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not request.user.is_superuser:
            obj.organisation_id = _own_org_id(request)
            if obj.role == Role.ANALYST:
                obj.role = Role.CASEWORKER
        super().save_model(request, obj, form, change)


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(OrganisationScopedAdmin):
    list_display = ("name", "code", "country", "kind")
    list_filter = ("kind", "country")
    search_fields = ("name", "code")
    organisation_field = "id"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=_own_org_id(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
