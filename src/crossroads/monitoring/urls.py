from django.urls import path

from crossroads.monitoring import views, views_checkin, views_profiles

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("charts/<slug:key>.csv", views.chart_csv, name="chart_csv"),
    path("check-in/", views_checkin.offer, name="checkin"),
    path("check-in/change/", views_checkin.offer_change, name="checkin_change"),
    path("countries/", views_profiles.profile_list, name="profiles"),
    path("countries/new/", views_profiles.profile_create, name="profile_create"),
    path("countries/<str:country>/", views.country, name="country"),
    path("countries/<str:country>/figures.csv", views.country_csv, name="country_csv"),
    path("countries/<str:country>/profile/", views_profiles.profile_detail, name="profile"),
    path(
        "countries/<str:country>/profile/<slug:item>/",
        views_profiles.answer_edit,
        name="answer_edit",
    ),
    path(
        "countries/<str:country>/profile/<slug:item>/history/",
        views_profiles.answer_history,
        name="answer_history",
    ),
]
