"""The public reporting pages: no account needed."""

from django.urls import path

from crossroads.reporting.views import public

app_name = "report"
urlpatterns = [
    path("", public.report_network, name="network"),
    path("to/<slug:code>/", public.report_organisation, name="organisation"),
    path("return/", public.come_back, name="return"),
]
