from django.urls import path

from crossroads.reporting.views import administration, case_record, inbox

app_name = "reporting"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("unlock/", inbox.unlock, name="unlock"),
    path("lock/", inbox.lock, name="lock"),
    path("settings/", administration.point_settings, name="settings"),
    path("<int:report_id>/", inbox.detail, name="detail"),
    path("<int:report_id>/status/", inbox.change_status, name="status"),
    path("<int:report_id>/reply/", inbox.send_reply, name="reply"),
    path("<int:report_id>/files/<int:file_id>/", inbox.download_file, name="file"),
    path("<int:report_id>/case/", case_record.open_case_record, name="case"),
]
