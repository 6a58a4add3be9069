"""Geometry of the chart comparing methods: one row per method, estimate and interval.

The chart is an SVG drawn on the server (``estimation/_chart.html``) so that
it needs no script and no outside asset, and prints; styling comes from CSS
classes. This module only computes positions and tick values. Coordinates
are returned as strings with a decimal point, because template filters
would format numbers for the reader's language (``12,5`` in French), which
SVG does not read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 170
RIGHT_MARGIN = 24
ROW_HEIGHT = 34
TOP = 14
AXIS_HEIGHT = 40


def _at(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class ChartRow:
    """One method's row: where its point and interval are drawn (SVG coordinates)."""

    label: str
    y: str
    x: str | None
    x_low: str | None
    x_high: str | None
    open_ended: bool
    main: bool
    note: str


@dataclass(frozen=True)
class Tick:
    """A tick of the horizontal axis."""

    x: str
    value: float


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw the chart (SVG coordinates as strings)."""

    width: int
    height: int
    plot_left: str
    plot_right: str
    label_x: str
    plot_bottom: str
    tick_y: str
    caption_y: str
    rows: tuple[ChartRow, ...]
    ticks: tuple[Tick, ...]
    observed_x: str


@dataclass(frozen=True)
class Interval:
    """A method's answer: estimate and interval (upper None when unbounded)."""

    label: str
    estimate: float | None
    lower: float | None
    upper: float | None
    main: bool = False
    note: str = ""


def nice_step(span: float, target: int = 6) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``target`` ticks."""
    raw = span / max(target, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def build(intervals: Sequence[Interval], observed: int) -> Chart:
    """Lay out the rows on a common axis from below the observed count to the highest limit."""
    values = [observed] + [
        v for i in intervals for v in (i.estimate, i.lower, i.upper) if v is not None
    ]
    finite = [v for v in values if math.isfinite(v)]
    low, high = min(finite), max(finite)
    step = nice_step(max(high - low, 1.0))
    axis_low = math.floor(low / step) * step
    axis_high = math.ceil(high / step) * step
    if axis_high <= axis_low:
        axis_high = axis_low + step
    left, right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN

    def x_of(value: float | None) -> str | None:
        if value is None or not math.isfinite(value):
            return None
        return _at(left + (value - axis_low) / (axis_high - axis_low) * (right - left))

    rows = []
    for number, interval in enumerate(intervals):
        y = TOP + number * ROW_HEIGHT + ROW_HEIGHT / 2
        point = x_of(interval.estimate)
        rows.append(
            ChartRow(
                label=interval.label,
                y=_at(y),
                x=point,
                x_low=x_of(interval.lower) if point is not None else None,
                x_high=(x_of(interval.upper) or _at(right)) if point is not None else None,
                open_ended=point is not None and interval.upper is None,
                main=interval.main,
                note=interval.note,
            )
        )
    ticks = []
    value = axis_low
    while value <= axis_high + step / 2:
        ticks.append(Tick(x_of(value) or "0", value))
        value += step
    bottom = TOP + len(intervals) * ROW_HEIGHT
    height = int(bottom + AXIS_HEIGHT)
    return Chart(
        width=WIDTH,
        height=height,
        plot_left=_at(left),
        plot_right=_at(right),
        label_x=_at(left - 12),
        plot_bottom=_at(bottom),
        tick_y=_at(bottom + 18),
        caption_y=_at(height - 4),
        rows=tuple(rows),
        ticks=tuple(ticks),
        observed_x=x_of(observed) or _at(left),
    )
