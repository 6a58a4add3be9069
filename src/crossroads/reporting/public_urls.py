"""The public reporting pages: no account needed."""

from django.urls import path

from crossroads.reporting import views

app_name = "report"
urlpatterns = [
    path("", views.report_network, name="network"),
    path("to/<slug:code>/", views.report_organisation, name="organisation"),
    path("return/", views.come_back, name="return"),
]
