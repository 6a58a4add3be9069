"""The comparison chart's geometry: round ticks, points inside the plot, open intervals marked."""

from __future__ import annotations

import pytest

from crossroads.estimation.chart import Interval, build, nice_step


@pytest.mark.parametrize(
    ("span", "step"), [(1000, 200), (2600, 500), (95, 20), (7, 2), (12000, 2000)]
)
def test_tick_steps_are_round(span: float, step: float) -> None:
    assert nice_step(span) == step


def test_rows_sit_on_a_common_axis_starting_below_the_observed_count() -> None:
    chart = build(
        [
            Interval("stepwise", 1500, 1200, 2100, main=True),
            Interval("bic", 1400, 1250, 1700),
            Interval("aic", None, None, None, note="not available"),
            Interval("averaged", 1450, 1300, None),
        ],
        observed=770,
    )
    # From 770 to 2100: a span of 1330, about six ticks of 221.7, rounded up to 500.
    assert [tick.value for tick in chart.ticks] == [500, 1000, 1500, 2000, 2500]
    first = chart.ticks[0]
    assert first.x == chart.plot_left == "170.0"
    assert chart.ticks[-1].x == chart.plot_right == "696.0"
    stepwise, bic, aic, averaged = chart.rows
    # 1500 is half way from 500 to 2500, along the 526 pixels from 170 to 696.
    assert stepwise.x == "433.0"
    assert stepwise.main and not bic.main
    assert aic.x is None and aic.note == "not available"
    assert averaged.open_ended and averaged.x_high == chart.plot_right
    assert chart.observed_x == f"{170 + 270 / 2000 * 526:.1f}"


def test_coordinates_use_a_decimal_point_whatever_the_language() -> None:
    chart = build([Interval("stepwise", 1234.56, 1000.1, 1500.9)], observed=900)
    for value in (chart.rows[0].x, chart.rows[0].x_low, chart.rows[0].x_high, chart.observed_x):
        assert value is not None and "," not in value and "." in value
