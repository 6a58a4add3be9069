from django.apps import AppConfig


class MelConfig(AppConfig):
    """The network's own monitoring, evaluation and learning: its log frame, activities,
    indicators and learning notes, and the yearly report."""

    name = "crossroads.mel"
    label = "mel"
    verbose_name = "Monitoring, evaluation and learning"

    def ready(self) -> None:
        from crossroads.mel import navigation  # noqa: F401
