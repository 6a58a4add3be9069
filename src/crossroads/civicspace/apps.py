from django.apps import AppConfig


class CivicSpaceConfig(AppConfig):
    """Incidents against members' organisations and staff: the shrinking civic space."""

    name = "crossroads.civicspace"
    label = "civicspace"
    verbose_name = "Civic space"

    def ready(self) -> None:
        from crossroads.civicspace import navigation  # noqa: F401
