from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, users, roles and sign-in."""

    name = "crossroads.accounts"
    label = "accounts"
    verbose_name = "Organisations and users"

    def ready(self) -> None:
        from crossroads.accounts import navigation  # noqa: F401
