from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Country profiles (the legal-framework checklist) and the rights indicators."""

    name = "crossroads.monitoring"
    label = "monitoring"
    verbose_name = "Rights monitoring"

    def ready(self) -> None:
        from crossroads.monitoring import navigation, panels  # noqa: F401
        from crossroads.monitoring.exchange_source import accepted_releases
        from crossroads.monitoring.sources import register_provider

        register_provider(accepted_releases)
