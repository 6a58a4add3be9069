from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """The safe reporting point: public, anonymous reports sealed to the receiving member."""

    name = "crossroads.reporting"
    label = "reporting"
    verbose_name = "Safe reporting"

    def ready(self) -> None:
        from crossroads.reporting import navigation  # noqa: F401
