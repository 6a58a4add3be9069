from django.apps import AppConfig


class EstimationConfig(AppConfig):
    """Hidden-victim estimation: linked lists, overlap tables and MSE estimates."""

    name = "crossroads.estimation"
    label = "estimation"
    verbose_name = "Hidden-victim estimation"

    def ready(self) -> None:
        from crossroads.estimation import navigation  # noqa: F401
