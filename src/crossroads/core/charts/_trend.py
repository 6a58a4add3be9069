"""Values over years: lines with points and optional interval bands."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext as _

from crossroads.core.charts._base import Chart, ChartTable, Series, series_table, tooltip
from crossroads.core.charts._layout import (
    Plot,
    category_labels,
    category_room,
    colour,
    legend,
    legend_height,
    value_axis,
    value_maximum,
)
from crossroads.core.charts._svg import GRID, attr, el, num, svg_open


@dataclass
class TrendChart(Chart):
    """One line per series across ``categories`` (usually years).

    A ``None`` value breaks the line and is marked on the baseline with a
    hollow point whose tooltip says why there is no figure. A flagged
    (incomplete) year is reached by a dashed line and marked with a dashed
    diamond, so that a fall caused by missing members never reads as a drop.
    """

    categories: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    height: float = 280.0
    category_title: str = field(default_factory=lambda: _("Year"))

    def svg(self) -> str:
        maximum, ticks = value_maximum(self, self.series)
        legend_h = legend_height(self.series, self.width - 56)
        names = [self.category_label(self.categories, i) for i in range(len(self.categories))]
        step = (self.width - 18 - 56) / max(len(self.categories), 1)
        below = category_room(names, step - 4)
        plot = Plot(
            56, 14 + legend_h + (8 if legend_h else 0), self.width - 18,
            self.height - 30 - below, maximum,
        )  # fmt: skip
        centres = [plot.left + step * (i + 0.5) for i in range(len(self.categories))]
        parts = [
            svg_open(self.width, self.height, self.dom_id, self.title, self.description),
            legend(self, self.series, 8, plot.left),
            value_axis(self, plot, ticks),
        ]
        for index, s in enumerate(self.series):
            parts.append(self._series(s, index, plot, centres))
        parts.append(
            f'<line x1="{num(plot.left)}" x2="{num(plot.right)}" y1="{num(plot.bottom)}" '
            f'y2="{num(plot.bottom)}" stroke="#9aa5b1" stroke-width="1"/>'
        )
        parts.append(category_labels(names, centres, plot.bottom + 18, step - 4))
        parts.append("</svg>")
        return "".join(parts)

    def _series(self, s: Series, index: int, plot: Plot, centres: list[float]) -> str:
        tint = colour(index)
        parts = [f'<g class="chart__series" data-series="{attr(s.key)}">']
        runs: list[list[int]] = [[]]
        for i, value in enumerate(s.values):
            if value is None:
                if runs[-1]:
                    runs.append([])
            else:
                runs[-1].append(i)
        for run in runs:
            bands = [s.bounds(i) for i in run]
            if run and all(b is not None for b in bands):
                upper = [
                    f"{num(centres[i])},{num(plot.y(b[1]))}"
                    for i, b in zip(run, bands, strict=True)
                    if b
                ]
                lower = [
                    f"{num(centres[i])},{num(plot.y(b[0]))}"
                    for i, b in zip(run, bands, strict=True)
                    if b
                ]
                if len(run) == 1:
                    i, b = run[0], bands[0]
                    assert b is not None
                    parts.append(
                        el(
                            "line",
                            x1=centres[i],
                            x2=centres[i],
                            y1=plot.y(b[0]),
                            y2=plot.y(b[1]),
                            stroke=tint,
                            stroke_opacity=0.35,
                            stroke_width=8,
                            stroke_linecap="round",
                        )
                    )
                else:
                    parts.append(
                        f'<polygon points="{" ".join(upper + lower[::-1])}" fill="{tint}" '
                        f'fill-opacity="0.14" stroke="none"/>'
                    )
            parts.extend(self._lines(s, run, plot, centres, tint))
        for i, value in enumerate(s.values):
            tip = attr(tooltip(self, s, self.categories[i], i))
            if value is None:
                parts.append(
                    f'<circle class="chart__mark chart__mark--missing" cx="{num(centres[i])}" '
                    f'cy="{num(plot.bottom)}" r="4" fill="#fff" stroke="{GRID}" stroke-width="2" '
                    f'tabindex="0" data-tip="{tip}"/>'
                )
            elif i in self.flagged:
                x, y = centres[i], plot.y(value)
                parts.append(
                    f'<path class="chart__mark chart__mark--incomplete" d="M{num(x)} {num(y - 6)}'
                    f'L{num(x + 6)} {num(y)}L{num(x)} {num(y + 6)}L{num(x - 6)} {num(y)}Z" '
                    f'fill="#fff" stroke="{tint}" stroke-width="2" stroke-dasharray="2.5 1.5" '
                    f'tabindex="0" data-tip="{tip}"/>'
                )
            else:
                parts.append(
                    f'<circle class="chart__mark" cx="{num(centres[i])}" cy="{num(plot.y(value))}" '
                    f'r="4.2" fill="#fff" stroke="{tint}" stroke-width="2.2" tabindex="0" '
                    f'data-tip="{tip}"/>'
                )
        parts.append("</g>")
        return "".join(parts)

    def _lines(
        self, s: Series, run: list[int], plot: Plot, centres: list[float], tint: str
    ) -> list[str]:
        """The line through one unbroken run of values: solid between complete years,
        dashed into and out of a flagged one."""
        parts: list[str] = []
        solid: list[int] = []

        def point(i: int) -> str:
            return f"{num(centres[i])},{num(plot.y(s.values[i] or 0.0))}"

        def flush() -> None:
            if len(solid) > 1:
                parts.append(
                    f'<polyline points="{" ".join(point(i) for i in solid)}" fill="none" '
                    f'stroke="{tint}" stroke-width="2.4" stroke-linejoin="round" '
                    f'stroke-linecap="round"/>'
                )
            solid.clear()

        for a, b in pairwise(run):
            if a in self.flagged or b in self.flagged:
                flush()
                parts.append(
                    f'<polyline points="{point(a)} {point(b)}" fill="none" stroke="{tint}" '
                    f'stroke-width="2" stroke-dasharray="5 4" stroke-opacity="0.7"/>'
                )
            else:
                if not solid:
                    solid.append(a)
                solid.append(b)
        flush()
        return parts

    def table(self) -> ChartTable:
        return series_table(self, self.category_title, self.categories, self.series)
