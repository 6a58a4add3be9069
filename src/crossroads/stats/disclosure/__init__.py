"""Statistical disclosure control for the tables members exchange and the network publishes.

A member's submission is a :class:`TableSet` of :class:`Table` objects
(counts of persons by one to three :class:`Dimension` objects, margins
included); :class:`SuppressionRule` says what is sensitive.
"""

from crossroads.stats.disclosure._constraints import (
    CellRef,
    LinearConstraints,
    Nested,
    SameCount,
)
from crossroads.stats.disclosure._model import TOTAL, Dimension, Table, TableError
from crossroads.stats.disclosure._rule import RuleError, SuppressionRule
from crossroads.stats.disclosure._tableset import TableSet

__all__ = [
    "TOTAL",
    "CellRef",
    "Dimension",
    "LinearConstraints",
    "Nested",
    "RuleError",
    "SameCount",
    "SuppressionRule",
    "Table",
    "TableError",
    "TableSet",
]
