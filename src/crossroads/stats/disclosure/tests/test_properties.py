"""Properties that hold for every table set and rule (hypothesis, small linked tables).

Each example tabulates 1 to 70 simulated persons into two to four tables of
one population that share margins (sex x age, sex x citizenship, a
multi-response form table...), sometimes with a nested pair (awarded within
claimed), and protects them with a random rule.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from crossroads.stats.disclosure import (
    CellRef,
    CellStatus,
    ProtectedTable,
    SuppressionRule,
    TableSet,
    audit,
    protect,
)
from crossroads.stats.disclosure.tests.oracle import exact_intervals
from crossroads.stats.disclosure.tests.strategies import rules, table_sets

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(table_sets(), rules)
def test_released_non_zero_cells_are_never_below_the_threshold(
    tables: TableSet, rule: SuppressionRule
) -> None:
    protected = protect(tables, rule)
    for table in protected:
        for cell in table.cells():
            if cell.value is not None and cell.value != 0:
                assert cell.value >= rule.threshold, (table.name, cell)
            exact = table.table.count(*cell.categories)
            if 0 < exact < rule.threshold or (exact == 0 and not rule.release_zeros):
                assert cell.status is CellStatus.SUPPRESSED_PRIMARY


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_sets(), rules)
def test_no_suppressed_cell_can_be_derived_and_primary_cells_keep_their_protection(
    tables: TableSet, rule: SuppressionRule
) -> None:
    protected = protect(tables, rule)
    # The independent solver knows what the audit assumes an outsider knows,
    # including that suppressed cells are at least 1 when zeros are shown; with
    # a bound of 0 every interval could only be wider.
    intervals = exact_intervals(protected, floor=rule.suppressed_lower_bound)
    for table in protected:
        for cell in table.cells():
            if not cell.status.is_suppressed:
                continue
            low, high = intervals[_ref(table.name, cell.categories)]
            assert high > low + 0.5, (table.name, cell, low, high)
            if cell.status is CellStatus.SUPPRESSED_PRIMARY:
                value = table.table.count(*cell.categories)
                assert high >= rule.required_upper(value) - 1e-6, (table.name, cell, high)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_sets(), rules)
def test_the_audit_intervals_match_an_independent_solver(
    tables: TableSet, rule: SuppressionRule
) -> None:
    protected = protect(tables, rule)
    report = audit(protected, tables.constraints)
    assert report.passed
    intervals = exact_intervals(protected, floor=rule.suppressed_lower_bound)
    for cell in report.cells:
        for ref in cell.locations:
            low, high = intervals[ref]
            assert cell.lower == int(np.ceil(low - 1e-6))
            if cell.upper is None:
                assert high == np.inf
            else:
                assert cell.upper == int(np.floor(high + 1e-6))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_sets(), rules)
def test_the_quick_audit_decides_every_cell_as_the_exact_audit_does(
    tables: TableSet, rule: SuppressionRule
) -> None:
    protected = protect(tables, rule)
    # Also a weak pattern (primary cells only), so that failing cells are compared too.
    weak = [
        ProtectedTable.from_pattern(
            t.table, rule, t.statuses == CellStatus.SUPPRESSED_PRIMARY.value
        )
        for t in protected
    ]
    for published in (list(protected), weak):
        exact = audit(published, tables.constraints)
        quick = audit(published, tables.constraints, exact=False)
        assert not quick.exact
        assert [c.variable for c in quick.cells] == [c.variable for c in exact.cells]
        for fast, slow in zip(quick.cells, exact.cells, strict=True):
            assert fast.passed == slow.passed, fast.locations
            # The values seen lie within the exact range.
            assert slow.lower <= fast.lower
            if slow.upper is not None:
                assert fast.upper is not None and fast.upper <= slow.upper


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_sets(), rules)
def test_no_complement_can_be_released_without_failing_the_audit(
    tables: TableSet, rule: SuppressionRule
) -> None:
    protected = protect(tables, rule)
    for complement in protected.audit.cells:
        if complement.status is not CellStatus.SUPPRESSED_SECONDARY:
            continue
        patterns = []
        for table in protected:
            mask = table.suppressed.copy()
            for ref in complement.locations:
                if ref.table == table.name:
                    mask[table.table.position(ref.categories)] = False
            patterns.append(ProtectedTable.from_pattern(table.table, rule, mask))
        assert not audit(patterns, tables.constraints).passed, complement.locations


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_sets(), rules)
def test_protection_is_deterministic(tables: TableSet, rule: SuppressionRule) -> None:
    first = protect(tables, rule).to_json(preview=True)
    again = protect(TableSet.from_dict(tables.to_dict()), rule).to_json(preview=True)
    assert first == again


@FAST
@given(table_sets(), rules)
def test_rounded_releases_are_multiples_of_the_base(
    tables: TableSet, rule: SuppressionRule
) -> None:
    protected = protect(tables, rule)
    for table in protected:
        for cell in table.cells():
            if cell.value is None:
                continue
            if rule.rounding_base is not None:
                assert cell.value % rule.rounding_base == 0
                exact = table.table.count(*cell.categories)
                assert abs(cell.value - exact) < rule.rounding_base
                expected = CellStatus.ZERO if exact == 0 else CellStatus.ROUNDED
                assert cell.status is expected
            else:
                assert cell.value == table.table.count(*cell.categories)


def _ref(table: str, categories: tuple[str, ...]) -> CellRef:
    return CellRef(table, categories)
