from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Dashboards, the annual joint monitoring report, publishing, public pages, CTDC export."""

    name = "crossroads.reports"
    label = "reports"
    verbose_name = "Reports and publishing"

    def ready(self) -> None:
        from crossroads.reports import navigation  # noqa: F401
