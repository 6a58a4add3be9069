"""Pooled tables audited with the periods' own tables: no suppressed cell comes back."""

from __future__ import annotations

import numpy as np
import pytest

from crossroads.stats.disclosure import (
    TOTAL,
    Dimension,
    PoolingError,
    Published,
    SuppressionRule,
    Table,
    TableSet,
    audit_pooled,
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
