"""Filters and tags of the report and the public pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import translation
from django.utils.formats import date_format

from crossroads.codebook.definitions import Text
from crossroads.core.charts._svg import count as format_count
from crossroads.core.charts._svg import percent as format_percent

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A fraction as a percentage in the active language ("–" when None)."""
    return "–" if value is None else format_percent(value)


@register.filter
def count(value: float | None) -> str:
    """A whole number with the active language's thousands separator ("–" when None)."""
    return "–" if value is None else format_count(value)


@register.filter
def long_date(value: date | None) -> str:
    """A date as a European reader writes it: "3 December 2026", "3 décembre 2026",
    "3 декабря 2026 г." (the locale's own long form, but day first in English too)."""
    if value is None:
        return ""
    language = translation.get_language() or "en"
    return date_format(value, "j F Y" if language.startswith("en") else "DATE_FORMAT")


@register.simple_tag
def text(value: Text) -> str:
    """A multilingual text in the active language."""
    return value.get(translation.get_language())
