from django.urls import path

from crossroads.cases import data_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/edit/", views.case_edit, name="edit"),
    path("<int:case_id>/delete/", views.case_delete, name="delete"),
    path("import/", data_views.import_start, name="import"),
    path("import/template.xlsx", data_views.import_template, name="import_template"),
    path("import/<int:job_id>/", data_views.import_job, name="import_job"),
    path("import/<int:job_id>/decide/", data_views.import_decide, name="import_decide"),
    path("import/<int:job_id>/problems.csv", data_views.import_report, name="import_report"),
    path("export/", data_views.export, name="export"),
]
