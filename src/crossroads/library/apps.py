from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """Members' documents: annual reports, shadow reports, research, with their audience."""

    name = "crossroads.library"
    label = "library"
    verbose_name = "Library"

    def ready(self) -> None:
        from crossroads.library import navigation  # noqa: F401
