"""Server-side charts: accessible, print-quality SVG with their data tables.

The same chart object gives the SVG embedded in the web pages, the HTML
report and the PDF (WeasyPrint renders the SVG as vectors), the table shown
next to it, and its CSV. Nothing is drawn in the browser: a small static
script (``crossroads/js/charts.js``) only adds tooltips, keyboard focus,
series toggling and switching to the table.

Chart kinds:

* :class:`TrendChart` - values over years, optionally with interval bands;
* :class:`BarChart` - vertical bars, one or several series (grouped);
* :class:`IntervalChart` - horizontal comparison of rates with intervals;
* :class:`FunnelChart` - successive stages (e.g. compensation claimed, awarded, paid);
* :class:`GapChart` - two counts per category and the gap between them
  (e.g. presumed and formally identified victims).

A missing value (``None``) is drawn as a gap with a note, never as zero.
"""

from crossroads.core.charts._bars import BarChart, GapChart
from crossroads.core.charts._base import Chart, ChartTable, Series
from crossroads.core.charts._special import FunnelChart, FunnelStage, IntervalChart, IntervalRow
from crossroads.core.charts._trend import TrendChart

__all__ = [
    "BarChart",
    "Chart",
    "ChartTable",
    "FunnelChart",
    "FunnelStage",
    "GapChart",
    "IntervalChart",
    "IntervalRow",
    "Series",
    "TrendChart",
]
