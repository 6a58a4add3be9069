"""Tables and table sets: validation with clear errors, shared margins inferred."""

from __future__ import annotations

import pytest

from crossroads.stats.disclosure import (
    TOTAL,
    CellRef,
    Dimension,
    Nested,
    SameCount,
    Table,
    TableError,
    TableSet,
)

SEX = Dimension("sex", ("F", "M"))
AGE = Dimension("age", ("child", "adult"))
CIT = Dimension("citizenship", ("national", "eu", "non_eu"))
FORM = Dimension("form", ("sexual", "labour"), additive=False)


def test_margins_are_computed_from_the_categories_of_additive_dimensions() -> None:
    table = Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [30, 42]])
    assert table.count("F", TOTAL) == 28
    assert table.count(TOTAL, "adult") == 67
    assert table.grand_total == 100
    assert table.shape == (3, 3)


def test_it_rejects_negative_counts() -> None:
    with pytest.raises(TableError, match=r"negative count -1 at \[sex=M, age=child\]"):
        Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [-1, 42]])


def test_it_rejects_counts_of_the_wrong_shape() -> None:
    with pytest.raises(TableError, match=r"shape \(2, 3\); expected \(2, 2\)"):
        Table("sex_age", "assisted", [SEX, AGE], [[1, 2, 3], [4, 5, 6]])


def test_it_rejects_fractional_counts() -> None:
    with pytest.raises(TableError, match="whole numbers"):
        Table("sex", "assisted", [SEX], [1.5, 2])


def test_it_rejects_margins_that_do_not_add_up() -> None:
    with pytest.raises(TableError, match=r"total over 'age' at \[sex=F, age=_T\] \(29\)"):
        Table("sex_age", "assisted", [SEX, AGE], [[3, 25, 29], [30, 42, 72], [33, 67, 101]])


def test_a_multi_response_dimension_needs_its_totals() -> None:
    with pytest.raises(TableError, match="need their totals"):
        Table("form", "assisted", [FORM], [3, 4])


def test_a_multi_response_total_counts_persons_and_may_be_below_the_sum() -> None:
    table = Table("form", "assisted", [FORM], [12, 9, 15])
    assert table.grand_total == 15


def test_a_multi_response_category_cannot_exceed_its_total() -> None:
    with pytest.raises(TableError, match="smaller than one of its categories"):
        Table("form", "assisted", [FORM], [12, 20, 15])


def test_category_codes_are_unique_and_the_total_code_is_reserved() -> None:
    with pytest.raises(TableError, match="duplicate categories"):
        Dimension("sex", ("F", "F"))
    with pytest.raises(TableError, match="reserved"):
        Dimension("sex", ("F", TOTAL))


def test_it_rejects_duplicate_table_names() -> None:
    table = Table("sex", "assisted", [SEX], [3, 4])
    with pytest.raises(TableError, match="two tables are named 'sex'"):
        TableSet([table, table])


def test_a_shared_dimension_must_have_the_same_categories_in_one_population() -> None:
    other_sex = Dimension("sex", ("F", "M", "X"))
    with pytest.raises(TableError, match="dimension 'sex' differs"):
        TableSet(
            [
                Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [30, 42]]),
                Table("sex", "assisted", [other_sex], [28, 70, 2]),
            ]
        )


def test_tables_of_one_population_must_agree_on_their_shared_margins() -> None:
    with pytest.raises(TableError, match=r"sex_age\[F, _T\] counts 28 .* sex\[F\] counts 27"):
        TableSet(
            [
                Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [30, 42]]),
                Table("sex", "assisted", [SEX], [27, 73]),
            ]
        )


def test_tables_of_different_populations_share_nothing() -> None:
    tables = TableSet(
        [
            Table("claimed", "claimed", [SEX], [10, 20]),
            Table("awarded", "awarded", [SEX], [4, 6]),
        ]
    )
    assert tables.constraints.n_variables == 6


def test_two_tables_of_one_population_share_the_grand_total_and_common_margins() -> None:
    tables = TableSet(
        [
            Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [30, 42]]),
            Table("sex_citizenship", "assisted", [SEX, CIT], [[20, 4, 4], [25, 11, 36]]),
        ]
    )
    age = tables.constraints.variables("sex_age")
    cit = tables.constraints.variables("sex_citizenship")
    assert age[2, 2] == cit[2, 3]
    assert age[0, 2] == cit[0, 3] and age[1, 2] == cit[1, 3]
    assert tables.constraints.n_variables == 9 + 12 - 3


def test_a_nested_table_must_not_exceed_its_outer_table() -> None:
    with pytest.raises(TableError, match=r"awarded\[M\] \(21\) exceeds claimed\[M\] \(20\)"):
        TableSet(
            [
                Table("claimed", "claimed", [SEX], [10, 20]),
                Table("awarded", "awarded", [SEX], [4, 21]),
            ],
            [Nested("awarded", "claimed")],
        )


def test_same_count_links_identify_cells_of_different_populations() -> None:
    sector = Dimension("sector", ("farm", "factory"), additive=False)
    tables = TableSet(
        [
            Table("form", "assisted", [FORM], [12, 9, 15]),
            Table("sector", "labour", [sector], [5, 6, 9]),
        ],
        [SameCount(CellRef("sector", (TOTAL,)), CellRef("form", ("labour",)))],
    )
    assert tables.constraints.variables("sector")[2] == tables.constraints.variables("form")[1]
    with pytest.raises(TableError, match="must agree"):
        TableSet(
            [
                Table("form", "assisted", [FORM], [12, 9, 15]),
                Table("sector", "labour", [sector], [5, 6, 8]),
            ],
            [SameCount(CellRef("sector", (TOTAL,)), CellRef("form", ("labour",)))],
        )


def test_a_table_set_round_trips_through_its_dictionary_form() -> None:
    tables = TableSet(
        [
            Table("claimed", "claimed", [SEX], [10, 20]),
            Table("awarded", "awarded", [SEX], [4, 6]),
        ],
        [Nested("awarded", "claimed")],
    )
    again = TableSet.from_dict(tables.to_dict())
    assert again.tables == tables.tables and again.links == tables.links
