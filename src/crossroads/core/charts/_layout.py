"""Shared drawing pieces: plot area, value axis, legend, marks with tooltips."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crossroads.core.charts._base import Chart, Series
from crossroads.core.charts._svg import (
    FONT_SIZE,
    GRID,
    INK_SOFT,
    PALETTE,
    attr,
    label,
    nice_ticks,
    num,
    text_width,
    truncate,
)

LEGEND_ROW = 20.0


@dataclass(frozen=True)
class Plot:
    """The rectangle where data is drawn, and the value scale."""

    left: float
    top: float
    right: float
    bottom: float
    maximum: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def y(self, value: float) -> float:
        return self.bottom - (value / self.maximum) * self.height if self.maximum else self.bottom


def value_maximum(chart: Chart, series: Sequence[Series]) -> tuple[float, list[float]]:
    """The top of the value axis and its ticks (0-100% for rates unless all is small)."""
    highest = 0.0
    for s in series:
        for index, value in enumerate(s.values):
            bounds = s.bounds(index)
            top = bounds[1] if bounds else value
            if top is not None:
                highest = max(highest, top)
    if chart.percent:
        if highest > 0.5:
            return 1.0, [0.0, 0.25, 0.5, 0.75, 1.0]
        ticks = nice_ticks(max(highest, 0.05), 5)
        return ticks[-1], ticks
    ticks = nice_ticks(max(highest, 1.0), 5)
    return ticks[-1], ticks


def value_axis(chart: Chart, plot: Plot, ticks: Sequence[float]) -> str:
    """Horizontal grid lines with their values on the left."""
    parts = ['<g class="chart__axis" aria-hidden="true">']
    for tick in ticks:
        y = plot.y(tick)
        parts.append(
            f'<line x1="{num(plot.left)}" x2="{num(plot.right)}" y1="{num(y)}" y2="{num(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            label(
                plot.left - 6,
                y + FONT_SIZE * 0.35,
                chart.fmt_tick(tick),
                anchor="end",
                extra=f' fill="{INK_SOFT}" font-size="11"',
            )
        )
    parts.append("</g>")
    return "".join(parts)


def legend_height(series: Sequence[Series], width: float) -> float:
    """Height the legend needs (0 for a single series)."""
    if len(series) < 2:
        return 0.0
    return LEGEND_ROW * len(_legend_rows(series, width))


def _legend_rows(series: Sequence[Series], width: float) -> list[list[tuple[int, float]]]:
    rows: list[list[tuple[int, float]]] = [[]]
    x = 0.0
    for index, s in enumerate(series):
        item = 22 + min(text_width(s.label), _legend_text_width(width)) + 18
        if x + item > width and rows[-1]:
            rows.append([])
            x = 0.0
        rows[-1].append((index, x))
        x += item
    return rows


def _legend_text_width(width: float) -> float:
    """The longest a legend label may be: a whole row, so that labels are cut only when
    they cannot fit on a line of their own."""
    return max(width - 40, 60)


def legend(chart: Chart, series: Sequence[Series], top: float, left: float) -> str:
    """Legend entries; in the browser each one toggles its series."""
    if len(series) < 2:
        return ""
    parts = ['<g class="chart__legend">']
    width = chart.width - left
    for row_number, row in enumerate(_legend_rows(series, width)):
        y = top + row_number * LEGEND_ROW
        for index, x in row:
            s = series[index]
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<g class="chart__legend-item" data-series="{attr(s.key)}" tabindex="0" '
                f'role="button" aria-pressed="true">'
                f'<rect x="{num(left + x)}" y="{num(y + 3)}" width="14" height="10" rx="2" '
                f'fill="{colour}"/>'
                + label(left + x + 20, y + 12, truncate(s.label, _legend_text_width(width)))
                + "</g>"
            )
    parts.append("</g>")
    return "".join(parts)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def wrap(name: str, width: float, lines: int = 2) -> list[str]:
    """``name`` on at most ``lines`` lines of ``width`` pixels, broken between words; only
    the last line is shortened with an ellipsis if it still does not fit."""
    if text_width(name) <= width:
        return [name]
    out: list[str] = []
    current = ""
    for word in name.split():
        trial = f"{current} {word}".strip()
        if current and text_width(trial) > width:
            out.append(current)
            current = word
        else:
            current = trial
    out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [truncate(line, width) for line in out]


#: Height of a second line of category names under the plot.
CATEGORY_LINE = 12.0


def category_room(categories: Sequence[str], room: float) -> float:
    """Extra height the category names need under the plot (one more line when one wraps)."""
    return CATEGORY_LINE if any(len(wrap(name, room)) > 1 for name in categories) else 0.0


def category_labels(
    categories: Sequence[str], centres: Sequence[float], y: float, room: float
) -> str:
    """Category names under the plot, on two lines where one is too long."""
    parts = ['<g class="chart__categories" aria-hidden="true">']
    for name, x in zip(categories, centres, strict=True):
        for number, line in enumerate(wrap(name, room)):
            parts.append(
                label(
                    x,
                    y + number * CATEGORY_LINE,
                    line,
                    anchor="middle",
                    extra=f' fill="{INK_SOFT}"',
                )
            )
    parts.append("</g>")
    return "".join(parts)
