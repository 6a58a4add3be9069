from django.urls import path

from crossroads.accounts import security, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/second-factor/", views.second_step, name="second_factor"),
    path("sign-out/", views.sign_out, name="logout"),
    path("language/", views.switch_language, name="language"),
    path("security/", security.overview, name="security"),
    path("security/two-factor/", security.enrol, name="enrol"),
    path("security/recovery-codes/", security.recovery_codes, name="recovery_codes"),
    path("security/two-factor/remove/", security.remove, name="remove_second_factor"),
    path("security/password/", security.change_password, name="change_password"),
]
