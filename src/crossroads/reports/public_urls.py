"""Public pages, mounted at /public/ (no sign-in)."""

from django.urls import path

from crossroads.reports import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.home, name="home"),
    path("methodology/", public_views.methodology, name="methodology"),
    path("<int:year>/", public_views.year_view, name="year"),
    path("<int:year>/countries/<str:country>/", public_views.country_view, name="country"),
    path("<int:year>/charts/<slug:key>.csv", public_views.chart_csv, name="chart_csv"),
    path("<int:year>/report.<str:fmt>", public_views.report, name="report"),
    path("<int:year>/ctdc.csv", public_views.ctdc_export, name="ctdc"),
]
