"""Filters and tags of the report and the public pages."""

from __future__ import annotations

from django import template
from django.utils import translation

from crossroads.codebook.definitions import Text
from crossroads.core.charts._svg import percent as format_percent

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A fraction as a percentage in the active language ("–" when None)."""
    return "–" if value is None else format_percent(value)


@register.simple_tag
def text(value: Text) -> str:
    """A multilingual text in the active language."""
    return value.get(translation.get_language())
