"""The safe-reporting indicator (R8.5) against the reporting point's tables, by hand."""

from __future__ import annotations

import pytest

from crossroads.exchange.released import TOTAL as T
from crossroads.exchange.released import ReleasedTable
from crossroads.monitoring.figures import Reason, compute
from crossroads.monitoring.indicators import Right, indicator
from crossroads.stats.intervals import wilson_interval

DIMS = ("report_sharing", "report_case_record")


def _choices(cells: dict[tuple[str, ...], int | None]) -> dict[str, ReleasedTable]:
    return {"safe_reports_choices": ReleasedTable.from_cells("safe_reports_choices", DIMS, cells)}


def test_the_share_of_reports_made_only_without_the_authorities_is_computed_from_the_choices() -> (
    None
):
    tables = _choices({(T, T): 60, ("no", T): 45, ("police", T): 9, ("both", T): 6})
    figure = compute(indicator("R8.5"), tables, "NLD", 2025)
    assert (figure.numerator, figure.denominator) == (45, 60)
    expected = wilson_interval(45, 60)
    assert figure.rate == pytest.approx(0.75, abs=1e-12)
    assert (figure.low, figure.high) == pytest.approx((expected.low, expected.high), abs=1e-12)
    assert indicator("R8.5").right == Right.SAFE_REPORTING


def test_a_few_reports_or_a_suppressed_count_give_not_enough_data() -> None:
    few = compute(indicator("R8.5"), _choices({(T, T): 12, ("no", T): 10}), "NLD", 2025)
    assert few.reason == Reason.SMALL and few.rate is None
    hidden = compute(indicator("R8.5"), _choices({(T, T): 60, ("no", T): None}), "NLD", 2025)
    assert hidden.rate is None
