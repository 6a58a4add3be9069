from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Pseudonymised case records of member organisations."""

    name = "crossroads.cases"
    label = "cases"
    verbose_name = "Case records"

    def ready(self) -> None:
        from crossroads.cases import navigation  # noqa: F401
