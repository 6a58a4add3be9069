from django.urls import path

from crossroads.bodies import views

app_name = "bodies"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("register/", views.register, name="register"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/delete/", views.round_delete, name="round_delete"),
    path("rounds/<int:round_id>/draft/", views.draft_start, name="draft"),
    path(
        "rounds/<int:round_id>/draft/<slug:language>.<slug:fmt>",
        views.draft_file,
        name="draft_file",
    ),
    path(
        "contributions/<int:contribution_id>/delete/",
        views.contribution_delete,
        name="contribution_delete",
    ),
]
