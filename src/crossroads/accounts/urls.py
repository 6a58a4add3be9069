from django.urls import path

from crossroads.accounts import passwords, people_views, security, token_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/second-factor/", views.second_step, name="second_factor"),
    path("sign-in/passkey/options/", views.passkey_options, name="passkey_sign_in_options"),
    path("sign-in/passkey/", views.passkey_sign_in, name="passkey_sign_in"),
    path("sign-out/", views.sign_out, name="logout"),
    path("language/", views.switch_language, name="language"),
    path("preferences/", views.preferences, name="preferences"),
    path("security/", security.overview, name="security"),
    path("security/two-factor/", security.enrol, name="enrol"),
    path("security/recovery-codes/", security.recovery_codes, name="recovery_codes"),
    path("security/two-factor/remove/", security.remove, name="remove_second_factor"),
    path("security/passkeys/options/", security.passkey_options, name="passkey_options"),
    path("security/passkeys/", security.add_passkey, name="add_passkey"),
    path(
        "security/passkeys/<int:passkey_id>/remove/",
        security.remove_passkey,
        name="remove_passkey",
    ),
    path("security/password/", security.change_password, name="change_password"),
    path("security/tokens/", token_views.token_list, name="tokens"),
    path("security/tokens/new/", token_views.token_create, name="token_create"),
    path("security/tokens/<int:token_id>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("people/", people_views.people_list, name="people"),
    path("people/invite/", people_views.invite, name="invite"),
    path("people/<int:user_id>/", people_views.change, name="person_change"),
    path(
        "people/invitations/<int:invitation_id>/withdraw/",
        people_views.withdraw,
        name="withdraw_invitation",
    ),
    path("invitation/<str:token>/", people_views.accept, name="invitation"),
    path("password-reset/", passwords.RequestReset.as_view(), name="password_reset"),
    path("password-reset/sent/", passwords.ResetSent.as_view(), name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        passwords.ChooseNewPassword.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", passwords.ResetDone.as_view(), name="password_reset_done"),
]
