from django.urls import path

from crossroads.mel import views

app_name = "mel"
urlpatterns = [
    path("", views.report, name="report"),
    path("<int:year>.pdf", views.report_pdf, name="report_pdf"),
    path("plan/", views.logframe, name="logframe"),
    path("plan/<slug:kind>/new/", views.plan_item, name="plan_new"),
    path("plan/<slug:kind>/<int:item_id>/", views.plan_item, name="plan_item"),
    path("plan/<slug:kind>/<int:item_id>/delete/", views.plan_item_delete, name="plan_delete"),
    path("activities/", views.activities, name="activities"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:activity_id>/", views.activity, name="activity"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path("notes/new/", views.note, name="note_new"),
    path("notes/<int:note_id>/", views.note, name="note"),
    path("notes/<int:note_id>/delete/", views.note_delete, name="note_delete"),
]
