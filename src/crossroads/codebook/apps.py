from django.apps import AppConfig


class CodebookConfig(AppConfig):
    """The common data standard: fields, vocabularies, validation and the codebook."""

    name = "crossroads.codebook"
    label = "codebook"
    verbose_name = "Common data standard"
