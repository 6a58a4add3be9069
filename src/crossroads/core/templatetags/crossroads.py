"""Template filters available in every template (registered as builtins in settings)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from html import escape
from typing import Any

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

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


@register.simple_tag
def option_tags(options: Iterable[tuple[Any, Any]], chosen: Any) -> str:
    """The ``<option>`` elements of a select box, ``chosen`` selected (one value, or a
    collection of values for a multiple select).

    Written in Python because a template loop over option lists was most of the
    time of the record form and the case list (a profile showed 85-90 % of each
    request in template rendering, mostly these loops over codes and countries).
    The standard library's ``html.escape`` escapes the same five characters as
    Django's, several times faster (no lazy-string wrapper).
    """
    if isinstance(chosen, str) or chosen is None or not isinstance(chosen, Collection):
        wanted = {"" if chosen is None else str(chosen)}
    else:
        wanted = {str(value) for value in chosen}
    parts = []
    for code, label in options:
        value = str(code)
        selected = " selected" if value in wanted else ""
        parts.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))


@register.simple_tag
def checkbox_tags(name: str, options: Iterable[tuple[Any, Any]], chosen: Collection[Any]) -> str:
    """Labelled checkboxes named ``name``, one per option, the ``chosen`` values checked
    (see :func:`option_tags` for why this is Python)."""
    wanted = {str(value) for value in chosen or ()}
    field = escape(str(name))
    parts = []
    for code, label in options:
        value = str(code)
        checked = " checked" if value in wanted else ""
        parts.append(
            f'<label><input type="checkbox" name="{field}" value="{escape(value)}"{checked}> '
            f"<span>{escape(str(label))}</span></label>"
        )
    return mark_safe("".join(parts))


@register.filter
def percentage(value: Any) -> str:
    """A value in percent (0-100) written as the active language does ("29 %" in French)."""
    from crossroads.core.charts._svg import percentage as format_percentage

    try:
        return format_percentage(float(value))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def percent_pattern() -> str:
    """The active language's way of writing a percentage, ``{}`` standing for the number
    (for scripts that update a percentage as the user types)."""
    from crossroads.core.charts._svg import PERCENT_PATTERNS

    language = (translation.get_language() or "en").split("-")[0]
    return PERCENT_PATTERNS.get(language, "{}\u00a0%")


@register.simple_tag
def count_cells(cells: Iterable[tuple[Any, Any]], show_originals: bool = False) -> str:
    """The ``<td>`` elements of one row of an exchange table: each cell's text, class and
    explanation, and the member's original count beside a suppressed cell when
    ``show_originals`` (see :func:`option_tags` for why this is Python: a page of the
    network's 43 tables holds about 10,000 cells, and the template loop was half of it)."""
    parts = []
    for column, cell in cells:
        css = f"{cell.css} is-{column.level}" if column.level else cell.css
        title = f' title="{escape(str(cell.title))}"' if cell.title else ""
        original = ""
        if show_originals and cell.original is not None and cell.value is None:
            original = f'<span class="cell-original">{escape(str(cell.original))}</span>'
        parts.append(f'<td class="{escape(css)}"{title}>{escape(str(cell.text))}{original}</td>')
    return mark_safe("".join(parts))
