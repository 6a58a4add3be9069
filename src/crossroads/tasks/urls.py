from django.urls import path

from crossroads.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("<uuid:run_id>/", views.run_page, name="run"),
    path("<uuid:run_id>/status/", views.run_status, name="status"),
    path("<uuid:run_id>/cancel/", views.run_cancel, name="cancel"),
]
