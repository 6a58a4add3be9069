from django.urls import path

from crossroads.library import views

app_name = "library"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.upload, name="upload"),
    path("<int:document_id>/", views.document, name="document"),
    path("<int:document_id>/file/", views.download, name="download"),
    path("<int:document_id>/delete/", views.delete, name="delete"),
]
