from django.urls import path

from crossroads.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("unlock/", views.unlock, name="unlock"),
    path("lock/", views.lock, name="lock"),
    path("settings/", views.point_settings, name="settings"),
    path("<int:report_id>/", views.detail, name="detail"),
    path("<int:report_id>/status/", views.change_status, name="status"),
    path("<int:report_id>/reply/", views.send_reply, name="reply"),
]
