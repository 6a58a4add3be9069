"""``{% chart %}``: a chart with its title, description, table, CSV link and source line."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from crossroads.core.charts import Chart

register = template.Library()


@register.simple_tag
def chart(
    figure: Chart, csv_url: str = "", *, table: str = "toggle", heading: str = "h3"
) -> SafeString:
    """Render ``figure``.

    ``csv_url`` links the CSV download; when empty the CSV is embedded as a
    ``data:`` link, so a self-contained document needs no server.
    ``table`` is ``toggle`` (hidden behind a button in the browser, shown
    without JavaScript), ``open`` (always shown, e.g. in print) or ``none``.
    """
    data = figure.table()
    context: dict[str, Any] = {
        "chart": figure,
        "svg": mark_safe(figure.svg()),  # built by the chart module, every value escaped
        "columns": [(c, data.is_numeric(i)) for i, c in enumerate(data.columns)],
        "rows": [[(c, data.is_numeric(i)) for i, c in enumerate(row)] for row in data.rows],
        "csv_href": csv_url or "data:text/csv;charset=utf-8," + quote(figure.csv()),
        "table_mode": table,
        "heading": heading if heading in {"h2", "h3", "h4"} else "h3",
    }
    return render_to_string("core/charts/figure.html", context)
