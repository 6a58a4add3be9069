from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only, hash-chained audit log."""

    name = "crossroads.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from crossroads.audit import navigation  # noqa: F401
