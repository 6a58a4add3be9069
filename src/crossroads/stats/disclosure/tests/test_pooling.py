"""Pooled tables audited with the periods' own tables: no suppressed cell comes back."""

from __future__ import annotations

import time

import numpy as np
import pytest

from crossroads.stats.disclosure import (
    TOTAL,
    Dimension,
    OutOfTime,
    PooledAudit,
    PoolingError,
    Published,
    SuppressionRule,
    Table,
    TableSet,
    audit_pooled,
    pooled_constraints,
    protect,
)

RULE = SuppressionRule(threshold=10)
COUNTRY = Dimension("country", ("AAA", "BBB"))
SEX = Dimension("sex", ("female", "male"))


def _period(label: str, counts: list[list[int]]) -> Published:
    """One year's table of persons by country and sex, protected as the year's release is."""
    tables = TableSet([Table("persons", "persons", [COUNTRY, SEX], counts)])
    protected = protect(tables, RULE)
    return Published(label, tables, RULE, {"persons": protected.table("persons").suppressed})


def _pooled(periods: list[list[list[int]]], *, unpublished_country: str | None = None) -> Published:
    total = np.sum(np.array(periods), axis=0)
    tables = TableSet([Table("persons", "persons", [COUNTRY, SEX], total)])
    protected = protect(tables, RULE)
    unseen = np.zeros(tables.table("persons").shape, dtype=bool)
    unseen[COUNTRY.size, :] = True  # the network's pooled figures are not published
    if unpublished_country is not None:
        unseen[COUNTRY.index(unpublished_country), :] = True
    return Published(
        "pooled", tables, RULE, {"persons": protected.table("persons").suppressed},
        {"persons": unseen},
    )  # fmt: skip


# Country AAA: 5 women in 2023 (suppressed), 20 in 2024, 30 in 2025; 55 pooled.
YEARS = [
    [[5, 40], [60, 70]],
    [[20, 40], [60, 70]],
    [[30, 40], [60, 70]],
]


def test_the_pooled_total_minus_released_years_would_reveal_a_suppressed_cell() -> None:
    periods = [_period(str(y), counts) for y, counts in zip((2023, 2024, 2025), YEARS, strict=True)]
    assert np.asarray(periods[0].hidden["persons"])[0, 0]
    result = audit_pooled(periods, _pooled(YEARS))
    assert not result.passed
    failing = result.failing_cells()
    assert ("2023", "persons", ("AAA", "female")) in failing
    interval = result.report.interval("2023:persons", "AAA", "female")
    assert interval == (5, 5)


def test_withholding_only_the_small_country_still_leaks_through_its_complements() -> None:
    # 2023's complements of AAA's 5 women are BBB's cells; BBB's pooled figures minus its
    # released 2024 and 2025 figures give them back, and the 5 with them.
    periods = [_period(str(y), counts) for y, counts in zip((2023, 2024, 2025), YEARS, strict=True)]
    result = audit_pooled(periods, _pooled(YEARS, unpublished_country="AAA"))
    assert ("2023", "persons", ("BBB", "female")) in result.failing_cells()
    assert ("2023", "persons", ("AAA", "female")) in result.failing_cells()


def test_nothing_pooled_published_passes_the_audit() -> None:
    periods = [_period(str(y), counts) for y, counts in zip((2023, 2024, 2025), YEARS, strict=True)]
    pooled = _pooled(YEARS)
    everything = {"persons": np.ones(pooled.tables.table("persons").shape, dtype=bool)}
    result = audit_pooled(
        periods, Published("pooled", pooled.tables, RULE, pooled.hidden, everything)
    )
    assert result.passed, result.failing_cells()


def test_pooled_tables_of_years_all_small_pass_when_each_year_keeps_its_range() -> None:
    # Every year of AAA's women is small and suppressed; the pooled 12 (3 + 4 + 5) is released.
    years = [[[3, 40], [60, 70]], [[4, 40], [60, 70]], [[5, 40], [60, 70]]]
    periods = [_period(str(y), counts) for y, counts in zip((2023, 2024, 2025), years, strict=True)]
    pooled = _pooled(years)
    assert not np.asarray(pooled.hidden["persons"])[0, 0]
    result = audit_pooled(periods, pooled)
    # The pooled 12 bounds each year's cell by 12 - 1 - 1 = 10, the threshold: still protected.
    assert result.passed, result.failing_cells()
    low, high = result.report.interval("2023:persons", "AAA", "female")
    assert low == 1 and high is not None and high >= RULE.threshold


def test_pooled_counts_that_are_not_the_sum_of_the_years_are_refused() -> None:
    periods = [_period(str(y), counts) for y, counts in zip((2023, 2024, 2025), YEARS, strict=True)]
    wrong = [YEARS[0], YEARS[1], [[31, 40], [60, 70]]]
    with pytest.raises(PoolingError, match="counts"):
        audit_pooled(periods, _pooled(wrong))


def test_a_network_total_cell_is_a_location_of_the_audit() -> None:
    periods = [_period(str(y), counts) for y, counts in zip((2023, 2024, 2025), YEARS, strict=True)]
    result = audit_pooled(periods, _pooled(YEARS))
    tables = {table for _label, table, _cells in result.failing_cells()}
    assert tables == {"persons"}
    assert all(TOTAL not in cells or cells[0] != TOTAL for _l, _t, cells in result.failing_cells())


THREE = Dimension("country", ("AAA", "BBB", "CCC", "DDD"))
# AAA is small in 2023 only (its pooled figures give it back); DDD's women are small every
# year (its pooled 12 keeps each year's range wide enough); BBB and CCC are large.
THREE_YEARS = [
    [[5, 40], [60, 70], [45, 52], [3, 41]],
    [[20, 40], [60, 70], [48, 50], [4, 44]],
    [[30, 40], [60, 70], [41, 57], [5, 47]],
]


def _three(withheld: tuple[str, ...]) -> tuple[list[Published], Published]:
    """The years and the pooled tables of three countries, ``withheld`` ones unpublished."""
    periods = []
    for year, counts in zip((2023, 2024, 2025), THREE_YEARS, strict=True):
        tables = TableSet([Table("persons", "persons", [THREE, SEX], counts)])
        hidden = protect(tables, RULE).table("persons").suppressed
        periods.append(Published(str(year), tables, RULE, {"persons": hidden}))
    tables = TableSet([Table("persons", "persons", [THREE, SEX], np.sum(THREE_YEARS, axis=0))])
    unseen = np.zeros(tables.table("persons").shape, dtype=bool)
    unseen[THREE.size, :] = True
    for code in withheld:
        unseen[THREE.index(code), :] = True
    hidden = protect(tables, RULE).table("persons").suppressed
    return periods, Published("pooled", tables, RULE, {"persons": hidden}, {"persons": unseen})


def _verdicts(result: PooledAudit) -> dict[int, bool]:
    return {cell.variable: cell.passed for cell in result.report.cells}


@pytest.mark.parametrize("withheld", [("AAA",), ("AAA", "BBB"), ("AAA", "CCC", "DDD")])
def test_an_audit_that_builds_on_the_last_round_reaches_the_verdicts_of_a_full_audit(
    withheld: tuple[str, ...],
) -> None:
    periods, everything_shown = _three(())
    constraints = pooled_constraints(periods, everything_shown)
    first = audit_pooled(periods, everything_shown, constraints)
    assert not first.passed
    later = _three(withheld)[1]
    again = audit_pooled(periods, later, constraints, earlier=first)
    full = audit_pooled(periods, later, constraints)
    assert _verdicts(again) == _verdicts(full)
    assert again.passed == full.passed
    assert {c.variable for c in again.failures} == {c.variable for c in full.failures}
    # Only the cells that failed were solved again.
    assert again.report.linear_programs < full.report.linear_programs


def test_a_cell_shown_protected_in_one_round_is_not_solved_again_in_the_next() -> None:
    periods, everything_shown = _three(())
    constraints = pooled_constraints(periods, everything_shown)
    first = audit_pooled(periods, everything_shown, constraints)
    # AAA's 5 women of 2023 come back, and with them their complements (CCC's, DDD's).
    assert {cells[0] for _l, _t, cells in first.failing_cells()} == {"AAA", "CCC", "DDD"}
    protected = {c.variable: (c.lower, c.upper) for c in first.report.cells if c.passed}
    assert protected
    second = audit_pooled(periods, _three(("AAA", "CCC"))[1], constraints, earlier=first)
    assert second.passed, second.failing_cells()
    for cell in second.report.cells:
        if cell.variable in protected:
            assert (cell.lower, cell.upper) == protected[cell.variable]


def test_an_earlier_audit_in_which_the_outsider_knew_less_is_not_reused() -> None:
    periods, everything_shown = _three(())
    constraints = pooled_constraints(periods, everything_shown)
    knowing_less = audit_pooled(periods, _three(("AAA", "CCC"))[1], constraints)
    assert knowing_less.passed
    result = audit_pooled(periods, everything_shown, constraints, earlier=knowing_less)
    assert not result.passed
    assert _verdicts(result) == _verdicts(audit_pooled(periods, everything_shown, constraints))


def test_an_audit_past_its_deadline_stops_rather_than_passing() -> None:
    periods, pooled = _three(("AAA", "BBB"))
    with pytest.raises(OutOfTime):
        audit_pooled(periods, pooled, deadline=time.monotonic() - 1.0)
