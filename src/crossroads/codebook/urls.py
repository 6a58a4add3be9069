from django.urls import path

from crossroads.codebook import views

app_name = "codebook"
urlpatterns = [
    path("", views.index, name="index"),
    path("download/<str:language>.<str:fmt>", views.download, name="download"),
]
