"""The survivors' check-in: public pages, no account needed."""

from django.urls import path

from crossroads.monitoring import views_checkin

app_name = "checkin"
urlpatterns = [
    path("audio/<slug:language>/<slug:code>.wav", views_checkin.audio, name="audio"),
    path("<str:token>/", views_checkin.answer, name="answer"),
]
