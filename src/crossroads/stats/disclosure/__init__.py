"""Statistical disclosure control for the tables members exchange and the network publishes.

A member's submission is a :class:`TableSet` of :class:`Table` objects
(counts of persons by one to three :class:`Dimension` objects, margins
included). :func:`protect` applies a :class:`SuppressionRule`: cells below
the threshold are suppressed (primary suppression), further cells are
suppressed so that none of them can be derived from what is published,
within a table and across the tables that share margins (secondary
suppression, chosen with linear programs), and released counts are
optionally rounded. Every suppressed cell is audited: the range of values
it can take given everything released is computed and checked against the
rule (:func:`audit`). The secretariat sums original counts with
:func:`aggregate` and protects the sum again.

Example::

    sex = Dimension("sex", ("F", "M"))
    age = Dimension("age", ("child", "adult"))
    cit = Dimension("citizenship", ("national", "eu", "non_eu"))
    tables = TableSet([
        Table("sex_age", "assisted", [sex, age], [[3, 40], [12, 30]]),
        Table("sex_citizenship", "assisted", [sex, cit], [[20, 4, 19], [25, 11, 6]]),
    ])
    result = protect(tables, SuppressionRule(threshold=10))
    result.table("sex_age").cell("F", "child").display   # "x"
    result.to_json()                                     # what leaves the organisation

See ``docs/disclosure-control.md`` for the method, its guarantees and what
it does not protect against.
"""

from crossroads.stats.disclosure._aggregate import AggregationError, aggregate
from crossroads.stats.disclosure._audit import AuditError, AuditReport, CellAudit, audit
from crossroads.stats.disclosure._constraints import (
    CellRef,
    LinearConstraints,
    Nested,
    SameCount,
)
from crossroads.stats.disclosure._intervals import OutOfTime
from crossroads.stats.disclosure._lp import SolverError
from crossroads.stats.disclosure._many import protect_many
from crossroads.stats.disclosure._model import TOTAL, Dimension, Table, TableError
from crossroads.stats.disclosure._pooling import (
    PooledAudit,
    PoolingError,
    Published,
    audit_pooled,
    pooled_constraints,
)
from crossroads.stats.disclosure._protect import ProtectionError, protect
from crossroads.stats.disclosure._result import (
    CONFIDENTIAL_FLAG,
    SUPPRESSED_SYMBOL,
    CellStatus,
    GroupDisclosure,
    ProtectedCell,
    ProtectedTable,
    ProtectedTableSet,
)
from crossroads.stats.disclosure._rule import RuleError, SuppressionRule
from crossroads.stats.disclosure._tableset import TableSet

__all__ = [
    "CONFIDENTIAL_FLAG",
    "SUPPRESSED_SYMBOL",
    "TOTAL",
    "AggregationError",
    "AuditError",
    "AuditReport",
    "CellAudit",
    "CellRef",
    "CellStatus",
    "Dimension",
    "GroupDisclosure",
    "LinearConstraints",
    "Nested",
    "OutOfTime",
    "PooledAudit",
    "PoolingError",
    "ProtectedCell",
    "ProtectedTable",
    "ProtectedTableSet",
    "ProtectionError",
    "Published",
    "RuleError",
    "SameCount",
    "SolverError",
    "SuppressionRule",
    "Table",
    "TableError",
    "TableSet",
    "aggregate",
    "audit",
    "audit_pooled",
    "pooled_constraints",
    "protect",
    "protect_many",
]
