"""What leaves the organisation: statuses, display, JSON, summaries and warnings."""

from __future__ import annotations

import json

from crossroads.stats.disclosure import (
    CONFIDENTIAL_FLAG,
    SUPPRESSED_SYMBOL,
    TOTAL,
    CellStatus,
    Dimension,
    GroupDisclosure,
    SuppressionRule,
    Table,
    TableSet,
    protect,
)

SEX = Dimension("sex", ("F", "M"))
SECTOR = Dimension("sector", ("farm", "factory", "domestic"))


def _protected(rule: SuppressionRule | None = None) -> TableSet:
    #            farm factory domestic | total
    #   F           0      22        4 |    26
    #   M          31      40       18 |    89
    return TableSet([Table("sex_sector", "labour", [SEX, SECTOR], [[0, 22, 4], [31, 40, 18]])])


def test_suppressed_cells_are_marked_distinctly_from_true_zeros() -> None:
    result = protect(_protected()).table("sex_sector")
    zero, hidden = result.cell("F", "farm"), result.cell("F", "domestic")
    assert (zero.status, zero.value, zero.display, zero.flag) == (CellStatus.ZERO, 0, "0", "")
    assert hidden.status is CellStatus.SUPPRESSED_PRIMARY
    assert (hidden.value, hidden.display, hidden.flag) == (
        None,
        SUPPRESSED_SYMBOL,
        CONFIDENTIAL_FLAG,
    )
    assert result.released_values()[0, 2] == -1


def test_the_display_grid_has_the_shape_of_the_table_with_margins() -> None:
    grid = protect(_protected()).table("sex_sector").display_grid()
    assert grid.shape == (3, 4)
    assert grid[0].tolist() == ["0", "x", "x", "26"]
    assert grid[2, 3] == "115"


def test_the_outbound_json_never_tells_primary_from_secondary_suppression() -> None:
    protected = protect(_protected())
    data = json.loads(protected.to_json())
    statuses = {cell["status"] for table in data["tables"] for cell in table["cells"]}
    assert statuses == {"released", "zero", "suppressed"}
    assert "audit" not in data and "warnings" not in data
    hidden = [c for c in data["tables"][0]["cells"] if c["status"] == "suppressed"]
    assert all(c["value"] is None and c["display"] == "x" for c in hidden)
    assert data["summary"]["suppressed"] == len(hidden)


def test_the_preview_keeps_reasons_intervals_and_summary_by_reason() -> None:
    protected = protect(_protected())
    data = protected.to_dict(preview=True)
    statuses = {cell["status"] for cell in data["tables"][0]["cells"]}
    assert {"suppressed_primary", "suppressed_secondary"} <= statuses
    assert data["summary"]["suppressed_primary"] == 1
    assert data["audit"]["passed"] is True
    assert all("lower" in cell and "upper" in cell for cell in data["audit"]["cells"])


def test_rounded_cells_are_all_marked_rounded_even_when_already_a_multiple() -> None:
    result = protect(_protected(), SuppressionRule(rounding_base=5)).table("sex_sector")
    grand_total = result.cell(TOTAL, TOTAL)
    assert (grand_total.status, grand_total.value) == (CellStatus.ROUNDED, 115)
    assert result.value("M", "farm") == 30
    assert result.value("M", TOTAL) == 90
    assert result.cell("F", "farm").status is CellStatus.ZERO


def test_a_group_whose_members_all_share_a_category_is_flagged_for_review() -> None:
    #            farm factory | total
    #   F           0      25 |    25   <- every woman works in a factory
    #   M          31      40 |    71
    sector = Dimension("sector", ("farm", "factory"))
    tables = TableSet([Table("sex_sector", "labour", [SEX, sector], [[0, 25], [31, 40]])])
    assert protect(tables).warnings == (
        GroupDisclosure("sex_sector", 31, (("sector", "farm"),), "sex", "M"),
        GroupDisclosure("sex_sector", 25, (("sex", "F"),), "sector", "factory"),
    )
