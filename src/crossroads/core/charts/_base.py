"""What every chart has: identity, title, description, series, a table and a CSV."""

from __future__ import annotations

import csv
import io
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from crossroads.accounts.spreadsheets import Convention, language_convention
from crossroads.cells import safe_row
from crossroads.core.charts._svg import count, percent

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Series:
    """One named line or set of bars.

    ``values`` align with the chart's categories; ``None`` means no figure
    (not enough data, suppressed, not collected) and ``notes`` says why, per
    category. ``low``/``high`` are interval bounds in the same unit.
    ``counts`` optionally gives "numerator / denominator" text per category
    for tooltips and tables.
    """

    key: str
    label: str
    values: tuple[float | None, ...]
    low: tuple[float | None, ...] = ()
    high: tuple[float | None, ...] = ()
    notes: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()

    def note(self, index: int) -> str:
        return self.notes[index] if index < len(self.notes) else ""

    def bounds(self, index: int) -> tuple[float, float] | None:
        if index < len(self.low) and index < len(self.high):
            low, high = self.low[index], self.high[index]
            if low is not None and high is not None:
                return low, high
        return None

    def count_text(self, index: int) -> str:
        return self.counts[index] if index < len(self.counts) else ""


@dataclass(frozen=True)
class ChartTable:
    """The data behind a chart, as text: header row and body rows."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()

    def is_numeric(self, index: int) -> bool:
        return index < len(self.numeric) and self.numeric[index]


@dataclass
class Chart(ABC):
    """Base class of every chart.

    ``key`` is stable and URL-safe (it names the CSV file and the HTML ids);
    ``description`` is the text alternative read by screen readers and
    printed under the title; ``percent`` says whether values are fractions
    shown as percentages, or counts; ``source`` is the provenance line.
    """

    key: str
    title: str
    description: str
    percent: bool = False
    source: str = ""
    width: float = 640.0
    id_prefix: str = ""
    extra_notes: list[str] = field(default_factory=list)
    flagged: tuple[int, ...] = ()
    """Indexes of categories whose figures are incomplete (a year fewer members
    contributed to): drawn with a distinct, dashed mark and an asterisk, never as
    an ordinary drop. The chart's notes say why."""

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"chart key {self.key!r} must be lower-case letters, digits, - or _")

    def category_label(self, categories: Sequence[str], index: int) -> str:
        """A category's name under the plot: an asterisk marks a flagged one."""
        return categories[index] + ("*" if index in self.flagged else "")

    @property
    def dom_id(self) -> str:
        """The HTML id of the chart (unique on a page when ``id_prefix`` differs)."""
        return f"chart-{self.id_prefix}{self.key}"

    def fmt(self, value: float | None) -> str:
        """A value as shown on the chart and in its table."""
        if value is None:
            return _("not enough data")
        return percent(value) if self.percent else count(value)

    def fmt_tick(self, value: float) -> str:
        """An axis value: percentages keep one decimal when the step is not a whole percent."""
        if self.percent and abs(value * 100 - round(value * 100)) > 1e-9:
            return percent(value, 1)
        return self.fmt(value)

    def fmt_interval(self, bounds: tuple[float, float] | None) -> str:
        if bounds is None:
            return ""
        return f"{self.fmt(bounds[0])} – {self.fmt(bounds[1])}"

    @abstractmethod
    def svg(self) -> str:
        """The chart as a standalone, accessible SVG element."""

    @abstractmethod
    def table(self) -> ChartTable:
        """The figures drawn, as a table."""

    def csv(self, convention: Convention | None = None) -> str:
        """The table as CSV (UTF-8 text, header row first), separated by ``convention``'s
        separator; by default as a spreadsheet set up for the active language expects: by
        semicolons where the decimal mark is a comma (French, German, Russian…), by commas
        elsewhere."""
        buffer = io.StringIO()
        separator = (convention or language_convention()).separator
        writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
        table = self.table()
        writer.writerow(safe_row(table.columns))
        writer.writerows(safe_row(row) for row in table.rows)
        return buffer.getvalue()

    @property
    def csv_filename(self) -> str:
        return f"{self.key}.csv"


def series_table(
    chart: Chart, category_title: str, categories: Sequence[str], series: Sequence[Series]
) -> ChartTable:
    """The usual table of a categorical chart: one row per category and series."""
    interval = any(s.low for s in series)
    has_counts = any(s.counts for s in series)
    columns = [category_title, _("Series"), _("Value")]
    if has_counts:
        columns.append(_("Numerator / denominator"))
    if interval:
        # Translators: a literal per cent sign, not a placeholder.
        # xgettext:no-python-format
        columns.append(_("95% interval"))
    columns.append(_("Note"))
    rows = []
    for s in series:
        for index, category in enumerate(categories):
            value = s.values[index] if index < len(s.values) else None
            row = [category, s.label, chart.fmt(value)]
            if has_counts:
                row.append(s.count_text(index))
            if interval:
                row.append(chart.fmt_interval(s.bounds(index)) if value is not None else "")
            row.append(s.note(index))
            rows.append(tuple(row))
    numeric = [False, False, True] + [False] * (len(columns) - 3)
    return ChartTable(tuple(columns), tuple(rows), tuple(numeric))


def tooltip(chart: Chart, series: Series, category: str, index: int) -> str:
    """The text shown when a mark is hovered or focused."""
    value = series.values[index] if index < len(series.values) else None
    parts = [f"{series.label} · {category}: {chart.fmt(value)}"]
    if series.count_text(index):
        parts.append(series.count_text(index))
    bounds = series.bounds(index)
    if value is not None and bounds is not None:
        parts.append(_("95%% interval %(range)s") % {"range": chart.fmt_interval(bounds)})
    if series.note(index):
        parts.append(series.note(index))
    return " — ".join(parts)
