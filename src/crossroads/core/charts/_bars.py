"""Vertical bars: grouped series, and the gap between two counts."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from crossroads.core.charts._svg import GRID, INK_SOFT, attr, count, el, label, num, svg_open


@dataclass
class BarChart(Chart):
    """Bars per category; several series are drawn side by side (grouped)."""

    categories: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    height: float = 280.0
    category_title: str = field(default_factory=lambda: _("Category"))
    value_labels: bool = True

    def _frame(self) -> tuple[Plot, list[float], float, list[str]]:
        maximum, ticks = value_maximum(self, self.series)
        legend_h = legend_height(self.series, self.width - 56)
        step = (self.width - 12 - 56) / max(len(self.categories), 1)
        below = category_room(self._names(), step - 4)
        plot = Plot(
            56, 20 + legend_h + (8 if legend_h else 0), self.width - 12,
            self.height - 30 - below, maximum,
        )  # fmt: skip
        centres = [plot.left + step * (i + 0.5) for i in range(len(self.categories))]
        head = [
            svg_open(self.width, self.height, self.dom_id, self.title, self.description),
            legend(self, self.series, 8, plot.left),
            value_axis(self, plot, ticks),
        ]
        return plot, centres, step, head

    def _close(self, parts: list[str], plot: Plot, centres: list[float], step: float) -> str:
        parts.append(
            f'<line x1="{num(plot.left)}" x2="{num(plot.right)}" y1="{num(plot.bottom)}" '
            f'y2="{num(plot.bottom)}" stroke="#9aa5b1" stroke-width="1"/>'
        )
        parts.append(category_labels(self._names(), centres, plot.bottom + 18, step - 4))
        parts.append("</svg>")
        return "".join(parts)

    def _names(self) -> list[str]:
        return [self.category_label(self.categories, i) for i in range(len(self.categories))]

    def _pale(self, index: int) -> tuple[float | None, str | None, str | None]:
        """Fill opacity, dash pattern and outline of a bar in a flagged category (pale and
        dashed), or nothing for an ordinary one."""
        if index not in self.flagged:
            return None, None, None
        return 0.45, "4 3", INK_SOFT

    def svg(self) -> str:
        plot, centres, step, parts = self._frame()
        groups = max(len(self.series), 1)
        bar = min(step * 0.8 / groups, 46)
        show_values = self.value_labels and bar >= 22
        for index, s in enumerate(self.series):
            parts.append(f'<g class="chart__series" data-series="{attr(s.key)}">')
            for i, centre in enumerate(centres):
                x = centre - bar * groups / 2 + bar * index
                value = s.values[i] if i < len(s.values) else None
                tip = tooltip(self, s, self.categories[i], i)
                if value is None:
                    parts.append(
                        el(
                            "rect",
                            cls="chart__mark chart__mark--missing",
                            x=x + 1.0,
                            y=plot.bottom - 3,
                            width=bar - 2.0,
                            height=3,
                            fill=GRID,
                            tabindex=0,
                            data_tip=tip,
                        )
                    )
                    continue
                top = plot.y(value)
                parts.append(
                    el(
                        "rect",
                        cls="chart__mark"
                        + (" chart__mark--incomplete" if i in self.flagged else ""),
                        x=x + 1.0,
                        y=top,
                        width=bar - 2.0,
                        height=max(plot.bottom - top, 0.5),
                        fill=colour(index),
                        rx=1.5,
                        tabindex=0,
                        data_tip=tip,
                        fill_opacity=self._pale(i)[0],
                        stroke_dasharray=self._pale(i)[1],
                        stroke=self._pale(i)[2],
                    )
                )
                if show_values:
                    parts.append(
                        label(
                            x + bar / 2,
                            top - 4,
                            self.fmt(value),
                            anchor="middle",
                            extra=f' font-size="10" fill="{INK_SOFT}" aria-hidden="true"',
                        )
                    )
            parts.append("</g>")
        return self._close(parts, plot, centres, step)

    def table(self) -> ChartTable:
        return series_table(self, self.category_title, self.categories, self.series)


def gap_text(whole: float, part: float) -> str:
    """The gap between two counts as the chart and its table both write it: how many of
    ``whole`` did not reach ``part`` ("378"), or "+13" when ``part`` is the larger."""
    return ("+" if part > whole else "") + count(abs(whole - part))


@dataclass
class GapChart(BarChart):
    """Two counts per category drawn one over the other, with the gap written above.

    ``series`` must hold exactly two series: the larger population first
    (e.g. presumed victims), then the part of it that reached the outcome
    (e.g. formally identified). The gap is the difference.
    """

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.series) != 2:
            raise ValueError("a gap chart compares exactly two series")

    def svg(self) -> str:
        plot, centres, step, parts = self._frame()
        outer, inner = self.series
        width = min(step * 0.62, 64)
        for i, centre in enumerate(centres):
            whole = outer.values[i] if i < len(outer.values) else None
            part = inner.values[i] if i < len(inner.values) else None
            parts.append(f'<g class="chart__series" data-series="{attr(outer.key)}">')
            if whole is None:
                parts.append(
                    f'<rect class="chart__mark chart__mark--missing" x="{num(centre - width / 2)}" '
                    f'y="{num(plot.bottom - 3)}" width="{num(width)}" height="3" fill="{GRID}" '
                    f'tabindex="0" data-tip="{attr(tooltip(self, outer, self.categories[i], i))}"/>'
                )
            else:
                top = plot.y(whole)
                flagged = i in self.flagged
                parts.append(
                    el(
                        "rect",
                        cls="chart__mark" + (" chart__mark--incomplete" if flagged else ""),
                        x=centre - width / 2,
                        y=top,
                        width=width,
                        height=max(plot.bottom - top, 0.5),
                        fill=colour(0),
                        fill_opacity=0.12 if flagged else 0.28,
                        stroke=INK_SOFT if flagged else colour(0),
                        stroke_width=1,
                        stroke_dasharray="4 3" if flagged else None,
                        tabindex=0,
                        data_tip=tooltip(self, outer, self.categories[i], i),
                    )
                )
            parts.append("</g>")
            parts.append(f'<g class="chart__series" data-series="{attr(inner.key)}">')
            if part is not None:
                top_inner = plot.y(part)
                parts.append(
                    el(
                        "rect",
                        cls="chart__mark",
                        x=centre - width * 0.3,
                        y=top_inner,
                        width=width * 0.6,
                        height=max(plot.bottom - top_inner, 0.5),
                        fill=colour(1),
                        tabindex=0,
                        data_tip=tooltip(self, inner, self.categories[i], i),
                        fill_opacity=self._pale(i)[0],
                        stroke_dasharray=self._pale(i)[1],
                        stroke=self._pale(i)[2],
                    )
                )
            parts.append("</g>")
            if whole is not None and part is not None and step >= 40:
                parts.append(
                    label(
                        centre,
                        plot.y(max(whole, part)) - 5,
                        gap_text(whole, part),
                        anchor="middle",
                        extra=f' font-size="10.5" font-weight="600" fill="{INK_SOFT}"',
                    )
                )
        return self._close(parts, plot, centres, step)

    def table(self) -> ChartTable:
        outer, inner = self.series
        columns = (self.category_title, outer.label, inner.label, _("Gap"), _("Note"))
        rows = []
        for i, category in enumerate(self.categories):
            whole = outer.values[i] if i < len(outer.values) else None
            part = inner.values[i] if i < len(inner.values) else None
            gap = gap_text(whole, part) if whole is not None and part is not None else ""
            note = " ".join(n for n in (outer.note(i), inner.note(i)) if n)
            rows.append((category, self.fmt(whole), self.fmt(part), gap, note))
        return ChartTable(columns, tuple(rows), (False, True, True, True, False))
