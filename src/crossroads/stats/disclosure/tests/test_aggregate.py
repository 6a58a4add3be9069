"""Aggregation at the secretariat: sums of original counts, protected again."""

from __future__ import annotations

import numpy as np
import pytest

from crossroads.stats.disclosure import (
    TOTAL,
    AggregationError,
    CellRef,
    CellStatus,
    Dimension,
    SameCount,
    SuppressionRule,
    Table,
    TableError,
    TableSet,
    aggregate,
    audit,
    protect,
)
from crossroads.stats.disclosure.tests.oracle import exact_intervals

SEX = Dimension("sex", ("F", "M"))
IDENTIFIED = Dimension("identified", ("yes", "no"))


def _member(female: int, male: int, countries: dict[str, int]) -> TableSet:
    country = Dimension("country", tuple(countries))
    return TableSet(
        [
            Table("sex", "assisted", [SEX], [female, male]),
            Table("country", "assisted", [country], list(countries.values())),
        ]
    )


def test_it_sums_cells_and_unites_categories_with_zeros() -> None:
    first = _member(6, 30, {"RO": 30, "NG": 6})
    second = _member(7, 12, {"RO": 10, "UA": 9})
    network = aggregate([first, second])
    assert network.table("sex").cells.tolist() == [13, 42, 55]
    country = network.table("country")
    assert country.dimensions[0].categories == ("RO", "NG", "UA")
    assert country.cells.tolist() == [40, 6, 9, 55]


def test_small_cells_of_members_can_be_released_once_summed() -> None:
    network = protect(aggregate([_member(6, 30, {"RO": 36}), _member(7, 12, {"RO": 19})]))
    sex = network.table("sex")
    assert sex.value("F") == 13 and sex.cell("F").status is CellStatus.RELEASED


def test_cells_small_in_every_member_stay_protected_in_the_sum() -> None:
    members = [_member(30, 30, {"RO": 55, "NG": 2, "UA": 3}), _member(20, 20, {"RO": 36, "NG": 4})]
    network = protect(aggregate(members))
    assert network.table("country").status("NG") is CellStatus.SUPPRESSED_PRIMARY
    assert network.audit.passed


def test_suppressed_inputs_are_refused_unless_original_counts_are_given() -> None:
    member = _member(6, 30, {"RO": 30, "NG": 6})
    protected = protect(member)
    with pytest.raises(AggregationError, match="must never be summed as zeros"):
        aggregate([protected, member])  # type: ignore[list-item]
    with pytest.raises(TableError, match="cannot be turned back into original counts"):
        TableSet.from_dict(protected.to_dict())
    assert aggregate([protected.original, member]).table("sex").grand_total == 72


def test_it_refuses_table_sets_of_different_structure() -> None:
    other = TableSet([Table("sex", "assisted", [SEX], [3, 4])])
    with pytest.raises(AggregationError, match="has tables"):
        aggregate([_member(6, 30, {"RO": 36}), other])


def test_groups_add_a_dimension_whose_margin_is_the_network_table() -> None:
    members = [
        _member(6, 30, {"RO": 36}),
        _member(7, 12, {"RO": 19}),
        _member(20, 25, {"RO": 45}),
    ]
    tables = aggregate(members, groups=["BE", "BE", "NL"], group_dimension="member_country")
    sex = tables.table("sex")
    assert [d.name for d in sex.dimensions] == ["member_country", "sex"]
    assert sex.count("BE", "F") == 13 and sex.count("NL", "F") == 20
    assert sex.count(TOTAL, "F") == 33
    protected = protect(tables, SuppressionRule())
    assert audit(protected, tables.constraints).passed


def test_many_groups_protected_together_keep_every_guarantee() -> None:
    # Members in eight countries; two tables linked by their grand totals.
    # Country C0 counted 3 women and no men: its zero men are released, so
    # hiding its 3 women needs a change of its total, which crosses into the
    # second table and into other countries (the slice scope of the search).
    rng = np.random.default_rng(7)
    members, groups = [], []
    for index in range(12):
        counts = [3, 0] if index == 0 else rng.integers(0, 30, size=2).tolist()
        members.append(
            TableSet(
                [
                    Table("sex", "assisted", [SEX], counts),
                    Table("identified", "assisted", [IDENTIFIED], [sum(counts), 0]),
                ],
                [SameCount(CellRef("sex", (TOTAL,)), CellRef("identified", (TOTAL,)))],
            )
        )
        groups.append("C0" if index == 0 else f"C{1 + index % 7}")
    summed = aggregate(members, groups=groups, group_dimension="country")
    # The sums link the two tables in every country and in the network.
    links = [
        SameCount(CellRef("sex", (group, TOTAL)), CellRef("identified", (group, TOTAL)))
        for group in (*sorted(set(groups)), TOTAL)
    ]
    tables = TableSet(list(summed), links)
    rule = SuppressionRule()
    protected = protect(tables, rule, exact_intervals=False)
    assert protected.table("sex").cell("C0", "F").status is CellStatus.SUPPRESSED_PRIMARY
    intervals = exact_intervals(protected, floor=rule.suppressed_lower_bound)
    for table in protected:
        for cell in table.cells():
            if cell.value is not None:
                assert cell.value == 0 or cell.value >= rule.threshold
                continue
            low, high = intervals[CellRef(table.name, cell.categories)]
            assert high > low + 0.5, (table.name, cell.categories)
            if cell.status is CellStatus.SUPPRESSED_PRIMARY:
                value = table.table.count(*cell.categories)
                assert high >= rule.required_upper(value) - 1e-6, (table.name, cell)
