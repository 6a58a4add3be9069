from django.urls import path

from crossroads.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/build/", views.build, name="build"),
    path("<int:year>/draft.<str:fmt>", views.draft, name="draft"),
    path("<int:year>/publish/", views.publish, name="publish"),
    path("privacy-budget/", views.privacy_ledger, name="privacy_ledger"),
]
