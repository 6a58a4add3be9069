from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Country profiles (the legal-framework checklist) and the rights indicators."""

    name = "crossroads.monitoring"
    label = "monitoring"
    verbose_name = "Rights monitoring"

    def ready(self) -> None:
        from crossroads.monitoring import navigation  # noqa: F401
