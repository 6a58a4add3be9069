from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """The annual data exchange: agreements, submissions, review and network aggregation."""

    name = "crossroads.exchange"
    label = "exchange"
    verbose_name = "Data exchange"

    def ready(self) -> None:
        from crossroads.exchange import navigation  # noqa: F401
