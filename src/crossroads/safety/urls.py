from django.urls import path

from crossroads.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.protocol, name="protocol"),
    path("protocol/edit/", views.protocol_edit, name="protocol_edit"),
    path("protocol/sign-off/", views.sign_off, name="sign_off"),
    path("protocol/renew/", views.renew, name="renew"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/new/", views.incident_new, name="incident_new"),
    path("incidents/<int:incident_id>/", views.incident, name="incident"),
    path("retention/", views.retention_page, name="retention"),
    path("retention/purge/", views.purge, name="purge"),
    path("backups/", views.backups, name="backups"),
    path("backups/start/", views.backup_start, name="backup_start"),
    path("network/", views.network, name="network"),
]
