"""URL configuration: one include per domain app."""

from django.urls import include, path

from crossroads.core.admin_site import admin_site

urlpatterns = [
    path("", include("crossroads.core.urls")),
    path("accounts/", include("crossroads.accounts.urls")),
    path("cases/", include("crossroads.cases.urls")),
    path("codebook/", include("crossroads.codebook.urls")),
    path("audit/", include("crossroads.audit.urls")),
    path("exchange/", include("crossroads.exchange.urls")),
    path("monitoring/", include("crossroads.monitoring.urls")),
    path("reports/", include("crossroads.reports.urls")),
    path("public/", include("crossroads.reports.public_urls")),
    path("estimation/", include("crossroads.estimation.urls")),
    path("tasks/", include("crossroads.tasks.urls")),
    path("safety/", include("crossroads.safety.urls")),
    path("civic-space/", include("crossroads.civicspace.urls")),
    path("library/", include("crossroads.library.urls")),
    path("bodies/", include("crossroads.bodies.urls")),
    path("reporting/", include("crossroads.reporting.urls")),
    path("mel/", include("crossroads.mel.urls")),
    path("report/", include("crossroads.reporting.public_urls")),
    path("checkin/", include("crossroads.monitoring.public_urls")),
    path("api/", include("crossroads.api.urls")),
    path("admin/", admin_site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
