from django.urls import path

from crossroads.estimation import views

app_name = "estimation"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:estimate_id>/", views.detail, name="detail"),
    path("<int:estimate_id>/repeat/", views.repeat, name="repeat"),
    path("<int:estimate_id>/delete/", views.delete, name="delete"),
    path("<int:estimate_id>/publish/", views.publish, name="publish"),
    path("<int:estimate_id>/unpublish/", views.unpublish, name="unpublish"),
    path("tokens/", views.uploads, name="uploads"),
    path("tokens/<int:upload_id>/delete/", views.upload_delete, name="upload_delete"),
]
