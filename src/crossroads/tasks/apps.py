from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class TasksConfig(AppConfig):
    """Long work in task workers: runs, progress, workers' heartbeats, periodic tasks."""

    name = "crossroads.tasks"
    label = "tasks"
    verbose_name = "Background tasks"

    def ready(self) -> None:
        # Each app declares its long work in its ``tasks`` module; importing them all
        # registers every kind, so that any process can run or describe any run.
        autodiscover_modules("tasks")
