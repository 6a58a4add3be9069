"""Small cases a reviewer can check by hand (threshold 10, protection 5 unless said).

Conventions: tables are written with their margins; ``x`` marks a suppressed
cell. With the default rule a primary cell of value ``v`` needs an upper
bound of at least ``max(10, v + 5)``, and every suppressed cell is known to
be at least 1 because zeros are published.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from crossroads.stats.disclosure import (
    TOTAL,
    CellStatus,
    Dimension,
    Nested,
    ProtectedTable,
    SuppressionRule,
    Table,
    TableSet,
    audit,
    protect,
)
from crossroads.stats.disclosure.tests.oracle import exact_intervals

SEX = Dimension("sex", ("F", "M"))
AGE = Dimension("age", ("child", "adult"))
CITIZENSHIP = Dimension("citizenship", ("national", "eu", "non_eu"))
RULE = SuppressionRule()


def test_a_two_by_two_table_with_one_small_cell_needs_exactly_three_complements() -> None:
    #            child adult | total
    #   F            3    25 |    28
    #   M           30    42 |    72
    #   total       33    67 |   100
    # Each line of a table is an equation; a suppressed cell alone in a line
    # is that line's total minus its released cells. So every line through a
    # suppressed cell needs a second suppressed cell, and the suppressed cells
    # must form a closed path along lines: at least a rectangle, four cells,
    # that is three complements. The cheapest rectangle uses inner cells.
    table = Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [30, 42]])
    protected = protect(TableSet([table]), RULE)
    result = protected.table("sex_age")
    assert result.status("F", "child") is CellStatus.SUPPRESSED_PRIMARY
    for cell in [("F", "adult"), ("M", "child"), ("M", "adult")]:
        assert result.status(*cell) is CellStatus.SUPPRESSED_SECONDARY
    assert not result.suppressed[:, 2].any() and not result.suppressed[2, :].any()
    # F/child can rise while F/adult (25) falls to 1: at most 3 + 24 = 27.
    assert protected.audit.interval("sex_age", "F", "child") == (1, 27)


def test_no_pattern_with_fewer_than_three_complements_protects_the_two_by_two_table() -> None:
    table = Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [30, 42]])
    constraints = TableSet([table]).constraints
    others = [p for p in np.ndindex(table.shape) if p != (0, 0)]
    for size in (0, 1, 2):
        for extra in combinations(others, size):
            mask = np.zeros(table.shape, dtype=bool)
            mask[0, 0] = True
            for position in extra:
                mask[position] = True
            pattern = ProtectedTable.from_pattern(table, RULE, mask)
            assert not audit([pattern], constraints).passed, extra


def test_a_row_with_a_single_small_cell_and_a_released_total_needs_a_second_suppression() -> None:
    # referrer:  police 4, ngo 30, self 50 | total 84. With only 4 hidden,
    # 84 - 30 - 50 = 4. The cheapest second cell is the smaller one, 30;
    # then police + ngo = 34 and police can be anything from 1 to 33.
    referrer = Dimension("referrer", ("police", "ngo", "self"))
    table = Table("referrer", "assisted", [referrer], [4, 30, 50])
    protected = protect(TableSet([table]), RULE)
    result = protected.table("referrer")
    assert result.status("police") is CellStatus.SUPPRESSED_PRIMARY
    assert result.status("ngo") is CellStatus.SUPPRESSED_SECONDARY
    assert result.value("self") == 50 and result.value(TOTAL) == 84
    assert protected.audit.interval("referrer", "police") == (1, 33)


def test_a_multi_response_table_generates_no_additive_constraints() -> None:
    # Forms of exploitation, persons with several forms counted in each:
    # sexual 12, labour 3, other 15, persons 25 (12 + 3 + 15 = 30 > 25).
    # Nothing says labour = 25 - 12 - 15; only labour <= 25 is known.
    form = Dimension("form", ("sexual", "labour", "other"), additive=False)
    table = Table("form", "assisted", [form], [12, 3, 15, 25])
    tables = TableSet([table])
    assert tables.constraints.equalities.shape[0] == 0
    assert tables.constraints.inequalities.shape[0] == 3
    protected = protect(tables, RULE)
    assert protected.table("form").suppressed.sum() == 1
    assert protected.audit.interval("form", "labour") == (1, 25)


def test_the_same_counts_as_an_additive_table_need_a_complement() -> None:
    additive = Dimension("form", ("sexual", "labour", "other"))
    protected = protect(TableSet([Table("form", "assisted", [additive], [12, 3, 15])]), RULE)
    assert protected.table("form").suppressed.sum() == 2


def _shared_sex_margin() -> tuple[Table, Table]:
    #  sex x age:           child adult | total
    #    F                      1     8 |     9
    #    M                      0    47 |    47
    #    total                  1    55 |    56
    #  sex x citizenship:   national eu non_eu | total
    #    F                         6  1      2 |     9
    #    M                        21  9     17 |    47
    #    total                    27 10     19 |    56
    sex_age = Table("sex_age", "assisted", [SEX, AGE], [[1, 8], [0, 47]])
    sex_cit = Table("sex_citizenship", "assisted", [SEX, CITIZENSHIP], [[6, 1, 2], [21, 9, 17]])
    return sex_age, sex_cit


def test_two_tables_sharing_a_sex_margin_leak_a_cell_when_protected_one_by_one() -> None:
    # Alone, sex x age hides the 9 women by also hiding the grand total
    # (F + M = total with both unknown), and sex x citizenship hides them by
    # also hiding the men's total. Each table is safe alone, but the first
    # publishes M = 47 and the second the grand total 56: 56 - 47 = 9.
    sex_age, sex_cit = _shared_sex_margin()
    alone_age = protect(TableSet([sex_age]), RULE).table("sex_age")
    alone_cit = protect(TableSet([sex_cit]), RULE).table("sex_citizenship")
    assert audit([alone_age], TableSet([sex_age]).constraints).passed
    assert audit([alone_cit], TableSet([sex_cit]).constraints).passed
    assert alone_age.value("M", TOTAL) == 47 and alone_age.value(TOTAL, TOTAL) is None
    assert alone_cit.value(TOTAL, TOTAL) == 56 and alone_cit.value("M", TOTAL) is None
    joint = TableSet([sex_age, sex_cit]).constraints
    pinned = audit([alone_age, alone_cit], joint).pinned
    # The grand total and the men's total are hidden in one table and shown
    # in the other; the women's total is shown in neither and still known.
    assert sorted(cell.value for cell in pinned) == [9, 47, 56]
    women = next(cell for cell in pinned if cell.status is CellStatus.SUPPRESSED_PRIMARY)
    assert (women.value, women.lower, women.upper) == (9, 9, 9)
    assert {str(ref) for ref in women.locations} == {"sex_age[F, _T]", "sex_citizenship[F, _T]"}


def test_protecting_tables_together_suppresses_their_shared_margin_consistently() -> None:
    sex_age, sex_cit = _shared_sex_margin()
    tables = TableSet([sex_age, sex_cit])
    protected = protect(tables, RULE)
    assert audit(protected, tables.constraints).passed
    age, cit = protected.table("sex_age"), protected.table("sex_citizenship")
    for code in ("F", "M", TOTAL):
        assert age.status(code, TOTAL) is cit.status(code, TOTAL)


def test_nesting_caps_the_interval_of_an_awarded_count_at_the_claimed_count() -> None:
    # claimed:  criminal 12, civil 40 | 52;  awarded: criminal 4, civil 20 | 24.
    # In its own table awarded/criminal could reach 24 - 1 = 23 once civil is
    # hidden, but it cannot exceed the 12 claims: the interval is [1, 12].
    route = Dimension("route", ("criminal", "civil"))
    claimed = Table("claimed", "claimed", [route], [12, 40])
    awarded = Table("awarded", "awarded", [route], [4, 20])
    tables = TableSet([claimed, awarded], [Nested("awarded", "claimed")])
    protected = protect(tables, RULE)
    assert protected.audit.interval("awarded", "criminal") == (1, 12)
    assert protected.audit.passed


def test_a_cell_shared_by_two_tables_is_audited_once_with_both_locations() -> None:
    sex_age, sex_cit = _shared_sex_margin()
    protected = protect(TableSet([sex_age, sex_cit]), RULE)
    women = [c for c in protected.audit.cells if c.value == 9 and len(c.locations) == 2]
    assert len(women) == 1


def test_an_integer_audit_agrees_with_the_linear_one_on_a_two_way_table() -> None:
    table = Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [30, 42]])
    tables = TableSet([table])
    protected = protect(tables, RULE)
    exact = audit(protected, tables.constraints, integer=True)
    assert [(c.lower, c.upper) for c in exact.cells] == [
        (c.lower, c.upper) for c in protected.audit.cells
    ]


def test_a_three_way_table_is_protected_with_the_two_way_tables_it_contains() -> None:
    rng = np.random.default_rng(11)
    persons = 120
    sex, age, cit = (
        rng.integers(0, 2, persons),
        rng.integers(0, 2, persons),
        rng.integers(0, 3, persons),
    )
    three = np.zeros((2, 2, 3), dtype=np.int64)
    np.add.at(three, (sex, age, cit), 1)
    tables = TableSet(
        [
            Table("sex_age_cit", "assisted", [SEX, AGE, CITIZENSHIP], three),
            Table("sex_age", "assisted", [SEX, AGE], three.sum(axis=2)),
            Table("sex_citizenship", "assisted", [SEX, CITIZENSHIP], three.sum(axis=1)),
        ]
    )
    variables = tables.constraints.variables
    assert np.array_equal(variables("sex_age_cit")[:, :, 3], variables("sex_age"))
    protected = protect(tables, RULE)
    assert protected.audit.passed
    intervals = exact_intervals(protected, floor=1)
    for cell in protected.audit.cells:
        low, high = intervals[cell.locations[0]]
        assert cell.lower == int(np.ceil(low - 1e-6))
        assert cell.upper == (None if high == np.inf else int(np.floor(high + 1e-6)))
