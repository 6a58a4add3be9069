from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """The annual data exchange: agreements, submissions, review and network aggregation."""

    name = "crossroads.exchange"
    label = "exchange"
    verbose_name = "Data exchange"
