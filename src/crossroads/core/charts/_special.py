"""Horizontal comparison with intervals, and funnels."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from crossroads.core.charts._base import Chart, ChartTable
from crossroads.core.charts._layout import colour
from crossroads.core.charts._svg import (
    GRID,
    INK_SOFT,
    attr,
    el,
    label,
    nice_ticks,
    num,
    percent,
    svg_open,
    text_width,
    truncate,
)

ROW = 24.0


@dataclass(frozen=True)
class IntervalRow:
    """One compared unit (e.g. a country): its rate, interval and counts, or why there is none."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    counts: str = ""
    note: str = ""
    highlight: bool = False
    open_ended: bool = False  # the interval has no upper limit (drawn to the edge with an arrow)


@dataclass
class IntervalChart(Chart):
    """Rates of several units side by side, each with its interval, sorted as given.

    ``reference`` draws a vertical line (e.g. the network-wide rate).
    Rows without a figure say "not enough data" in place of a point.
    """

    rows: tuple[IntervalRow, ...] = ()
    reference: float | None = None
    reference_label: str = ""
    unit_title: str = field(default_factory=lambda: _("Country"))
    missing_label: str = field(default_factory=lambda: _("not enough data"))

    def svg(self) -> str:
        label_room = min(max((text_width(r.label) for r in self.rows), default=60) + 12, 190)
        left, right = label_room + 8, self.width - 92
        top = 26.0
        height = top + ROW * len(self.rows) + 26
        highest = max([r.high or r.value or r.low or 0 for r in self.rows] + [self.reference or 0])
        if not self.percent:
            ticks = nice_ticks(max(highest, 1.0), 4)
        elif highest > 0.5:
            ticks = [0, 0.25, 0.5, 0.75, 1.0]
        else:
            ticks = nice_ticks(max(highest, 0.05), 4)
        maximum = ticks[-1]

        def x(v: float) -> float:
            return left + (v / maximum) * (right - left) if maximum else left

        parts = [svg_open(self.width, height, self.dom_id, self.title, self.description)]
        parts.append('<g class="chart__axis" aria-hidden="true">')
        for tick in ticks:
            parts.append(
                f'<line x1="{num(x(tick))}" x2="{num(x(tick))}" y1="{num(top - 6)}" '
                f'y2="{num(height - 22)}" stroke="{GRID}"/>'
            )
            parts.append(
                label(
                    x(tick),
                    height - 8,
                    self.fmt_tick(tick),
                    anchor="middle",
                    extra=f' fill="{INK_SOFT}" font-size="11"',
                )
            )
        parts.append("</g>")
        for index, row in enumerate(self.rows):
            y = top + ROW * index + ROW / 2
            weight = ' font-weight="700"' if row.highlight else ""
            parts.append(
                label(
                    left - 10,
                    y + 4,
                    truncate(row.label, label_room - 8),
                    anchor="end",
                    extra=weight,
                )
            )
            tip = attr(self._tip(row))
            if index % 2 == 0:
                parts.append(
                    f'<rect x="{num(left)}" y="{num(y - ROW / 2)}" width="{num(right - left)}" '
                    f'height="{num(ROW)}" fill="#f6f8fa" aria-hidden="true"/>'
                )
            if row.value is None:
                parts.append(
                    f'<g class="chart__mark chart__mark--missing" tabindex="0" data-tip="{tip}">'
                    + label(
                        left + 6,
                        y + 4,
                        self.missing_label,
                        extra=f' fill="{INK_SOFT}" font-style="italic" font-size="11"',
                    )
                    + "</g>"
                )
                continue
            tint = colour(0) if not row.highlight else colour(1)
            if row.open_ended and row.low is not None:
                parts.append(
                    el("line", x1=x(row.low), x2=right, y1=y, y2=y, stroke=tint, stroke_width=2.0)
                    + el(
                        "path",
                        d=f"M{num(right)} {num(y - 5)} L{num(right + 8)} {num(y)} "
                        f"L{num(right)} {num(y + 5)} Z",
                        fill=tint,
                    )
                )
            elif row.low is not None and row.high is not None:
                low, high = x(row.low), x(row.high)
                fade = 0.55
                parts.append(
                    el(
                        "line",
                        x1=low,
                        x2=high,
                        y1=y,
                        y2=y,
                        stroke=tint,
                        stroke_opacity=fade,
                        stroke_width=2.0,
                    )
                    + el(
                        "line", x1=low, x2=low, y1=y - 5, y2=y + 5, stroke=tint, stroke_opacity=fade
                    )
                    + el(
                        "line",
                        x1=high,
                        x2=high,
                        y1=y - 5,
                        y2=y + 5,
                        stroke=tint,
                        stroke_opacity=fade,
                    )
                )
            parts.append(
                f'<circle class="chart__mark" cx="{num(x(row.value))}" cy="{num(y)}" r="5" '
                f'fill="{tint}" tabindex="0" data-tip="{tip}"/>'
            )
            parts.append(
                label(
                    right + 8,
                    y + 4,
                    self.fmt(row.value),
                    extra=' font-size="11.5" font-weight="600"',
                )
            )
        # The reference line is drawn last, over the row stripes.
        reference_parts: list[str] = []
        if self.reference is not None:
            reference_parts.append(
                f'<line x1="{num(x(self.reference))}" x2="{num(x(self.reference))}" '
                f'y1="{num(top - 10)}" y2="{num(height - 22)}" stroke="{colour(1)}" '
                f'stroke-dasharray="4 3" stroke-width="1.5"/>'
            )
            reference_parts.append(
                label(
                    x(self.reference),
                    top - 14,
                    self.reference_label or self.fmt(self.reference),
                    anchor="middle",
                    extra=f' font-size="10.5" fill="{colour(1)}"',
                )
            )
        parts.extend(reference_parts)
        parts.append("</svg>")
        return "".join(parts)

    def _tip(self, row: IntervalRow) -> str:
        parts = [f"{row.label}: {self.fmt(row.value)}"]
        if row.counts:
            parts.append(row.counts)
        if row.value is not None and self._interval(row):
            parts.append(_("95%% interval %(range)s") % {"range": self._interval(row)})
        if row.note:
            parts.append(row.note)
        return " — ".join(parts)

    def _interval(self, row: IntervalRow) -> str:
        if row.open_ended and row.low is not None:
            unbounded = _("no upper limit")
            return f"{self.fmt(row.low)} – {unbounded}"
        if row.low is not None and row.high is not None:
            return self.fmt_interval((row.low, row.high))
        return ""

    def table(self) -> ChartTable:
        columns = (
            self.unit_title,
            _("Value"),
            _("Numerator / denominator"),
            # Translators: a literal per cent sign, not a placeholder.
            # xgettext:no-python-format
            _("95% interval"),
            _("Note"),
        )
        rows = tuple(
            (
                r.label,
                self.fmt(r.value),
                r.counts,
                self._interval(r) if r.value is not None else "",
                r.note,
            )
            for r in self.rows
        )
        return ChartTable(columns, rows, (False, True, False, False, False))


@dataclass(frozen=True)
class FunnelStage:
    """One stage of a funnel; ``value`` None when the count is suppressed or missing."""

    label: str
    value: int | None
    note: str = ""


@dataclass
class FunnelChart(Chart):
    """Successive stages as bars of decreasing length, each with its share of the previous stage."""

    stages: tuple[FunnelStage, ...] = ()

    def svg(self) -> str:
        label_room = min(max((text_width(s.label) for s in self.stages), default=60) + 12, 220)
        left, right = label_room + 8, self.width - 120
        bar_h, gap = 30.0, 14.0
        height = 12 + len(self.stages) * (bar_h + gap) + 4
        first = next((s.value for s in self.stages if s.value), 0) or 1
        parts = [svg_open(self.width, height, self.dom_id, self.title, self.description)]
        previous: int | None = None
        for index, stage in enumerate(self.stages):
            y = 12 + index * (bar_h + gap)
            parts.append(
                label(
                    left - 10,
                    y + bar_h / 2 + 4,
                    truncate(stage.label, label_room - 8),
                    anchor="end",
                )
            )
            if stage.value is None:
                parts.append(
                    '<g class="chart__mark chart__mark--missing" tabindex="0" '
                    f'data-tip="{attr(self._tip(stage, previous))}">'
                    + label(
                        left + 6,
                        y + bar_h / 2 + 4,
                        _("not enough data"),
                        extra=f' fill="{INK_SOFT}" font-style="italic"',
                    )
                    + "</g>"
                )
                previous = None
                continue
            width = max((stage.value / first) * (right - left), 1.5)
            offset = (right - left - width) / 2
            parts.append(
                el(
                    "rect",
                    cls="chart__mark",
                    x=left + offset,
                    y=y,
                    width=width,
                    height=bar_h,
                    rx=3,
                    fill=colour(0),
                    fill_opacity=1 - index * 0.18,
                    tabindex=0,
                    data_tip=self._tip(stage, previous),
                )
            )
            share = f" · {percent(stage.value / previous)}" if previous else ""
            parts.append(
                label(
                    right + 8,
                    y + bar_h / 2 + 4,
                    f"{self.fmt(stage.value)}{share}",
                    extra=' font-weight="600"',
                )
            )
            previous = stage.value
        parts.append("</svg>")
        return "".join(parts)

    def _tip(self, stage: FunnelStage, previous: int | None) -> str:
        parts = [f"{stage.label}: {self.fmt(stage.value)}"]
        if stage.value is not None and previous:
            parts.append(
                _("%(share)s of the previous stage") % {"share": percent(stage.value / previous)}
            )
        if stage.note:
            parts.append(stage.note)
        return " — ".join(parts)

    def table(self) -> ChartTable:
        rows = []
        previous: int | None = None
        for stage in self.stages:
            share = percent(stage.value / previous) if stage.value is not None and previous else ""
            rows.append((stage.label, self.fmt(stage.value), share, stage.note))
            previous = stage.value
        columns = (_("Stage"), _("Persons"), _("Share of the previous stage"), _("Note"))
        return ChartTable(columns, tuple(rows), (False, True, True, False))
