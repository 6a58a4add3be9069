from django.urls import path

from crossroads.civicspace import views

app_name = "civicspace"
urlpatterns = [
    path("", views.incidents, name="incidents"),
    path("new/", views.new, name="new"),
    path("<int:incident_id>/", views.detail, name="incident"),
    path("<int:incident_id>/delete/", views.delete, name="delete"),
    path("network/", views.network, name="network"),
    path("network/<str:country>/", views.country, name="country"),
]
