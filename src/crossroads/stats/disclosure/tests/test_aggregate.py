"""Aggregation at the secretariat: sums of original counts, protected again."""

from __future__ import annotations

import pytest

from crossroads.stats.disclosure import (
    TOTAL,
    AggregationError,
    CellStatus,
    Dimension,
    SuppressionRule,
    Table,
    TableError,
    TableSet,
    aggregate,
    audit,
    protect,
)

SEX = Dimension("sex", ("F", "M"))


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
