from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Country profiles (the legal-framework checklist), the rights indicators and the
    figures' read model."""

    name = "crossroads.monitoring"
    label = "monitoring"
    verbose_name = "Rights monitoring"

    def ready(self) -> None:
        # Registering navigation, home panels, tasks and the read model's signal
        # receiver needs the app registry ready: Django's documented place for it.
        from crossroads.monitoring import navigation, panels, tasks  # noqa: F401
