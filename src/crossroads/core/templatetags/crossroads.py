"""Template filters available in every template (registered as builtins in settings)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from crossroads.codebook.display import display
from crossroads.codebook.loader import load_standard

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """``mapping[key]`` for dicts and query dicts, or an empty string."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def case_label(case: Any, code: str) -> str:
    """The stored value of field ``code`` of a case record, as labels in the active language."""
    standard = load_standard()
    if not standard.has_field(code):
        return ""
    return display(
        standard, standard.field(code), case.data.get(code), translation.get_language() or "en"
    )


@register.filter
def code_label(code: str, field: str) -> str:
    """The label of one code of field ``field`` in the active language (e.g. an indexed column)."""
    standard = load_standard()
    if not code or not standard.has_field(field):
        return ""
    return display(standard, standard.field(field), code, translation.get_language() or "en")
