"""The audit on its own: patterns made elsewhere, several publications held together."""

from __future__ import annotations

import numpy as np
import pytest

from crossroads.stats.disclosure import (
    AuditError,
    CellStatus,
    Dimension,
    ProtectedTable,
    SuppressionRule,
    Table,
    TableSet,
    audit,
)

SEX = Dimension("sex", ("F", "M"))
AGE = Dimension("age", ("child", "adult"))
RULE = SuppressionRule()
TABLE = Table("sex_age", "assisted", [SEX, AGE], [[3, 25], [30, 42]])
RECTANGLE = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0]], dtype=bool)


def test_a_pattern_must_hide_every_sensitive_cell() -> None:
    with pytest.raises(ValueError, match="releases sensitive cells"):
        ProtectedTable.from_pattern(TABLE, RULE, np.zeros((3, 3), dtype=bool))


def test_a_pattern_made_elsewhere_is_audited_like_our_own() -> None:
    pattern = ProtectedTable.from_pattern(TABLE, RULE, RECTANGLE)
    report = audit([pattern], TableSet([TABLE]).constraints)
    assert report.passed
    assert report.interval("sex_age", "F", "child") == (1, 27)


def test_a_cell_hidden_in_one_publication_and_shown_in_another_is_a_failure() -> None:
    # Two publications of the same table: the rectangle of inner cells, and
    # a rectangle through the margins that shows F/adult. Together they give
    # F/child = 28 - 25 = 3.
    through_margins = np.array([[1, 0, 1], [1, 0, 1], [0, 0, 0]], dtype=bool)
    first = ProtectedTable.from_pattern(TABLE, RULE, RECTANGLE)
    second = ProtectedTable.from_pattern(TABLE, RULE, through_margins)
    constraints = TableSet([TABLE]).constraints
    assert audit([second], constraints).passed
    report = audit([first, second], constraints)
    assert not report.passed
    small = next(c for c in report.failures if c.status is CellStatus.SUPPRESSED_PRIMARY)
    assert (small.value, small.lower, small.upper) == (3, 3, 3)


def test_every_table_of_the_constraints_must_be_published() -> None:
    citizenship = Dimension("citizenship", ("national", "foreign"))
    other = Table("citizenship", "assisted", [citizenship], [60, 40])
    pattern = ProtectedTable.from_pattern(TABLE, RULE, RECTANGLE)
    with pytest.raises(AuditError, match="must be published"):
        audit([pattern], TableSet([TABLE, other]).constraints)


def test_a_pattern_hiding_a_zero_is_audited_without_assuming_hidden_cells_are_positive() -> None:
    #            child adult | total
    #   F            3     0 |     3      a pattern hiding the zero beside the
    #   M           30    42 |    72      3, which a rule releasing zeros never
    #   total       33    42 |    75      makes: F/adult may then be 0. (It
    # also fails: F's total is 75 - 72.)
    table = Table("sex_age", "assisted", [SEX, AGE], [[3, 0], [30, 42]])
    mask = np.array([[1, 1, 1], [1, 1, 0], [0, 0, 0]], dtype=bool)
    pattern = ProtectedTable.from_pattern(table, RULE, mask)
    report = audit([pattern], TableSet([table]).constraints)
    assert report.interval("sex_age", "F", "adult")[0] == 0
    assert not report.passed
