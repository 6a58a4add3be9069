from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Layout, navigation, the home page and cross-cutting middleware."""

    name = "crossroads.core"
    label = "core"
    verbose_name = "Crossroads"
