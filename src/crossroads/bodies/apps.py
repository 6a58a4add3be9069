from django.apps import AppConfig


class BodiesConfig(AppConfig):
    """The monitoring bodies the network reports to: their rounds per country, the
    calendar of deadlines, reminders, contributions and the drafted NGO submissions."""

    name = "crossroads.bodies"
    label = "bodies"
    verbose_name = "Monitoring bodies"

    def ready(self) -> None:
        from crossroads.bodies import navigation  # noqa: F401
