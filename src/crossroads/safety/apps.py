from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Members' internal safety protocols, incidents, retention and erasure, backups."""

    name = "crossroads.safety"
    label = "safety"
    verbose_name = "Safety protocols"

    def ready(self) -> None:
        from crossroads.safety import navigation  # noqa: F401
